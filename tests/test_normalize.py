from newsweave.clean.normalize import fold_typography, for_matching, tidy_line


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
