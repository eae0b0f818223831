"""A compact LSH index: per band, sorted numpy arrays of 32-bit keys and article numbers.

datasketch's in-memory MinHashLSH keeps a Python dict entry per band and article,
over a kilobyte per article at 100,000 articles.  Here each band holds two
parallel uint32 arrays sorted by key (8 bytes per band and article), so the
whole index costs ``8 * BANDS`` bytes per article plus a small insert buffer.
Lookups are one binary search per band.  New entries wait in the buffer and are
merged in when it grows past a fraction of the index, so merging stays amortised
O(log n) per insert.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

MIN_BUFFER = 4096
BUFFER_FRACTION = 8
# What a buffered entry costs in Python objects (dict slot, int key, list, int value).
_BUFFER_ENTRY_BYTES = 120


class BandIndex:
    """Articles (by integer number) under their band keys; finds those sharing a key."""

    def __init__(self, bands: int) -> None:
        self.bands = bands
        self._keys = [np.empty(0, dtype=np.uint32) for _ in range(bands)]
        self._numbers = [np.empty(0, dtype=np.uint32) for _ in range(bands)]
        self._buffer: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(bands)]
        self._buffered = 0
        self._merged = 0

    def __len__(self) -> int:
        return self._merged + self._buffered

    def add(self, number: int, keys: np.ndarray) -> None:
        """Index article ``number`` under its ``bands`` keys."""
        for band, key in enumerate(keys.tolist()):
            self._buffer[band][key].append(number)
        self._buffered += 1
        if self._buffered >= max(MIN_BUFFER, self._merged // BUFFER_FRACTION):
            self._merge()

    def add_many(self, numbers: np.ndarray, keys: np.ndarray) -> None:
        """Index many articles at once: ``keys`` has one row of band keys per number."""
        if len(numbers) == 0:
            return
        self._merge()
        for band in range(self.bands):
            self._keys[band], self._numbers[band] = _merged(
                self._keys[band], self._numbers[band], keys[:, band], numbers
            )
        self._merged += len(numbers)

    def query(self, keys: np.ndarray) -> set[int]:
        """Numbers of the articles sharing at least one band key with ``keys``."""
        found: set[int] = set()
        for band, key in enumerate(keys.tolist()):
            found.update(self._buffer[band].get(key, ()))
            sorted_keys = self._keys[band]
            position = int(np.searchsorted(sorted_keys, key))
            while position < len(sorted_keys) and sorted_keys[position] == key:
                found.add(int(self._numbers[band][position]))
                position += 1
        return found

    def memory_bytes(self) -> int:
        """Bytes held by the index: the arrays, and an estimate for the buffer."""
        arrays = sum(a.nbytes for a in self._keys) + sum(a.nbytes for a in self._numbers)
        return arrays + self._buffered * self.bands * _BUFFER_ENTRY_BYTES

    def _merge(self) -> None:
        if not self._buffered:
            return
        for band in range(self.bands):
            keys, numbers = _flatten(self._buffer[band].items())
            self._keys[band], self._numbers[band] = _merged(
                self._keys[band], self._numbers[band], keys, numbers
            )
            self._buffer[band] = defaultdict(list)
        self._merged += self._buffered
        self._buffered = 0


def _flatten(entries: Iterable[tuple[int, list[int]]]) -> tuple[np.ndarray, np.ndarray]:
    keys, numbers = [], []
    for key, members in entries:
        keys.extend([key] * len(members))
        numbers.extend(members)
    return np.array(keys, dtype=np.uint32), np.array(numbers, dtype=np.uint32)


def _merged(
    keys: np.ndarray, numbers: np.ndarray, new_keys: np.ndarray, new_numbers: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    all_keys = np.concatenate([keys, new_keys.astype(np.uint32)])
    all_numbers = np.concatenate([numbers, new_numbers.astype(np.uint32)])
    order = np.argsort(all_keys, kind="stable")
    return all_keys[order], all_numbers[order]
