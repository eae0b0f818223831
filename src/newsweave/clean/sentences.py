"""Sentence splitting by rule, fast enough to run on every ingested article.

A statistical parser comes later (the reading stage); ingest needs sentence spans
at thousands of articles a second, so this splitter uses punctuation, the case of
the next word and a list of abbreviations that do not end sentences.  Spans are
character offsets into the display text, which keeps the original text intact.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep pres vs
    etc inc ltd co corp dept univ no nos vol fig approx est jan feb mar apr jun jul aug
    sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m ph.d d.c ala ariz ark calif colo
    conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore pa
    tenn tex va vt wash wis wyo""".split()
)
# A boundary inside a line: terminal punctuation (with closing quotes or
# brackets), then spaces, then an upper-case or digit start.  The spaces are
# part of the match, so a sentence ends at the "stop" group and the next one
# starts where the match ends.
_BOUNDARY = re.compile(
    r"(?P<stop>[.!?\u2026]+[\"'\u201c\u201d\u2019\u00bb)\]]*)[ \t]+"
    r"(?=[\"'\u201c\u201e\u2018\u00ab(\[]?[A-Z0-9\u00c0-\u024f\u0370-\u04ff])"
)
_OPENING_PUNCTUATION = "\"'([\u201c\u2018"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences in ``text``.

    Line breaks always end a sentence; inside a line a boundary needs terminal
    punctuation followed by an upper-case (or digit) start that is not after a
    known abbreviation or a single initial.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            _split_line(line, offset, spans)
        offset += len(line) + 1
    return spans


def _split_line(line: str, offset: int, spans: list[tuple[int, int]]) -> None:
    start = len(line) - len(line.lstrip())
    for match in _BOUNDARY.finditer(line):
        stop = match.start("stop")
        if line[stop] == "." and _is_abbreviation(line, start, stop):
            continue
        spans.append((offset + start, offset + match.end("stop")))
        start = match.end()
    end = len(line.rstrip())
    if end > start:
        spans.append((offset + start, offset + end))


def _is_abbreviation(line: str, sentence_start: int, stop: int) -> bool:
    """True when the full stop at ``stop`` ends an abbreviation or an initial."""
    begin = max(sentence_start, line.rfind(" ", sentence_start, stop) + 1)
    word = line[begin:stop].lstrip(_OPENING_PUNCTUATION)
    word = word.lower().rstrip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
