"""Sentence splitting by rule, fast enough to run on every ingested article.

A statistical parser comes later (the reading stage); ingest needs sentence spans
at thousands of articles a second, so this splitter uses punctuation, the case of
the next word and a list of abbreviations that do not end sentences.  Spans are
character offsets into the display text, which keeps the original text intact.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep
    pres vs etc inc ltd co corp dept univ no nos vol fig approx est jan feb mar apr
    jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m ph.d d.c
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn
    miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo""".split()
)
# A candidate boundary: terminal punctuation, optional closing quotes or brackets,
# then whitespace.  The next character decides whether it really ends a sentence.
_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f\u0370-\u04ff]")
_PARAGRAPH = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences in ``text``.

    Paragraph breaks always end a sentence; inside a paragraph a boundary needs
    terminal punctuation followed by an upper-case (or digit) start that is not
    after a known abbreviation or a single initial.
    """
    spans: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        spans.extend(_split_paragraph(text, paragraph.start(), paragraph.end()))
    return spans


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        if not _NEXT_START.match(text, stop, end) or _is_abbreviation(text, cursor, match):
            continue
        spans.append(_trimmed(text, cursor, stop))
        cursor = stop
    spans.append(_trimmed(text, cursor, end))
    return [span for span in spans if span[1] > span[0]]


def _is_abbreviation(text: str, sentence_start: int, match: re.Match[str]) -> bool:
    if text[match.start()] != ".":
        return False
    before = _WORD_BEFORE.search(text, sentence_start, match.start())
    if not before:
        return False
    word = before.group(1).lower().rstrip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
