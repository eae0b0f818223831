"""MinHash signatures (datasketch) and the LSH band keys made from them.

Two signatures per article: one over all its shingles, to find copies that keep
most of the text, and one over the shingles of its first ``LEAD_WORDS`` words, to
find copies that keep only the top or trim the ending — their overlap with the
whole original is small, but they share its lead.  Each signature is cut into
bands; a band's values hash to one 32-bit key, and two articles sharing any key
become candidates.

Band shapes are chosen with datasketch's own optimiser for the threshold each
signature serves, then fixed here so that stored keys stay valid.

The signatures are datasketch's "affine32" MinHash with its own permutations; the
shingles are already hashed, so ``Keys.of`` applies datasketch's arithmetic
(MurmurHash3 finaliser, then ``a * h + b`` in uint32, minimum per permutation) to
the whole array in numpy instead of calling ``MinHash.update_batch``, which calls
its hash function once per shingle in Python.  The values are identical (the tests
compare them with ``update_batch``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

FULL_BANDS, FULL_ROWS = 21, 3
LEAD_BANDS, LEAD_ROWS = 8, 4
BANDS = FULL_BANDS + LEAD_BANDS
_SEED = 1
_FULL_TEMPLATE = MinHash(num_perm=FULL_BANDS * FULL_ROWS, seed=_SEED)
_LEAD_TEMPLATE = MinHash(num_perm=LEAD_BANDS * LEAD_ROWS, seed=_SEED + 1)
_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)
_SHIFT32 = np.uint64(32)
_LOW32 = np.uint64(0xFFFFFFFF)
# datasketch's MurmurHash3 32-bit finaliser constants (``datasketch.minhash._fmix``).
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_EMPTY = np.uint32(0xFFFFFFFF)


def _identity(value: int) -> int:
    return value


def min_values(hashes: np.ndarray, permutations: np.ndarray) -> np.ndarray:
    """datasketch's affine32 MinHash values of already-hashed 32-bit shingles."""
    a, b = permutations
    if len(hashes) == 0:
        return np.full(len(a), _EMPTY, dtype=np.uint32)
    shift1, mult1, shift2, mult2, shift3 = _FMIX
    h = hashes.astype(np.uint32)
    h ^= h >> shift1
    h *= mult1
    h ^= h >> shift2
    h *= mult2
    h ^= h >> shift3
    # One row per permutation: the minimum then runs along contiguous rows.
    permuted = np.multiply.outer(a, h)
    permuted += b[:, None]
    return permuted.min(axis=1)


def minhash(hashes: np.ndarray, template: MinHash) -> MinHash:
    """A datasketch MinHash of already-hashed shingles (its ``hashfunc`` is the identity)."""
    return MinHash(
        num_perm=template.num_perm,
        hashfunc=_identity,
        hashvalues=min_values(hashes, template.permutations),
        permutations=template.permutations,
        scheme=template.scheme,
    )


def band_keys(signature: MinHash, bands: int, rows: int) -> np.ndarray:
    """One 32-bit key per band of ``rows`` consecutive MinHash values."""
    return _band_keys(np.asarray(signature.hashvalues), bands, rows)


def _band_keys(values: np.ndarray, bands: int, rows: int) -> np.ndarray:
    table = values.astype(np.uint64).reshape(bands, rows)
    mixed = table[:, 0] * _BAND_MIX
    mixed ^= mixed >> _SHIFT32
    for row in range(1, rows):
        mixed ^= table[:, row]
        mixed *= _BAND_MIX
        mixed ^= mixed >> _SHIFT32
    mixed &= _LOW32
    return mixed.astype(np.uint32)


_FULL_PERMUTATIONS = _FULL_TEMPLATE.permutations
_LEAD_PERMUTATIONS = _LEAD_TEMPLATE.permutations


@dataclass(frozen=True)
class Keys:
    """All band keys of one article: full-text bands, then lead bands."""

    values: np.ndarray

    @classmethod
    def of(cls, shingles: np.ndarray, lead_shingles: np.ndarray) -> Keys:
        full = _band_keys(min_values(shingles, _FULL_PERMUTATIONS), FULL_BANDS, FULL_ROWS)
        lead = _band_keys(min_values(lead_shingles, _LEAD_PERMUTATIONS), LEAD_BANDS, LEAD_ROWS)
        return cls(np.concatenate([full, lead]))

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Keys:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32))
