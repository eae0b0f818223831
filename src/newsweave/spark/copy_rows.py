"""The copy stage's work on one partition: fingerprints and exact verification, over pandas frames.

The same ``fingerprint`` and ``compare`` as ``CopyStage``; Spark does the rest
(the band-key join and the connected components, in ``newsweave.spark.copies``).
Shingle sets travel as little-endian uint32 bytes, as the hashes are.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from newsweave.copies import compare, fingerprint

FINGERPRINT_COLUMNS = ["id", "keys", "copy_keys", "shingles"]
MATCH_COLUMNS = ["a", "b", "kind", "jaccard", "containment"]


def fingerprints(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``(id, text)`` into ``(id, keys, copy_keys, shingles)``; texts under ``MIN_WORDS`` are left out."""
    for frame in frames:
        rows = []
        for key, text in frame[["id", "text"]].itertuples(index=False):
            found = fingerprint(text)
            if found is not None:
                rows.append(
                    (
                        key,
                        found.keys.values.astype(np.int64).tolist(),
                        found.keys.to_bytes(),
                        found.shingles.astype("<u4").tobytes(),
                    )
                )
        yield pd.DataFrame(rows, columns=FINGERPRINT_COLUMNS)


def shingles_of(blob: bytes) -> np.ndarray:
    """A shingle set from its bytes."""
    return np.frombuffer(blob, dtype="<u4")


def verify(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Candidate pairs ``(a, b, a_shingles, b_shingles)`` kept when ``compare`` says they are copies."""
    for frame in frames:
        rows = []
        for a, b, first, second in frame.itertuples(index=False):
            match = compare(shingles_of(first), shingles_of(second))
            if match is not None:
                rows.append((a, b, match.kind, match.jaccard, match.containment))
        yield pd.DataFrame(rows, columns=MATCH_COLUMNS)
