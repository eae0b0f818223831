"""Paths and helpers shared by the tests."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEV_DATA = SHARED / "data"
DEV_ARTICLES = DEV_DATA / "news_cluster_dev" / "articles.jsonl"
EXAMPLE_A = EXAMPLES / "000_5b3158c098db9def.txt"
EXAMPLE_B = EXAMPLES / "003_8a82f7cbc04b8b6e.txt"
FLOORS = ROOT / "bench" / "floors.toml"


def gold() -> dict:
    """The careful reader's findings for the two example articles."""
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))


def example_articles() -> dict:
    """The two examples, cleaned as ingest cleans them: {"A": Article, "B": Article}."""
    from newsweave.pipeline import extract

    articles = {Path(article.origin).name: article for article in extract([str(EXAMPLES)])}
    return {"A": articles[EXAMPLE_A.name], "B": articles[EXAMPLE_B.name]}


def parsed(text: str):
    """``text`` through the reading stage's spaCy pipeline."""
    from newsweave.reading.nlp import english

    return next(iter(english().pipe([text])))


def assert_floors(section: str, figures: dict[str, float]) -> None:
    """Fail when a figure is below its pinned floor in ``bench/floors.toml`` (the quality gate).

    Figures and floors must name the same things, so neither drops out unnoticed; a
    key ending in ``_max`` is a ceiling.  Every miss is reported, each figure printed.
    """
    with FLOORS.open("rb") as stream:
        floors = tomllib.load(stream)[section]
    assert figures.keys() == floors.keys(), f"[{section}] figures {sorted(figures)}, floors {sorted(floors)}"
    misses = []
    for name, value in figures.items():
        limit, ceiling = floors[name], name.endswith("_max")
        shown = f"{section}.{name} = " + (f"{value:.4f}" if isinstance(value, float) else str(value))
        print(f"{shown} ({'ceiling' if ceiling else 'floor'} {limit})")
        if not math.isfinite(value) or ((value > limit) if ceiling else (value < limit)):
            side = "above its ceiling" if ceiling else "below its floor"
            misses.append(f"{shown} is {side} {limit} (bench/floors.toml)")
    assert not misses, "; ".join(misses)
