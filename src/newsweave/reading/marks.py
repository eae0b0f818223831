"""Direct quotations found by their marks, in any language.

Straight and curly double marks are treated as one class, because scraped text
mixes them (“…" is common).  Marks are paired in order, never by identity: a
curly opening mark always opens, a curly closing mark always closes, and a
straight mark opens after a space or an opening bracket and closes elsewhere.
German („…“) and French («…») marks are paired the same way.  A quote runs over
a paragraph break only when the next paragraph reopens with a mark, which is
how newspapers continue a long quote.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
MARKS = OPENING + CLOSING + STRAIGHT + "“"
SINGLE = "'‘’"
_BEFORE_OPENING = " \t\n([{—–-/"
_MAX_CHARS = 3_000
_SPACES = re.compile(r"\s*")


@dataclass(frozen=True)
class MarkedSpan:
    """The text between a pair of quote marks: ``start``/``end`` exclude the marks."""

    start: int
    end: int
    paragraph_open: bool = False


def marked_spans(text: str) -> list[MarkedSpan]:
    """Every quoted span of ``text`` in order, unclosed quotes dropped.

    Single marks count too (British papers quote with them), outside double
    quotes only: inside, they are a quote within the quote.
    """
    double = _double_spans(text)
    starts = [span.start for span in double]
    single = [span for span in _single_spans(text) if not _inside_any(span, double, starts)]
    return sorted(double + single, key=lambda span: span.start)


def _inside_any(span: MarkedSpan, spans: list[MarkedSpan], starts: list[int]) -> bool:
    index = bisect_right(starts, span.start + 1) - 1
    return index >= 0 and span.end <= spans[index].end + 1


def _single_spans(text: str) -> list[MarkedSpan]:
    """Spans in single marks: an opening mark after a space, a closing one not inside a word."""
    spans = []
    opened: int | None = None
    for position, char in enumerate(text):
        if char == "\n":
            opened = None
        if char not in SINGLE:
            continue
        before = text[position - 1] if position else "\n"
        after = text[position + 1] if position + 1 < len(text) else " "
        if opened is None:
            if char != "’" and before in _BEFORE_OPENING + "\"“" and after.isalpha():
                opened = position
        elif not before.isspace() and not after.isalnum() and position - opened - 1 <= _MAX_CHARS \
                and not _plural_possessive(text, position):
            if text[opened + 1:position].strip():
                spans.append(MarkedSpan(opened + 1, position, _opens_paragraph(text, opened)))
            opened = None
    return spans


def _plural_possessive(text: str, position: int) -> bool:
    """ "the workers' unions": a mark after an s and before a lower-case word is an apostrophe."""
    return text[position - 1] == "s" and text[position + 1:position + 2] == " " \
        and text[position + 2:position + 3].islower()


def _double_spans(text: str) -> list[MarkedSpan]:
    spans: list[MarkedSpan] = []
    opened: int | None = None
    low_opening = False
    for position, char in enumerate(text):
        if char == "\n" and opened is not None and not _continues(text, position):
            opened = None
        if char not in MARKS:
            continue
        if opened is not None and (_continues_here(text, opened, position)
                                   or _nested(text, opened, position)):
            continue
        role = _role(text, position, opened is not None, low_opening)
        if role == "open":
            opened, low_opening = position, char == "„"
        elif role == "close" and opened is not None:
            if position - opened - 1 <= _MAX_CHARS and position > opened + 1:
                spans.append(MarkedSpan(opened + 1, position, _opens_paragraph(text, opened)))
            opened = None
    return [span for span in spans if text[span.start:span.end].strip()]


def _role(text: str, position: int, is_open: bool, low_opening: bool) -> str:
    char = text[position]
    if char == "“":
        return "close" if low_opening and is_open else "open"
    if char in OPENING:
        return "open"
    if char in CLOSING:
        return "close"
    before = text[position - 1] if position else "\n"
    after = text[position + 1] if position + 1 < len(text) else " "
    if is_open:
        return "close"
    return "open" if before in _BEFORE_OPENING and not after.isspace() else "close"


def _nested(text: str, opened: int, position: int) -> bool:
    """A straight mark inside a curly quote whose own closing mark comes later in the paragraph."""
    if text[position] != STRAIGHT or text[opened] != "“":
        return False
    end = text.find("\n", position)
    end = len(text) if end < 0 else end
    closing = text.find("”", position, end)
    return closing >= 0 and text.find("“", position, closing) < 0


def _continues(text: str, newline: int) -> bool:
    """After a paragraph that leaves a quote open, a paragraph reopening with a mark continues it."""
    after = _SPACES.match(text, newline).end()
    return after < len(text) and text[after] in OPENING + STRAIGHT


def _continues_here(text: str, opened: int, position: int) -> bool:
    """An opening mark at a paragraph start continues a quote still open from the last paragraph."""
    line_start = text.rfind("\n", opened, position)
    return line_start >= 0 and not text[line_start + 1:position].strip()


def _opens_paragraph(text: str, opened: int) -> bool:
    return not text[text.rfind("\n", 0, opened) + 1:opened].strip()


def quote_text(text: str, span: MarkedSpan) -> str:
    """The quoted words, with continuation marks and paragraph breaks made plain."""
    words = text[span.start:span.end]
    for mark in MARKS:
        words = words.replace("\n" + mark, "\n")
    return " ".join(words.split())
