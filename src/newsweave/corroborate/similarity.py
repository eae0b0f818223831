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


class PieceSpace:
    """The embeddings and recurring words of a set of texts, for similarities block by block.

    A large story has thousands of pieces; computing their similarities a block
    of rows at a time keeps memory linear in the pieces instead of quadratic.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.vectors = embed(list(texts), threads=usable_cores()) if texts else np.zeros((0, 0), np.float32)
        words = [content_words(text) for text in texts]
        counts = Counter(word for item in words for word in item)
        columns = {word: column for column, word in enumerate(w for w, n in counts.items() if n > 1)}
        self.presence = np.zeros((len(words), max(len(columns), 1)), dtype=np.float32)
        for row, item in enumerate(words):
            self.presence[row, [columns[word] for word in item if word in columns]] = 1.0
        self.sizes = np.array([len(item) for item in words], dtype=np.float32)

    def __len__(self) -> int:
        return len(self.sizes)

    def block(self, rows: np.ndarray | slice, columns: np.ndarray | slice) -> np.ndarray:
        """Similarities of the pieces ``rows`` with the pieces ``columns``."""
        cosine = np.clip(self.vectors[rows] @ self.vectors[columns].T, 0.0, 1.0)
        shared = self.presence[rows] @ self.presence[columns].T
        smaller = np.minimum(self.sizes[rows][:, None], self.sizes[columns][None, :])
        overlap = np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)
        return EMBEDDING_WEIGHT * cosine + WORDS_WEIGHT * overlap


def similarity_matrix(texts: Sequence[str]) -> np.ndarray:
    """Pairwise similarity of claims in [0, 1]: embedding cosine and word overlap combined."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    space = PieceSpace(texts)
    scores = space.block(slice(None), slice(None))
    itself = np.clip(np.einsum("ij,ij->i", space.vectors, space.vectors), 0.0, 1.0)
    np.fill_diagonal(scores, EMBEDDING_WEIGHT * itself + WORDS_WEIGHT * (space.sizes > 0))
    return scores
