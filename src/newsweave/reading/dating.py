"""Dates mentioned in a claim, resolved against the article's date.

spaCy finds the date phrases; dateparser resolves them with the publication
date as the base, so "Wednesday" in an article of Wednesday 2024-06-19 is that
day and "Tuesday" the day before.  Durations ("24 years", "later in the
evening") are not dates and are left out.  A month and day with no year that
would land in the future is taken as last year's, unless the phrase looks ahead.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, timedelta
from functools import lru_cache

import regex

from newsweave.reading.model import DateMention

_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec")
_DATE_WORDS = regex.compile(
    rf"\b(?:{'|'.join(_WEEKDAYS.split())}|{'|'.join(_MONTHS.split())}|today|yesterday|tomorrow|tonight"
    r"|ago|last|next|this|(?:1[89]|20)\d\d)\b",
    regex.IGNORECASE,
)
_YEAR = regex.compile(r"\b(?:1[89]|20)\d\d\b")
_DAY_NUMBER = regex.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")
_AHEAD = regex.compile(r"\b(?:next|tomorrow|coming|upcoming|will|later)\b", regex.IGNORECASE)
_MONTH_WORD = regex.compile(rf"\b(?:{'|'.join(_MONTHS.split())})\b", regex.IGNORECASE)
_WEEK_WORD = regex.compile(r"\bweek\b", regex.IGNORECASE)
_MONTH_UNIT = regex.compile(r"\bmonth\b", regex.IGNORECASE)
_YEAR_UNIT = regex.compile(r"\byear\b", regex.IGNORECASE)
_DAY_WORD = regex.compile(rf"\b(?:{'|'.join(_WEEKDAYS.split())}|today|yesterday|tomorrow|tonight)\b",
                          regex.IGNORECASE)


def base_date(published: str | None) -> date | None:
    """The day an article was published, from its ISO date."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def resolve(text: str, base: date | None, ahead: bool = False) -> DateMention | None:
    """A date phrase resolved against ``base``; None when it is not a date at all.

    ``ahead`` says the sentence speaks of what is to come ("talks will resume on
    Thursday"): a weekday is then the next one and a month and day may lie ahead.
    """
    phrase = " ".join(text.split())
    if not _DATE_WORDS.search(phrase):
        return None
    granularity = _granularity(phrase)
    if base is None and not _YEAR.search(phrase):
        return DateMention(phrase, None, granularity)
    resolved = _common(phrase, base, ahead or bool(_AHEAD.search(phrase)))
    if resolved is _NOT_COMMON:
        resolved = _parse(phrase, base)
    if resolved is None:
        return DateMention(phrase, None, granularity)
    if base is not None and resolved > base + timedelta(days=1) and not _YEAR.search(phrase) \
            and not ahead and not _AHEAD.search(phrase):
        resolved = _year_earlier(resolved)
    return DateMention(phrase, _format(resolved, granularity), granularity)


def _granularity(phrase: str) -> str:
    if _ISO_DAY.match(phrase.strip()):
        return "day"
    if _DAY_WORD.search(phrase) or (_MONTH_WORD.search(phrase) and _DAY_NUMBER.search(_YEAR.sub("", phrase))):
        return "day"
    if _WEEK_WORD.search(phrase):
        return "week"
    if _MONTH_WORD.search(phrase) or _MONTH_UNIT.search(phrase):
        return "month"
    if _YEAR.search(phrase) or _YEAR_UNIT.search(phrase):
        return "year"
    return "day"


_NOT_COMMON = date.min
_MONTH_NUMBERS = {name: index % 12 + 1 for index, name in enumerate(
    "january february march april may june july august september october november december "
    "jan feb mar apr may jun jul aug sep oct nov dec".split())} | {"sept": 9}
_ISO_DAY = regex.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_MONTH_PATTERN = r"(?P<month>[a-z]+)\.?"
_COMMON_FORMS = [regex.compile(pattern) for pattern in (
    rf"^{_MONTH_PATTERN} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?$",
    rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH_PATTERN}(?:,? (?P<year>\d{{4}}))?$",
    rf"^{_MONTH_PATTERN}(?:,? (?P<year>\d{{4}}))?$",
    r"^(?P<year>\d{4})$",
)]


def _common(phrase: str, base: date | None, ahead: bool) -> date | None:
    """The forms most news dates take, without dateparser's cost; ``_NOT_COMMON`` for the rest."""
    words = phrase.lower().removeprefix("on ").removeprefix("in ")
    if words in _RELATIVE_DAYS:
        return base + timedelta(days=_RELATIVE_DAYS[words]) if base else None
    weekdays = _WEEKDAYS.split()
    if words in weekdays:
        if base is None:
            return None
        if ahead:
            return base + timedelta(days=(weekdays.index(words) - base.weekday()) % 7)
        return base - timedelta(days=(base.weekday() - weekdays.index(words)) % 7)
    iso = _ISO_DAY.match(words)
    if iso:
        return _day(int(iso["year"]), int(iso["month"]), int(iso["day"]))
    for form in _COMMON_FORMS:
        match = form.match(words)
        if match is None:
            continue
        parts = match.groupdict()
        month = _MONTH_NUMBERS.get(parts.get("month") or "", None) if parts.get("month") else 1
        year = int(parts["year"]) if parts.get("year") else (base.year if base else None)
        if month is None or year is None:
            return _NOT_COMMON
        day = _day(year, month, int(parts.get("day") or 1))
        if day is None and not parts.get("year") and base is not None:
            day = _day(year - 1, month, int(parts.get("day") or 1))
        return day
    return _NOT_COMMON


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _parse(phrase: str, base: date | None) -> date | None:
    import dateparser

    settings = {"RELATIVE_BASE": datetime.combine(base, datetime.min.time())} if base else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed.date() if parsed is not None else None


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day - timedelta(days=365)


def _format(day: date, granularity: str) -> str:
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
