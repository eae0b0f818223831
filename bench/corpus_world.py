"""Everything a corpus run shares: prepared seeds, word tables, pseudo-names, outlets, the schedule.

Built once per process (cached); the parts that do not depend on the random seed are shared
by every run, so small corpora in tests cost little.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

import numpy as np

from copies_eval import MIN_BASE_WORDS, count_words, paragraphs
from corpus_names import name_forms, name_pool
from corpus_outlets import Outlets
from corpus_seeds import DEV, event_seeds, load_jsonl, pair_seeds
from corpus_transform import Prepared, prepare
from corpus_words import Vocabulary, vocabulary

PAIR_SHARE = 0.25  # share of articles from the multilingual pair seeds
COPY_SIZES, COPY_WEIGHTS = (1, 2, 3), (0.6, 0.25, 0.15)  # copies per reprinted article: groups of 2-4
MEAN_COPIES = sum(s * w for s, w in zip(COPY_SIZES, COPY_WEIGHTS, strict=True))


@cache
def vocabularies() -> dict[str, Vocabulary]:
    """One vocabulary per language, from the bodies of all seed articles in it."""
    texts: dict[str, list[str]] = {}
    for seed in (*event_seeds(), *pair_seeds()):
        for article in seed.articles:
            texts.setdefault(article.language, []).append(article.maintext)
    return {language: vocabulary(language, found) for language, found in sorted(texts.items())}


@cache
def prepared_seeds() -> tuple[tuple[Prepared, ...], tuple[Prepared, ...]]:
    """Event seeds and pair seeds, tokenised and classified."""
    words = vocabularies()
    return (
        tuple(prepare(seed, words) for seed in event_seeds()),
        tuple(prepare(seed, words) for seed in pair_seeds()),
    )


@cache
def names(seed: int) -> np.ndarray:
    """The pseudo-name pool in its three case forms; no name is a word of any seed language."""
    real = {word for found in vocabularies().values() for word in (*found.index, *found.names)}
    return name_forms(name_pool(seed, real))


@dataclass(frozen=True)
class World:
    """The parameters of a run and what they select: the seeds' order and the outlets."""

    seed: int
    copies: float
    remap: float
    events: tuple[Prepared, ...]
    pairs: tuple[Prepared, ...]
    cycle: tuple[int, ...]
    pair_rank: tuple[int, ...]
    outlets: Outlets
    rate: float

    def schedule(self, instance: int) -> Prepared:
        """Round robin: a fixed cycle of every event seed and a run of pair seeds, the pairs rotating."""
        turn, position = divmod(instance, len(self.cycle))
        slot = self.cycle[position]
        if slot >= 0:
            return self.events[slot]
        per_turn = self.cycle.count(-1)
        return self.pairs[(turn * per_turn + self.pair_rank[position]) % len(self.pairs)]


def pair_slots(events: tuple[Prepared, ...], pairs: tuple[Prepared, ...]) -> int:
    """Pair seeds per cycle so that about ``PAIR_SHARE`` of the articles come from them."""
    event_articles = sum(len(p.seed.articles) for p in events)
    pair_mean = sum(len(p.seed.articles) for p in pairs) / len(pairs)
    return round(PAIR_SHARE / (1 - PAIR_SHARE) * event_articles / pair_mean)


@cache
def world(seed: int, copies: float, remap: float) -> World:
    """The run's world: the seeded cycle order, pair rotation and outlets."""
    events, pairs = prepared_seeds()
    rng = random.Random(f"{seed}-cycle")
    cycle = [*range(len(events)), *[-1] * pair_slots(events, pairs)]
    rng.shuffle(cycle)
    rotation = list(pairs)
    rng.shuffle(rotation)
    ranks, seen = [], 0
    for slot in cycle:
        ranks.append(seen)
        seen += slot < 0
    return World(
        seed,
        copies,
        remap,
        events,
        tuple(rotation),
        tuple(cycle),
        tuple(ranks),
        outlets(seed),
        reprint_rate(events, pairs, cycle.count(-1), copies),
    )


def reprint_rate(
    events: tuple[Prepared, ...], pairs: tuple[Prepared, ...], slots: int, share: float
) -> float:
    """Chance that an eligible original is reprinted, so that copies (real ones included) make ``share``.

    Counted over one cycle of the schedule (every event, ``slots`` average pair seeds).
    """

    def totals(found: tuple[Prepared, ...]) -> tuple[int, int, int]:
        articles = real = bases = 0
        for prepared in found:
            copied = {a.copy_of for a in prepared.seed.articles}
            articles += len(prepared.seed.articles)
            real += sum(a.copy_of is not None for a in prepared.seed.articles)
            bases += sum(
                a.copy_of is None
                and number not in copied
                and count_words(paragraphs(a.maintext)) >= MIN_BASE_WORDS
                for number, a in enumerate(prepared.seed.articles)
            )
        return articles, real, bases

    (articles, real, bases), pair_totals = totals(events), totals(pairs)
    scale = slots / len(pairs)
    articles, real = articles + scale * pair_totals[0], real + scale * pair_totals[1]
    bases += scale * pair_totals[2]
    wanted = max(0.0, (share * articles - real) / (1 - share))
    return min(1.0, wanted / (bases * MEAN_COPIES))


@cache
def outlets(seed: int) -> Outlets:
    """The dev's real domains (English) and the seeded pseudo outlets of every seed language."""
    domains = sorted({record["source_domain"] for record in load_jsonl(DEV / "articles.jsonl")})
    return Outlets(domains, sorted(vocabularies()), seed)
