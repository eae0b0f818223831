import pytest

from newsweave.reading.numbers import numbers


def found(text: str, skip=None) -> list[tuple[str, float, str | None]]:
    return [(n.text, n.value, n.unit) for n in numbers(text, skip)]


@pytest.mark.parametrize(("text", "expected"), [
    ("first visit in 24 years", [("24 years", 24.0, "years")]),
    ("1,000 troops and $1.5 billion in aid", [("1,000 troops", 1000.0, "troops"),
                                             ("$1.5 billion", 1.5e9, "USD")]),
    ("prices rose 5% to 3.2 million", [("5%", 5.0, "percent"), ("3.2 million", 3.2e6, None)]),
    ("up 12 per cent", [("12 per cent", 12.0, "percent")]),
    ("the two leaders met", [("two leaders", 2.0, "leaders")]),
])
def test_numbers_carry_their_value_and_unit(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("2,5 Milliarden Euro", "de", [("2,5 Milliarden Euro", 2.5e9, "euro")]),
    ("10.000 Menschen", "de", [("10.000 Menschen", 1e4, "menschen")]),
    ("2,500 troops", "en", [("2,500 troops", 2500.0, "troops")]),
    ("twenty-five people", None, [("twenty-five people", 25.0, "people")]),
    ("one hundred people", None, [("one hundred people", 100.0, "people")]),
    ("a wall 5 m tall cost $5m", None, [("5 m", 5.0, "m"), ("$5m", 5e6, "USD")]),
])
def test_separators_follow_the_language_and_word_numbers_combine(text, language, expected):
    assert [(n.text, n.value, n.unit) for n in numbers(text, language=language)] == expected


def test_years_and_digits_inside_names_are_not_quantities():
    assert found("The G7 met about COVID-19 in 2024 and F-35 jets.") == []


def test_a_lone_one_is_not_a_quantity():
    assert found("one of the leaders") == []


def test_spans_to_skip_are_left_out():
    text = "On 12 June, 300 people marched."
    assert found(text, [(3, 10)]) == [("300 people", 300.0, "people")]
