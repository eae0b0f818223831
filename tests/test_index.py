import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.copies import index as index_module
from newsweave.copies.index import BandIndex
from newsweave.copies.signature import BANDS


def brute_force(stored: dict[int, np.ndarray], keys: np.ndarray) -> set[int]:
    return {number for number, theirs in stored.items() if (theirs == keys).any()}


@pytest.fixture
def small_levels(monkeypatch):
    """Merge levels after a few articles, so that short tests cross every merge."""
    monkeypatch.setattr(index_module, "SMALL_ARTICLES", 3)
    monkeypatch.setattr(index_module, "MIDDLE_ARTICLES", 7)
    monkeypatch.setattr(index_module, "MIDDLE_FRACTION", 2)


def test_query_finds_exactly_the_articles_sharing_a_band_key(small_levels):
    rng = np.random.default_rng(3)
    index, stored = BandIndex(BANDS), {}
    for number in range(300):
        # A small key space makes many articles share keys, in every band.
        keys = rng.integers(0, 40, BANDS).astype(np.uint32)
        probe = rng.integers(0, 40, BANDS).astype(np.uint32)
        assert index.query(probe) == brute_force(stored, probe)
        index.add(number * 7 + 1, keys)
        stored[number * 7 + 1] = keys
        assert number * 7 + 1 in index.query(keys)
    assert len(index) == 300
    for number, keys in stored.items():
        assert index.query(keys) == brute_force(stored, keys)
        assert number in index.query(keys)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 5), min_size=4, max_size=4), max_size=30),
    st.lists(st.integers(0, 5), min_size=4, max_size=4),
)
def test_query_matches_brute_force_on_any_keys(rows, probe):
    index, stored = BandIndex(4), {}
    for number, row in enumerate(rows):
        keys = np.array(row, dtype=np.uint32)
        index.add(number, keys)
        stored[number] = keys
    probe_keys = np.array(probe, dtype=np.uint32)
    assert index.query(probe_keys) == brute_force(stored, probe_keys)


def test_the_same_key_in_another_band_is_no_match():
    index = BandIndex(3)
    index.add(1, np.array([10, 20, 30], dtype=np.uint32))
    assert index.query(np.array([20, 30, 10], dtype=np.uint32)) == set()
    assert index.query(np.array([0, 0, 30], dtype=np.uint32)) == {1}


def test_extreme_keys_and_numbers():
    index = BandIndex(BANDS)
    top = np.full(BANDS, 0xFFFFFFFF, dtype=np.uint32)
    bottom = np.zeros(BANDS, dtype=np.uint32)
    index.add(index.max_number, top)
    index.add(0, bottom)
    assert index.query(top) == {index.max_number}
    assert index.query(bottom) == {0}
    assert index.number_bits == 64 - 32 - 5
    with pytest.raises(ValueError, match="does not fit"):
        index.add(index.max_number + 1, top)
    with pytest.raises(ValueError, match="band keys"):
        index.add(5, top[:-1])
    with pytest.raises(ValueError):
        BandIndex(0)


def test_last_band_of_a_full_band_field_does_not_overflow():
    index = BandIndex(32)  # band 31 fills the 5 band bits
    keys = np.full(32, 0xFFFFFFFF, dtype=np.uint32)
    index.add(3, keys)
    probe = np.zeros(32, dtype=np.uint32)
    probe[31] = 0xFFFFFFFF
    assert index.query(probe) == {3}


def test_rebuilt_index_answers_like_the_incremental_one(small_levels):
    rng = np.random.default_rng(11)
    numbers = np.arange(1, 201, dtype=np.uint32)
    keys = rng.integers(0, 60, (200, BANDS)).astype(np.uint32)
    incremental = BandIndex(BANDS)
    for number, row in zip(numbers, keys, strict=True):
        incremental.add(int(number), row)
    rebuilt = BandIndex(BANDS)
    rebuilt.add_many(numbers[:150], keys[:150])
    for number, row in zip(numbers[150:], keys[150:], strict=True):
        rebuilt.add(int(number), row)  # new articles after a restart
    assert len(rebuilt) == len(incremental) == 200
    for row in keys:
        assert rebuilt.query(row) == incremental.query(row)
    rebuilt.add_many(np.array([], dtype=np.uint32), np.zeros((0, BANDS), dtype=np.uint32))
    assert len(rebuilt) == 200


def test_memory_is_eight_bytes_per_band_and_article(small_levels):
    index = BandIndex(BANDS)
    assert index.memory_bytes() == 0
    rng = np.random.default_rng(5)
    for number in range(50):
        index.add(number, rng.integers(0, 1 << 32, BANDS, dtype=np.uint64).astype(np.uint32))
        assert index.memory_bytes() == 8 * BANDS * (number + 1)
    assert index.memory_bytes() / len(index) <= 300


def test_a_new_index_finds_nothing():
    index = BandIndex(BANDS)
    assert len(index) == 0
    assert index.query(np.zeros(BANDS, dtype=np.uint32)) == set()
