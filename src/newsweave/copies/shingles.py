"""Word shingles of an article's text, hashed to integers.

Copies are compared on what they say, not how it is typeset: the cleaned text is
folded (quote marks, dashes, case, Unicode forms) and split into words, and each
run of ``SHINGLE_WORDS`` consecutive words becomes one 32-bit hash.  Words are
hashed once each (crc32, stable across processes and machines, cached) and the
shingle hashes are combined in numpy, which keeps this at tens of microseconds
per article.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import numpy as np

from newsweave.clean.normalize import for_matching

SHINGLE_WORDS = 4
LEAD_WORDS = 60
_WORD = re.compile(r"\w+")
_MULTIPLIERS = np.array([0x9E3779B1 ** (SHINGLE_WORDS - 1 - i) % (1 << 64) for i in range(SHINGLE_WORDS)],
                        dtype=np.uint64)


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(for_matching(text))


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def shingle_hashes(tokens: list[str]) -> np.ndarray:
    """32-bit hashes of every window of ``SHINGLE_WORDS`` words, in text order."""
    if len(tokens) < SHINGLE_WORDS:
        return np.empty(0, dtype=np.uint64)
    hashed = np.fromiter((_word_hash(token) for token in tokens), dtype=np.uint64, count=len(tokens))
    windows = np.lib.stride_tricks.sliding_window_view(hashed, SHINGLE_WORDS)
    combined = (windows * _MULTIPLIERS).sum(axis=1, dtype=np.uint64)
    return (combined ^ (combined >> np.uint64(29))) & np.uint64(0xFFFFFFFF)


def shingle_set(hashes: np.ndarray) -> np.ndarray:
    """The distinct shingle hashes, sorted: the set that Jaccard and containment compare."""
    return np.unique(hashes)
