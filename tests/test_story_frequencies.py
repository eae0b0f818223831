"""Streaming document frequencies: counting, idf order, sublinear weights, pending saves."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.terms import term_id, word_counts

DOCUMENTS = [
    "The central bank raised rates again on Tuesday.",
    "The storm closed schools on Tuesday.",
    "The election results came in late.",
    "The central bank kept rates steady.",
]


def counted() -> DocumentFrequencies:
    frequencies = DocumentFrequencies()
    for text in DOCUMENTS:
        frequencies.add(word_counts(None, text))
    return frequencies


def test_add_counts_each_term_once_per_document():
    frequencies = DocumentFrequencies()
    frequencies.add([5, 5, 5, 9])
    frequencies.add([5])
    frequencies.add([])
    assert frequencies.documents == 3
    assert int(frequencies.counts[5]) == 2 and int(frequencies.counts[9]) == 1
    assert int(frequencies.counts.sum()) == 3


def test_idf_orders_rare_above_common_and_unseen_highest():
    frequencies = counted()
    the, bank, storm = (term_id(word) for word in ("the", "bank", "storm"))
    unseen = term_id("zebra")
    idf = frequencies.idf(np.array([the, bank, storm, unseen]))
    assert idf[0] < idf[1] < idf[2] < idf[3]
    # Smoothed: a term in every document still weighs 1, never 0.
    assert idf[0] == pytest.approx(1.0)
    assert idf[3] == pytest.approx(math.log(5) + 1.0)
    assert frequencies.rarity(storm) == pytest.approx(float(idf[2]), rel=1e-6)


def test_weigh_is_sublinear_tf_times_idf():
    frequencies = counted()
    bank, storm = term_id("bank"), term_id("storm")
    weights = frequencies.weigh(Counter({bank: 1, storm: 4}))
    assert weights[bank] == pytest.approx(frequencies.rarity(bank), rel=1e-6)
    assert weights[storm] == pytest.approx((1 + math.log(4)) * frequencies.rarity(storm), rel=1e-6)
    assert frequencies.weigh(Counter()) == {}


def test_pending_holds_the_changes_since_the_last_take_and_restores_the_counts():
    frequencies = counted()
    first = dict(frequencies.take_pending())
    assert first[term_id("the")] == 4 and first[term_id("bank")] == 2
    assert frequencies.take_pending() == []
    frequencies.add([term_id("bank"), term_id("new")])
    assert dict(frequencies.take_pending()) == {term_id("bank"): 1, term_id("new"): 1}
    # What was saved is enough to rebuild the table.
    rebuilt = DocumentFrequencies(first.items(), documents=4)
    assert np.array_equal(rebuilt.counts, counted().counts)
    assert rebuilt.rarity(term_id("storm")) == pytest.approx(counted().rarity(term_id("storm")))
