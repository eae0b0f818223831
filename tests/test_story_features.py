"""One article's story features: featurize on real articles, the stored row, dates as days."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pytest

from newsweave.model import Article
from newsweave.pipeline import extract
from newsweave.stories.embed import DIMENSIONS, embed, lead_text
from newsweave.stories.features import Features, day_of, featurize, leads
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.terms import name_id, term_id, word_counts
from support import EXAMPLE_A, EXAMPLE_B


@pytest.fixture(scope="module")
def examples() -> list[Article]:
    return list(extract([str(EXAMPLE_A), str(EXAMPLE_B)]))


@pytest.fixture(scope="module")
def featurized(examples):
    frequencies = DocumentFrequencies()
    return frequencies, featurize(examples, frequencies)


def test_featurize_counts_each_article_into_the_frequencies(featurized):
    frequencies, features = featurized
    assert frequencies.documents == 2
    assert int(frequencies.counts[term_id("pyongyang")]) == 2
    assert int(frequencies.counts[name_id("putin")]) == 2
    assert len(features) == 2


def test_features_are_unit_vectors_with_language_day_and_labels(featurized, examples):
    _, features = featurized
    for article, item in zip(examples, features, strict=True):
        assert item.embedding.shape == (DIMENSIONS,)
        assert float(np.linalg.norm(item.embedding)) == pytest.approx(1.0, abs=1e-4)
        assert item.words.norm() == pytest.approx(1.0, abs=1e-5)
        assert item.names.norm() == pytest.approx(1.0, abs=1e-5)
        assert item.language == article.language == "en"
        assert "kim jong un" in item.labels and "putin" in item.labels
        assert name_id("putin") in item.names.ids
    assert features[0].day == day_of("2024-06-19")
    assert features[1].day is None  # example B carries no date
    assert float(features[0].embedding @ features[1].embedding) > 0.7


def test_words_in_every_article_weigh_less_than_words_in_one(featurized, examples):
    _, (_, second) = featurized
    weights = dict(zip(second.words.ids.tolist(), second.words.weights.tolist(), strict=True))
    counts = word_counts(examples[1].title, examples[1].text)
    shared, own = term_id("pyongyang"), term_id("kumsusan")
    assert own in weights, "example B names the Kumsusan State Guest House"
    # Per occurrence (sublinear tf taken out), the word only B uses weighs more.
    per_use = {term: weights[term] / (1 + math.log(counts[term])) for term in (shared, own)}
    assert per_use[own] > per_use[shared] * 1.2


def test_given_embeddings_are_used_as_they_are(examples):
    given = np.zeros((2, DIMENSIONS), dtype=np.float32)
    given[:, 0] = 1.0
    features = featurize(examples, DocumentFrequencies(), embeddings=given)
    assert all(item.embedding[0] == 1.0 and item.embedding[1:].sum() == 0 for item in features)


def test_leads_are_what_is_embedded(examples, featurized):
    _, features = featurized
    assert leads(examples) == [lead_text(a.title, a.text) for a in examples]
    again = embed(leads(examples))
    assert float(again[1] @ features[1].embedding) == pytest.approx(1.0, abs=1e-4)


def test_row_round_trip(featurized, examples):
    _, features = featurized
    for article, item in zip(examples, features, strict=True):
        back = Features.from_row(*item.to_row(), article.language, article.published)
        assert np.allclose(back.embedding, item.embedding, atol=1e-3)  # stored as float16
        assert back.embedding.dtype == np.float32
        assert back.words.ids.tolist() == item.words.ids.tolist()
        assert back.words.weights.tolist() == item.words.weights.tolist()
        assert back.names.ids.tolist() == item.names.ids.tolist()
        assert back.names.weights.tolist() == item.names.weights.tolist()
        assert (back.language, back.day) == (item.language, item.day)
        assert len(item.to_row()[0]) == 2 * DIMENSIONS


def test_empty_article_has_empty_features():
    (item,) = featurize([Article(text="")], DocumentFrequencies())
    assert not item.embedding.any()
    assert len(item.words) == 0 and len(item.names) == 0
    assert item.day is None and item.labels == ()


def test_day_of_reads_iso_dates_in_utc():
    assert day_of("1970-01-02") == 1.0
    assert day_of("2024-06-19") == (datetime(2024, 6, 19) - datetime(1970, 1, 1)).days
    assert day_of("2024-06-19T12:00:00") == pytest.approx(day_of("2024-06-19") + 0.5)
    assert day_of("2024-06-19T02:00:00+02:00") == pytest.approx(day_of("2024-06-19"))
    assert day_of("2024-06-19T00:00:00Z") == pytest.approx(day_of("2024-06-19"))
    assert day_of(None) is None and day_of("") is None and day_of("last Tuesday") is None
