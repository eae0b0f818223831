"""The measures behind every published figure and floor, on cases worked out by hand."""

from __future__ import annotations

import random

import pytest

from newsweave.evaluation import PairScores, adjusted_rand, bcubed, pairwise, pearson, same_pairs

GOLD = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}


def test_bcubed_of_a_known_case():
    # Found {a, b} {c, d, e}.  Precision per item: 1, 1, 1/3, 2/3, 2/3; recall: 2/3, 2/3, 1/3, 1, 1.
    found = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    precision, recall, f1 = bcubed(found, GOLD)
    assert precision == pytest.approx(11 / 15) and recall == pytest.approx(11 / 15)
    assert f1 == pytest.approx(11 / 15)


def test_bcubed_of_one_cluster_and_of_singletons():
    assert bcubed(dict.fromkeys(GOLD, "all"), GOLD) == pytest.approx((13 / 25, 1.0, 2 * 13 / 38))
    # Singletons: precision 1; recall (1/3 * 3 + 1/2 * 2) / 5.
    assert bcubed({key: key for key in GOLD}, GOLD) == pytest.approx((1.0, 2 / 5, 4 / 7))


def test_bcubed_scores_only_the_ids_asked_for_and_ignores_label_names():
    found = dict.fromkeys(GOLD, "all")
    # Over a, b, d: precision (2/3 + 2/3 + 1/3) / 3, recall 1.
    assert bcubed(found, GOLD, ["a", "b", "d"])[:2] == pytest.approx((5 / 9, 1.0))
    assert bcubed({k: f"other-{v}" for k, v in GOLD.items()}, GOLD) == (1.0, 1.0, 1.0)


def test_ari_of_identical_and_of_relabelled_partitions_is_one():
    assert adjusted_rand(GOLD, GOLD) == 1.0
    assert adjusted_rand({"a": "2", "b": "2", "c": "2", "d": "1", "e": "1"}, GOLD) == 1.0


def test_ari_of_a_known_case_both_ways_round():
    # [0,0,1,1] against [0,0,1,2]: index 1, expected 1/3, best 3/2 -> (2/3) / (7/6) = 4/7.
    first = {"a": "0", "b": "0", "c": "1", "d": "1"}
    second = {"a": "0", "b": "0", "c": "1", "d": "2"}
    assert adjusted_rand(first, second) == pytest.approx(4 / 7)
    assert adjusted_rand(second, first) == pytest.approx(4 / 7)


def test_ari_below_chance_is_negative_and_degenerate_cases_score_as_documented():
    crossed = {"a": "1", "b": "2", "c": "1", "d": "2"}
    assert adjusted_rand(crossed, {"a": "1", "b": "1", "c": "2", "d": "2"}) < 0
    assert adjusted_rand({"a": "1"}, {"a": "2"}) == 1.0
    assert adjusted_rand({k: k for k in GOLD}, {k: k for k in GOLD}) == 1.0
    assert adjusted_rand(dict.fromkeys(GOLD, "one"), {k: k for k in GOLD}) == 0.0


def test_ari_agrees_with_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = random.Random(3)
    for _ in range(20):
        keys = [str(i) for i in range(rng.randint(2, 40))]
        found = {k: rng.choice("abcde") for k in keys}
        gold = {k: rng.choice("xyz") for k in keys}
        expected = metrics.adjusted_rand_score([gold[k] for k in keys], [found[k] for k in keys])
        assert adjusted_rand(found, gold) == pytest.approx(expected)


def test_same_pairs_are_unordered_pairs_within_a_cluster():
    assert same_pairs({"b": "1", "a": "1", "c": "2"}) == {("a", "b")}
    assert same_pairs(GOLD) == {("a", "b"), ("a", "c"), ("b", "c"), ("d", "e")}


def test_pairwise_of_a_known_case():
    # Gold pairs ab ac bc; found pairs ab cd: one right of two, one of three found.
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    found = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert pairwise(found, gold) == PairScores(
        precision=0.5,
        recall=pytest.approx(1 / 3),
        f1=pytest.approx(0.4),
        gold_pairs=3,
        found_pairs=2,
        wrong_pairs=1,
    )
    assert pairwise(found, gold).to_dict()["wrong_pairs"] == 1


def test_pairwise_without_pairs_on_either_side():
    singletons = {k: k for k in GOLD}
    assert (pairwise(singletons, GOLD).precision, pairwise(singletons, GOLD).recall) == (1.0, 0.0)
    assert (pairwise(GOLD, singletons).precision, pairwise(GOLD, singletons).recall) == (0.0, 1.0)


def test_pearson_of_known_series():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [6, 4, 2]) == pytest.approx(-1.0)
    # Deviations (-1.5, -0.5, 0.5, 1.5) and (-1.5, 0.5, -0.5, 1.5): 4 / sqrt(5 * 5).
    assert pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)


def test_pearson_wants_series_of_one_length():
    with pytest.raises(ValueError, match="different lengths"):
        pearson([1, 2, 3], [1, 2])
