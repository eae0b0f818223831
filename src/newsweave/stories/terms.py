"""The words and names of an article, as hashed term ids for sparse vectors.

Words: lower-cased letter runs of two or more characters and numbers, in any
script; the title counts ``TITLE_WEIGHT`` times, because it states the event.
Names: the capitalised phrases that are not the first word of a sentence
("Kim Jong Un", "Pyongyang", "NATO") and numbers of two or more digits.  They
are language-independent enough to link reports across languages ("Putin" is
"Putin" in most Latin-script languages) without a per-language model; spaCy's
entities come with the reading stage.

Terms are hashed into ``BUCKETS`` ids (crc32, stable across processes) so that
document frequencies fit one small table.
"""

from __future__ import annotations

import zlib
from collections import Counter
from functools import lru_cache

import regex

TITLE_WEIGHT = 3
BUCKETS = 1 << 20
NAME_PREFIX = "\x00"
_WORD = regex.compile(r"[\p{L}\p{M}]{2,}|\p{N}+(?:[.,]\p{N}+)*")
_CAPITALISED = r"(?:\p{Lu}{2,}(?![\p{Ll}\p{M}])|\p{Lu}[\p{Ll}\p{M}\-]*(?:\p{Lu}[\p{Ll}\p{M}]+)*)"
_NAME = regex.compile(
    rf"{_CAPITALISED}(?:[ \-]{_CAPITALISED})*"
    r"|\p{N}+(?:[.,]\p{N}+)+|\p{N}{2,}"
)
# What may stand between a sentence's end and its first word: space, quotes, brackets.
_BETWEEN_SENTENCES = " \t\r\"“”«»'‘’„(["
_SENTENCE_ENDS = ".!?:;\n"
_NON_NAMES = frozenset(
    "i a the this that these those it he she we they you his her its our their mr mrs ms dr".split()
)


@lru_cache(maxsize=1 << 18)
def term_id(term: str) -> int:
    """A stable id in ``[0, BUCKETS)`` for a term."""
    return zlib.crc32(term.encode("utf-8")) & (BUCKETS - 1)


def words(text: str) -> list[str]:
    """The folded word and number tokens of ``text``."""
    return _WORD.findall(text.casefold())


def word_counts(title: str | None, text: str) -> Counter[int]:
    """Term frequencies of the text, with the title's words counted ``TITLE_WEIGHT`` times."""
    counts = Counter(map(term_id, words(text)))
    if title:
        for word in words(title):
            counts[term_id(word)] += TITLE_WEIGHT
    return counts


def names(title: str | None, text: str) -> list[str]:
    """Capitalised phrases not opening a sentence, and numbers, folded; in order of appearance.

    A phrase that opens a sentence loses its first word when the text also
    uses that word in lower case ("Then Kim spoke" gives "kim").
    """
    found = []
    sources = (text,) if not title or _title_cased(title) else (title, text)
    for source in sources:
        for match in _NAME.finditer(source):
            phrase = match.group()
            if phrase[0].isalpha() and _opens_sentence(source, match.start()):
                first, _, rest = phrase.partition(" ")
                if not rest:
                    continue
                if _used_in_lower_case(first, text):
                    phrase = rest
            folded = phrase.casefold()
            if len(folded) > 1 and folded not in _NON_NAMES:
                found.append(folded)
    return found


def name_id(name: str) -> int:
    """The term id of a (folded) name."""
    return term_id(NAME_PREFIX + name)


def _title_cased(title: str) -> bool:
    """True for Headline Case titles, where capitals do not mark names."""
    long_words = [word for word in title.split() if len(word) > 3 and word[0].isalpha()]
    capitalised = sum(word[0].isupper() for word in long_words)
    return len(long_words) >= 3 and capitalised > 0.6 * len(long_words)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 6):start].rstrip(_BETWEEN_SENTENCES)
    return (not before and start < 6) or (before[-1:] in _SENTENCE_ENDS and before != "")


def _used_in_lower_case(word: str, text: str) -> bool:
    lower = word.lower()
    return lower != word and (f" {lower} " in text or f" {lower}," in text)
