"""Clustering and correlation measures, in one place for the benchmarks, the tests and parity.

The benchmarks, the quality gate (``tests/test_quality_gate.py``) and the Spark
parity check each scored clusterings with their own copy of these formulas; one
module means one definition behind every published figure and every floor.

A clustering is a ``dict`` from item to label.  Labels are compared only for
equality, so two clusterings with the same groups under other names score the same.
``found`` is the clustering being judged and ``gold`` the reference: the items
scored are those of ``gold`` (``found`` must label each of them).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

Clustering = Mapping[str, Hashable]


def bcubed(
    found: Clustering, gold: Clustering, ids: Iterable[str] | None = None
) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 over the items ``ids`` (all of ``gold`` by default).

    Each item scores the share of its found cluster that shares its gold class
    (precision) and the share of its gold class found with it (recall), averaged
    over the items: unlike pair counts, a large cluster does not outweigh the rest.
    Only the items in ``ids`` count, as items and as cluster mates, so a
    clustering of a larger collection can be scored on part of it.  No items: 1.0.
    """
    keys = list(gold if ids is None else ids)
    if not keys:
        return 1.0, 1.0, 1.0
    cells = Counter((found[k], gold[k]) for k in keys)
    found_sizes = Counter(found[k] for k in keys)
    gold_sizes = Counter(gold[k] for k in keys)
    precision = sum(n * n / found_sizes[f] for (f, _), n in cells.items()) / len(keys)
    recall = sum(n * n / gold_sizes[g] for (_, g), n in cells.items()) / len(keys)
    return precision, recall, 2 * precision * recall / (precision + recall)


def comb2(n: int) -> int:
    """Unordered pairs among ``n`` items."""
    return n * (n - 1) // 2


def adjusted_rand(found: Clustering, gold: Clustering) -> float:
    """The adjusted Rand index (Hubert and Arabie) over the items of ``gold``; singletons count.

    1.0 is the same partition whatever the labels, chance agreement scores 0, and
    worse than chance is negative.  Fewer than two items, or two partitions that
    are both all singletons or both one cluster, score 1.0.  Symmetric in its arguments.
    """
    items = list(gold)
    if len(items) < 2:
        return 1.0
    cells = sum(comb2(n) for n in Counter((gold[i], found[i]) for i in items).values())
    gold_pairs = sum(comb2(n) for n in Counter(gold[i] for i in items).values())
    found_pairs = sum(comb2(n) for n in Counter(found[i] for i in items).values())
    expected = gold_pairs * found_pairs / comb2(len(items))
    best = (gold_pairs + found_pairs) / 2
    return 1.0 if best == expected else (cells - expected) / (best - expected)


def same_pairs(clustering: Clustering) -> set[tuple[str, str]]:
    """Every unordered pair of items in one cluster, each as ``(smaller, larger)``."""
    members: dict[Hashable, list[str]] = {}
    for item, cluster in clustering.items():
        members.setdefault(cluster, []).append(item)
    return {
        (a, b) if a <= b else (b, a)
        for group in members.values()
        for a, b in itertools.combinations(group, 2)
    }


@dataclass(frozen=True)
class PairScores:
    """Pairwise precision, recall and F1, with the pair counts behind them."""

    precision: float
    recall: float
    f1: float
    gold_pairs: int
    found_pairs: int
    wrong_pairs: int

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


def pairwise(found: Clustering, gold: Clustering) -> PairScores:
    """Precision, recall and F1 over same-cluster pairs: what copy groups are judged by.

    A found pair is right when gold has the two items together.  With no found
    pairs precision is 1.0 (nothing wrongly linked); with no gold pairs recall is 1.0.
    """
    true, predicted = same_pairs(gold), same_pairs(found)
    hits = len(true & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1, len(true), len(predicted), len(predicted - true))


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's correlation of two equally long series (nan when either is constant).

    Pair similarities are judged by it against human ratings: it rewards a score
    that moves with the rating, whatever its scale.
    """
    if len(xs) != len(ys):
        raise ValueError(f"series of different lengths: {len(xs)} and {len(ys)}")
    return float(np.corrcoef(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))[0, 1])
