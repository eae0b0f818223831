"""Sparse vectors over hashed term ids: dot products, sums with pruning, bytes, and the dense probe."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.stories.sparse import MAX_TERMS, Probe, Sparse
from newsweave.stories.terms import BUCKETS


def random_sparse(rng: np.random.Generator, size: int, universe: int = 5_000) -> Sparse:
    ids = rng.choice(universe, size=size, replace=False)
    return Sparse.of({int(i): float(w) for i, w in zip(ids, rng.uniform(0.01, 1.0, size), strict=True)})


def dense(vector: Sparse, size: int = 5_000) -> np.ndarray:
    out = np.zeros(size, dtype=np.float64)
    out[vector.ids] = vector.weights
    return out


def test_of_sorts_ids_and_keeps_weights():
    vector = Sparse.of({30: 3.0, 10: 1.0, 20: 2.0})
    assert vector.ids.tolist() == [10, 20, 30]
    assert vector.weights.tolist() == [1.0, 2.0, 3.0]
    assert vector.ids.dtype == np.uint32 and vector.weights.dtype == np.float32
    assert len(Sparse.of({})) == 0 and len(Sparse.empty()) == 0


def test_dot_matches_dense_dot():
    rng = np.random.default_rng(7)
    for _ in range(20):
        a, b = random_sparse(rng, 300), random_sparse(rng, 200)
        assert a.dot(b) == pytest.approx(float(dense(a) @ dense(b)), rel=1e-5)
        assert a.dot(b) == pytest.approx(b.dot(a), rel=1e-6)
    assert Sparse.of({1: 1.0}).dot(Sparse.of({2: 1.0})) == 0.0
    assert Sparse.empty().dot(Sparse.of({1: 1.0})) == 0.0


def test_normalised_is_unit_and_empty_stays_empty():
    vector = Sparse.of({1: 3.0, 2: 4.0}).normalised()
    assert vector.norm() == pytest.approx(1.0)
    assert vector.weights.tolist() == pytest.approx([0.6, 0.8])
    assert vector.dot(vector) == pytest.approx(1.0)
    assert len(Sparse.empty().normalised()) == 0



def test_plus_adds_and_minus_takes_back_exactly():
    a = Sparse.of({1: 1.0, 3: 0.5})
    b = Sparse.of({3: 0.25, 7: 2.0})
    total = a.plus(b)
    assert total.ids.tolist() == [1, 3, 7]
    assert total.weights.tolist() == pytest.approx([1.0, 0.75, 2.0])
    back = total.plus(b, -1.0)
    assert back.ids.tolist() == [1, 3]  # the zeroed term is dropped, not kept as 0
    assert back.weights.tolist() == pytest.approx([1.0, 0.5])


def test_sum_of_members_gives_mean_cosine():
    rng = np.random.default_rng(3)
    members = [random_sparse(rng, 40, universe=200).normalised() for _ in range(5)]
    probe = random_sparse(rng, 40, universe=200).normalised()
    total = Sparse.empty()
    for member in members:
        total = total.plus(member)
    assert len(total) <= MAX_TERMS
    mean = np.mean([probe.dot(m) for m in members])
    assert probe.dot(total) / len(members) == pytest.approx(mean, rel=1e-5)


def test_plus_prunes_to_the_heaviest_terms():
    light = Sparse.of({i: 0.001 * (i + 1) for i in range(MAX_TERMS)})
    heavy = Sparse.of({10_000 + i: 1.0 + i for i in range(50)})
    total = light.plus(heavy)
    assert len(total) == MAX_TERMS
    assert np.all(np.diff(total.ids.astype(np.int64)) > 0)  # still sorted
    assert set(heavy.ids.tolist()) <= set(total.ids.tolist())
    dropped = set(light.ids.tolist()) - set(total.ids.tolist())
    assert dropped == set(range(50))  # the 50 lightest terms went
    assert float(total.weights.min()) == pytest.approx(0.051)


def test_bytes_round_trip():
    rng = np.random.default_rng(11)
    for vector in (random_sparse(rng, 123, universe=BUCKETS).normalised(), Sparse.empty(),
                   Sparse.of({BUCKETS - 1: 0.5, 0: 0.25})):
        back = Sparse.from_bytes(vector.to_bytes())
        assert back.ids.dtype == np.uint32 and back.weights.dtype == np.float32
        assert back.ids.tolist() == vector.ids.tolist()
        assert back.weights.tolist() == vector.weights.tolist()
        assert len(vector.to_bytes()) == 4 + 8 * len(vector)


def test_probe_equals_sparse_dot_across_reloads():
    rng = np.random.default_rng(5)
    probe = Probe(BUCKETS)
    others = [random_sparse(rng, 150, universe=BUCKETS) for _ in range(6)]
    for _ in range(5):
        held = random_sparse(rng, 200, universe=BUCKETS)
        probe.load(held)
        for other in [*others, held, Sparse.empty()]:
            assert probe.dot(other) == pytest.approx(held.dot(other), rel=1e-5, abs=1e-7)
    # Loading a vector clears the previous one: nothing of it is left behind.
    first, second = Sparse.of({1: 1.0, 2: 1.0}), Sparse.of({3: 1.0})
    probe.load(first).load(second)
    assert probe.dot(first) == 0.0
    assert probe.dot(second) == 1.0


def test_probe_dot_without_self_is_dot_with_the_rest():
    rng = np.random.default_rng(9)
    members = [random_sparse(rng, 60, universe=400).normalised() for _ in range(4)]
    total = Sparse.empty()
    for member in members:
        total = total.plus(member)
    probe = Probe(BUCKETS)
    for i, member in enumerate(members):
        rest = Sparse.empty()
        for j, other in enumerate(members):
            if j != i:
                rest = rest.plus(other)
        probe.load(member)
        assert probe.dot_without_self(total) == pytest.approx(member.dot(rest), rel=1e-4, abs=1e-6)
    assert probe.dot_without_self(Sparse.empty()) == 0.0
