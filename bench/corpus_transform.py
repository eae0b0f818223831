"""One story instance's rewrite of its seed: names, numbers, months and a share of content words.

The maps are type-level (every occurrence of a word changes the same way in all of the
instance's articles, titles included), so copies stay copies and independent reports keep
the overlap they had, while two instances of one seed become different stories.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

import numpy as np

from corpus_seeds import Seed
from corpus_words import MONTHS, Vocabulary, case_of, split

MONTH_INDEX = {month: number for number, month in enumerate(MONTHS)}
YEAR = re.compile(r"(19[5-9]\d|20[0-3]\d)")
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Table:
    """The token types of one seed's texts in one language, classified once for all instances."""

    language: str
    content_tokens: np.ndarray
    content_key: np.ndarray
    content_case: np.ndarray
    content_words: np.ndarray
    name_tokens: np.ndarray
    name_hash: np.ndarray
    name_case: np.ndarray


@dataclass(frozen=True)
class Prepared:
    """A seed with its texts split into tokens and its per-language tables."""

    seed: Seed
    parts: tuple[tuple[list[str], list[str] | None, list[str]], ...]
    tables: dict[str, Table]
    numbers: tuple[str, ...]
    months: tuple[str, ...]


def classify(tokens: set[str], vocabulary: Vocabulary) -> Table:
    """Sort ``tokens`` into content words (vocabulary indices) and names (stable hashes)."""
    content, names = [], []
    for token in sorted(tokens):
        if any(c.isdigit() for c in token) or token in MONTH_INDEX:
            continue
        key = token.lower()
        if key in vocabulary.names:
            names.append((token, key))
        elif key in vocabulary.index:
            content.append((token, vocabulary.index[key]))
    words = sorted({index for _, index in content})
    position = {index: n for n, index in enumerate(words)}
    return Table(
        vocabulary.language,
        np.array([t for t, _ in content], dtype=object),
        np.array([position[i] for _, i in content], dtype=np.int64),
        np.array([case_of(t) for t, _ in content], dtype=np.int64),
        np.array(words, dtype=np.int64),
        np.array([t for t, _ in names], dtype=object),
        np.array([zlib.crc32(k.encode("utf-8")) for _, k in names], dtype=np.uint64),
        np.array([case_of(t) for t, _ in names], dtype=np.int64),
    )


def prepare(seed: Seed, vocabularies: dict[str, Vocabulary]) -> Prepared:
    """Split the seed's texts once; what varies per instance is only the maps."""
    parts, tokens = [], {}
    for article in seed.articles:
        split_texts = [
            split(article.title),
            split(article.description) if article.description else None,
            split(article.maintext),
        ]
        parts.append(tuple(split_texts))
        bag = tokens.setdefault(article.language, set())
        for texts in split_texts:
            bag.update(texts[1::2] if texts else ())
    every = set().union(*tokens.values())
    return Prepared(
        seed,
        tuple(parts),
        {language: classify(bag, vocabularies[language]) for language, bag in tokens.items()},
        tuple(sorted(t for t in every if any(c.isdigit() for c in t))),
        tuple(sorted(t for t in every if t in MONTH_INDEX)),
    )


def redraw(token: str, rng: random.Random, year_shift: int) -> str:
    """Years move with the instance; small numbers (days, hours, counts) stay small; other digits are
    drawn anew (a leading 0 stays 0)."""
    if YEAR.fullmatch(token):
        return str(int(token) + year_shift)
    if token.isascii() and token.isdigit() and len(token) <= 2 and 0 < int(token) <= 31:
        return str(rng.randint(1, 12 if int(token) <= 12 else 28)).zfill(len(token))
    out, previous = [], ""
    for char in token:
        if "0" <= char <= "9":
            first = not ("0" <= previous <= "9")
            char = str(rng.randint(1, 9)) if first and char != "0" else str(rng.randint(0, 9))
        out.append(char)
        previous = char
    return "".join(out)


@dataclass(frozen=True)
class Shift:
    """How an instance moves in time: whole weeks, so weekdays in the text stay right."""

    days: int

    @property
    def years(self) -> int:
        return round(self.days / 365.2425)

    @property
    def months(self) -> int:
        return round(self.days / 30.4375)


def shared_maps(prepared: Prepared, shift: Shift, rng: random.Random) -> dict[str, str]:
    """Numbers and month names, one map for all the instance's languages."""
    mapped = {token: redraw(token, rng, shift.years) for token in prepared.numbers}
    for month in prepared.months:
        mapped[month] = MONTHS[(MONTH_INDEX[month] + shift.months) % 12]
    return mapped


def language_map(
    table: Table,
    vocabulary: Vocabulary,
    names: np.ndarray,
    remap: float,
    salt: np.uint64,
    rng: np.random.Generator,
) -> dict[str, str]:
    """Content words replaced with probability ``remap`` per type; every name renamed."""
    hit = rng.random(len(table.content_words)) < remap
    replacement = vocabulary.replacements(table.content_words, rng)
    chosen = hit[table.content_key]
    size = len(vocabulary.forms) // 3
    words = vocabulary.forms[replacement[table.content_key[chosen]] + table.content_case[chosen] * size]
    mapped = dict(zip(table.content_tokens[chosen].tolist(), words.tolist(), strict=True))
    pool = len(names) // 3
    picks = ((table.name_hash ^ salt) * _MIX >> np.uint64(20)) % np.uint64(pool)
    renamed = names[picks.astype(np.int64) + table.name_case * pool]
    mapped.update(zip(table.name_tokens.tolist(), renamed.tolist(), strict=True))
    return mapped


def render(parts: list[str], mapped: dict[str, str]) -> str:
    """The text of ``parts`` with every mapped token replaced."""
    return "".join(map(mapped.get, parts, parts))
