"""Sparse vectors over hashed term ids: sorted ids with their weights.

Stories keep the sum of their members' unit vectors, so an article's dot
product with that sum, divided by the story's size, is exactly its mean cosine
to the members (average linkage) at the cost of a single dot product.  Sums are
pruned to their ``MAX_TERMS`` heaviest terms to bound memory per story.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_TERMS = 256


@dataclass(frozen=True)
class Sparse:
    """A sparse vector: strictly increasing ``ids`` (uint32) and their ``weights`` (float32)."""

    ids: np.ndarray
    weights: np.ndarray

    @staticmethod
    def empty() -> Sparse:
        return Sparse(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32))

    @staticmethod
    def of(weights: dict[int, float]) -> Sparse:
        """From an id -> weight mapping."""
        if not weights:
            return Sparse.empty()
        ids = np.fromiter(weights.keys(), dtype=np.uint32, count=len(weights))
        values = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
        order = np.argsort(ids)
        return Sparse(ids[order], values[order])

    def __len__(self) -> int:
        return len(self.ids)

    def norm(self) -> float:
        return float(np.sqrt(np.dot(self.weights, self.weights)))

    def normalised(self) -> Sparse:
        """The unit vector in this direction; the empty vector stays empty."""
        length = self.norm()
        return self if length == 0 else Sparse(self.ids, (self.weights / length).astype(np.float32))

    def dot(self, other: Sparse) -> float:
        """The dot product with ``other``."""
        if not len(self) or not len(other):
            return 0.0
        _, mine, theirs = np.intersect1d(self.ids, other.ids, assume_unique=True, return_indices=True)
        return float(np.dot(self.weights[mine], other.weights[theirs]))

    def plus(self, other: Sparse, sign: float = 1.0) -> Sparse:
        """``self + sign * other``, pruned to the ``MAX_TERMS`` heaviest terms."""
        ids = np.union1d(self.ids, other.ids).astype(np.uint32)
        weights = np.zeros(len(ids), dtype=np.float32)
        weights[np.searchsorted(ids, self.ids)] += self.weights
        weights[np.searchsorted(ids, other.ids)] += sign * other.weights
        keep = weights > 1e-6
        ids, weights = ids[keep], weights[keep]
        if len(ids) > MAX_TERMS:
            top = np.sort(np.argpartition(-weights, MAX_TERMS)[:MAX_TERMS])
            ids, weights = ids[top], weights[top]
        return Sparse(ids, weights)

    def to_bytes(self) -> bytes:
        return len(self.ids).to_bytes(4, "little") + self.ids.astype("<u4").tobytes() + \
            self.weights.astype("<f4").tobytes()

    @staticmethod
    def from_bytes(blob: bytes) -> Sparse:
        count = int.from_bytes(blob[:4], "little")
        ids = np.frombuffer(blob, dtype="<u4", count=count, offset=4).astype(np.uint32)
        weights = np.frombuffer(blob, dtype="<f4", count=count, offset=4 + 4 * count).astype(np.float32)
        return Sparse(ids, weights)


class Probe:
    """One sparse vector spread into a dense array, for many fast dot products with it.

    Scoring an article against a dozen stories would otherwise intersect id
    arrays a dozen times; a gather from the dense array costs a fraction of that.
    """

    def __init__(self, size: int) -> None:
        self._dense = np.zeros(size, dtype=np.float32)
        self._loaded: np.ndarray | None = None

    def load(self, vector: Sparse) -> Probe:
        """Hold ``vector`` (replacing the previous one)."""
        if self._loaded is not None:
            self._dense[self._loaded] = 0.0
        self._dense[vector.ids] = vector.weights
        self._loaded = vector.ids
        return self

    def dot(self, other: Sparse) -> float:
        """The dot product of the held vector with ``other``."""
        return float(np.dot(self._dense[other.ids], other.weights)) if len(other) else 0.0

    def dot_without_self(self, total: Sparse) -> float:
        """The dot product with ``total - held``, where ``total`` includes the held vector."""
        if not len(total):
            return 0.0
        mine = self._dense[total.ids]
        return float(np.dot(mine, total.weights) - np.dot(mine, mine))
