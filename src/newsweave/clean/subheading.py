"""Sub-headings that a scraper glued to the start of the next paragraph.

When a page's ``<h2>`` loses its line break, "Putin's visit to North Korea" and
"Putin's visit comes amid growing concerns ..." become one paragraph.  Two signs
give it away without a model:

* the paragraph's opening words come back at the start of a new sentence a few
  words later ("Putin's visit ... Putin's visit comes ..."), the heading having
  echoed the paragraph it introduced; or
* a short Title Case phrase runs straight into a sentence that starts with a
  capitalised function word ("Economic Impact The deal will ...").

The heading must itself be free of sentence punctuation, so ordinary sentences
are never split.
"""

from __future__ import annotations

import re

from newsweave.clean.normalize import for_matching

_MIN_HEADING_WORDS = 2
_MAX_HEADING_WORDS = 10
_SENTENCE_PUNCT = re.compile(r"[.!?;:\"\u201c\u201d]")
_SMALL_WORDS = frozenset(
    "a an and as at by for from in into of on or over the to under vs with".split()
)
_SENTENCE_STARTERS = frozenset(
    """the a an in on at it he she they we this that these those but and as after
    before when while with for its his her their there here however meanwhile
    according during since although though if despite under over""".split()
)


def split_glued_heading(paragraph: str) -> tuple[str | None, str]:
    """Return ``(heading, rest)`` when a heading is glued on, else ``(None, paragraph)``."""
    words = paragraph.split(" ")
    if len(words) < _MIN_HEADING_WORDS + 4:
        return None, paragraph
    upper = min(_MAX_HEADING_WORDS, len(words) - 4)
    for cut in range(_MIN_HEADING_WORDS, upper + 1):
        heading_words, rest_words = words[:cut], words[cut:]
        if not _could_be_heading(heading_words) or not rest_words[0][:1].isupper():
            continue
        if _echoes_opening(heading_words, rest_words) or _title_case_break(
            heading_words, rest_words
        ):
            return " ".join(heading_words), " ".join(rest_words)
    return None, paragraph


def _could_be_heading(words: list[str]) -> bool:
    text = " ".join(words)
    return not _SENTENCE_PUNCT.search(text) and words[0][:1].isupper()


def _echoes_opening(heading: list[str], rest: list[str]) -> bool:
    """The paragraph's first words repeat the heading's first words."""
    span = min(2, len(heading))
    head_key = for_matching(" ".join(heading[:span]))
    rest_key = for_matching(" ".join(rest[:span]))
    return head_key == rest_key and len(head_key) >= 4


def _title_case_break(heading: list[str], rest: list[str]) -> bool:
    """A Title Case phrase followed by a sentence opening with a function word."""
    if len(heading) < 2 or heading[-1].lower() in _SMALL_WORDS:
        return False
    if not all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in heading):
        return False
    starter = rest[0]
    return starter.lower() in _SENTENCE_STARTERS and len(rest) >= 5 and starter != "A"
