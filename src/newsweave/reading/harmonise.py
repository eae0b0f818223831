"""Canonical names across a story: "Putin" in one article is "Vladimir Putin" named in another.

Within an article, a surname maps to the full name the article gives.  An
article that only ever says "Putin" borrows the full name from the rest of its
story, so every speaker and claim of the story uses one name per person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsweave.reading.entities import canonical_names
from newsweave.reading.model import Reading


def harmonise(readings: Sequence[Reading]) -> list[Reading]:
    """The readings of one story with person names made canonical across all of them.

    ``readings`` come in publication order, which decides between two full
    names that both contain a surname.
    """
    people = [entity.canonical for reading in readings for entity in reading.entities
              if entity.label == "person"]
    renamed = {name: full for name, full in canonical_names(people).items() if name != full}
    if not renamed:
        return list(readings)
    return [_rename(reading, renamed) for reading in readings]


def _rename(reading: Reading, renamed: dict[str, str]) -> Reading:
    def name(value: str | None) -> str | None:
        return renamed.get(value, value) if value is not None else None

    return replace(
        reading,
        entities=[replace(entity, canonical=name(entity.canonical)) if entity.label == "person" else entity
                  for entity in reading.entities],
        quotes=[replace(quote, speaker=name(quote.speaker)) for quote in reading.quotes],
        claims=[replace(claim, attribution=name(claim.attribution),
                        entities=tuple(dict.fromkeys(name(entity) for entity in claim.entities)))
                for claim in reading.claims],
    )
