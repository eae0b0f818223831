"""The centroids of all stories in one matrix, for finding each article's candidate stories.

One matrix product per batch of articles scores every story within reach in
time; the best few by cosine are the candidates that the full score then
judges.  A story's row holds its mean member embedding and its time span;
merged-away stories leave dead rows, skipped by a mask.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from newsweave.stories.embed import DIMENSIONS
from newsweave.stories.profile import Profile

Span = tuple[float | None, float | None]
# Articles scored per matrix product: bounds the (articles x stories) score matrix.
SUB_BATCH = 32


class CentroidIndex:
    """Story centroids and time spans, addressable by story id."""

    def __init__(self) -> None:
        self._rows: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._centroids = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._spans = np.zeros((0, 2), dtype=np.float64)
        self._alive = np.zeros(0, dtype=bool)

    def __len__(self) -> int:
        return len(self._rows)

    def update(self, profile: Profile) -> None:
        """Record the story's current centroid and span (adding it when new)."""
        row = self._rows.get(profile.id)
        if row is None:
            row = self._add(profile.id)
        self._centroids[row] = profile.embedding / max(profile.size, 1)
        self._spans[row] = (
            np.nan if profile.first is None else profile.first,
            np.nan if profile.last is None else profile.last,
        )

    def remove(self, story: str) -> None:
        row = self._rows.pop(story)
        self._ids[row] = None
        self._alive[row] = False
        self._centroids[row] = 0.0

    def nearest(self, vectors: np.ndarray, spans: Sequence[Span], reach: float, count: int) -> list[set[str]]:
        """For each vector, the ``count`` live stories nearest by cosine among those within reach.

        A story is within reach of a span when their time spans come closer than
        ``reach`` days; an unknown date reaches everything.
        """
        used = len(self._ids)
        if not used or not len(vectors):
            return [set() for _ in range(len(vectors))]
        found: list[set[str]] = []
        for start in range(0, len(vectors), SUB_BATCH):
            part = slice(start, start + SUB_BATCH)
            scores = vectors[part] @ self._centroids[:used].T
            scores[~self._reachable(spans[part], reach, used)] = -np.inf
            found.extend(self._top(row_scores, count) for row_scores in scores)
        return found

    def nearest_among(self, stories: Iterable[str], vector: np.ndarray, count: int) -> set[str]:
        """The ``count`` of ``stories`` nearest to ``vector``."""
        chosen = [story for story in stories if story in self._rows]
        if len(chosen) <= count:
            return set(chosen)
        scores = self._centroids[[self._rows[story] for story in chosen]] @ vector
        return {chosen[i] for i in np.argpartition(-scores, count - 1)[:count]}

    def _reachable(self, spans: Sequence[Span], reach: float, used: int) -> np.ndarray:
        """``(len(spans), used)`` booleans: live rows each span could join."""
        first, last = self._spans[:used, 0], self._spans[:used, 1]
        lows = np.array([np.nan if lo is None else lo for lo, _ in spans])[:, None]
        highs = np.array([np.nan if hi is None else hi for _, hi in spans])[:, None]
        with np.errstate(invalid="ignore"):
            near = (last >= lows - reach) & (first <= highs + reach)
        near |= np.isnan(first)[None, :] | np.isnan(lows) | np.isnan(highs)
        return near & self._alive[:used]

    def _top(self, scores: np.ndarray, count: int) -> set[str]:
        take = min(count, len(scores))
        picks = np.argpartition(-scores, take - 1)[:take]
        return {self._ids[i] for i in picks if scores[i] > -np.inf} - {None}  # type: ignore[misc]

    def _add(self, story: str) -> int:
        row = len(self._ids)
        if row >= len(self._centroids):
            self._grow(max(1024, 2 * len(self._centroids)))
        self._rows[story] = row
        self._ids.append(story)
        self._alive[row] = True
        return row

    def _grow(self, capacity: int) -> None:
        centroids = np.zeros((capacity, DIMENSIONS), dtype=np.float32)
        centroids[: len(self._centroids)] = self._centroids
        spans = np.full((capacity, 2), np.nan)
        spans[: len(self._spans)] = self._spans
        alive = np.zeros(capacity, dtype=bool)
        alive[: len(self._alive)] = self._alive
        self._centroids, self._spans, self._alive = centroids, spans, alive
