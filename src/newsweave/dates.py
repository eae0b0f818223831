"""Publication dates in one form: ISO 8601, as precise as the input was.

Inputs state dates in many ways (ISO strings, RFC 2822 feed dates, news-please's
``2018-02-06 05:13:15``, parsed struct_time); stored dates are ISO 8601 strings
that sort as text.  A date-only input stays a date: inventing midnight would be
a fact the source never stated.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EARLIEST_YEAR = 1800


def to_iso(value: object) -> str | None:
    """ISO 8601 text for a date given as text, datetime, date or struct_time.

    Returns None for anything that is not a plausible calendar date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        try:
            value = datetime(*value[:6])
        except ValueError:  # feedparser passes year 0 and other impossible dates on
            return None
    if isinstance(value, datetime):
        return _format(value)
    if isinstance(value, date):
        return value.isoformat() if value.year >= _EARLIEST_YEAR else None
    if isinstance(value, (int, float)):
        return None
    return _parse_text(str(value).strip())


def _parse_text(text: str) -> str | None:
    if not text or len(text) > 64:
        return None
    if _DATE_ONLY.match(text):
        try:
            return to_iso(date.fromisoformat(text))
        except ValueError:
            return None
    for parse in (_from_iso, parsedate_to_datetime, _from_dateutil):
        try:
            parsed = parse(text)
        except (ValueError, TypeError, OverflowError, IndexError):
            continue
        if parsed is not None:
            return _format(parsed)
    return None


def _from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _from_dateutil(text: str) -> datetime | None:
    if not any(ch.isdigit() for ch in text):
        return None
    return dateutil_parser.parse(text)


def _format(moment: datetime) -> str | None:
    if moment.year < _EARLIEST_YEAR:
        return None
    return moment.replace(microsecond=0).isoformat()
