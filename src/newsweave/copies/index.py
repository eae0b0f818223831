"""A compact LSH index: every band key of every article in a few sorted uint64 arrays.

datasketch's in-memory MinHashLSH keeps Python dict and set entries per band and
article, 8 KB per article at 100,000 articles (tracemalloc, bench/copies_speed.py).
Here one band key of one article is one 64-bit entry, ``band | key | number`` from
the high bits down (the band in the top ``band_bits`` bits, the 32-bit key, the
article number in what is left: 27 bits, 134 million articles, for 29 bands), so the
index costs ``8 * bands`` bytes per article and nothing else.  Sorting the entries
sorts them by band, then key, so the articles under one band key are one contiguous
run, and a query finds the runs of all its bands with one vectorised binary search
per array.

Entries live in three sorted arrays of growing size, merged like a log-structured
tree: a new article's entries go into the smallest (60 KB at most); when it is full
it is merged into the middle one, and that into the main array when it reaches a
fraction of it, so inserting stays cheap however large the index grows and every
byte is in a numpy array that ``memory_bytes`` counts exactly.  Merging two sorted
arrays is one ``np.sort(kind="stable")`` of their concatenation, which numpy does as
a linear merge of the two runs.
"""

from __future__ import annotations

import numpy as np

KEY_BITS = 32
# The smallest array holds this many articles' entries before it is merged upwards.
SMALL_ARTICLES = 256
# The middle array is merged into the main one when it reaches this many articles,
# or 1/MIDDLE_FRACTION of the main array, whichever is more.
MIDDLE_ARTICLES = 4096
MIDDLE_FRACTION = 8


class BandIndex:
    """Articles (by integer number) under their band keys; finds those sharing a key."""

    def __init__(self, bands: int) -> None:
        if bands < 1:
            raise ValueError("an index needs at least one band")
        self.bands = bands
        # One spare band value, so that the end of the last band's last run still fits.
        self.band_bits = bands.bit_length()
        self.number_bits = 64 - KEY_BITS - self.band_bits
        self.max_number = (1 << self.number_bits) - 1
        self._band_field = np.arange(bands, dtype=np.uint64) << np.uint64(KEY_BITS + self.number_bits)
        self._key_shift = np.uint64(self.number_bits)
        self._number_mask = np.uint64(self.max_number)
        self._run_edges = np.array([[0], [1 << self.number_bits]], dtype=np.uint64)
        empty = np.empty(0, dtype=np.uint64)
        self._levels = [empty, empty, empty]  # small, middle, main
        self._count = 0
        self._small_count = 0
        self._middle_count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, number: int, keys: np.ndarray) -> None:
        """Index article ``number`` under its ``bands`` keys."""
        entries = self._entries(np.array([number], dtype=np.uint64), np.asarray(keys).reshape(1, -1))
        self._levels[0] = _merged(self._levels[0], np.sort(entries))
        self._count += 1
        self._small_count += 1
        if self._small_count >= SMALL_ARTICLES:
            self._push_small()

    def add_many(self, numbers: np.ndarray, keys: np.ndarray) -> None:
        """Index many articles at once: ``keys`` has one row of band keys per number."""
        numbers = np.asarray(numbers)
        if len(numbers) == 0:
            return
        entries = self._entries(numbers.astype(np.uint64), np.asarray(keys))
        entries.sort()
        self._push_small()
        self._push_middle()
        self._levels[2] = _merged(self._levels[2], entries)
        self._count += len(numbers)

    def query(self, keys: np.ndarray) -> set[int]:
        """Numbers of the articles sharing at least one band key with ``keys``."""
        # The runs of all bands at once: their first entries, then the first entries after them.
        bounds = (np.asarray(keys, dtype=np.uint64) << self._key_shift | self._band_field) + self._run_edges
        runs = []
        for level in self._levels:
            if len(level) == 0:
                continue
            found = level.searchsorted(bounds.reshape(-1))
            starts, ends = found[:self.bands], found[self.bands:]
            for band in np.flatnonzero(ends != starts).tolist():
                runs.append(level[starts[band]:ends[band]])
        if not runs:
            return set()
        entries = runs[0] if len(runs) == 1 else np.concatenate(runs)
        return set((entries & self._number_mask).tolist())

    def memory_bytes(self) -> int:
        """Bytes held by the index: its sorted entry arrays."""
        return sum(level.nbytes for level in self._levels)

    def _entries(self, numbers: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """The 64-bit entries of ``numbers`` (n) under ``keys`` (n x bands), unsorted."""
        if keys.ndim != 2 or keys.shape != (len(numbers), self.bands):
            raise ValueError(f"expected {self.bands} band keys per article, got shape {keys.shape}")
        if len(numbers) and int(numbers.max()) > self.max_number:
            raise ValueError(f"article number {int(numbers.max())} does not fit the index "
                             f"({self.number_bits} bits)")
        entries = keys.astype(np.uint64) << self._key_shift
        entries |= self._band_field
        entries |= numbers[:, None]
        return entries.reshape(-1)

    def _push_small(self) -> None:
        """Merge the smallest array into the middle one (and that into the main one when due)."""
        if not self._small_count:
            return
        self._levels[1] = _merged(self._levels[1], self._levels[0])
        self._levels[0] = np.empty(0, dtype=np.uint64)
        self._middle_count += self._small_count
        self._small_count = 0
        main_count = self._count - self._middle_count
        if self._middle_count >= max(MIDDLE_ARTICLES, main_count // MIDDLE_FRACTION):
            self._push_middle()

    def _push_middle(self) -> None:
        if not self._middle_count:
            return
        self._levels[2] = _merged(self._levels[2], self._levels[1])
        self._levels[1] = np.empty(0, dtype=np.uint64)
        self._middle_count = 0


def _merged(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Two sorted arrays as one sorted array."""
    if len(low) == 0:
        return high
    if len(high) == 0:
        return low
    joined = np.concatenate([low, high])
    joined.sort(kind="stable")
    return joined
