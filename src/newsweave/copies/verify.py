"""Exact checks of LSH candidates: Jaccard, containment, and the kind of copy.

LSH only proposes; every link is decided on the exact shingle sets, so each
carries its true scores.  Two texts are

* **exact** copies when their shingle sets are identical (the same words, up to
  typography and case);
* **near** copies when their shingle sets' Jaccard similarity reaches
  ``NEAR_JACCARD`` (reworded headline, furniture, a dateline, "said" made "says");
* in a **contains** relation when most of the shorter text's shingles lie in the
  longer (``CONTAINMENT``): the top of a wire story kept, the ending trimmed, or a
  paragraph of the outlet's own added.

Articles about the same event written independently share names and facts but
few runs of four words, so their scores stay far below both thresholds.

Why these values (``bench/copies_eval.py --sweep``, docs/BENCHMARKS.md): independent
articles that quote the same statement or tweet reach a containment of 0.65 at most in
the development set (0.44 in the same-language pairs of article_pairs_dev, leaving aside
pages whose text is only a paywall notice), while a short wire copy in which *each*
outlet inserted its own line (a prompt in one, a photo caption in the other) falls to
0.79: containment is measured on the smaller text, and every inserted line also breaks
the three shingles that span its edges.  0.75 sits
between the two.  The Jaccard bar matters little once containment is checked; below
0.5 it starts to link outlets' sentence-by-sentence rewrites of a wire story.

Texts under ``MIN_WORDS`` words are never linked: with a handful of shingles one
shared quote makes a "copy" (the first 10 words of the dev articles link to 5 unrelated
articles of the same event, the first 15 to 40 words to 2 or 3).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEAR_JACCARD = 0.5
CONTAINMENT = 0.75
MIN_WORDS = 30


@dataclass(frozen=True)
class Match:
    """A verified relation between two articles, with its evidence."""

    kind: str
    jaccard: float
    containment: float


def compare(shingles_a: np.ndarray, shingles_b: np.ndarray) -> Match | None:
    """The copy relation between two sorted shingle sets, or None when they are not copies."""
    if len(shingles_a) == 0 or len(shingles_b) == 0:
        return None
    shared = len(np.intersect1d(shingles_a, shingles_b, assume_unique=True))
    jaccard = shared / (len(shingles_a) + len(shingles_b) - shared)
    containment = shared / min(len(shingles_a), len(shingles_b))
    if shared == len(shingles_a) == len(shingles_b):
        return Match("exact", 1.0, 1.0)
    if jaccard >= NEAR_JACCARD:
        return Match("near", round(jaccard, 4), round(containment, 4))
    if containment >= CONTAINMENT:
        return Match("contains", round(jaccard, 4), round(containment, 4))
    return None
