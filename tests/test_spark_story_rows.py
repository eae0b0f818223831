"""The story stage's row functions: features, block clustering and merge scores as ``StoryStage`` has them."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from newsweave.pipeline import extract
from newsweave.spark import story_rows
from newsweave.stories.cluster import cluster_articles
from newsweave.stories.features import featurize
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.score import default_model
from support import DEV_DATA

DEV_ARTICLES = DEV_DATA / "news_cluster_dev" / "articles.jsonl"


def _term_frame(articles) -> pd.DataFrame:
    frame = pd.DataFrame({"id": [a.id for a in articles], "title": [a.title for a in articles],
                          "text": [a.text for a in articles], "published": [a.published for a in articles]})
    return pd.concat(list(story_rows.term_counts(iter([frame]))))


def _frequencies(terms: pd.DataFrame) -> DocumentFrequencies:
    counts: dict[int, int] = {}
    for words, names in zip(terms["word_ids"], terms["name_ids"], strict=True):
        for bucket in set(words) | set(names):
            counts[bucket] = counts.get(bucket, 0) + 1
    return story_rows.document_frequencies(list(counts.items()), len(terms))


def test_features_equal_featurize_over_one_chunk():
    articles = [a for a in extract([str(DEV_ARTICLES)])][:30]
    terms = _term_frame(articles)
    frequencies = _frequencies(terms)
    expected = featurize(articles, DocumentFrequencies())
    for record, features in zip(terms.to_dict("records"), expected, strict=True):
        mine = story_rows.features_of(record, frequencies)
        assert np.allclose(mine.embedding, features.embedding, atol=1e-6)
        assert np.array_equal(mine.words.ids, features.words.ids)
        assert np.allclose(mine.words.weights, features.words.weights, atol=1e-6)
        assert np.allclose(mine.names.weights, features.names.weights, atol=1e-6)
        assert mine.labels == features.labels and mine.day == features.day


@pytest.fixture(scope="module")
def dev_block():
    articles = [a for a in extract([str(DEV_ARTICLES)])]
    terms = _term_frame(articles)
    frame = terms.assign(arrival=range(len(articles)), published=[a.published for a in articles],
                         language=[a.language for a in articles], block=0)
    return articles, frame, _frequencies(terms)


def test_cluster_block_equals_cluster_articles(dev_block):
    articles, frame, frequencies = dev_block
    result = story_rows.cluster_block(frame, frequencies)
    members = result[result["id"].notna()]
    assert dict(zip(members["id"], members["story"], strict=True)) == cluster_articles(articles)
    stories = result[result["id"].isna()]
    assert set(stories["story"]) == set(members["story"])
    profile = pickle.loads(stories["profile"].iloc[0])
    assert profile.size == (members["story"] == stories["story"].iloc[0]).sum()
    assert len(stories["keys"].iloc[0]) <= story_rows.KEY_WORDS + story_rows.KEY_NAMES


def test_score_pairs_keeps_pairs_that_one_story_split(dev_block):
    _, frame, frequencies = dev_block
    result = story_rows.cluster_block(frame, frequencies)
    members = result[result["id"].notna()]
    biggest = members["story"].value_counts().index[0]
    keys = sorted(members.loc[members["story"] == biggest, "id"])
    halves = [frame[frame["id"].isin(part)].assign(block=number)
              for number, part in enumerate((keys[: len(keys) // 2], keys[len(keys) // 2:]))]
    profiles = [story_rows.cluster_block(half, frequencies) for half in halves]
    left, right = (p[p["id"].isna()] for p in profiles)
    pairs = pd.DataFrame([(a, b, pa, pb) for a, pa in zip(left["story"], left["profile"], strict=True)
                          for b, pb in zip(right["story"], right["profile"], strict=True)],
                         columns=["a", "b", "pa", "pb"])
    [scored] = story_rows.score_pairs(iter([pairs]))
    assert len(scored) >= 1 and (scored["score"] >= default_model().threshold).all()
    unrelated = frame[~frame["id"].isin(keys)].head(3).assign(block=2)
    other = story_rows.cluster_block(unrelated, frequencies)
    other = other[other["id"].isna()]
    apart = pd.DataFrame([(left["story"].iloc[0], b, left["profile"].iloc[0], pb)
                          for b, pb in zip(other["story"], other["profile"], strict=True)],
                         columns=["a", "b", "pa", "pb"])
    [none] = story_rows.score_pairs(iter([apart]))
    assert none.empty


def test_representative_is_the_member_nearest_the_centroid():
    vectors = [np.array([1.0, 0.0], "<f4"), np.array([0.8, 0.6], "<f4"), np.array([0.0, 1.0], "<f4")]
    frame = pd.DataFrame({"story": "s", "id": ["a", "b", "c"], "arrival": [1, 2, 3],
                          "vector": [v.tobytes() for v in vectors]})
    assert story_rows.representative(frame)["representative"].tolist() == ["b"]


def test_absorb_merges_stories_into_the_survivor(dev_block):
    _, frame, frequencies = dev_block
    result = story_rows.cluster_block(frame, frequencies)
    stories = result[result["id"].isna()].head(3)
    survivor = stories["story"].iloc[1]
    merged = story_rows.absorb(stories.assign(survivor=survivor)[["survivor", "story", "profile"]])
    assert merged["story"].tolist() == [survivor] and merged["block"].isna().all()
    profile = pickle.loads(merged["profile"].iloc[0])
    assert profile.size == merged["size"].iloc[0] == stories["size"].sum()
    assert profile.first == min(stories["first"]) and profile.last == max(stories["last"])
