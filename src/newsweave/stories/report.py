"""What users see of stories: summaries for a listing and one story with its members.

"Independent sources" counts the groups of members that are not independent
of each other: copies of one text count once, and so do several articles of
one outlet.  A wire story reprinted by ten sites is one source.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import NamedTuple

from newsweave.store import Store, rows_in

TOP_ENTITIES = 8


class Member(NamedTuple):
    """One article of a story, with how strongly it belongs there."""

    id: str
    source: str | None
    published: str | None
    title: str | None
    story_score: float | None
    copy_of: str | None


@dataclass(frozen=True)
class StorySummary:
    """One story: its headline, time span, size and what it is about."""

    id: str
    headline: str
    first_seen: str | None
    last_seen: str | None
    article_count: int
    source_count: int
    entities: list[str]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class StoryDetail:
    """A story's summary and its members, best scored first."""

    summary: StorySummary
    members: list[Member]

    def to_dict(self) -> dict:
        return {**self.summary.to_dict(), "members": [member._asdict() for member in self.members]}


# Stories by their latest publication (undated ones last), then size, then id: the listing order.
_PAGE = (
    "SELECT story FROM articles WHERE story IS NOT NULL GROUP BY story "
    "ORDER BY max(published) IS NULL, max(published) DESC, count(*) DESC, story LIMIT ? OFFSET ?"
)
_MEMBERS = (
    "SELECT story, id, source, published, title, story_score, copy_of FROM articles WHERE story IS NOT NULL"
)


def story_summaries(store: Store, limit: int | None = None, offset: int = 0) -> list[StorySummary]:
    """Stories, the most recently covered first; a page of them costs one indexed pass, not all stories."""
    return summaries_of(store, [row[0] for row in store.db.execute(_PAGE, (-1 if limit is None else limit,
                                                                             offset))])


def story_order(store: Store) -> list[str]:
    """Every story id in listing order (see ``story_summaries``)."""
    return [row[0] for row in store.db.execute(_PAGE, (-1, 0))]


def summaries_of(store: Store, page: list[str]) -> list[StorySummary]:
    """The summaries of the stories ``page``, in that order."""
    members: dict[str, list[Member]] = defaultdict(list)
    for story, *fields in rows_in(store.db, _MEMBERS + " AND story IN ({marks})", page):
        members[story].append(Member(*fields))
    about = _profiles(store, page)
    return [_summary(store, story, members[story], *about.get(story, ({}, None))) for story in page]


def story_detail(store: Store, story_id: str) -> StoryDetail | None:
    """One story by id (or unique id prefix), else None."""
    story = resolve_story(store, story_id)
    if story is None:
        return None
    rows = [Member(*fields) for _, *fields in store.db.execute(f"{_MEMBERS} AND story = ?", (story,))]
    labels, representative = _profiles(store, [story]).get(story, ({}, None))
    summary = _summary(store, story, rows, labels, representative)
    rows.sort(key=lambda m: (m.copy_of is not None, -(m.story_score or 0.0), m.published or "", m.id))
    return StoryDetail(summary, rows)


def resolve_story(store: Store, story_id: str) -> str | None:
    """The full id of the story ``story_id`` names (exactly or by a unique prefix of 4+ characters)."""
    row = store.db.execute("SELECT id FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None and len(story_id) >= 4:
        rows = store.db.execute(
            "SELECT id FROM stories WHERE id >= ? AND id < ? LIMIT 2", (story_id, story_id + "\uffff")
        ).fetchall()
        row = rows[0] if len(rows) == 1 else None
    return row[0] if row else None


def _profiles(store: Store, stories: Sequence[str]) -> dict[str, tuple[dict, str | None]]:
    rows = rows_in(store.db, "SELECT id, labels, representative FROM stories WHERE id IN ({marks})", stories)
    return {story: (json.loads(labels), representative) for story, labels, representative in rows}


def _summary(
    store: Store, story: str, rows: list[Member], labels: dict, representative: str | None
) -> StorySummary:
    dates = sorted(row.published for row in rows if row.published)
    return StorySummary(
        story, _headline(store, rows, representative), dates[0] if dates else None,
        dates[-1] if dates else None, len(rows), independent_sources(rows), _entities(labels),
    )


def _headline(store: Store, rows: list[Member], representative: str | None) -> str:
    """The representative member's title, else the earliest title, else the opening words."""
    titled = {row.id: row.title for row in rows if row.title}
    if representative in titled:
        return titled[representative]
    for row in sorted(rows, key=lambda r: (r.published is None, r.published or "")):
        if row.title:
            return row.title
    if not rows:
        return ""
    text = store.db.execute("SELECT text FROM articles WHERE id = ?", (rows[0].id,)).fetchone()
    return " ".join((text[0] if text else "").split()[:12])


def independent_sources(rows: list[Member]) -> int:
    """Groups of members linked by being copies of one text or coming from one outlet."""
    return len(set(source_keys(rows).values()))


def source_keys(rows: Sequence[Member]) -> dict[str, str]:
    """Each member's independent source: one key for all copies of a text and all articles of an outlet."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for row in rows:
        root = find("a:" + (row.copy_of or row.id))
        if row.source:
            parent[root] = find("s:" + row.source)
        find(root)
    return {row.id: find("a:" + (row.copy_of or row.id)) for row in rows}


def _entities(labels: dict) -> list[str]:
    """The story's names in stored rank order, in title case for display.

    Numbers are left out, and so is a name whose words all belong to a name
    already shown ("Kim" after "Kim Jong Un").
    """
    chosen: list[str] = []
    for name in labels:
        if any(ch.isdigit() for ch in name) or _covered(name, chosen):
            continue
        chosen = [other for other in chosen if not _covered(other, [name])] + [name]
        if len(chosen) == TOP_ENTITIES:
            break
    return [name.title() if name.islower() else name for name in chosen]


def _covered(name: str, chosen: list[str]) -> bool:
    words = set(name.split())
    return any(words < set(other.split()) or words == set(other.split()) for other in chosen)
