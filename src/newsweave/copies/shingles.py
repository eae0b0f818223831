"""Word shingles of an article's text, hashed to integers.

Copies are compared on what they say, not how it is typeset: the cleaned text is
folded (quote marks, dashes, case, Unicode forms) and split into words, and each
run of ``SHINGLE_WORDS`` consecutive words becomes one 32-bit hash.  Words are
hashed once each (crc32, stable across processes and machines) and the shingle
hashes are combined in numpy.

Everything here runs for every article stored and every candidate verified, so the
per-word Python work is kept to C calls: the words come from one ``findall`` over
the matching form (built without the steps that cannot change a word), and their
hashes from a dict whose misses alone run Python code.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache

import numpy as np

from newsweave.clean.normalize import INVISIBLE, INVISIBLE_CHARS, fold_typography

SHINGLE_WORDS = 4
LEAD_WORDS = 40
# The word hash cache is emptied when it grows past this many words (~25 MB).
WORD_CACHE = 200_000
_WORD = re.compile(r"\w+")
_MULTIPLIERS = [np.uint64(0x9E3779B1 ** (SHINGLE_WORDS - 1 - i) % (1 << 64)) for i in range(SHINGLE_WORDS)]
_FOLD_SHIFT = np.uint64(29)
_LOW32 = np.uint64(0xFFFFFFFF)
_CAPITAL_SIGMA = "\u03a3"


def words(text: str) -> list[str]:
    """The folded words of ``text``: the ``\\w+`` runs of ``for_matching(text)``.

    ``for_matching`` also folds typography and collapses whitespace; neither changes
    a run of word characters (both replace non-word characters by non-word ones), so
    they are skipped here — except that folding can change how ``str.lower`` treats a
    capital sigma next to a quote mark (final-sigma rule), so texts holding one are
    folded first.  Instead of a regex ``findall`` (a Python string per match, found
    by the regex engine), every non-word character becomes a space in one numpy lookup
    over the code points and ``str.split`` cuts the words.  The tests check all this
    against ``findall`` over ``for_matching`` itself.
    """
    if text.isascii():
        return text.lower().encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()
    if any(char in text for char in INVISIBLE_CHARS):
        text = INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    if _CAPITAL_SIGMA in text:
        text = fold_typography(text)
    text = text.lower()
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    except UnicodeEncodeError:  # a lone surrogate
        return _WORD.findall(text)
    if codes.max(initial=0) >= _BMP:
        return _WORD.findall(text)
    return _bmp_spacing_table()[codes].tobytes().decode("utf-32-le").split()


def _non_word_ascii() -> bytes:
    table = bytearray(range(256))
    for code in range(128):
        if not _WORD.fullmatch(chr(code)):
            table[code] = ord(" ")
    return bytes(table)


_ASCII_NON_WORD = _non_word_ascii()
_BMP = 0x10000


@lru_cache(maxsize=1)
def _bmp_spacing_table() -> np.ndarray:
    """Each code point of the Basic Multilingual Plane itself if ``\\w`` matches it, else a space."""
    table = np.full(_BMP, ord(" "), dtype="<u4")
    for match in _WORD.finditer("".join(map(chr, range(_BMP)))):
        table[match.start():match.end()] = np.arange(match.start(), match.end())
    return table


class _WordHashes(dict):
    """crc32 of each word seen, computed on first sight."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


_word_hashes = _WordHashes()


def word_hashes(tokens: list[str]) -> np.ndarray:
    """The crc32 of each token, in order (uint64)."""
    if len(_word_hashes) > WORD_CACHE:
        _word_hashes.clear()
    return np.fromiter(map(_word_hashes.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def shingle_hashes(tokens: list[str]) -> np.ndarray:
    """32-bit hashes (uint32) of every window of ``SHINGLE_WORDS`` words, in text order."""
    count = len(tokens) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint32)
    hashed = word_hashes(tokens)
    combined = hashed[:count] * _MULTIPLIERS[0]
    for offset in range(1, SHINGLE_WORDS):
        combined += hashed[offset:offset + count] * _MULTIPLIERS[offset]
    combined ^= combined >> _FOLD_SHIFT
    combined &= _LOW32
    return combined.astype(np.uint32)


def shingle_set(hashes: np.ndarray) -> np.ndarray:
    """The distinct shingle hashes, sorted: the set that Jaccard and containment compare."""
    ordered = np.sort(hashes)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
