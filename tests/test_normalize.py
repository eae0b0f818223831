from newsweave.clean.normalize import fold_typography, for_matching, tidy_line, tidy_lines


def test_tidy_line_collapses_spaces_and_drops_invisible_characters():
    assert tidy_line("  Kim\u00a0 Jong\u200b Un\tsaid \x07 ") == "Kim Jong Un said"


def test_tidy_line_keeps_typography():
    assert tidy_line("Putin\u2019s \u201cfiery\u201d visit \u2014 day two") == (
        "Putin\u2019s \u201cfiery\u201d visit \u2014 day two"
    )


def test_fold_typography_straightens_quotes_and_dashes():
    assert fold_typography("\u201cIt\u2019s\u201d \u2013 done\u2026") == "\"It's\" - done..."


def test_for_matching_equates_typographic_variants():
    assert for_matching("Putin\u2019s  \u201cvisit\u201d") == for_matching("PUTIN'S \"visit\"")


def test_for_matching_applies_nfkc():
    assert for_matching("\ufb01nal \u2460") == "final 1"


def test_tidy_lines_matches_tidy_line_on_each_line():
    text = "a\u00a0 b\u200b\tc  d\n\n  e\x07f  \nplain line\n"
    assert tidy_lines(text) == ["a b c d", "ef", "plain line"]
    assert tidy_lines(text) == [tidy_line(line) for line in text.splitlines() if tidy_line(line)]
    assert tidy_lines("one  two") == ["one two"]


def test_c1_control_characters_are_dropped_like_c0():
    assert tidy_line("caf\u0080e\u009f said") == "cafe said"
    assert tidy_lines("one\u0093 two\u0085three") == ["one two", "three"]


def test_line_breaking_controls_end_a_line_rather_than_glue_words():
    text = "end of page\x0cNext page\x0bthird\x1cfourth\u2028fifth"
    assert tidy_lines(text) == ["end of page", "Next page", "third", "fourth", "fifth"]
    assert tidy_lines(text) == [tidy_line(line) for line in text.splitlines()]


def test_a_line_break_in_one_line_becomes_a_space():
    assert tidy_line("Big news\r\nfrom the\u2028council") == "Big news from the council"


def test_lone_surrogates_become_replacement_characters():
    assert tidy_line("Talks \ud800 resumed") == "Talks \ufffd resumed"
    assert tidy_lines("Talks \udfff resumed\nThen") == ["Talks \ufffd resumed", "Then"]
