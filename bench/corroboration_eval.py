"""Corroboration precision and recall on hand-labelled claim pairs of the dev stories.

Gold: ``tests/data/claim_pairs_dev.jsonl`` (``claim_pairs_dev.md`` says how it was
made): 150 pairs of claims from two articles of one gold event, labelled same /
conflict / related / unrelated by reading.  The articles of every event are read
(``newsweave.read_articles``) and corroborated together, each outlet its own source,
as a story would be; a pair counts as found when its two claims land in one claim
group.  Positives are the pairs labelled same or conflict (one fact); precision and
recall are over the 150 pairs, and the figures are also given per threshold.

    .venv/bin/python bench/corroboration_eval.py [--json bench/out/corroboration_eval.json]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from newsweave.corroborate.align import SAME_FACT, Source, corroborate
from newsweave.pipeline import extract
from newsweave.reading import read_articles

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared/data/news_cluster_dev"
GOLD = ROOT / "tests/data/claim_pairs_dev.jsonl"
THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def event_sources() -> dict[str, list[Source]]:
    """Every gold event's articles, read, as corroboration sources keyed by dev id."""
    rows = [json.loads(line) for line in (DATA / "articles.jsonl").open(encoding="utf-8")]
    events = {json.loads(line)["id"]: json.loads(line)["event"] for line in (DATA / "gold.jsonl").open()}
    by_url = {row["url"]: row for row in rows}
    articles = list(extract([str(DATA / "articles.jsonl")]))
    grouped: dict[str, list[Source]] = defaultdict(list)
    for article, reading in zip(articles, read_articles(articles), strict=True):
        row = by_url[article.url]
        grouped[events[row["id"]]].append(Source(row["id"], row["source_domain"], row["source_domain"],
                                                  article.published, reading))
    return grouped


def together(groups, pair: dict) -> bool:
    for group in groups:
        texts = {(claim.article, claim.claim.text) for claim in group.claims}
        if (pair["a"], pair["claim_a"]) in texts and (pair["b"], pair["claim_b"]) in texts:
            return True
    return False


def scores(pairs: list[dict], grouped: dict[str, list[Source]], threshold: float) -> dict:
    groups = {event: corroborate(sources, threshold) for event, sources in grouped.items()}
    true_positive = found = gold = 0
    for pair in pairs:
        positive = pair["label"] in ("same", "conflict")
        predicted = together(groups[pair["event"]], pair)
        gold += positive
        found += predicted
        true_positive += positive and predicted
    precision = true_positive / found if found else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "pairs": len(pairs), "positives": gold, "found": found,
            "true_positives": true_positive, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(f1, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pairs = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    grouped = event_sources()
    figures = [scores(pairs, grouped, threshold) for threshold in THRESHOLDS]
    for row in figures:
        mark = "  <- default" if row["threshold"] == SAME_FACT else ""
        print("  ".join(f"{key} {value}" for key, value in row.items()) + mark)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
