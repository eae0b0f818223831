"""MinHash signatures (datasketch) and the LSH band keys made from them.

Two signatures per article: one over all its shingles, to find copies that keep
most of the text, and one over the shingles of its first ``LEAD_WORDS`` words, to
find copies that keep only the top or trim the ending — their overlap with the
whole original is small, but they share its lead.  Each signature is cut into
bands; a band's values hash to one 32-bit key, and two articles sharing any key
become candidates.

Band shapes are chosen with datasketch's own optimiser for the threshold each
signature serves, then fixed here so that stored keys stay valid.
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


def _identity(value: int) -> int:
    return value


def minhash(hashes: np.ndarray, template: MinHash) -> MinHash:
    """A datasketch MinHash of already-hashed shingles (its ``hashfunc`` is the identity)."""
    signature = MinHash(
        num_perm=template.num_perm,
        hashfunc=_identity,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    signature.update_batch(hashes.tolist())
    return signature


def band_keys(signature: MinHash, bands: int, rows: int) -> np.ndarray:
    """One 32-bit key per band of ``rows`` consecutive MinHash values."""
    values = np.asarray(signature.hashvalues, dtype=np.uint64).reshape(bands, rows)
    mixed = np.zeros(bands, dtype=np.uint64)
    for row in range(rows):
        mixed = (mixed ^ values[:, row]) * _BAND_MIX
        mixed ^= mixed >> np.uint64(32)
    return (mixed & np.uint64(0xFFFFFFFF)).astype(np.uint32)


@dataclass(frozen=True)
class Keys:
    """All band keys of one article: full-text bands, then lead bands."""

    values: np.ndarray

    @classmethod
    def of(cls, shingles: np.ndarray, lead_shingles: np.ndarray) -> Keys:
        full = band_keys(minhash(shingles, _FULL_TEMPLATE), FULL_BANDS, FULL_ROWS)
        lead = band_keys(minhash(lead_shingles, _LEAD_TEMPLATE), LEAD_BANDS, LEAD_ROWS)
        return cls(np.concatenate([full, lead]))

    def to_bytes(self) -> bytes:
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Keys:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32))
