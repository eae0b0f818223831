"""How alike two claims are: multilingual sentence embeddings and shared content words.

The embedding catches paraphrase ("fully supported" / "affirmed his full
support"); shared words, compared by their first letters so that "supported"
meets "support", keep two claims that merely sound alike apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import regex

from newsweave.reading.workers import usable_cores
from newsweave.stories.embed import embed

EMBEDDING_WEIGHT = 0.75
WORDS_WEIGHT = 0.25
STEM_LETTERS = 5
_WORD = regex.compile(r"[\p{L}\p{M}]{3,}|\d+(?:[.,]\d+)?")
_STOPWORDS = frozenset(
    """the and for that with from this have has had was were are been will would could should their
    his her its they them there than then also into over after before about which while when where
    who whom what said says says told according other more most some such only just very""".split()
)


def content_words(text: str) -> frozenset[str]:
    """The claim's content words, lower-cased and cut to their first letters."""
    return frozenset(word.lower()[:STEM_LETTERS] for word in _WORD.findall(text)
                     if word.lower() not in _STOPWORDS)


def word_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: shared words over the smaller claim's words."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def similarity_matrix(texts: Sequence[str]) -> np.ndarray:
    """Pairwise similarity of claims in [0, 1]: embedding cosine and word overlap combined."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = embed(list(texts), threads=usable_cores())
    cosine = np.clip(vectors @ vectors.T, 0.0, 1.0)
    return EMBEDDING_WEIGHT * cosine + WORDS_WEIGHT * overlap_matrix([content_words(text) for text in texts])


def overlap_matrix(words: Sequence[frozenset[str]]) -> np.ndarray:
    """``word_overlap`` of every pair at once, through a matrix of the words that recur.

    A word that only one claim uses cannot be shared, so only recurring words get a column.
    """
    counts = Counter(word for item in words for word in item)
    columns = {word: column for column, word in enumerate(w for w, n in counts.items() if n > 1)}
    present = np.zeros((len(words), max(len(columns), 1)), dtype=np.float32)
    for row, item in enumerate(words):
        present[row, [columns[word] for word in item if word in columns]] = 1.0
    shared = present @ present.T
    sizes = np.array([len(item) for item in words], dtype=np.float32)
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    overlap = np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)
    np.fill_diagonal(overlap, (sizes > 0).astype(np.float32))
    return overlap
