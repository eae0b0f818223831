"""Do two claims about one fact agree?  Numbers, dates and stance must.

Two claims that say the same thing can still disagree on what matters for
checking: "3 killed" against "5 killed", "on Monday" against "on Tuesday", or
one source denying what the other states.  Each check returns the reason in
words, or None when the claims agree on it.
"""

from __future__ import annotations

from newsweave.reading.model import Claim


def disagreement(a: Claim, b: Claim) -> str | None:
    """Why claims ``a`` and ``b`` conflict, or None when nothing they both state differs."""
    return _numbers(a, b) or _dates(a, b) or _denial(a, b)


def _numbers(a: Claim, b: Claim) -> str | None:
    for unit in {n.unit for n in a.numbers if n.unit} & {n.unit for n in b.numbers if n.unit}:
        left = [n for n in a.numbers if n.unit == unit]
        right = [n for n in b.numbers if n.unit == unit]
        if not {n.value for n in left} & {n.value for n in right}:
            return f"numbers differ: {left[0].text} / {right[0].text}"
    return None


def _dates(a: Claim, b: Claim) -> str | None:
    left = {d.date: d for d in a.dates if d.date and d.granularity == "day"}
    right = {d.date: d for d in b.dates if d.date and d.granularity == "day"}
    if left and right and not set(left) & set(right):
        first, second = next(iter(left.values())), next(iter(right.values()))
        return f"dates differ: {first.text} ({first.date}) / {second.text} ({second.date})"
    return None


def _denial(a: Claim, b: Claim) -> str | None:
    for denying, other in ((a, b), (b, a)):
        if denying.stance == "denied" and other.stance in ("stated", "reported"):
            who = f" by {denying.attribution}" if denying.attribution else ""
            return f"denied{who}"
    return None
