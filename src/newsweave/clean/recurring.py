"""Learning page furniture from repetition within one source.

A line that an outlet prints under many of its articles ("Keep up with this story
and more by subscribing now", a columnist's bio) is furniture even when no
pattern knows it.  Counts are kept per source and per normalised line, in the
store, so the knowledge grows with every ingest and survives restarts.

Two guards keep story text safe: only short lines are counted (furniture is
short; paragraphs are not), and an article whose lines are mostly "recurring"
is a reprint of another article of the same source, so nothing is removed from
it on that ground.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

from newsweave.clean.normalize import for_matching

MAX_COUNTED_CHARS = 150
MIN_ARTICLES = 3
MAX_SHARE_OF_ARTICLE = 0.5

CountsLoader = Callable[[str], dict[str, int]]


@lru_cache(maxsize=65_536)
def line_key(line: str) -> str | None:
    """Stable key of a countable line, or None for lines too long to count."""
    if len(line) > MAX_COUNTED_CHARS:
        return None
    folded = for_matching(line)
    if len(folded) < 3:
        return None
    return hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def article_line_keys(lines: Iterable[str]) -> set[str]:
    """The distinct countable keys of one article's lines."""
    keys = (line_key(line) for line in lines)
    return {key for key in keys if key}


class LineStats:
    """Per-source counts of articles containing each short line.

    ``loader`` fetches a source's stored counts the first time the source is
    seen; ``pending`` holds the increments not yet written back.
    """

    def __init__(self, loader: CountsLoader | None = None) -> None:
        self._loader = loader
        self._counts: dict[str, dict[str, int]] = {}
        self.pending: dict[tuple[str, str], int] = defaultdict(int)

    def _source_counts(self, source: str) -> dict[str, int]:
        counts = self._counts.get(source)
        if counts is None:
            counts = dict(self._loader(source)) if self._loader else {}
            self._counts[source] = counts
        return counts

    def add(self, source: str, keys: Iterable[str]) -> None:
        """Count one more article of ``source`` containing each of ``keys``."""
        counts = self._source_counts(source)
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
            self.pending[(source, key)] += 1

    def is_recurring(self, source: str, key: str) -> bool:
        """True when at least ``MIN_ARTICLES`` articles of ``source`` carry the line."""
        return self._source_counts(source).get(key, 0) >= MIN_ARTICLES

    def take_pending(self) -> dict[tuple[str, str], int]:
        """Hand over the increments to be stored, and forget them."""
        pending, self.pending = self.pending, defaultdict(int)
        return dict(pending)


def recurring_filter(stats: LineStats, source: str | None, lines: list[str]) -> set[int]:
    """Indexes of ``lines`` to drop as learned furniture for ``source``.

    Returns nothing when most lines recur: that article is a same-source reprint.
    """
    if not source or not lines:
        return set()
    hits = set()
    for index, line in enumerate(lines):
        key = line_key(line)
        if key and stats.is_recurring(source, key):
            hits.add(index)
    if len(hits) > MAX_SHARE_OF_ARTICLE * len(lines):
        return set()
    return hits
