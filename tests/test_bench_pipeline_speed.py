"""The speed comparison on a synthetic corpus: every system run, scored against the gold, ratios formed."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import pipeline_speed
from corpus import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple:
    folder = tmp_path_factory.mktemp("corpus")
    records, gold = generate(300)
    path = folder / "synthetic.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    path.with_suffix(".gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return path, gold


def test_dropped_and_unplaced_articles_count_against_the_system():
    gold = {"a": "s1", "b": "s1", "c": "s2"}
    found, missing = pipeline_speed.complete({"a": "x", "c": "y"}, gold)
    assert missing == 1 and found == {"a": "x", "b": "missing:b", "c": "y"}
    assert pipeline_speed.story_quality({"a": "x", "c": "y"}, gold)["bcubed_recall"] < 1.0


def test_stored_labels_map_copy_groups_to_corpus_ids(tmp_path):
    db = tmp_path / "s.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE articles (id TEXT, external_id TEXT, copy_of TEXT, story TEXT)")
        connection.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", [
            ("h1", "one", None, "st1"), ("h2", "two", "h1", "st1"), ("h3", "three", None, None),
        ])
    stories, copies = pipeline_speed.stored_labels(db)
    assert stories == {"one": "st1", "two": "st1", "three": "unplaced:three"}
    assert copies == {"one": "one", "two": "one", "three": "three"}


@pytest.mark.slow
def test_every_system_is_measured_and_scored(corpus, tmp_path):
    path, gold = corpus
    figures = pipeline_speed.measure(path, tmp_path, tmp_path / "log.txt", ["datasketch"])
    systems = figures["systems"]
    assert figures["corpus"]["articles"] == len(gold) == 300
    assert systems["floor"]["inside"]["stored"] == 300
    newsweave = systems["newsweave"]
    assert newsweave["inside"]["articles_new"] == 300 and newsweave["process"]["cpu_s"] > 0
    assert newsweave["quality"]["copies"]["ari"] > 0.8 and newsweave["quality"]["stories"]["missing"] == 0
    assert newsweave["quality"]["copies"]["gold_copies"] == sum(g["copy_group"] != g["id"] for g in gold)
    assert 0 < systems["datasketch"]["quality"]["copies"]["pair_precision"] <= 1
    ratios = figures["ratios"]
    assert ratios["e2e_over_floor_wall"] > 1 and "copies_stage_over_datasketch" in ratios
