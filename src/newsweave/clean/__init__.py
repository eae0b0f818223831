"""The cleaning stage: from a reader's raw text to the article's display text.

Order matters and is fixed here: tidy whitespace, drop furniture (by pattern,
then by what the source repeats), split glued sub-headings, detect the language,
split sentences.  Every removed line is kept on the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from newsweave.clean.furniture import Verdict, judge_line, judge_lines
from newsweave.clean.language import detect_language
from newsweave.clean.normalize import for_matching, tidy_line, tidy_lines
from newsweave.clean.recurring import LineStats, recurring_filter
from newsweave.clean.sentences import split_sentences
from newsweave.clean.subheading import split_glued_heading
from newsweave.model import Article

PARAGRAPH_BREAK = "\n\n"
_TITLE_SEARCH_LINES = 3
# Folding quotes, dashes and spaces changes a line's length by a few characters at most.
_TITLE_LENGTH_SLACK = 12

__all__ = ["PARAGRAPH_BREAK", "LineStats", "clean_article", "raw_lines"]


def raw_lines(text: str) -> list[str]:
    """The non-empty, whitespace-tidied lines of a reader's text."""
    return tidy_lines(text)


def clean_article(
    article: Article, stats: LineStats | None = None, lines: list[str] | None = None
) -> Article:
    """Return a cleaned copy of ``article``; the input record is not changed.

    ``stats`` carries the per-source counts of repeated lines; without it only
    the furniture patterns apply.  ``lines`` are the article's ``raw_lines``
    when the caller has computed them already.
    """
    lines = raw_lines(article.text) if lines is None else lines
    learned = recurring_filter(stats, article.source, lines) if stats else set()
    sorted_lines = _SortedLines()
    for index, (line, verdict) in enumerate(zip(lines, judge_lines(lines), strict=True)):
        if verdict.is_furniture or index in learned:
            sorted_lines.remove(line, verdict)
        else:
            sorted_lines.keep(line)
    kept, removed, subheadings = sorted_lines.kept, sorted_lines.removed, sorted_lines.subheadings
    title = tidy_line(article.title) if article.title else None
    _drop_repeated_title(kept, removed, title)
    text = PARAGRAPH_BREAK.join(kept)
    return replace(
        article,
        title=title or None,
        text=text,
        language=_language(article.language, text),
        removed_lines=[*article.removed_lines, *removed],
        related_headlines=[*article.related_headlines, *sorted_lines.related],
        subheadings=[*article.subheadings, *subheadings],
        sentences=_sentences(text, set(subheadings)),
    )


@dataclass
class _SortedLines:
    """The lines of one article as cleaning sorts them: kept, removed, and what they tell."""

    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)

    def remove(self, line: str, verdict: Verdict) -> None:
        self.removed.append(line)
        if verdict.headline:
            self.related.append(verdict.headline)

    def keep(self, line: str) -> None:
        """Keep ``line``, each sub-heading glued to its start split off as a line of its own.

        What remains once a heading is split off is judged again as a line of its
        own, as cleaning the cleaned text would judge it.
        """
        heading, rest = split_glued_heading(line)
        if heading is None:
            self.kept.append(line)
            return
        while heading is not None:
            if judge_line(heading).is_furniture:
                self.removed.append(heading)
            else:
                self.subheadings.append(heading)
                self.kept.append(heading)
            heading, rest = split_glued_heading(rest)
        verdict = judge_line(rest)
        if verdict.is_furniture:
            self.remove(rest, verdict)
        else:
            self.kept.append(rest)


def _drop_repeated_title(kept: list[str], removed: list[str], title: str | None) -> None:
    """Extractors often repeat the headline as the first (or second) line of the body.

    Every repeat among the first lines goes, the window moving up as lines leave
    it, so that cleaning the cleaned text finds none left to remove.
    """
    if not title:
        return
    wanted = for_matching(title)
    index = 0
    while index < min(len(kept), _TITLE_SEARCH_LINES):
        line = kept[index]
        if abs(len(line) - len(title)) <= _TITLE_LENGTH_SLACK and for_matching(line) == wanted:
            removed.append(kept.pop(index))
        else:
            index += 1


def _language(declared: str | None, text: str) -> str | None:
    if declared and declared.strip():
        return declared.strip().lower().replace("_", "-").split("-")[0]
    return detect_language(text)


def _sentences(text: str, headings: set[str]) -> list[tuple[int, int]]:
    spans = split_sentences(text)
    if not headings:
        return spans
    return [(a, b) for a, b in spans if text[a:b] not in headings]
