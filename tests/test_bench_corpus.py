"""The synthetic story corpus of ``bench/corpus.py``: deterministic, well formed, a time prefix, with
consistent gold (copies in their story, after their original) and consistent per-instance names."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import datetime
from functools import cache

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from corpus import COPIES, REMAP, generate
from corpus_instance import START, rewrite
from corpus_words import split
from corpus_world import vocabularies, world

SMALL = 600
SILVERMAN = "Sarah_Silverman_and_Michael_Sheen_Break_Up"


@cache
def small(count: int = SMALL) -> tuple[list[dict], list[dict]]:
    return generate(count)


def test_same_flags_same_corpus() -> None:
    assert generate(SMALL) == small()


def test_another_seed_another_corpus() -> None:
    assert generate(SMALL, seed=14)[0] != small()[0]


def test_gold_covers_every_article() -> None:
    records, gold = small()
    assert [line["id"] for line in gold] == [record["id"] for record in records]
    assert {line["kind"].split(":")[0] for line in gold} <= {"original", "copy"}
    assert all(line["story"] and line["seed"] and line["language"] for line in gold)


def test_ids_and_urls_are_unique() -> None:
    records, _ = small()
    assert len({r["id"] for r in records}) == len({r["url"] for r in records}) == SMALL
    assert all(r["url"].startswith(f"https://{r['source_domain']}/") for r in records)


def test_news_please_fields() -> None:
    records, _ = small()
    for record in records:
        assert {"id", "title", "maintext", "date_publish", "url", "source_domain", "language"} <= set(record)
        assert record["title"].strip() and len(record["maintext"]) >= 100


def test_dates_sorted_from_2019() -> None:
    dates = [datetime.fromisoformat(r["date_publish"]) for r in small()[0]]
    assert dates == sorted(dates)
    assert dates[0] >= START


def test_copy_share_near_parameter() -> None:
    _, gold = small()
    share = sum(line["kind"].startswith("copy:") for line in gold) / len(gold)
    assert abs(share - 0.15) < 0.05
    _, none = generate(300, copies=0.0)
    assert not any(line["kind"].startswith("copy:") and line["kind"] != "copy:real" for line in none)


def test_copies_follow_their_original_in_the_same_story() -> None:
    records, gold = small()
    position = {line["id"]: n for n, line in enumerate(gold)}
    copies = [line for line in gold if line["copy_group"] != line["id"]]
    assert copies
    for line in copies:
        original = gold[position[line["copy_group"]]]
        assert original["story"] == line["story"] and original["kind"] == "original"
        assert (
            records[position[original["id"]]]["date_publish"] < records[position[line["id"]]]["date_publish"]
        )
        assert (
            records[position[original["id"]]]["source_domain"]
            != records[position[line["id"]]]["source_domain"]
        )
    sizes = Counter(line["copy_group"] for line in gold)
    assert max(sizes.values()) <= 4


def test_smaller_corpus_is_the_time_prefix() -> None:
    records, gold = small()
    assert generate(300) == (records[:300], gold[:300])


def test_stories_mix_seeds_and_languages() -> None:
    _, gold = small()
    assert len({line["seed"] for line in gold}) > 40
    assert len({line["language"] for line in gold}) > 3
    events = {line["seed"] for line in gold if not line["seed"].startswith("pair-")}
    assert len(events) > 20  # of 29: whole-week shifts put some first instances after the first 4 days


def names_by_instance(instance: int) -> dict[str, str]:
    """For the Silverman seed's instance ``instance``: each real name -> the pseudo-names it became."""
    run = world(13, COPIES, REMAP)
    prepared = next(p for p in run.events if p.seed.name == SILVERMAN)
    names = vocabularies()["en"].names
    found: dict[str, set[str]] = {}
    for item, parts in zip(rewrite(instance, prepared, START, run), prepared.parts, strict=True):
        for before, after in zip(parts[0] + parts[2], split(item.title) + split(item.maintext), strict=True):
            if before.lower() in names:
                found.setdefault(before, set()).add(after)
    return found


def test_names_consistent_within_an_instance_and_new_in_each() -> None:
    first, second = names_by_instance(3), names_by_instance(4)
    assert {"Silverman", "Sheen"} <= set(first)
    assert all(len(pseudo) == 1 for pseudo in first.values())
    assert all(name not in pseudo for name, pseudo in first.items())
    differ = sum(first[name] != second[name] for name in first)
    assert differ >= 0.9 * len(first)
