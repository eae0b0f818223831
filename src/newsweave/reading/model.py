"""The records of a reading: entities, quotes and claims, with their spans.

Spans are character offsets into the article's display text, so a user
interface can mark them and a test can check them against the text.  Every
record turns into a plain dict and back, which is how readings are cached.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entity:
    """A named entity of one article: its name as written, label and canonical name.

    ``mentions`` holds the span of every mention; ``canonical`` is the fullest
    name the article (or its story) gives for it ("Kim" -> "Kim Jong Un").
    """

    text: str
    label: str
    canonical: str
    mentions: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "canonical": self.canonical,
                "mentions": [list(span) for span in self.mentions]}


@dataclass(frozen=True)
class Quote:
    """Words attributed to a speaker: ``direct`` between quote marks, or ``reported``.

    ``cue`` is the verb or phrase that attributes them ("said", "was quoted as
    saying", "according to"); ``speaker`` is None when no one is named.
    ``start``/``end`` run from the first word to the last; ``parts`` holds the
    span of each piece, which differ for a split quote (“…,” Kim said. “…”).
    """

    speaker: str | None
    cue: str | None
    text: str
    start: int
    end: int
    kind: str = "direct"
    parts: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["parts"] = [list(part) for part in self.parts or ((self.start, self.end),)]
        return data


@dataclass(frozen=True)
class NumberMention:
    """A number as written, its value and its unit ("24 years" -> 24, "years")."""

    text: str
    value: float
    unit: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DateMention:
    """A date as written and resolved against the article's date.

    ``date`` is ISO 8601 (None when it cannot be resolved) and ``granularity``
    says how precise the text was: day, week, month or year.
    """

    text: str
    date: str | None
    granularity: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Claim:
    """One checkable statement: a sentence, or one clause of a sentence that joins several.

    ``attribution`` is who says it (None: the outlet itself); ``stance`` is one
    of stated, reported, alleged or denied.  ``facts`` are the smaller
    statements inside it that another source may repeat on their own: quoted
    and reported words, and a second predicate with its subject ("Kim
    emphasized solidarity with Russia").
    """

    text: str
    start: int
    end: int
    entities: tuple[str, ...] = ()
    numbers: tuple[NumberMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    attribution: str | None = None
    stance: str = "stated"
    facts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end,
            "entities": list(self.entities),
            "numbers": [number.to_dict() for number in self.numbers],
            "dates": [mention.to_dict() for mention in self.dates],
            "attribution": self.attribution, "stance": self.stance,
            "facts": list(self.facts),
        }


@dataclass
class Reading:
    """What one article says.

    ``analysis`` is ``full`` (entities, speakers, dates, stance) or
    ``sentences`` (a language or set-up without a model: sentence claims and
    numbers only); ``notes`` says why in words.
    """

    title: str | None
    published: str | None
    language: str | None
    analysis: str
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "published": self.published, "language": self.language,
            "analysis": self.analysis, "notes": list(self.notes),
            "entities": [entity.to_dict() for entity in self.entities],
            "quotes": [quote.to_dict() for quote in self.quotes],
            "claims": [claim.to_dict() for claim in self.claims],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reading:
        """The inverse of ``to_dict``, for readings cached in the store."""
        return cls(
            title=data["title"], published=data["published"], language=data["language"],
            analysis=data["analysis"], notes=list(data["notes"]),
            entities=[_entity(item) for item in data["entities"]],
            quotes=[_quote(item) for item in data["quotes"]],
            claims=[_claim(item) for item in data["claims"]],
        )


def _quote(data: dict[str, Any]) -> Quote:
    parts = tuple((start, end) for start, end in data.get("parts", ()))
    return Quote(**{**data, "parts": parts if parts != ((data["start"], data["end"]),) else ()})


def _entity(data: dict[str, Any]) -> Entity:
    mentions = tuple((start, end) for start, end in data["mentions"])
    return Entity(data["text"], data["label"], data["canonical"], mentions)


def _claim(data: dict[str, Any]) -> Claim:
    return Claim(
        text=data["text"], start=data["start"], end=data["end"],
        entities=tuple(data["entities"]),
        numbers=tuple(NumberMention(**item) for item in data["numbers"]),
        dates=tuple(DateMention(**item) for item in data["dates"]),
        attribution=data["attribution"], stance=data["stance"], facts=tuple(data.get("facts", ())),
    )
