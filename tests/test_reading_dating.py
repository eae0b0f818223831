from datetime import date

import pytest

from newsweave.reading.dating import base_date, resolve

WEDNESDAY = date(2024, 6, 19)


@pytest.mark.parametrize(("text", "expected", "granularity"), [
    ("Wednesday", "2024-06-19", "day"),
    ("on Tuesday", "2024-06-18", "day"),
    ("Thursday", "2024-06-13", "day"),
    ("yesterday", "2024-06-18", "day"),
    ("last week", "2024-06-12", "week"),
    ("last month", "2024-05", "month"),
    ("last year", "2023", "year"),
    ("June 12, 2023", "2023-06-12", "day"),
    ("Dec. 25", "2023-12-25", "day"),
    ("next week", "2024-06-26", "week"),
])
def test_dates_resolve_against_the_article_date(text, expected, granularity):
    mention = resolve(text, WEDNESDAY)
    assert (mention.date, mention.granularity) == (expected, granularity)


def test_durations_are_not_dates():
    assert resolve("24 years", WEDNESDAY) is None
    assert resolve("later in the evening", WEDNESDAY) is None


def test_without_a_base_only_dates_with_a_year_resolve():
    assert resolve("Wednesday", None).date is None
    assert resolve("February 5, 2018", None).date == "2018-02-05"


def test_base_date_reads_iso_dates_and_times():
    assert base_date("2024-06-19T08:30:00+00:00") == WEDNESDAY
    assert base_date(None) is None and base_date("not a date") is None


def test_a_sentence_about_what_is_to_come_looks_ahead():
    assert resolve("Thursday", WEDNESDAY, ahead=True).date == "2024-06-20"
    assert resolve("July 4", WEDNESDAY, ahead=True).date == "2024-07-04"
    assert resolve("July 4", WEDNESDAY).date == "2023-07-04"


def test_iso_dates_and_leap_days():
    assert (resolve("2024-06-17", WEDNESDAY).date, resolve("2024-06-17", None).granularity) == (
        "2024-06-17", "day")
    assert resolve("February 29", date(2025, 3, 1)).date == "2024-02-29"
