"""What story clustering knows of one article: embedding, words, names, language, date.

Computed once when the article is placed and stored with it, so that stories
can be repaired and articles compared later without re-reading their text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from newsweave.model import Article
from newsweave.stories.embed import embed, lead_text
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.sparse import Sparse
from newsweave.stories.terms import name_id, names, word_counts


@dataclass(frozen=True)
class Features:
    """One article's evidence for story clustering; vectors are unit length (or empty).

    ``labels`` are the article's name mentions (folded), kept only in memory to
    say what a story is about.
    """

    embedding: np.ndarray
    words: Sparse
    names: Sparse
    language: str | None
    day: float | None
    labels: tuple[str, ...] = ()

    def to_row(self) -> tuple[bytes, bytes, bytes]:
        """The blobs stored per article: float16 embedding, words and names."""
        return (self.embedding.astype("<f2").tobytes(), self.words.to_bytes(), self.names.to_bytes())

    @staticmethod
    def from_row(embedding: bytes, words: bytes, names: bytes, language: str | None,
                 published: str | None) -> Features:
        vector = np.frombuffer(embedding, dtype="<f2").astype(np.float32)
        words_vector, names_vector = Sparse.from_bytes(words), Sparse.from_bytes(names)
        return Features(vector, words_vector, names_vector, language, day_of(published))


def day_of(published: str | None) -> float | None:
    """Days since 1970-01-01 (fractional) of an ISO date, None when unknown or unreadable."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.replace(tzinfo=None) - moment.utcoffset()
    except (ValueError, OverflowError):
        return None
    return (moment - datetime(1970, 1, 1)).total_seconds() / 86400.0


def featurize(
    articles: Sequence[Article], frequencies: DocumentFrequencies, threads: int = 1,
    embeddings: np.ndarray | None = None,
) -> list[Features]:
    """Features of ``articles``, counting each into ``frequencies`` first (streaming idf).

    ``embeddings`` may be given when they were computed ahead (in a background
    thread); otherwise the leads are embedded here in one batch.
    """
    if embeddings is None:
        embeddings = embed(leads(articles), threads)
    counted = []
    for article in articles:
        words = word_counts(article.title, article.text)
        labels = names(article.title, article.text)
        name_ids = Counter(name_id(label) for label in labels)
        frequencies.add([*words, *name_ids])
        counted.append((words, name_ids, tuple(labels)))
    return [
        Features(
            vector, Sparse.of(frequencies.weigh(words)).normalised(),
            Sparse.of(frequencies.weigh(name_ids)).normalised(), article.language, day_of(article.published),
            labels,
        )
        for article, vector, (words, name_ids, labels) in zip(articles, embeddings, counted, strict=True)
    ]


def leads(articles: Sequence[Article]) -> list[str]:
    """The texts embedded for ``articles``."""
    return [lead_text(article.title, article.text) for article in articles]
