from newsweave.clean.subheading import split_glued_heading
from support import EXAMPLE_A, gold


def test_example_glued_subheading_is_split():
    lines = EXAMPLE_A.read_text(encoding="utf-8").splitlines()
    paragraph = next(line for line in lines if line.startswith("Putin's visit to"))
    heading, rest = split_glued_heading(paragraph)
    assert heading == gold()["articles"]["A"]["glued_subheading"]
    assert rest.startswith("Putin\u2019s visit comes amid growing concerns")


def test_title_case_heading_before_function_word():
    heading, rest = split_glued_heading("Economic Impact The deal will add billions to trade between them.")
    assert heading == "Economic Impact"
    assert rest.startswith("The deal will")


def test_ordinary_sentences_are_left_alone():
    for paragraph in [
        "North Korean leader Kim Jong Un said Wednesday that his country fully supported Russia.",
        "NEW YORK \u2014 Authorities say two New York City subway work trains have collided.",
        "Hawaiian Airlines Flight Takes Off In 2018 But Lands In 2017",
        "THE CURSE OF STEVE BARTMAN AND THE 2003 CHICAGO CUBS Steve Bartman became one.",
        "Putin met Kim. Putin then left for Vietnam in the evening.",
    ]:
        assert split_glued_heading(paragraph) == (None, paragraph)


def test_short_paragraph_is_never_split():
    assert split_glued_heading("Putin's visit Putin's visit") == (None, "Putin's visit Putin's visit")
