"""Text normalisation: one form for display, a stricter one for matching.

Display text keeps the outlet's quote marks and dashes; only whitespace is tidied.
Matching text folds the typographic variants that reprints change freely (curly
versus straight quotes, en and em dashes, non-breaking spaces), so that copies and
repeated lines compare equal.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTE_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u00b4": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u2026": "...",
    }
)
# Only what needs changing: runs of two or more spaces and any other space kind.
_FOLDED = {chr(code): folded for code, folded in _QUOTE_FOLD.items()}
_FOLDABLE = re.compile("[" + "".join(re.escape(char) for char in _FOLDED) + "]")
_INLINE_SPACE = re.compile(
    r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
# Zero-width characters and the soft hyphen: invisible, and they split words.
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# Control characters (C0, DEL, C1) other than those str.splitlines() breaks lines at:
# those end a line (a form feed between two paragraphs must not glue their words).
_INVISIBLE_OR_CONTROL = re.compile(f"[\\x00-\\x08\\x0e-\\x1b\\x1f\\x7f-\\x84\\x86-\\x9f{INVISIBLE_CHARS}]")
_LINE_BREAK = re.compile("[\\n\\r\\x0b\\x0c\\x1c-\\x1e\\x85\\u2028\\u2029]")
# A lone surrogate (from a caller's str, never from a reader) cannot be encoded, stored or parsed.
_SURROGATE = re.compile("[\\ud800-\\udfff]")
_RARE = re.compile(
    r"[\x00-\x08\t\x0b\x0c\x0e-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff\ud800-\udfff]"
)
_DOUBLE_SPACE = re.compile(r" {2,}")
_ANY_SPACE = re.compile(r"\s+")


def tidy_line(line: str) -> str:
    """Collapse runs of spaces and drop invisible and control characters.

    Used on display text: the words and punctuation stay as the outlet wrote them.
    A line break becomes a space, so that a title given over two lines reads as one.
    """
    line = _SURROGATE.sub("\ufffd", _INVISIBLE_OR_CONTROL.sub("", _LINE_BREAK.sub(" ", line)))
    return _INLINE_SPACE.sub(" ", line).strip()


def tidy_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, each tidied as by ``tidy_line``.

    Most texts need nothing but stripping, so one scan for the rare characters
    decides whether the slower substitutions run at all.
    """
    if _RARE.search(text):
        text = _INLINE_SPACE.sub(" ", _SURROGATE.sub("\ufffd", _INVISIBLE_OR_CONTROL.sub("", text)))
    elif "  " in text:
        text = _DOUBLE_SPACE.sub(" ", text)
    return [line for line in (raw.strip() for raw in text.splitlines()) if line]


def fold_typography(text: str) -> str:
    """Straighten quote marks and dashes and expand the ellipsis character.

    A regex substitution: str.translate with a dict is several times slower on
    non-ASCII text, and this runs on nearly every line.
    """
    return _FOLDABLE.sub(_fold_match, text)


def _fold_match(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


def for_matching(text: str) -> str:
    """The matching form: NFKC, folded typography, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", text))
    return _ANY_SPACE.sub(" ", fold_typography(text)).strip().lower()
