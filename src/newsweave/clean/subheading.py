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

from newsweave.clean.normalize import fold_typography

_MIN_HEADING_WORDS = 2
_MAX_HEADING_WORDS = 10
_SENTENCE_PUNCT = re.compile(r"[.!?;:,\"\u201c\u201d\u2013\u2014]|--|\s-\s")
_SMALL_WORDS = frozenset(
    """a an and as at by for from in into of on or over the to under vs with""".split()
)
_SENTENCE_STARTERS = frozenset(
    """the a an in on at it he she they we this that these those but and as after before
    when while with for its his her their there here however meanwhile according during
    since although though if despite under over""".split()
)


def split_glued_heading(paragraph: str) -> tuple[str | None, str]:
    """Return ``(heading, rest)`` when a heading is glued on, else ``(None, paragraph)``."""
    if not paragraph[:1].isupper():
        return None, paragraph
    words = paragraph.split(" ", _MAX_HEADING_WORDS + 8)
    if len(words) < _MIN_HEADING_WORDS + 4:
        return None, paragraph
    upper = min(_MAX_HEADING_WORDS, len(words) - 4, _words_before_punctuation(words))
    for cut in range(_MIN_HEADING_WORDS, upper + 1):
        if not _may_start_body(words[0], words[cut]):
            continue
        heading_words, rest_words = words[:cut], words[cut:]
        if not _reads_as_sentence(rest_words):
            continue
        if _echoes_opening(heading_words, rest_words) or _title_case_break(heading_words, rest_words):
            heading = " ".join(heading_words)
            return heading, paragraph[len(heading) + 1:]
    return None, paragraph


def _words_before_punctuation(words: list[str]) -> int:
    """How many leading words are free of sentence punctuation (a heading has none)."""
    head = " ".join(words[: _MAX_HEADING_WORDS + 1])
    match = _SENTENCE_PUNCT.search(head)
    return len(words) if match is None else head.count(" ", 0, match.start())


def _may_start_body(first: str, word: str) -> bool:
    """Cheap test before the full ones: the word repeats the opening or starts a sentence."""
    if not word[:1].isupper():
        return False
    if word == first or word.lower() in _SENTENCE_STARTERS:
        return True
    return not (word.isascii() and first.isascii()) and fold_typography(word) == fold_typography(first)


def _reads_as_sentence(words: list[str]) -> bool:
    """Starts with a capitalised (not all-caps) word, then mostly lower-case words.

    This keeps Title Case headlines ("Flight Takes Off In 2018 But Lands In 2017")
    and all-caps banners from being taken for a heading plus a sentence.
    """
    first = words[0].strip("\"'\u2018\u201c(")
    if not first[:1].isupper() or (len(first) > 1 and first.isupper()):
        return False
    following = [w for w in words[1:7] if w[:1].isalpha()]
    lower = sum(1 for w in following if w[:1].islower())
    return bool(following) and lower * 2 >= len(following)


def _echoes_opening(heading: list[str], rest: list[str]) -> bool:
    """The paragraph's first words repeat the heading's first words, case and all."""
    span = min(2, len(heading))
    head_key = fold_typography(" ".join(heading[:span]))
    rest_key = fold_typography(" ".join(rest[:span]))
    return head_key == rest_key and len(head_key) >= 4


def _title_case_break(heading: list[str], rest: list[str]) -> bool:
    """A Title Case phrase followed by a sentence opening with a function word."""
    if len(heading) < 2 or heading[-1].lower() in _SMALL_WORDS:
        return False
    if not all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in heading):
        return False
    return rest[0].lower() in _SENTENCE_STARTERS and len(rest) >= 5 and rest[0] != "A"
