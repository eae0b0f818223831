"""Shared loaders and measures for the story benchmarks (dev data in ``../shared/data``).

Pairs: ``article_pairs_dev/pairs.jsonl``.  Each text is an article whose first line is
its title and the rest its body; a text of one line (1,881 of the 2,566) has no title,
its whole text is the body.  That is how an ingested article looks, which the model
mostly scores.  ``stories.pairs.plain_article`` (what ``newsweave compare --pairs``
uses) makes a one-line text both title and body instead; ``pair_matrix`` takes either.
Clustering: ``news_cluster_dev`` (news-please fields) with its gold events.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from newsweave.evaluation import bcubed as bcubed  # re-exported: the benchmarks import it from here
from newsweave.model import Article
from newsweave.stories.cluster import publication_order
from newsweave.stories.features import Features, featurize
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.score import pair_evidence

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data"
PAIRS = DATA / "article_pairs_dev/pairs.jsonl"
CLUSTER_DEV = DATA / "news_cluster_dev"

Clustering = dict[str, str]


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# --------------------------------------------------------------------------- pairs


def pair_article(text: str, language: str | None) -> Article:
    """A pair text as an article: the first line is the title when a body follows it."""
    title, _, body = text.strip().partition("\n")
    if not body.strip():
        return Article(text=title.strip(), language=language)
    return Article(text=body.strip(), title=title.strip() or None, language=language)


def pair_languages(row: dict) -> str:
    """The language pair of a row, ``"en-en"``, ``"de-en"``..."""
    return f"{row['lang1']}-{row['lang2']}"


def pair_matrix(
    rows: Sequence[dict], reader: Callable[[str, str | None], Article] = pair_article, threads: int = 2
) -> np.ndarray:
    """The ``FEATURES`` vector of every pair, ``(len(rows), 7)``.

    All texts of the file are featurized in one call: one batch of document
    frequencies over the whole pair file.
    """
    articles = [
        reader(row[text], row[language])
        for row in rows for text, language in (("text1", "lang1"), ("text2", "lang2"))
    ]
    features = featurize(articles, DocumentFrequencies(), threads)
    return np.stack([pair_evidence(features[2 * i], features[2 * i + 1]).vector() for i in range(len(rows))])


# --------------------------------------------------------------------------- clustering


def cluster_dev() -> tuple[list[Article], Clustering]:
    """The dev articles in publication order, and the gold event of each id."""
    rows = load_jsonl(CLUSTER_DEV / "articles.jsonl")
    articles = [
        Article(text=row["maintext"], title=row.get("title"), published=row.get("date_publish"),
                language=row.get("language"), id=row["id"], url=row.get("url"),
                source=row.get("source_domain"))
        for row in rows
    ]
    gold = {row["id"]: row["event"] for row in load_jsonl(CLUSTER_DEV / "gold.jsonl")}
    return publication_order(articles), gold


def article_features(articles: Sequence[Article], threads: int = 2) -> dict[str, Features]:
    """Features by id, computed in one batch (what ``cluster_articles`` does for <= one chunk)."""
    return dict(zip([a.id or "" for a in articles], featurize(articles, DocumentFrequencies(), threads),
                    strict=True))
