"""Pseudo-names from a syllable grammar: unbounded, pronounceable and never a real word.

Each story instance renames its people, places and organisations; real names would make
instances of one seed look like the same story, and names drawn from a list would run out.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import numpy as np

ONSETS = (
    "b",
    "br",
    "c",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "kl",
    "l",
    "m",
    "n",
    "p",
    "pr",
    "r",
    "s",
    "st",
    "sh",
    "t",
    "tr",
    "th",
    "v",
    "w",
    "z",
)
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "y")
CODAS = ("", "", "", "", "n", "r", "l", "s", "nd", "rk", "m", "ne")
POOL = 60_000


def pseudo_name(rng: random.Random) -> str:
    """Two or three syllables, e.g. ``morvane``."""
    return "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(rng.choice((2, 2, 2, 3)))
    )


def name_pool(seed: int, avoid: Iterable[str], size: int = POOL) -> list[str]:
    """``size`` distinct lowercase pseudo-names, none of them in ``avoid`` (the real vocabulary)."""
    rng = random.Random(f"{seed}-names")
    taken = set(avoid)
    names: list[str] = []
    while len(names) < size:
        name = pseudo_name(rng)
        if len(name) >= 4 and name not in taken:
            taken.add(name)
            names.append(name)
    return names


def name_forms(names: list[str]) -> np.ndarray:
    """The pool in three case forms (lower, capitalised, capitals) as one object array."""
    return np.array(names + [n.capitalize() for n in names] + [n.upper() for n in names], dtype=object)
