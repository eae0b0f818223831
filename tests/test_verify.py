"""compare(): the exact check that decides every copy link, on sorted shingle sets."""

import numpy as np
import pytest

from newsweave.copies import fingerprint
from newsweave.copies.verify import CONTAINMENT, MIN_WORDS, NEAR_JACCARD, Match, compare


def shingles(*ranges: range) -> np.ndarray:
    """A sorted shingle set made of the integers in ``ranges``."""
    return np.unique(np.concatenate([np.arange(r.start, r.stop, dtype=np.uint64) for r in ranges]))


STORY = (
    "The city council voted on Tuesday to close the old bridge over the river for repairs, "
    "officials said. The mayor said the work would take at least six months and cost the city "
    "about four million dollars. Drivers will be sent over the northern bridge, which the council "
    "said could carry the extra traffic. Residents said they feared long delays during the winter."
)


def test_identical_sets_are_exact():
    assert compare(shingles(range(100)), shingles(range(100))) == Match("exact", 1.0, 1.0)


def test_empty_sets_are_never_copies():
    assert compare(shingles(range(100)), np.empty(0, dtype=np.uint64)) is None
    assert compare(np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.uint64)) is None


def test_high_jaccard_is_near_with_its_scores():
    match = compare(shingles(range(100)), shingles(range(10, 110)))
    assert match == Match("near", round(90 / 110, 4), 0.9)


def test_small_text_inside_a_long_one_is_contains():
    match = compare(shingles(range(40)), shingles(range(400)))
    assert match == Match("contains", 0.1, 1.0)


def test_shared_quote_is_not_a_copy():
    """Two texts sharing a third of the smaller one (a quoted statement) stay apart."""
    assert compare(shingles(range(100)), shingles(range(67, 300))) is None


def test_jaccard_threshold_is_inclusive():
    """Equal sizes sharing two thirds: Jaccard exactly 0.5, containment 0.67 (under its bar)."""
    assert NEAR_JACCARD == 0.5
    assert compare(shingles(range(150)), shingles(range(50, 200))) == Match("near", 0.5, 0.6667)
    assert compare(shingles(range(150)), shingles(range(51, 201))) is None


def test_containment_threshold_is_inclusive():
    assert CONTAINMENT == 0.75
    assert compare(shingles(range(100)), shingles(range(25, 1000))) == Match("contains", 0.075, 0.75)
    assert compare(shingles(range(100)), shingles(range(26, 1000))) is None


def test_compare_is_symmetric():
    a, b = shingles(range(80)), shingles(range(20, 600))
    assert compare(a, b) == compare(b, a)


def test_said_made_says_stays_near():
    original = fingerprint(STORY)
    edited = fingerprint(STORY.replace(" said", " says"))
    assert original is not None and edited is not None
    match = compare(original.shingles, edited.shingles)
    assert match is not None and match.kind == "near" and match.jaccard < 1


def test_quote_marks_and_case_do_not_matter():
    curly = fingerprint(STORY.replace("city council", "“city council”"))
    straight = fingerprint(STORY.upper().replace("CITY COUNCIL", '"CITY COUNCIL"'))
    assert curly is not None and straight is not None
    assert compare(curly.shingles, straight.shingles) == Match("exact", 1.0, 1.0)


def test_texts_under_min_words_have_no_fingerprint():
    words = STORY.split()
    assert MIN_WORDS == 30
    assert fingerprint(" ".join(words[:MIN_WORDS - 1])) is None
    assert fingerprint(" ".join(words[:MIN_WORDS])) is not None


@pytest.mark.parametrize("size", [MIN_WORDS, 60])
def test_leading_words_of_a_text_are_contained(size):
    """A copy that keeps only the top of a text is contained in it."""
    whole, top = fingerprint(STORY), fingerprint(" ".join(STORY.split()[:size]))
    assert whole is not None and top is not None
    match = compare(top.shingles, whole.shingles)
    assert match is not None and match.containment == 1.0
