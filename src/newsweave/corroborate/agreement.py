"""Do two claims about one fact agree?  Numbers, dates and stance must.

Two claims that say the same thing can still disagree on what matters for
checking: "3 killed" against "5 killed", "on Monday" against "on Tuesday", or
one source denying what the other states.  Each check returns the reason in
words, or None when the claims agree on it.
"""

from __future__ import annotations

import regex

from newsweave.reading.model import Claim

_HEDGE = regex.compile(
    r"\b(?:more than|over|at least|about|nearly|almost|around|some|up to|roughly|fewer than|less than|"
    r"under|approximately|estimated|as many as|dozens of|hundreds of)\s*$", regex.IGNORECASE)
_YEAR = regex.compile(r"\b(?:1[89]|20)\d\d\b")
_MONTH_OR_ISO = regex.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{4}-\d{2}-\d{2}|\d\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", regex.IGNORECASE)


def disagreement(a: Claim, b: Claim) -> str | None:
    """Why claims ``a`` and ``b`` conflict, or None when nothing they both state differs."""
    return _numbers(a, b) or _dates(a, b) or _denial(a, b)


def _numbers(a: Claim, b: Claim) -> str | None:
    """Numbers counting one unit must share a value; a number without a unit may be any of them
    ("killed 12 and injured 30 people"), and an approximate one ("more than 100") agrees with all."""
    if _approximate(a) or _approximate(b):
        return None
    for unit in {n.unit for n in a.numbers if n.unit} & {n.unit for n in b.numbers if n.unit}:
        left = [n for n in a.numbers if n.unit in (unit, None)]
        right = [n for n in b.numbers if n.unit in (unit, None)]
        if not {n.value for n in left} & {n.value for n in right}:
            shown_left = next(n for n in left if n.unit == unit)
            shown_right = next(n for n in right if n.unit == unit)
            return f"numbers differ: {shown_left.text} / {shown_right.text}"
    return None


def _approximate(claim: Claim) -> bool:
    """A number right after "more than", "about", "nearly"...: a bound, not a count."""
    for number in claim.numbers:
        at = claim.text.find(number.text)
        if at > 0 and _HEDGE.search(claim.text[:at]):
            return True
    return False


def _dates(a: Claim, b: Claim) -> str | None:
    """Days written out in full must agree.

    A relative day ("Tuesday", "25 years ago") is resolved against each
    article's own date, so two articles published days apart resolve it
    differently without disagreeing; only explicit dates are compared.
    """
    left = {d.date: d for d in a.dates if d.date and d.granularity == "day" and _explicit(d.text)}
    right = {d.date: d for d in b.dates if d.date and d.granularity == "day" and _explicit(d.text)}
    if left and right and not set(left) & set(right):
        first, second = next(iter(left.values())), next(iter(right.values()))
        return f"dates differ: {first.text} ({first.date}) / {second.text} ({second.date})"
    return None


def _explicit(text: str) -> bool:
    return bool(_YEAR.search(text)) and bool(_MONTH_OR_ISO.search(text))


def _denial(a: Claim, b: Claim) -> str | None:
    for denying, other in ((a, b), (b, a)):
        if denying.stance == "denied" and other.stance in ("stated", "reported"):
            who = f" by {denying.attribution}" if denying.attribution else ""
            return f"denied{who}"
    return None
