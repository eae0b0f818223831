"""A story as clustering sees it: the sums of its members' vectors and its time span."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from newsweave.stories.features import Features
from newsweave.stories.score import Evidence
from newsweave.stories.sparse import Probe, Sparse

MENTIONS_COUNTED = 3


def _capped(labels: tuple[str, ...]) -> Counter[str]:
    """A member's name counts, at most ``MENTIONS_COUNTED`` each: one article repeating a name
    should not outweigh several articles using it, yet within one article the names it
    repeats are what it is about."""
    counts = Counter(labels)
    return Counter({name: min(count, MENTIONS_COUNTED) for name, count in counts.items()})


def _dot(probe: Probe, total: Sparse, exclude_self: bool) -> float:
    """The probe's dot product with a story sum, less its own share when it is a member."""
    return probe.dot_without_self(total) if exclude_self else probe.dot(total)


@dataclass
class Profile:
    """The running sums of a story's placed members (copies are not counted twice).

    ``members`` maps each placed article to its score when it joined;
    ``labels`` holds the changes to the story's name counts since it was last
    saved (the counts themselves live in the store, not in memory), and
    ``absorbed`` the stories merged into it since then, whose saved counts join
    its own.  ``representative`` is the member nearest the centroid when it was
    last checked, whose title heads the story.
    """

    id: str
    embedding: np.ndarray
    words: Sparse = field(default_factory=Sparse.empty)
    names: Sparse = field(default_factory=Sparse.empty)
    languages: Counter[str] = field(default_factory=Counter)
    first: float | None = None
    last: float | None = None
    members: dict[str, float] = field(default_factory=dict)
    labels: Counter[str] = field(default_factory=Counter)
    representative: str | None = None
    representative_vector: np.ndarray | None = None
    absorbed: list[str] = field(default_factory=list)

    @staticmethod
    def new(story_id: str, dimensions: int) -> Profile:
        return Profile(story_id, np.zeros(dimensions, dtype=np.float32))

    @property
    def size(self) -> int:
        return len(self.members)

    def add(self, key: str, features: Features, score: float) -> None:
        self.members[key] = score
        self._change(features, 1.0)
        self.labels.update(_capped(features.labels))
        self._consider(key, features.embedding)

    def remove(self, key: str, features: Features) -> None:
        self.members.pop(key, None)
        self._change(features, -1.0)
        self.labels.subtract(_capped(features.labels))
        if key == self.representative:
            self.representative, self.representative_vector = None, None

    def _consider(self, key: str, vector: np.ndarray) -> None:
        """Make ``key`` the representative when it is nearer the centroid than the current one."""
        current = self.representative_vector
        if current is None or float(np.dot(vector, self.embedding)) > float(np.dot(current, self.embedding)):
            self.representative, self.representative_vector = key, vector.astype(np.float16)

    def absorb(self, other: Profile) -> None:
        """Take in every member of ``other`` (a merge)."""
        self.members.update(other.members)
        self.embedding += other.embedding
        self.words = self.words.plus(other.words)
        self.names = self.names.plus(other.names)
        self.languages.update(other.languages)
        self.labels.update(other.labels)
        self.absorbed += [other.id, *other.absorbed]
        if other.representative is not None and other.representative_vector is not None:
            self._consider(other.representative, other.representative_vector)
        self._widen(other.first)
        self._widen(other.last)

    def _change(self, features: Features, sign: float) -> None:
        self.embedding += sign * features.embedding
        self.words = self.words.plus(features.words, sign)
        self.names = self.names.plus(features.names, sign)
        self.languages[features.language or ""] += int(sign)
        if sign > 0:
            self._widen(features.day)

    def _widen(self, day: float | None) -> None:
        if day is None:
            return
        self.first = day if self.first is None else min(self.first, day)
        self.last = day if self.last is None else max(self.last, day)

    def evidence(
        self, features: Features, probes: tuple[Probe, Probe], exclude_self: bool = False
    ) -> Evidence:
        """Mean evidence of ``features`` against the members (leaving it out when it is one).

        ``probes`` hold the article's words and names vectors, loaded by the caller.
        """
        size = self.size - (1 if exclude_self else 0)
        if size <= 0:
            return Evidence(0.0, 0.0, 0.0, 0.0)
        embedding = float(np.dot(features.embedding, self.embedding))
        if exclude_self:
            embedding -= float(np.dot(features.embedding, features.embedding))
        words = _dot(probes[0], self.words, exclude_self)
        names = _dot(probes[1], self.names, exclude_self)
        return Evidence(
            max(0.0, embedding / size), max(0.0, words / size), max(0.0, names / size),
            1.0 - self._share_without(features.language, features if exclude_self else None),
        )

    def _share_without(self, language: str | None, me: Features | None) -> float:
        if not language:
            return 1.0
        size = self.size - (1 if me else 0)
        same = self.languages[language] + self.languages[""] - (1 if me else 0)
        return same / size if size > 0 else 1.0

    def against(self, other: Profile, probes: tuple[Probe, Probe] | None = None) -> Evidence:
        """Mean pairwise evidence between the members of two stories.

        ``probes``, when given, hold this story's words and names sums.
        """
        pairs = self.size * other.size
        if not pairs:
            return Evidence(0.0, 0.0, 0.0, 0.0)
        same = sum(
            self.languages[lang] * other.languages[lang] for lang in self.languages if lang
        ) + self.languages[""] * other.size + other.languages[""] * self.size \
            - self.languages[""] * other.languages[""]
        return Evidence(
            max(0.0, float(np.dot(self.embedding, other.embedding)) / pairs),
            (probes[0].dot(other.words) if probes else self.words.dot(other.words)) / pairs,
            (probes[1].dot(other.names) if probes else self.names.dot(other.names)) / pairs,
            1.0 - min(1.0, same / pairs),
        )
