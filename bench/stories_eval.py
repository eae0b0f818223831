"""Story quality through newsweave's own interfaces, beside a batch TF-IDF peer.

Clustering: the 122 articles of ``news_cluster_dev`` are ingested into a fresh
store with ``newsweave ingest`` (streaming, publication order within each chunk,
copies, repair: the product path), and the ``story`` of each article is read back
and scored against the gold events: BCubed precision / recall / F1 and ARI.  The
peer is batch TF-IDF (title x3, as in newsweave) with scikit-learn's agglomerative
clustering (average linkage, cosine); it is given its best distance threshold on
this very data (an oracle setting that flatters it), and the threshold is printed.

Pairs: ``newsweave compare --pairs`` scores every pair of ``article_pairs_dev``;
the Pearson correlation of ``-similarity`` with the human ``Overall`` rating
(1 = same event .. 4 = unrelated) is reported over all pairs, English pairs, and
each language pair with at least 20 pairs.

    .venv/bin/python bench/stories_eval.py [--json bench/out/stories_eval.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from newsweave.evaluation import pearson
from newsweave.pipeline import ingest
from newsweave.store import Store
from stories_common import CLUSTER_DEV, PAIRS, Clustering, bcubed, load_jsonl

MIN_PAIRS = 20


def clustering_scores(found: Clustering, gold: Clustering) -> dict:
    precision, recall, f1 = bcubed(found, gold)
    keys = sorted(gold)
    return {
        "bcubed_precision": round(precision, 4), "bcubed_recall": round(recall, 4), "bcubed_f1": round(f1, 4),
        "ari": round(adjusted_rand_score([gold[k] for k in keys], [found[k] for k in keys]), 4),
        "clusters": len({found[k] for k in keys}), "events": len(set(gold.values())),
    }


def newsweave_stories(workdir: Path) -> tuple[Clustering, float]:
    """Ingest the dev articles into a fresh store; each article's story by its dev id."""
    with Store(workdir / "stories.db") as store:
        start = time.perf_counter()
        ingest(store, [str(CLUSTER_DEV / "articles.jsonl")])
        seconds = time.perf_counter() - start
        rows = store.db.execute("SELECT external_id, story FROM articles").fetchall()
    return {str(external): story for external, story in rows}, seconds


def tfidf_peer(gold: Clustering) -> tuple[Clustering, float, dict]:
    """Batch TF-IDF agglomerative clustering with its best threshold on this data."""
    rows = {str(row["id"]): row for row in load_jsonl(CLUSTER_DEV / "articles.jsonl")}
    keys = sorted(gold)
    texts = [" ".join([rows[k].get("title") or ""] * 3 + [rows[k].get("maintext") or ""]) for k in keys]
    matrix = TfidfVectorizer(sublinear_tf=True, max_df=0.5).fit_transform(texts).toarray()
    best: tuple[float, float, Clustering] = (-1.0, 0.0, {})
    for threshold in np.arange(0.50, 1.0, 0.01):
        model = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=float(threshold)
        )
        labels = model.fit_predict(matrix)
        found = {k: str(label) for k, label in zip(keys, labels, strict=True)}
        f1 = bcubed(found, gold)[2]
        if f1 > best[0]:
            best = (f1, float(threshold), found)
    return best[2], best[1], clustering_scores(best[2], gold)


def pair_scores() -> dict:
    """Pearson of -similarity from ``newsweave compare --pairs`` with Overall."""
    rows = load_jsonl(PAIRS)
    command = [sys.executable, "-m", "newsweave", "compare", "--pairs", str(PAIRS)]
    start = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - start
    similarity = {record["id"]: record["similarity"] for record in map(json.loads, output.splitlines())}
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in rows:
        point = (-similarity[row["pair_id"]], float(row["Overall"]))
        groups["all"].append(point)
        groups[f"{row['lang1']}-{row['lang2']}"].append(point)
    table = {
        name: {"pairs": len(points), "pearson": round(_pearson(points), 4)}
        for name, points in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        if len(points) >= MIN_PAIRS
    }
    return {"seconds": round(seconds, 1), "by_language_pair": table}


def _pearson(points: list[tuple[float, float]]) -> float:
    return pearson([x for x, _ in points], [y for _, y in points])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    gold = {str(row["id"]): row["event"] for row in load_jsonl(CLUSTER_DEV / "gold.jsonl")}
    with tempfile.TemporaryDirectory() as workdir:
        found, seconds = newsweave_stories(Path(workdir))
    _, peer_threshold, peer = tfidf_peer(gold)
    clustering = {
        "newsweave": {**clustering_scores(found, gold), "seconds": round(seconds, 1)},
        "tfidf_agglomerative_oracle": {**peer, "distance_threshold": round(peer_threshold, 2)},
    }
    result = {"clustering": clustering, "pairs": pair_scores()}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
