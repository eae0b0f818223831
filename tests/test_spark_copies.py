"""The copy stage on Spark: band-key candidates, exact checks, groups and their originals."""

from __future__ import annotations

import pytest

from newsweave.pipeline import extract
from newsweave.spark import copies
from newsweave.spark.schemas import FINGERPRINT_SCHEMA
from support import DEV_DATA

pytestmark = pytest.mark.usefixtures("spark")


def prints_of(spark, keys: dict[str, list[int]]):
    rows = [(key, values, b"", b"") for key, values in keys.items()]
    return spark.createDataFrame(rows, FINGERPRINT_SCHEMA)


def pairs(frame) -> set[tuple[str, str]]:
    return {(row["a"], row["b"]) for row in frame.collect()}


def test_articles_sharing_a_band_key_are_candidates_once(spark):
    prints = prints_of(spark, {"a": [1, 2], "b": [1, 9], "c": [7, 2], "d": [5, 6]})
    assert pairs(copies.candidate_pairs(prints)) == {("a", "b"), ("a", "c")}


def test_a_crowded_bucket_is_linked_as_a_star(spark, monkeypatch):
    monkeypatch.setattr(copies, "BUCKET_CAP", 2)
    prints = prints_of(spark, {"a": [1, 0], "b": [1, 0], "c": [1, 0], "d": [2, 3], "e": [2, 4]})
    assert pairs(copies.candidate_pairs(prints)) == {("a", "b"), ("a", "c"), ("d", "e")}


def test_groups_take_the_earliest_published_as_original(spark):
    base = next(a for a in extract([str(DEV_DATA / "news_cluster_dev" / "articles.jsonl")])
                if len(a.text.split()) > 200)
    rows = [
        ("late", base.text, "2020-01-03T00:00:00", 1),
        ("early", base.text + "\nA line one outlet added.", "2020-01-01T00:00:00", 2),
        ("undated", base.text, None, 0),
        ("other", "Something else entirely happened in another town today. " * 10, "2020-01-02T00:00:00", 3),
    ]
    articles = spark.createDataFrame(rows, "id string, text string, published string, arrival long")
    links = {row["id"]: row for row in copies.copy_links(articles, copies.fingerprints(articles)).collect()}
    assert set(links) == {"late", "undated"}
    assert {row["copy_of"] for row in links.values()} == {"early"}
    assert links["late"]["copy_kind"] in {"near", "contains"} and links["late"]["copy_match"] == "early"
