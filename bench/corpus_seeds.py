"""Seed stories for the synthetic corpus: real events and real multilingual pairs.

Every synthetic story is a transformed copy of one seed, so a seed must be a real story:
the 29 events of news_cluster_dev (with their dates and real copy groups), and, for other
languages, article_pairs_dev texts: pairs rated the same story (Overall <= 1.5) joined into
one seed, texts only ever rated unrelated (Overall >= 3.5) as one-article seeds.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Hashable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data"
DEV = DATA / "news_cluster_dev"
PAIRS_DEV = DATA / "article_pairs_dev/pairs.jsonl"
REAL_PAIRS = ROOT / "bench/data/copies/real_pairs.jsonl"
SAME_STORY, UNRELATED = 1.5, 3.5
MIN_BODY_CHARS = 250
MAX_TITLE = 200
PAIR_ANCHOR = datetime(2020, 1, 6)  # the SemEval 2022 articles are from 2020: years in them move from there
SENTENCES = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


@dataclass(frozen=True)
class SeedArticle:
    """One real article of a seed, placed by its offset from the seed's first article."""

    key: str
    title: str
    description: str | None
    maintext: str
    offset: timedelta
    language: str
    declared: str | None
    copy_of: int | None = None


@dataclass(frozen=True)
class Seed:
    """A real story: its articles and the date of the first (the time its texts speak from)."""

    name: str
    kind: str
    first: datetime
    articles: tuple[SeedArticle, ...]


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


class Union:
    """Union-find over hashable items."""

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, item: Hashable) -> Hashable:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: Hashable, b: Hashable) -> None:
        self.parent[self.find(a)] = self.find(b)


def real_copy_roots(path: Path = REAL_PAIRS) -> Union:
    """The dev articles' real copy groups (pairs labelled ``copy``)."""
    union = Union()
    for pair in load_jsonl(path):
        if pair["label"] == "copy":
            union.join(pair["a"], pair["b"])
    return union


def event_seed(name: str, records: list[dict], copies: Union) -> Seed:
    """One dev event; a real copy's original is the group's earliest article, the copy >= 1 h later."""
    records = sorted(records, key=lambda r: (r["date_publish"], r["id"]))
    first = datetime.fromisoformat(records[0]["date_publish"])
    originals: dict[str, int] = {}
    articles: list[SeedArticle] = []
    for number, record in enumerate(records):
        offset = datetime.fromisoformat(record["date_publish"]) - first
        root = copies.find(record["id"])
        copy_of = originals.setdefault(root, number)
        if copy_of == number:
            copy_of = None
        else:
            offset = max(offset, articles[copy_of].offset + timedelta(hours=1))
        articles.append(
            SeedArticle(
                record["id"],
                record["title"],
                record.get("description") or None,
                record["maintext"],
                offset,
                record.get("language") or "en",
                record.get("language"),
                copy_of,
            )
        )
    return Seed(name, "event", first, tuple(articles))


@cache
def event_seeds() -> tuple[Seed, ...]:
    """The 29 events of news_cluster_dev, in name order."""
    events = {row["id"]: row["event"] for row in load_jsonl(DEV / "gold.jsonl")}
    grouped: dict[str, list[dict]] = {}
    for record in load_jsonl(DEV / "articles.jsonl"):
        grouped.setdefault(events[record["id"]], []).append(record)
    copies = real_copy_roots()
    return tuple(event_seed(name, grouped[name], copies) for name in sorted(grouped))


def title_and_body(text: str) -> tuple[str, str]:
    """A pair text is its title, a newline or two spaces, then the body; else the lead stands in."""
    text = text.strip()
    for mark in ("\n", "  "):
        head, found, body = text.partition(mark)
        if found and len(head) <= MAX_TITLE:
            return head.strip(), body.strip()
    lead = SENTENCES.split(text, maxsplit=1)[0]
    return " ".join(lead.split()[:12])[:MAX_TITLE], text


def body_paragraphs(body: str) -> str:
    """Bodies come as one block; three sentences a paragraph, as news sites set them."""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if len(lines) > 2:
        return "\n".join(lines)
    sentences = [s for s in SENTENCES.split(" ".join(lines)) if s.strip()]
    return "\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def pair_components(pairs: list[dict]) -> tuple[list[list[tuple[str, str]]], dict[tuple[str, str], bool]]:
    """Same-story components of texts (text, language), and whether each text is only ever unrelated."""
    union, unrelated = Union(), {}
    for pair in pairs:
        a, b = (pair["text1"], pair["lang1"]), (pair["text2"], pair["lang2"])
        for text in (a, b):
            unrelated[text] = unrelated.get(text, True) and pair["Overall"] >= UNRELATED
            union.find(text)
        if pair["Overall"] <= SAME_STORY:
            union.join(a, b)
    components: dict = {}
    for text in sorted(union.parent):
        components.setdefault(union.find(text), []).append(text)
    return list(components.values()), unrelated


def pair_article(text: str, language: str, offset: timedelta) -> SeedArticle | None:
    title, body = title_and_body(text)
    if len(body) < MIN_BODY_CHARS:
        return None
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return SeedArticle(key, title, None, body_paragraphs(body), offset, language, language)


@cache
def pair_seeds() -> tuple[Seed, ...]:
    """Multilingual seeds from article_pairs_dev, with fixed anchors and hours (part of the data)."""
    rng = random.Random("pair-seeds")
    seeds = []
    components, unrelated = pair_components(load_jsonl(PAIRS_DEV))
    for texts in components:
        if len(texts) == 1 and not unrelated[texts[0]]:
            continue
        offsets = [timedelta(0)] + [timedelta(hours=rng.randint(1, 36)) for _ in texts[1:]]
        made = [
            pair_article(text, language, offset)
            for (text, language), offset in zip(texts, offsets, strict=True)
        ]
        articles = sorted((a for a in made if a is not None), key=lambda a: a.offset)
        if not articles:
            continue
        start = articles[0].offset
        first = PAIR_ANCHOR + timedelta(
            days=rng.randint(0, 6), hours=rng.randint(6, 22), minutes=rng.randint(0, 59)
        )
        placed = tuple(replace(a, offset=a.offset - start) for a in articles)
        seeds.append(Seed(f"pair-{placed[0].key}", "pair", first, placed))
    return tuple(seeds)
