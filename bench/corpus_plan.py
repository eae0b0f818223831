"""The corpus timeline: instances placed at a fixed density from 2019-01-01, cut by date order.

The density does not depend on the size asked for, and each instance is drawn from its own
seeded generators, so the first N articles in date order are the same in every corpus built
with the same seed: 10k is the exact time prefix of 100k, with the same gold.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from datetime import datetime, timedelta

import numpy as np

from corpus_instance import START, Item, build
from corpus_world import World

DENSITY = 100_000 / 730  # articles a day: 100k over two years
RECENT_TITLES = 40
SLACK = timedelta(days=4)  # an instance starts at most half a week before its target
CHECK_EVERY = 64


def instances(world: World) -> Iterator[tuple[datetime, list[Item]]]:
    """Instances in order, each with its target start; the next target follows by its size."""
    target, recent = START, deque(maxlen=RECENT_TITLES)
    number = 0
    while True:
        items = build(number, world.schedule(number), target, world, recent)
        yield target, items
        target += timedelta(days=len(items) / DENSITY)
        number += 1


def seconds(when: datetime) -> float:
    """Seconds since the corpus's start, the sort key of the timeline."""
    return (when - START).total_seconds()


def plan(count: int, world: World) -> list[Item]:
    """The first ``count`` articles of the timeline in date order.

    Instances are made until the next one's earliest possible date lies after the
    ``count``-th earliest article made so far: nothing later can enter the prefix.
    """
    items: list[Item] = []
    stamps: list[float] = []
    for number, (target, made) in enumerate(instances(world)):
        if len(items) >= count and number % CHECK_EVERY == 0:
            cutoff = np.partition(np.array(stamps), count - 1)[count - 1]
            if seconds(target - SLACK) > cutoff:
                break
        items.extend(made)
        stamps.extend(seconds(item.when) for item in made)
    items.sort(key=lambda item: (item.when, item.instance, item.number))
    return items[:count]


def slug(title: str) -> str:
    """A URL path segment from a title, as outlets make them."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8]) or "story"


def records(items: list[Item]) -> tuple[list[dict], list[dict]]:
    """news-please records and their gold lines; ids and URLs numbered in date order."""
    ids = {(item.instance, item.number): f"synthetic-{n}" for n, item in enumerate(items)}
    found, gold = [], []
    for n, item in enumerate(items):
        own = ids[item.instance, item.number]
        record = {
            "id": own,
            "title": item.title,
            "maintext": item.maintext,
            "date_publish": item.when.isoformat(),
            "url": f"https://{item.domain}/{item.when:%Y/%m}/{slug(item.title)}-{n}",
            "source_domain": item.domain,
            "language": item.declared,
        }
        if item.description:
            record["description"] = item.description
        found.append(record)
        gold.append(
            {
                "id": own,
                "story": f"story-{item.instance}",
                "copy_group": own if item.base is None else ids[item.instance, item.base],
                "seed": item.seed,
                "kind": item.kind,
                "language": item.language,
            }
        )
    return found, gold
