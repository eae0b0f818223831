"""Numbers with their units, read from a claim's text in any language that writes digits.

Corroboration compares numbers ("1,000 troops" against "2,000 troops"), so each
number carries its value and the word it counts.  Years and digits inside names
("G7", "COVID-19") are not quantities and are skipped; dates are read
separately.
"""

from __future__ import annotations

import regex

from newsweave.reading.model import NumberMention

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
           "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
# The same scales in the other languages newsweave reads most.
_SCALES.update({"tausend": 1e3, "millionen": 1e6, "mio": 1e6, "milliarde": 1e9, "milliarden": 1e9,
                "mrd": 1e9, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "millón": 1e6,
                "millones": 1e6, "milioni": 1e6, "miliardi": 1e9, "milhões": 1e6, "bilhões": 1e9})
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB"}
_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"dozen": 12, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
               "eighty": 80, "ninety": 90, "hundred": 100})
_NOT_UNITS = frozenset(
    """the a an of to in and or on at for from with by as is was were are be been has have had
    that this than per which who it its their his her our also more less about over under""".split()
)
_NUMBER = regex.compile(
    r"(?<![\w.,/-])(?P<currency>[$€£¥₹₽])?\s?"
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?![\w/-]*\d)(?:\s?(?P<scale>" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")\b\.?)?"
    r"(?:\s?(?P<percent>%|percent\b|per\s+cent\b))?"
    r"(?:[ -](?P<unit>\p{L}[\p{L}-]*))?",
    regex.IGNORECASE,
)
_WORD_NUMBER = regex.compile(
    r"\b(?P<word>" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b"
    r"(?:\s(?P<scale>thousand|million|billion|trillion)\b)?(?:[ -](?P<unit>\p{L}[\p{L}-]*))?",
    regex.IGNORECASE,
)
_YEAR = regex.compile(r"^(1[89]|20)\d\d$")


def numbers(text: str, skip: list[tuple[int, int]] | None = None) -> list[NumberMention]:
    """The quantities of ``text``, leaving out those inside ``skip`` spans (dates)."""
    skip = skip or []
    found = []
    for match in _NUMBER.finditer(text):
        if _skipped(match.span(), skip) or _is_year(match):
            continue
        value = float(match["digits"].replace(",", "")) * _scale(match["scale"])
        found.append(_mention(text, match, value, _unit(match)))
    for match in _WORD_NUMBER.finditer(text):
        if _skipped(match.span(), skip) or (match["word"].lower() in ("one", "zero") and not _unit(match)):
            continue
        value = _WORDS[match["word"].lower()] * _scale(match["scale"])
        found.append(_mention(text, match, value, _unit(match)))
    return sorted(found, key=lambda mention: text.find(mention.text))


def _mention(text: str, match: regex.Match, value: float, unit: str | None) -> NumberMention:
    end = match.end("unit") if unit and match["unit"] and unit == match["unit"].lower() else _core_end(match)
    return NumberMention(text[match.start():end].strip(), value, unit)


def _core_end(match: regex.Match) -> int:
    groups = ("percent", "scale", "digits", "word")
    return max((match.end(name) for name in groups if name in match.re.groupindex and match[name]),
               default=match.end())


def _scale(word: str | None) -> float:
    return _SCALES.get(word.lower(), 1.0) if word else 1.0


def _unit(match: regex.Match) -> str | None:
    groups = match.groupdict()
    if groups.get("percent"):
        return "percent"
    if groups.get("currency"):
        return _CURRENCIES[groups["currency"]]
    unit = groups.get("unit")
    if not unit or unit.lower() in _NOT_UNITS or unit.lower() in _SCALES:
        return None
    return unit.lower()


def _is_year(match: regex.Match) -> bool:
    return bool(_YEAR.match(match["digits"])) and not match["currency"] and not match["scale"] \
        and not match["percent"]


def _skipped(span: tuple[int, int], skip: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in skip)
