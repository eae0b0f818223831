"""The records that flow between stages.

Every stage takes and returns these plain dataclasses, so a stage can be tested,
replaced or run on Spark without the store or the command line around it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One news article as read from an input, before and after cleaning.

    ``origin`` is the input as the user named it and ``position`` the place of
    the record inside it (a line number, a record URI), for multi-record inputs.
    ``text`` is the display text: paragraphs separated by blank lines, the
    original quote marks and dashes kept.  ``removed_lines`` keeps every line that
    cleaning took out, so nothing a reader might want is silently lost.
    ``copy_of`` names the original of the article's copy group (None for an
    original); ``copy_match`` the article it was verified against, with the
    scores ``copy_similarity`` (Jaccard) and ``copy_containment``.  ``story`` is
    the id of the story the article belongs to, ``story_score`` how strongly.
    """

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    external_id: str | None = None
    origin: str | None = None
    position: str | None = None
    id: str | None = None
    removed_lines: list[str] = field(default_factory=list)
    related_headlines: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    copy_of: str | None = None
    copy_kind: str | None = None
    copy_similarity: float | None = None
    copy_containment: float | None = None
    copy_match: str | None = None
    story: str | None = None
    story_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        data = asdict(self)
        data["sentences"] = [list(span) for span in self.sentences]
        return data

    def sentence_texts(self) -> list[str]:
        """The sentences of ``text``, from the stored character spans."""
        return [self.text[start:end] for start, end in self.sentences]


@dataclass(frozen=True)
class Failure:
    """An input, or one record of it, that could not be read.

    ``where`` names the input as the user gave it (``file``, ``file:line`` or a
    URL); ``reason`` is one plain sentence fit for a terminal line.
    """

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"
