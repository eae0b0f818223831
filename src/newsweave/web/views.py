"""What each page shows, as plain data: the HTML templates and the JSON twins read the same dicts."""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

from newsweave.brief.build import build_brief, story_groups
from newsweave.brief.model import Brief
from newsweave.corroborate.model import ClaimGroup
from newsweave.corroborate.pairwise import compare_claims
from newsweave.reading.stored import ReadArticle, article_reading, story_readings
from newsweave.store import SearchFilters, Store, rows_in
from newsweave.stories.report import source_keys, story_detail, story_order, summaries_of

CHART_DAYS = 30
MATRIX_ROWS = 40
SNIPPET_MARKS = ("\x02", "\x03")


class StoryOrder:
    """The story listing, computed again only when the store has new articles or stories.

    Ordering every story takes one pass over all articles; a page then reads
    only its own stories, and a page already built is served as it is until the
    store changes.
    """

    PAGES = 64

    def __init__(self) -> None:
        self.version: tuple | None = None
        self.ids: list[str] = []
        self.pages: dict[tuple[int, int], list[dict[str, Any]]] = {}
        self.lock = threading.Lock()

    def listing(self, store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
        version = store.db.execute("SELECT max(seq), (SELECT count(*) FROM stories) FROM articles").fetchone()
        with self.lock:
            if version != self.version:
                self.ids, self.pages, self.version = story_order(store), {}, version
            key = (limit, offset)
            page = self.pages.get(key)
            if page is None:
                page = _listing(store, self.ids[offset:offset + limit])
                if len(self.pages) >= self.PAGES:
                    self.pages.pop(next(iter(self.pages)))
                self.pages[key] = page
            return page


def stories(store: Store, limit: int, offset: int, order: StoryOrder | None = None) -> list[dict[str, Any]]:
    """The stories, newest first, with their coverage per day for the chart."""
    return (order or StoryOrder()).listing(store, limit, offset)


def _listing(store: Store, page: list[str]) -> list[dict[str, Any]]:
    summaries = [summary.to_dict() for summary in summaries_of(store, page)]
    days = _coverage(store, [summary["id"] for summary in summaries])
    return [{**summary, "coverage": days.get(summary["id"], [])} for summary in summaries]


def _coverage(store: Store, ids: list[str]) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    sql = ("SELECT story, substr(published, 1, 10) AS day, count(*) FROM articles "
           "WHERE story IN ({marks}) AND published IS NOT NULL GROUP BY story, day ORDER BY day")
    for story, day, count in rows_in(store.db, sql, ids):
        found[story].append((day, count))
    return {story: days[-CHART_DAYS:] for story, days in found.items()}


class BriefCache:
    """Briefs and readings by story and members: both change only when the story's articles do.

    An article's page names people as its story does, so it needs the readings
    of the whole story: kept here, a big story's are loaded and harmonised once
    per change of its members, not once per request.
    """

    def __init__(self, size: int = 256, readings_size: int = 32) -> None:
        self.size = size
        self.items: dict[tuple, tuple[Brief, list[ClaimGroup]]] = {}
        self.readings_size = readings_size
        self.story_readings: dict[tuple, list[ReadArticle]] = {}
        self.lock = threading.Lock()

    def readings(self, store: Store, story_id: str) -> list[ReadArticle]:
        """Every article of the story with its reading (``story_readings``), cached by members."""
        members = store.db.execute("SELECT id FROM articles WHERE story = ? ORDER BY id", (story_id,))
        key = (story_id, tuple(row[0] for row in members))
        with self.lock:
            found = self.story_readings.get(key)
        if found is None:
            found = story_readings(store, story_id)
            with self.lock:
                if len(self.story_readings) >= self.readings_size:
                    self.story_readings.pop(next(iter(self.story_readings)), None)
                self.story_readings[key] = found
        return found

    def get(self, store: Store, story_id: str) -> tuple[Brief, list[ClaimGroup]] | None:
        detail = story_detail(store, story_id)
        if detail is None:
            return None
        key = (detail.summary.id, tuple(sorted((m.id, m.story_score) for m in detail.members)))
        with self.lock:
            found = self.items.get(key)
        if found is None:
            items = self.readings(store, detail.summary.id)
            keys = source_keys(detail.members)
            groups = story_groups(items, keys)
            brief = build_brief(detail.summary.id, items, keys, detail.summary.headline, detail.to_dict(),
                                groups)
            found = (brief, groups)
            with self.lock:
                if len(self.items) >= self.size:
                    self.items.pop(next(iter(self.items)), None)
                self.items[key] = found
        return found


def story(cache: BriefCache, store: Store, story_id: str, a: str | None, b: str | None) -> dict | None:
    """The story page: brief, claims x sources matrix, copy groups, and a comparison when asked."""
    found = cache.get(store, story_id)
    if found is None:
        return None
    brief, groups = found
    page = {"brief": brief.to_dict(), "matrix": matrix(brief, groups), "copy_groups": copy_groups(brief),
            "comparison": None}
    members = {source.article for source in brief.sources}
    if a in members and b in members and a != b:
        left, right = store.get(a), store.get(b)
        page["comparison"] = {"a": _label(brief, a), "b": _label(brief, b), **compare_claims(left, right)}
    return page


def _label(brief: Brief, article: str) -> dict:
    source = next(source for source in brief.sources if source.article == article)
    return {"article": article, "number": source.number, "outlet": source.outlet, "title": source.title}


def matrix(brief: Brief, groups: list[ClaimGroup]) -> dict[str, Any]:
    """Claims (rows) against sources (columns): which source states each fact, and the verdict."""
    number = {source.article: source.number for source in brief.sources}
    ranked = sorted(groups, key=lambda g: (g.verdict == "single-source", -g.sources,
                                          min(number[c.article] for c in g.claims)))
    rows = []
    for group in ranked[:MATRIX_ROWS]:
        first = min(group.claims, key=lambda c: (number[c.article], c.index))
        rows.append({"text": first.claim.text, "verdict": group.verdict,
                     "sources": sorted({number[c.article] for c in group.claims})})
    return {"sources": [source.number for source in brief.sources], "rows": rows}


def copy_groups(brief: Brief) -> list[list[int]]:
    """Sources that are copies of one text, each group as source numbers (original first)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for source in brief.sources:
        groups[source.copy_of or source.number].append(source.number)
    return [members for members in groups.values() if len(members) > 1]


def article(cache: BriefCache, store: Store, article_id: str) -> dict | None:
    """The article page: its reading and its text cut into plain, entity and quote segments."""
    found = _article_reading(cache, store, article_id)
    if found is None:
        return None
    reading = found.reading.to_dict()
    record = {"id": found.article.id, "url": found.article.url, "source": found.article.source,
              "story": found.article.story, "removed_lines": found.article.removed_lines, **reading}
    return {"article": record, "segments": segments(found.article.text, reading)}


def _article_reading(cache: BriefCache, store: Store, article_id: str) -> ReadArticle | None:
    stored = store.get(article_id)
    if stored is None or stored.story is None:
        return article_reading(store, article_id)
    return next(
        (item for item in cache.readings(store, stored.story) if item.article.id == stored.id), None
    ) or article_reading(store, article_id)


def segments(text: str, reading: dict) -> list[dict]:
    """The text as runs: ``plain``, ``entity`` (with its label) or ``quote``, never overlapping."""
    marks = [(q["start"], q["end"], "quote", None) for q in reading["quotes"] if q["kind"] == "direct"]
    marks += [(start, end, "entity", e["label"]) for e in reading["entities"] for start, end in e["mentions"]]
    runs, position = [], 0
    for start, end, kind, label in sorted(marks, key=lambda mark: (mark[0], mark[2] != "quote")):
        if start < position or end > len(text):
            continue
        if start > position:
            runs.append({"kind": "plain", "text": text[position:start]})
        runs.append({"kind": kind, "label": label, "text": text[start:end]})
        position = end
    if position < len(text):
        runs.append({"kind": "plain", "text": text[position:]})
    return runs


def search(store: Store, query: str, filters: SearchFilters, limit: int) -> list[dict[str, Any]]:
    """Hits with the article's listing fields and a snippet whose matches are between ``SNIPPET_MARKS``."""
    hits = store.search(query, limit, filters, SNIPPET_MARKS) if query.strip() else []
    return [{"id": hit.article.id, "title": hit.article.title, "published": hit.article.published,
             "source": hit.article.source, "language": hit.article.language, "story": hit.article.story,
             "snippet": hit.snippet, "rank": hit.rank} for hit in hits]
