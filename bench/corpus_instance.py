"""One story instance: a seed's articles rewritten, dated, reprinted and placed at outlets.

Everything an instance draws comes from generators seeded by (run seed, instance number),
and it reads only earlier instances' titles (for teaser lines), so an instance is the same
whatever corpus size it ends up in: the basis of 10k being the exact time prefix of 100k.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import numpy as np

from copies_eval import EDITS, KINDS, MIN_COPY_WORDS, Draft, count_words, eligible, paragraphs
from corpus_outlets import dress
from corpus_transform import Prepared, Shift, language_map, render, shared_maps
from corpus_world import COPY_SIZES, COPY_WEIGHTS, World, names, vocabularies

START = datetime(2019, 1, 1)
KIND_TRIES = 3


@dataclass
class Item:
    """One article of an instance; ``base`` is the number of its copy group's original."""

    instance: int
    number: int
    when: datetime
    title: str
    description: str | None
    maintext: str
    language: str
    declared: str | None
    seed: str
    kind: str
    base: int | None = None
    domain: str = ""
    kinds: tuple[str, ...] = ()


@cache
def reprint_kinds(maintext: str) -> tuple[str, ...]:
    """The edits a seed text can be reprinted with (none when too short); renaming keeps this."""
    record = {"maintext": maintext}
    return tuple(kind for kind in KINDS if eligible(record, kind))


def placed(seed_first: datetime, target: datetime) -> int:
    """Whole weeks to move the seed so it starts nearest ``target``, never before ``START``."""
    weeks = round((target - seed_first) / timedelta(weeks=1))
    while seed_first + timedelta(weeks=weeks) < START:
        weeks += 1
    return weeks


def rewrite(instance: int, prepared: Prepared, target: datetime, world: World) -> list[Item]:
    """The seed's articles under this instance's maps, moved to start near ``target``."""
    seed = prepared.seed
    rng = random.Random(f"{world.seed}:{instance}:maps")
    generator = np.random.default_rng([world.seed, instance])
    weeks = placed(seed.first, target)
    start = seed.first + timedelta(weeks=weeks)
    shared = shared_maps(prepared, Shift(weeks * 7), rng)
    salt = np.uint64(generator.integers(2**63))
    maps = {
        language: {
            **language_map(table, vocabularies()[language], names(world.seed), world.remap, salt, generator),
            **shared,
        }
        for language, table in prepared.tables.items()
    }
    items = []
    for number, (article, (title, description, text)) in enumerate(
        zip(seed.articles, prepared.parts, strict=True)
    ):
        mapped = maps[article.language]
        items.append(
            Item(
                instance,
                number,
                start + article.offset,
                render(title, mapped),
                render(description, mapped) if description else None,
                render(text, mapped),
                article.language,
                article.declared,
                seed.name,
                "original" if article.copy_of is None else "copy:real",
                article.copy_of,
                kinds=reprint_kinds(article.maintext),
            )
        )
    return items


def reprint(base: Item, number: int, others: list[dict], rng: random.Random) -> Item | None:
    """One reprint of ``base`` by another outlet 1-48 h later, with one of copies_eval's edits."""
    for _ in range(KIND_TRIES):
        kind = rng.choice(base.kinds)
        draft = Draft(base.title, paragraphs(base.maintext), others, rng)
        EDITS[kind](draft)
        if count_words(draft.paragraphs) >= MIN_COPY_WORDS:
            return Item(
                base.instance,
                number,
                base.when + timedelta(hours=rng.randint(1, 48)),
                draft.title,
                base.description,
                "\n".join(draft.paragraphs),
                base.language,
                base.declared,
                base.seed,
                f"copy:{kind}",
                base.number,
            )
    return None


def reprints(items: list[Item], rate: float, others: list[dict], rng: random.Random) -> list[Item]:
    """Synthetic copies: each long enough original is reprinted 1-3 times with chance ``rate``.

    Originals with real copies are left alone, so copy groups stay at 2-4 articles.
    """
    copied = {item.base for item in items}
    bases = [item for item in items if item.base is None and item.kinds and item.number not in copied]
    made: list[Item] = []
    for base in bases:
        if rng.random() >= rate:
            continue
        for _ in range(rng.choices(COPY_SIZES, COPY_WEIGHTS)[0]):
            copy = reprint(base, len(items) + len(made), others, rng)
            if copy is not None:
                made.append(copy)
    return made


def build(
    instance: int, prepared: Prepared, target: datetime, world: World, recent: deque[str]
) -> list[Item]:
    """The instance's articles: rewritten originals, real and synthetic copies, outlets and furniture."""
    items = rewrite(instance, prepared, target, world)
    rng = random.Random(f"{world.seed}:{instance}:copies")
    titles = list(recent) or [item.title for item in items]
    items += reprints(items, world.rate, [{"title": title} for title in titles], rng)
    used: set[str] = set()
    for item in items:
        outlet = world.outlets.draw(item.language, rng, used)
        used.add(outlet.domain)
        item.domain = outlet.domain
        item.maintext = dress(item.maintext, outlet, rng.choice(titles), rng)
    recent.extend(item.title for item in items if item.kind == "original")
    return items
