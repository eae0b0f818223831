"""Model-free calibration of the word remap: TF-IDF cosines of synthetic vs real story pairs.

Two instances of one seed must look like two different stories, not like one story told
twice. The yardstick is the dev data itself: the cosine between articles of *different*
events. Plain TF-IDF (scikit-learn, default settings) keeps newsweave's own scores out of it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from corpus_seeds import DEV, load_jsonl

PAIRS = 2000
Pair = tuple[int, int]


def text(record: dict) -> str:
    return f"{record['title']}\n{record['maintext']}"


@dataclass
class Sampled:
    """Texts, named lists of pairs of them, and the texts a TF-IDF model of this corpus is fitted on."""

    texts: list[str]
    pairs: dict[str, list[Pair]]
    fit: list[str]


def figures(sampled: Sampled, model: TfidfVectorizer) -> dict[str, dict]:
    """Mean and 90th percentile cosine of each named list of pairs."""
    vectors = model.transform(sampled.texts)
    found = {}
    for name, pairs in sampled.pairs.items():
        left, right = vectors[[a for a, _ in pairs]], vectors[[b for _, b in pairs]]
        found[name] = summary(np.asarray(left.multiply(right).sum(axis=1)).ravel())
    return found


def sample(
    size: int,
    count: int,
    accept: Callable[[int, int], bool],
    rng: random.Random,
    partner: Callable[[int], list[int]],
) -> list[Pair]:
    """Up to ``count`` distinct pairs (a, b): a uniform, b among ``partner(a)``, kept when ``accept``."""
    found: set[Pair] = set()
    for _ in range(count * 20):
        if len(found) == count:
            break
        a = rng.randrange(size)
        options = partner(a)
        b = rng.choice(options) if options else a
        if a != b and accept(a, b):
            found.add((min(a, b), max(a, b)))
    return sorted(found)


def summary(values: np.ndarray) -> dict[str, float | int | None]:
    if not len(values):
        return {"pairs": 0, "mean": None, "p90": None}
    return {
        "pairs": len(values),
        "mean": round(float(values.mean()), 4),
        "p90": round(float(np.quantile(values, 0.9)), 4),
    }


def dev_sample(rng: random.Random) -> Sampled:
    """news_cluster_dev: pairs of different events and all pairs of one event; fit on all 122."""
    events = {row["id"]: row["event"] for row in load_jsonl(DEV / "gold.jsonl")}
    articles = load_jsonl(DEV / "articles.jsonl")
    label = [events[a["id"]] for a in articles]
    texts = [text(a) for a in articles]
    every = list(range(len(texts)))
    cross = sample(len(texts), PAIRS, lambda a, b: label[a] != label[b], rng, lambda a: every)
    same = [(a, b) for a in every for b in every if a < b and label[a] == label[b]]
    return Sampled(texts, {"dev_cross_event": cross, "dev_same_event": same}, texts)


def synthetic_sample(records: list[dict], gold: list[dict], rng: random.Random) -> Sampled:
    """Originals of the dev-event seeds: pairs across instances of one seed, within one, across seeds.

    The fit set is the sampled articles plus as many random ones: the document frequencies
    a TF-IDF system would see in this corpus.
    """
    keep = [n for n, g in enumerate(gold) if g["kind"] == "original" and not g["seed"].startswith("pair-")]
    seed = [gold[n]["seed"] for n in keep]
    story = [gold[n]["story"] for n in keep]
    by_seed: dict[str, list[int]] = {}
    by_story: dict[str, list[int]] = {}
    for position, (s, t) in enumerate(zip(seed, story, strict=True)):
        by_seed.setdefault(s, []).append(position)
        by_story.setdefault(t, []).append(position)
    every = list(range(len(keep)))
    pairs = {
        "cross_instance": sample(
            len(keep), PAIRS, lambda a, b: story[a] != story[b], rng, lambda a: by_seed[seed[a]]
        ),
        "same_instance": sample(len(keep), PAIRS, lambda a, b: True, rng, lambda a: by_story[story[a]]),
        "cross_seed": sample(len(keep), PAIRS, lambda a, b: seed[a] != seed[b], rng, lambda a: every),
    }
    used = sorted({n for found in pairs.values() for pair in found for n in pair})
    fit = sorted(set(used) | set(rng.sample(every, min(len(every), len(used)))))
    row = {n: position for position, n in enumerate(used)}
    texts = [text(records[keep[n]]) for n in used]
    renumbered = {name: [(row[a], row[b]) for a, b in found] for name, found in pairs.items()}
    return Sampled(texts, renumbered, [text(records[keep[n]]) for n in fit])


def calibration(records: list[dict], gold: list[dict], seed: int = 13) -> dict[str, dict]:
    """Synthetic cross-instance similarity beside the dev's cross-event and same-event similarity.

    ``own_model``: each corpus under a TF-IDF model fitted on itself (the dev on its 122
    articles), as a system reading that corpus would weigh words. ``shared_model``: both
    under one model fitted on both, which removes the effect of corpus size on the weights.
    """
    rng = random.Random(f"{seed}-calibration")
    dev, synthetic = dev_sample(rng), synthetic_sample(records, gold, rng)
    own = {
        **figures(dev, TfidfVectorizer().fit(dev.fit)),
        **figures(synthetic, TfidfVectorizer().fit(synthetic.fit)),
    }
    model = TfidfVectorizer().fit(dev.fit + synthetic.fit)
    shared = {**figures(dev, model), **figures(synthetic, model)}
    return {"own_model": own, "shared_model": shared}
