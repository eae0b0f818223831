"""Outlets of the synthetic corpus: the dev's real domains plus pseudo outlets, Zipf volumes.

Each outlet has its own fixed furniture lines (newsletter boxes, advertisement marks,
"Also Read" teasers) on a fixed share of its articles, so that the pipeline's learning of
repeated lines sees the repetition real sites have.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from itertools import accumulate

from copies_eval import FURNITURE, TEASERS
from corpus_names import pseudo_name

KINDS = (
    "times",
    "post",
    "herald",
    "daily",
    "news",
    "journal",
    "tribune",
    "gazette",
    "courier",
    "chronicle",
    "observer",
    "today",
    "wire",
    "report",
    "express",
    "record",
    "sun",
    "star",
    "press",
    "online",
)
OWN_LINES = (
    "Subscribe to the {name} newsletter",
    "© {year} {name}. All rights reserved.",
    "Follow {name} on Twitter and Facebook",
    "Sign up for {name} alerts",
    "{name} — independent journalism since {since}",
    "Read more at {name}",
)
PSEUDO = 300
ENGLISH_PSEUDO = 200
ZIPF = 1.1


@dataclass(frozen=True)
class Outlet:
    """A publisher: its domain, language and the furniture it adds to ``share`` of its articles."""

    domain: str
    language: str
    lines: tuple[str, ...]
    share: float


def display(domain: str) -> str:
    """``morvane-times.example`` -> ``Morvane Times``; ``www.cbsnews.com`` -> ``Cbsnews``."""
    stem = domain.removeprefix("www.").split(".")[0]
    return " ".join(part.capitalize() for part in stem.split("-"))


def furniture_lines(domain: str, rng: random.Random) -> tuple[str, ...]:
    """Two to four fixed lines: the shared pool, the outlet's own lines and teaser prefixes."""
    own = [
        line.format(name=display(domain), year=2019, since=rng.randint(1950, 2010))
        for line in rng.sample(OWN_LINES, 2)
    ]
    pool = [*FURNITURE, *own, *TEASERS[:3]]
    return tuple(rng.sample(pool, rng.randint(2, 4)))


def outlet(domain: str, language: str, rng: random.Random) -> Outlet:
    return Outlet(domain, language, furniture_lines(domain, rng), round(rng.uniform(0.3, 0.9), 2))


class Outlets:
    """Per language, outlets in Zipf rank order with cumulative weights for drawing."""

    def __init__(self, real_domains: list[str], languages: list[str], seed: int) -> None:
        rng = random.Random(f"{seed}-outlets")
        others = [lang for lang in sorted(languages) if lang != "en"]
        counts = {"en": ENGLISH_PSEUDO} | {lang: (PSEUDO - ENGLISH_PSEUDO) // len(others) for lang in others}
        taken: set[str] = set()
        self.by_language: dict[str, list[Outlet]] = {}
        for language, count in counts.items():
            domains = sorted(real_domains) if language == "en" else []
            while len(domains) < count + (len(real_domains) if language == "en" else 0):
                domain = f"{pseudo_name(rng)}-{rng.choice(KINDS)}.example"
                if domain not in taken:
                    taken.add(domain)
                    domains.append(domain)
            rng.shuffle(domains)
            self.by_language[language] = [outlet(d, language, rng) for d in domains]
        self.weights = {
            lang: list(accumulate(1 / (rank + 1) ** ZIPF for rank in range(len(found))))
            for lang, found in self.by_language.items()
        }

    def draw(self, language: str, rng: random.Random, avoid: set[str]) -> Outlet:
        """A Zipf-weighted outlet of ``language`` whose domain is not in ``avoid`` (when possible)."""
        found, weights = self.by_language[language], self.weights[language]
        pick = found[0]
        for _ in range(30):
            pick = found[bisect.bisect(weights, rng.random() * weights[-1])]
            if pick.domain not in avoid:
                break
        return pick

    def all(self) -> list[Outlet]:
        return [o for found in self.by_language.values() for o in found]


def dress(text: str, outlet: Outlet, teaser: str, rng: random.Random) -> str:
    """The outlet's furniture in ``outlet.share`` of its articles: the first line after the lead."""
    if rng.random() >= outlet.share:
        return text
    lead, _, rest = text.partition("\n")
    lines = [line.format(teaser) if "{}" in line else line for line in outlet.lines]
    return "\n".join([lead, lines[0], *([rest] if rest else []), *lines[1:]])
