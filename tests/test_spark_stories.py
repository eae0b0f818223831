"""The story stage on Spark: merging across blocks by mutual best partners."""

from __future__ import annotations

import pandas as pd
import pytest

from newsweave.pipeline import extract
from newsweave.spark import stories, story_rows
from newsweave.spark.schemas import STORY_SCHEMA
from newsweave.stories.cluster import cluster_articles
from support import DEV_DATA

pytestmark = pytest.mark.usefixtures("spark")


def frame(spark, rows, schema="a string, b string, score double"):
    return spark.createDataFrame(rows, schema)


def test_only_mutual_best_partners_merge(spark):
    chain = frame(spark, [("A", "B", 0.7), ("B", "C", 0.8)])
    assert [tuple(r) for r in stories._mutual_best(chain).collect()] == [("B", "C")]
    two = frame(spark, [("A", "B", 0.9), ("B", "C", 0.8), ("C", "D", 0.95)])
    assert sorted(tuple(r) for r in stories._mutual_best(two).collect()) == [("A", "B"), ("C", "D")]


def test_the_larger_story_survives_and_a_tie_keeps_the_smaller_id(spark):
    pairs = frame(spark, [("A", "B"), ("C", "D")], "a string, b string")
    sizes = frame(spark, [("A", 1), ("B", 3), ("C", 2), ("D", 2)], "story string, size long")
    moves = {row["story"]: row["survivor"] for row in stories._survivors(pairs, sizes).collect()}
    assert moves == {"A": "B", "B": "B", "C": "C", "D": "C"}


@pytest.fixture(scope="module")
def dev_terms():
    articles = [a for a in extract([str(DEV_DATA / "news_cluster_dev" / "articles.jsonl")])]
    table = pd.DataFrame({"id": [a.id for a in articles], "title": [a.title for a in articles],
                          "text": [a.text for a in articles], "published": [a.published for a in articles]})
    terms = pd.concat(list(story_rows.term_counts(iter([table]))))
    counts: dict[int, int] = {}
    for words, names in zip(terms["word_ids"], terms["name_ids"], strict=True):
        for bucket in set(words) | set(names):
            counts[bucket] = counts.get(bucket, 0) + 1
    frequencies = story_rows.document_frequencies(list(counts.items()), len(terms))
    rows = terms.assign(arrival=range(len(articles)), published=table["published"],
                        language=[a.language for a in articles])
    return articles, rows, frequencies


def test_a_story_split_by_a_block_edge_becomes_one_again(spark, dev_terms):
    articles, rows, frequencies = dev_terms
    story_of = cluster_articles(articles)
    biggest = pd.Series(story_of).value_counts().index[0]
    members = sorted(rows.loc[rows["id"].map(story_of) == biggest, "id"])
    halves = [rows[rows["id"].isin(members[: len(members) // 2])].assign(block=0),
              rows[rows["id"].isin(members[len(members) // 2:])].assign(block=1)]
    clustered = pd.concat([story_rows.cluster_block(half, frequencies) for half in halves])
    placed = stories.merged_stories(spark.createDataFrame(clustered, STORY_SCHEMA)).collect()
    assert {row["id"] for row in placed} == set(members)
    assert len({row["story"] for row in placed}) == 1
