"""The learned scorer: shipped weights, content clipping, time decay and reach, pair evidence."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources

import numpy as np
import pytest

from newsweave.model import Article
from newsweave.stories.features import featurize
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.score import (
    FEATURES,
    Evidence,
    Model,
    default_model,
    gap_days,
    pair_evidence,
    same_language,
)

MODEL = Model(0.1, (0.5, 0.3, 0.2, -0.1, 0.05, 0.1, 0.1), threshold=0.4, half_life_days=10.0)


def test_shipped_weights_name_every_feature_and_load():
    data = json.loads(resources.files("newsweave.stories").joinpath("weights.json").read_text("utf-8"))
    assert set(data["coefficients"]) == set(FEATURES)
    model = default_model()
    assert model is default_model()
    assert model.coefficients == tuple(float(data["coefficients"][name]) for name in FEATURES)
    assert 0.0 < model.threshold < 1.0 and model.half_life_days > 0
    assert Model.from_dict(data) == model


def test_evidence_vector_is_in_features_order():
    vector = Evidence(0.8, 0.5, 0.25, 1.0).vector()
    assert vector.tolist() == [0.8, 0.5, 0.25, 1.0, 0.8, 0.5, 0.25]
    assert Evidence(0.8, 0.5, 0.25, 0.0).vector().tolist() == [0.8, 0.5, 0.25, 0.0, 0.0, 0.0, 0.0]
    assert len(FEATURES) == len(vector)


def test_content_is_the_linear_score_clipped_to_unit_interval():
    evidence = Evidence(0.6, 0.4, 0.2, 0.0)
    assert MODEL.content(evidence) == pytest.approx(0.1 + 0.3 + 0.12 + 0.04)
    assert MODEL.content(Evidence(1.0, 1.0, 1.0, 0.0)) == 1.0
    assert Model(-0.5, (0.0,) * 7, 0.4, 10.0).content(evidence) == 0.0


def test_decay_halves_at_the_half_life():
    assert MODEL.decay(None) == 1.0
    assert MODEL.decay(0.0) == 1.0
    assert MODEL.decay(-3.0) == 1.0
    assert MODEL.decay(10.0) == pytest.approx(0.5)
    assert MODEL.decay(20.0) == pytest.approx(0.25)
    assert MODEL.decay(5.0) == pytest.approx(2 ** -0.5)


def test_max_gap_is_where_identical_content_meets_the_threshold():
    for model in (MODEL, default_model(), replace(MODEL, threshold=0.9, half_life_days=3.0)):
        reach = model.max_gap()
        assert reach > 0
        assert 1.0 * model.decay(reach) == pytest.approx(model.threshold)
        assert model.decay(reach * 1.01) < model.threshold < model.decay(reach * 0.99)


def test_gap_days_is_distance_to_the_span():
    assert gap_days(5.0, 10.0, 20.0) == 5.0
    assert gap_days(25.0, 10.0, 20.0) == 5.0
    assert gap_days(15.0, 10.0, 20.0) == 0.0
    assert gap_days(None, 10.0, 20.0) is None and gap_days(5.0, None, None) is None


def test_unknown_language_counts_as_the_same():
    assert same_language("en", "en") and same_language(None, "de") and same_language("fr", None)
    assert not same_language("en", "de")


@pytest.fixture(scope="module")
def features():
    articles = [
        Article(text="The central bank raised interest rates by half a point on Tuesday, Governor "
                     "Maria Lopez said in Madrid.", title="Central bank raises rates", language="en"),
        Article(text="Die Zentralbank hat die Zinsen am Dienstag um einen halben Punkt erhöht, sagte "
                     "Gouverneurin Maria Lopez in Madrid.", title="Zentralbank erhöht Zinsen", language="de"),
        Article(text="The home side won the cup final after a penalty shootout in front of a full "
                     "stadium.", title="Cup final goes to penalties", language="en"),
    ]
    return featurize(articles, DocumentFrequencies())


def test_pair_evidence_of_an_article_with_itself_is_one(features):
    evidence = pair_evidence(features[0], features[0])
    assert evidence.embedding == pytest.approx(1.0, abs=1e-4)
    assert evidence.words == pytest.approx(1.0, abs=1e-5)
    assert evidence.names == pytest.approx(1.0, abs=1e-5)
    assert evidence.cross_language == 0.0


def test_pair_evidence_across_languages(features):
    english, german, sport = features
    translated = pair_evidence(english, german)
    unrelated = pair_evidence(english, sport)
    assert translated.cross_language == 1.0 and unrelated.cross_language == 0.0
    assert translated.embedding > unrelated.embedding + 0.2
    # "maria lopez" and "madrid" link them (German nouns are capitalised too, so they share less).
    assert translated.names > 0.1
    assert unrelated.names == 0.0
    model = default_model()
    assert model.content(translated) > model.content(unrelated)
    assert 0.0 <= translated.embedding <= 1.0 and np.isfinite(translated.vector()).all()
