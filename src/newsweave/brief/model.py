"""The brief as data, with a stable JSON form (``SCHEMA``; fields in docs/BRIEF.md).

Citations are numbers into ``sources``: one source per article, numbered in
publication order; copies point at the article they copy (``copy_of``), and
``independent`` numbers the independent sources (copies and one outlet's
articles share one).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "newsweave.brief/1"


@dataclass(frozen=True)
class Cited:
    """A sentence of the brief and the sources that say it."""

    text: str
    citations: tuple[int, ...]


@dataclass(frozen=True)
class Fact:
    """A fact of the story with its verdict, the sources that state it and their sentences."""

    text: str
    verdict: str
    citations: tuple[int, ...]
    independent_sources: int
    evidence: tuple[Cited, ...] = ()


@dataclass(frozen=True)
class ConflictNote:
    """Two sources that disagree about one fact: each side and why."""

    a: Cited
    b: Cited
    why: str


@dataclass(frozen=True)
class SpeakerQuotes:
    """What one speaker is quoted as saying."""

    speaker: str
    quotes: tuple[Cited, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """A date the sources mention, or the time an article was published."""

    date: str
    kind: str
    text: str
    citations: tuple[int, ...]


@dataclass(frozen=True)
class SourceEntry:
    """One article of the story as a cited source."""

    number: int
    article: str
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    copy_of: int | None
    independent: int
    story_score: float | None = None


@dataclass
class Brief:
    """The brief of one story.

    ``text`` is the optional abstractive summary (see ``llm``), each sentence
    checked against the facts; ``unsupported`` the generated sentences that no
    fact supports, left out of it.
    """

    story: str
    headline: str
    lede: Cited | None
    facts: list[Fact] = field(default_factory=list)
    single_source: dict[int, list[Cited]] = field(default_factory=dict)
    conflicts: list[ConflictNote] = field(default_factory=list)
    quotes: list[SpeakerQuotes] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    text: list[Cited] | None = None
    unsupported: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``schema`` first, then the story's summary fields and the brief."""
        data = asdict(self)
        data["single_source"] = [{"source": number, "claims": [asdict(c) for c in claims]}
                                 for number, claims in self.single_source.items()]
        summary = data.pop("summary")
        return {"schema": SCHEMA, **summary, **data}
