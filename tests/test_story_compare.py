"""Comparing two articles: the examples are one story with shared names and sentences; unrelated,
distant and translated articles; and the pair scorer against human ratings."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from newsweave.model import Article
from newsweave.pipeline import extract
from newsweave.stories.compare import compare, pair_similarities, shared_sentences
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.pairs import read_pairs
from newsweave.stories.score import default_model
from newsweave.stories.terms import name_id
from support import DEV_DATA, EXAMPLE_A, EXAMPLE_B

PAIRS = DEV_DATA / "article_pairs_dev/pairs.jsonl"
EVIDENCE = {
    "embedding_cosine", "words_cosine", "names_cosine", "cross_language", "content_similarity", "languages",
    "shared_entities", "shared_sentences", "time_gap_days", "time_factor",
}


@pytest.fixture(scope="module")
def examples() -> tuple[Article, Article]:
    a, b = extract([str(EXAMPLE_A), str(EXAMPLE_B)])
    return a, b


@pytest.fixture(scope="module")
def erie() -> Article:
    (article,) = [a for a in extract([str(DEV_DATA / "news_cluster_dev/articles.jsonl")])
                  if a.external_id.startswith("136fdf3b")]
    return article


@pytest.fixture(scope="module")
def same(examples):
    return compare(*examples)


def test_the_examples_are_the_same_story(same):
    assert same.same_story is True
    assert default_model().threshold <= same.similarity <= 1.0
    assert set(same.evidence) == EVIDENCE
    assert same.evidence["languages"] == ["en", "en"] and same.evidence["cross_language"] is False
    assert same.evidence["embedding_cosine"] > 0.7
    expected = same.evidence["content_similarity"] * same.evidence["time_factor"]
    assert same.similarity == pytest.approx(expected, abs=1e-3)
    claims = {"shared", "only_a", "only_b", "conflicts"}
    assert set(same.to_dict()) == {"same_story", "similarity", "evidence"} | claims
    json.dumps(same.to_dict())  # ready for --json


def test_the_examples_share_entities_and_sentences(same):
    entities = same.evidence["shared_entities"]
    assert "putin" in entities and "kim jong un" in entities and "pyongyang" in entities
    sentences = same.evidence["shared_sentences"]
    assert sentences, "the examples both open with Kim's support for the invasion"
    top = sentences[0]
    assert "Kim Jong Un" in top["a"] and "Kim Jong Un" in top["b"] and top["score"] >= 0.75
    assert [s["score"] for s in sentences] == sorted((s["score"] for s in sentences), reverse=True)
    # Each sentence is used once.
    assert len({s["a"] for s in sentences}) == len(sentences) == len({s["b"] for s in sentences})


def test_example_b_has_no_date_so_time_is_no_evidence(same):
    assert same.evidence["time_gap_days"] is None and same.evidence["time_factor"] == 1.0


def test_an_unrelated_article_is_not_the_same_story(examples, erie, same):
    other = compare(examples[0], erie)
    assert other.same_story is False
    assert other.similarity < default_model().threshold < same.similarity
    assert other.evidence["shared_sentences"] == []
    assert "putin" not in other.evidence["shared_entities"]


def test_time_apart_fades_the_similarity(examples):
    a, b = examples
    near = compare(a, replace(b, published="2024-06-20"))
    assert near.evidence["time_gap_days"] == 1.0
    assert near.evidence["time_factor"] == pytest.approx(default_model().decay(1.0), abs=1e-4)
    assert near.same_story is True
    far = compare(a, replace(b, published="2029-06-19"))
    assert far.evidence["time_gap_days"] == pytest.approx(1826.0)
    assert far.evidence["time_factor"] == pytest.approx(default_model().decay(1826.0), abs=1e-4)
    assert far.evidence["time_factor"] < near.evidence["time_factor"]
    assert far.same_story is False and far.similarity < default_model().threshold
    assert far.evidence["content_similarity"] == near.evidence["content_similarity"]


def test_rare_shared_names_come_first_with_store_frequencies(examples):
    a, b = examples
    frequencies = DocumentFrequencies()
    # A collection where "Russia" is everywhere and "Pyongyang" is rare.
    for _ in range(50):
        frequencies.add([name_id("russia")])
    entities = compare(a, b, frequencies).evidence["shared_entities"]
    assert entities.index("pyongyang") < entities.index("russia")


def article_of(sentences: list[str], language: str) -> Article:
    article = Article(" ".join(sentences), language=language)
    start = 0
    for sentence in sentences:
        article.sentences.append((start, start + len(sentence)))
        start += len(sentence) + 1
    return article


def test_shared_sentences_across_languages():
    english = article_of([
        "The central bank raised interest rates to fight inflation.",
        "The decision surprised many economists in the capital.",
        "Football fans celebrated the late winner on Sunday evening.",
    ], "en")
    german = article_of([
        "Die Zentralbank hat die Zinsen erhöht, um die Inflation zu bekämpfen.",
        "Das Wetter bleibt am Wochenende im ganzen Land kalt und regnerisch.",
        "Zu kurz hier.",
    ], "de")
    assert english.sentence_texts()[1] == "The decision surprised many economists in the capital."
    found = shared_sentences(english, german)
    assert [(pair["a"], pair["b"]) for pair in found] == [
        ("The central bank raised interest rates to fight inflation.",
         "Die Zentralbank hat die Zinsen erhöht, um die Inflation zu bekämpfen.")
    ]


def test_pair_similarities_agree_with_human_ratings():
    """Twenty pairs rated very similar and twenty rated very dissimilar, in many languages."""
    rated = [json.loads(line)["Overall"] for line in PAIRS.open(encoding="utf-8")]
    pairs = list(read_pairs(PAIRS))
    close = [pairs[i] for i, r in enumerate(rated) if r == 1.0][:20]
    far = [pairs[i] for i, r in enumerate(rated) if r == 4.0][:20]
    results = pair_similarities([(p.a, p.b) for p in close + far])
    scores = np.array([similarity for similarity, _ in results])
    verdicts = np.array([verdict for _, verdict in results])
    assert ((scores >= 0.0) & (scores <= 1.0)).all()
    ordered = np.mean(scores[:20, None] > scores[None, 20:])
    assert ordered >= 0.9
    assert verdicts[:20].mean() >= 0.75 and verdicts[20:].mean() <= 0.1
    assert all(verdict == (score >= default_model().threshold) for score, verdict in results)
