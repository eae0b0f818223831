"""Document frequencies of hashed terms, updated as articles stream in.

Inverse document frequency needs to know how many articles use a term; a
stream cannot know that in advance, so the counts grow with the store and each
article is weighted with the counts as they were when it arrived.  Only the
buckets changed since the last save are written back.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import numpy as np

from newsweave.stories.terms import BUCKETS


class DocumentFrequencies:
    """How many documents contain each term bucket, and how many documents there are."""

    def __init__(self, counts: Iterable[tuple[int, int]] = (), documents: int = 0) -> None:
        self.counts = np.zeros(BUCKETS, dtype=np.int32)
        for bucket, count in counts:
            self.counts[bucket] = count
        self.documents = documents
        self._pending: Counter[int] = Counter()

    def add(self, terms: Iterable[int]) -> None:
        """Count one document that contains ``terms`` (each once)."""
        unique = np.fromiter(set(terms), dtype=np.int64)
        self.counts[unique] += 1
        self.documents += 1
        self._pending.update(unique.tolist())

    def idf(self, ids: np.ndarray) -> np.ndarray:
        """Smoothed inverse document frequency of the buckets ``ids``."""
        return np.log((self.documents + 1) / (self.counts[ids] + 1)).astype(np.float32) + 1.0

    def weigh(self, counts: Counter[int]) -> dict[int, float]:
        """Sublinear TF-IDF weights of a term-count mapping (not normalised)."""
        if not counts:
            return {}
        ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        weights = (1.0 + np.log(tf)) * self.idf(ids)
        return dict(zip(ids.tolist(), weights.tolist(), strict=True))

    def take_pending(self) -> list[tuple[int, int]]:
        """The ``(bucket, added count)`` pairs since the last call, to be saved."""
        pending = list(self._pending.items())
        self._pending.clear()
        return pending

    def rarity(self, bucket: int) -> float:
        """The idf of one bucket, for explaining evidence."""
        return math.log((self.documents + 1) / (int(self.counts[bucket]) + 1)) + 1.0
