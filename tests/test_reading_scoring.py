from newsweave.reading.scoring import quoted_start, same_speaker, score_quotes

GOLD = [
    {"id": "a", "kind": "direct", "starts": "We will win", "speaker": "Kim Jong Un"},
    {"id": "a", "kind": "direct", "starts": "fiery friendship” and", "speaker": "Kim Jong Un"},
    {"id": "b", "kind": "direct", "starts": "Nobody moved", "speaker": "the pilot"},
    {"id": "a", "kind": "reported", "starts": "his country supported", "speaker": "Kim Jong Un"},
]


def test_matching_counts_each_found_quote_once():
    found = [
        {"id": "a", "kind": "direct", "text": "We  will win, Nobody can stop us", "speaker": "Kim"},
        {"id": "a", "kind": "direct", "text": "fiery friendship", "speaker": "Kim Jong Un"},
        {"id": "b", "kind": "direct", "text": "a title", "speaker": None},
        {"id": "a", "kind": "direct", "text": "Nobody moved", "speaker": "the pilot"},
    ]
    scores = score_quotes(GOLD, found, "direct")
    assert (scores.gold, scores.found, scores.matched, scores.speaker_right) == (3, 4, 2, 1)
    assert scores.speaker_lenient == 2
    assert round(scores.precision, 2) == 0.5 and round(scores.recall, 2) == 0.67


def test_names_and_starts_are_compared_as_a_reader_would():
    assert same_speaker("the Mirror", "Mirror") and not same_speaker("Uma Thurman", "Thurman")
    assert same_speaker("Uma Thurman", "Thurman", lenient=True)
    assert quoted_start("fiery friendship” and") == "fiery friendship"
    assert quoted_start("I used the word ‘anger,’ but") == "I used the word 'anger,' but"
