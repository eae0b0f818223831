"""How alike two articles, or an article and a story, are: a learned linear score.

Four measures of evidence, each a cosine in [0, 1]: the multilingual
embeddings of title and lead, TF-IDF words (title weighted), names and numbers,
and whether the two are in different languages (word and name overlap mean
less across languages, so each measure also enters multiplied by it).  The
coefficients, the same-story threshold and the time half-life are learned by
``bench/stories_fit.py`` and stored in ``weights.json`` beside this module.

The score is linear in the cosines, so an article's score against a story (the
cosines with the story's summed member vectors over its size) equals its mean
score against the story's members: average linkage at the cost of one vector.
Time multiplies the content score by ``0.5 ** (gap / half_life)``, where the gap
is measured to the nearest end of the story's time span, so a story that keeps
being covered stays open and one gone quiet fades.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from newsweave.stories.features import Features

FEATURES = (
    "embedding", "words", "names", "cross_language",
    "embedding_cross", "words_cross", "names_cross",
)


@dataclass(frozen=True)
class Evidence:
    """The raw measures between two items: cosines and the cross-language share."""

    embedding: float
    words: float
    names: float
    cross_language: float

    def vector(self) -> np.ndarray:
        """The model's inputs, in ``FEATURES`` order."""
        c = self.cross_language
        return np.array(
            [self.embedding, self.words, self.names, c, self.embedding * c, self.words * c, self.names * c],
            dtype=np.float64,
        )


@dataclass(frozen=True)
class Model:
    """The learned scorer: a linear model on ``FEATURES``, a threshold and a half-life."""

    intercept: float
    coefficients: tuple[float, ...]
    threshold: float
    half_life_days: float

    @staticmethod
    def from_dict(data: dict) -> Model:
        weights = data["coefficients"]
        return Model(
            float(data["intercept"]), tuple(float(weights[name]) for name in FEATURES),
            float(data["threshold"]), float(data["half_life_days"]),
        )

    def content(self, evidence: Evidence) -> float:
        """Similarity of content alone, clipped to [0, 1]."""
        raw = self.intercept + float(np.dot(self.coefficients, evidence.vector()))
        return min(1.0, max(0.0, raw))

    def decay(self, gap_days: float | None) -> float:
        """The time factor for a gap in days; 1 when either date is unknown."""
        if gap_days is None or gap_days <= 0:
            return 1.0
        return 0.5 ** (gap_days / self.half_life_days)

    def max_gap(self) -> float:
        """The gap beyond which even identical content falls below the threshold."""
        return self.half_life_days * float(np.log2(1.0 / max(self.threshold, 1e-6)))


@cache
def default_model() -> Model:
    """The model shipped with newsweave (``weights.json``)."""
    text = resources.files("newsweave.stories").joinpath("weights.json").read_text(encoding="utf-8")
    return Model.from_dict(json.loads(text))


def pair_evidence(a: Features, b: Features) -> Evidence:
    """The evidence between two articles."""
    return Evidence(
        max(0.0, float(np.dot(a.embedding, b.embedding))), a.words.dot(b.words), a.names.dot(b.names),
        0.0 if same_language(a.language, b.language) else 1.0,
    )


def same_language(a: str | None, b: str | None) -> bool:
    """Unknown languages count as the same: there is no evidence they differ."""
    return a is None or b is None or a == b


def gap_days(a: float | None, first: float | None, last: float | None) -> float | None:
    """Days from ``a`` to the span ``[first, last]``; None when a date is unknown."""
    return span_gap(a, a, first, last)


def span_gap(
    first_a: float | None, last_a: float | None, first_b: float | None, last_b: float | None
) -> float | None:
    """Days between two time spans (0 when they overlap); None when a date is unknown."""
    if first_a is None or last_a is None or first_b is None or last_b is None:
        return None
    return max(0.0, first_b - last_a, first_a - last_b)
