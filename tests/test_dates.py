import time
from datetime import date, datetime

from newsweave.dates import to_iso


def test_iso_strings_keep_their_precision():
    assert to_iso("2024-06-19") == "2024-06-19"
    assert to_iso("2018-02-06T05:13:15") == "2018-02-06T05:13:15"
    assert to_iso("2018-02-06 05:13:15") == "2018-02-06T05:13:15"
    assert to_iso("2018-02-06T05:13:15Z") == "2018-02-06T05:13:15+00:00"


def test_feed_and_parsed_dates():
    assert to_iso("Wed, 19 Jun 2024 10:00:00 GMT") == "2024-06-19T10:00:00+00:00"
    assert to_iso(time.strptime("2024-06-19 10:00", "%Y-%m-%d %H:%M")) == "2024-06-19T10:00:00"
    assert to_iso(datetime(2024, 6, 19, 10, 0, 0, 123)) == "2024-06-19T10:00:00"
    assert to_iso(date(2024, 6, 19)) == "2024-06-19"


def test_nonsense_is_no_date():
    for value in (None, "", "yesterday-ish", "2024-13-45", 12345, "x" * 100, "0001-01-01"):
        assert to_iso(value) is None


def test_an_impossible_parsed_date_is_no_date():
    year_zero = time.struct_time((0, 1, 1, 0, 0, 0, 0, 1, 0))
    assert to_iso(year_zero) is None
