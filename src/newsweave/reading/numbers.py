"""Numbers with their units, read from a claim's text in any language that writes digits.

Corroboration compares numbers ("1,000 troops" against "2,000 troops"), so each
number carries its value and the word it counts.  Years and digits inside names
("G7", "COVID-19") are not quantities and are skipped; dates are read
separately.
"""

from __future__ import annotations

import regex

from newsweave.reading.model import NumberMention

_SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
           "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
# "5 m" is five metres; "$5m" is five million dollars.
_CURRENCY_ONLY_SCALES = frozenset({"k", "m", "b"})
# Languages that write 2,5 for two and a half and 10.000 for ten thousand.
DECIMAL_COMMA = frozenset("de fr es it pt nl ru pl tr sv da no nb fi cs sk ro hu id uk bg hr sl el".split())
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
    that this than per which who it its their his her our also more less about over under
    d de di der die das des du la le el""".split()
)
_NUMBER_TAIL = (
    r"(?![\w/-]*\d)(?:\s?(?P<scale>" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")\b\.?)?"
    r"(?:\s?(?P<percent>%|percent\b|per\s+cent\b|prozent\b|pour\s+cent\b|por\s+ciento\b))?"
    r"(?:[ -](?P<unit>\p{L}[\p{L}-]*))?"
)
_NUMBER = regex.compile(
    r"(?<![\w.,/-])(?P<currency>[$€£¥₹₽])?\s?(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    + _NUMBER_TAIL, regex.IGNORECASE)
_NUMBER_DECIMAL_COMMA = regex.compile(
    r"(?<![\w.,/-])(?P<currency>[$€£¥₹₽])?\s?(?P<digits>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    + _NUMBER_TAIL, regex.IGNORECASE)
_ONES = "one two three four five six seven eight nine".split()
_WORD_NUMBER = regex.compile(
    r"\b(?P<word>" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
    r"(?:-(?P<ones>" + "|".join(_ONES) + r"))?\b"
    r"(?:\s(?P<scale>hundred|thousand|million|billion|trillion)\b)?(?:[ -](?P<unit>\p{L}[\p{L}-]*))?",
    regex.IGNORECASE,
)
_YEAR = regex.compile(r"^(1[89]|20)\d\d$")


def numbers(text: str, skip: list[tuple[int, int]] | None = None,
            language: str | None = None) -> list[NumberMention]:
    """The quantities of ``text``, leaving out those inside ``skip`` spans (dates).

    Separators follow ``language``: "2,5" is 2.5 in German, "2,500" is 2500 in English.
    """
    skip = skip or []
    decimal_comma = language in DECIMAL_COMMA
    found = []
    for match in (_NUMBER_DECIMAL_COMMA if decimal_comma else _NUMBER).finditer(text):
        if _skipped(match.span(), skip) or _is_year(match):
            continue
        digits = match["digits"].replace(".", "").replace(",", ".") if decimal_comma \
            else match["digits"].replace(",", "")
        value = float(digits) * _scale(match)
        found.append(_mention(text, match, value, _unit(match)))
    for match in _WORD_NUMBER.finditer(text):
        if _skipped(match.span(), skip) or (match["word"].lower() in ("one", "zero") and not _unit(match)
                                            and not match["scale"]):
            continue
        ones = _WORDS[match["ones"].lower()] if match["ones"] else 0
        value = (_WORDS[match["word"].lower()] + ones) * _scale(match)
        found.append(_mention(text, match, value, _unit(match)))
    return sorted(found, key=lambda mention: text.find(mention.text))


def _mention(text: str, match: regex.Match, value: float, unit: str | None) -> NumberMention:
    end = match.end("unit") if unit and match["unit"] and unit == match["unit"].lower() else _core_end(match)
    return NumberMention(text[match.start():end].strip(), value, unit)


def _core_end(match: regex.Match) -> int:
    groups = ("percent", "scale", "digits", "word")
    return max((match.end(name) for name in groups if name in match.re.groupindex and match[name]),
               default=match.end())


def _scale(match: regex.Match) -> float:
    word = (match["scale"] or "").lower()
    if not word or (word in _CURRENCY_ONLY_SCALES and not match.groupdict().get("currency")):
        return 1.0
    return _SCALES.get(word, 1.0)


def _unit(match: regex.Match) -> str | None:
    groups = match.groupdict()
    if groups.get("percent"):
        return "percent"
    if groups.get("currency"):
        return _CURRENCIES[groups["currency"]]
    scale = (groups.get("scale") or "").lower()
    if scale in _CURRENCY_ONLY_SCALES:
        return scale
    unit = groups.get("unit")
    if not unit or unit.lower() in _NOT_UNITS or unit.lower() in _SCALES:
        return None
    return unit.lower()


def _is_year(match: regex.Match) -> bool:
    return bool(_YEAR.match(match["digits"])) and not match["currency"] and not match["scale"] \
        and not match["percent"]


def _skipped(span: tuple[int, int], skip: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in skip)
