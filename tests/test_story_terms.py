"""Words and names of an article as hashed term ids: what counts as a name, title weight, stable ids."""

from __future__ import annotations

import os
import subprocess
import sys

from newsweave.stories.terms import (
    BUCKETS,
    TITLE_WEIGHT,
    name_id,
    names,
    term_id,
    word_counts,
    words,
)
from support import EXAMPLE_B

LEAD = (
    "North Korean leader Kim Jong Un met Vladimir Putin in Pyongyang. Russia said the visit went well. "
    "In 2024 the two signed a pact. Officials from Moscow watched."
)


def test_names_are_capitalised_phrases_and_numbers_in_order():
    expected = ["north korean", "kim jong un", "vladimir putin", "pyongyang", "2024", "moscow"]
    assert names(None, LEAD) == expected


def test_sentence_initial_single_words_are_not_names():
    found = names(None, LEAD)
    # "Russia", "In" and "Officials" open sentences: a capital there says nothing.
    assert "russia" not in found and "in" not in found and "officials" not in found
    # The same word inside a sentence is a name.
    assert "russia" in names(None, "The Kremlin said Russia would respond.")
    # After a line break too, the first word opens a sentence.
    assert names(None, "The summit ended.\nToday the talks resumed in Moscow.") == ["moscow"]
    # After a colon or a semicolon as well.
    assert names(None, "Moscow replied: Kremlin aides said nothing; Peskov was silent!") == []


def test_sentence_initial_multiword_names_are_kept():
    found = names(None, "Kim Jong Un arrived late. Vladimir Putin waited.")
    assert found == ["kim jong un", "vladimir putin"]


def test_pronouns_titles_and_single_letters_are_not_names():
    text = "Then he and I saw Smith, and the man said A lot. Later this week They left with Jones."
    assert names(None, text) == ["smith", "jones"]


def test_headline_case_title_gives_no_names_but_sentence_case_title_does():
    text = "The talks went on."
    assert names("Putin Visits Pyongyang For Talks With Kim", text) == []
    assert names("Putin visits Pyongyang for talks with Kim", text) == ["pyongyang", "kim"]


def test_example_headline_is_headline_case_and_skipped():
    title, _, body = EXAMPLE_B.read_text(encoding="utf-8").partition("\n")
    assert title.startswith("Kim Jong Un Affirms Support")
    with_title = names(title.strip(), body)
    assert with_title == names(None, body)
    assert "kim jong un" in with_title and "putin" in with_title


def test_names_in_other_scripts_and_numbers():
    assert names(None, "Gestern traf Olaf Scholz in Berlin ein. Später schwieg Österreich.") == [
        "olaf scholz", "berlin", "österreich"
    ]
    assert names(None, "They counted 12.500 votes in 2017, not 7 of them.") == ["12.500", "2017"]


def test_words_fold_case_keep_numbers_and_drop_single_letters():
    expected = ["kim", "jong", "un", "2,5", "mio", "über", "1.000"]
    assert words("Kim Jong-un’s 2,5 Mio. Über a b 1.000") == expected
    assert words("普京访问平壤") == ["普京访问平壤"]
    assert words("") == []


def test_title_words_count_title_weight_times():
    counts = word_counts("Putin visits", "Putin arrived. Putin left.")
    assert counts[term_id("putin")] == 2 + TITLE_WEIGHT
    assert counts[term_id("visits")] == TITLE_WEIGHT
    assert counts[term_id("arrived")] == 1
    assert word_counts(None, "Putin arrived.")[term_id("putin")] == 1


def test_name_ids_are_apart_from_word_ids():
    assert name_id("putin") != term_id("putin")
    assert names(None, "They met Putin. Later they saw Putin again.") == ["putin", "putin"]


def test_term_ids_in_range_and_stable_across_processes():
    terms = ["putin", "pyongyang", "kim jong un", "über", "普京", "2024"]
    ids = [term_id(term) for term in terms] + [name_id(term) for term in terms]
    assert all(0 <= i < BUCKETS for i in ids)
    assert len(set(ids)) == len(ids)
    code = (
        "from newsweave.stories.terms import term_id, name_id\n"
        f"terms = {terms!r}\n"
        "print([term_id(t) for t in terms] + [name_id(t) for t in terms])"
    )
    for seed in ("12345",):
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == str(ids)


def test_all_capital_acronyms_are_names():
    assert names(None, "Officials from NATO and the EU watched.") == ["nato", "eu"]
    assert names(None, "He told the US State Department and ABC News.") == ["us state department", "abc news"]


def test_thousands_with_one_leading_digit_are_one_number():
    assert names(None, "About 1,000 people and 5,000 cars came.") == ["1,000", "5,000"]


def test_first_word_of_a_quoted_sentence_is_not_a_name():
    assert names(None, "He left. “And then it ended,” she said.") == []
    assert names(None, 'The match ended.\n"Well, we tried," said Smith.') == ["smith"]
