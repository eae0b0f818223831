"""Speed, memory and quality of ingest on one synthetic corpus, beside the floor and the peers.

Every system reads the same corpus file (its sha256 is in the result) into a
fresh store or memory, as a child process measured from outside (``watch.py``):

- the floor: newsweave's reader, ids and store with its full-text index, nothing else;
- newsweave: ``newsweave ingest --timings`` (read, clean, copies, stories), whose
  stage figures say where the time goes;
- a plain datasketch MinHash LSH script (copies);
- scikit-learn TF-IDF agglomerative clustering (stories), where its n x n
  distance matrix fits in memory.

Quality is scored against the generator's gold (``<corpus>.gold.jsonl``):
stories as BCubed precision/recall/F1, copies as adjusted Rand index and
pairwise precision/recall, for newsweave and the peer of each task.

    .venv/bin/python bench/corpus.py --articles 10000 -o bench/out/corpus/synthetic-10k.jsonl
    .venv/bin/python bench/pipeline_speed.py bench/out/corpus/synthetic-10k.jsonl --result out.json
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from newsweave.evaluation import adjusted_rand, bcubed, pairwise
from results import file_digest
from watch import Watched, run_watched

BENCH = Path(__file__).resolve().parent
PEERS = BENCH / "peers"
Clustering = dict[str, str]


def gold_of(corpus: Path) -> tuple[Clustering, Clustering]:
    """The corpus's gold stories and copy groups, by article id."""
    stories, copies = {}, {}
    with corpus.with_suffix(".gold.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            stories[row["id"]] = row["story"]
            copies[row["id"]] = row["copy_group"]
    return stories, copies


def run_floor(corpus: Path, workdir: Path, log: Path) -> dict[str, Any]:
    """The floor as a whole process, and its own figures (timed after its imports)."""
    result = workdir / "floor.json"
    watched = _checked(
        run_watched(
            [
                sys.executable,
                str(PEERS / "floor.py"),
                str(corpus),
                "--db",
                str(workdir / "floor.db"),
                "--result",
                str(result),
            ],
            log,
        )
    )
    return {"process": watched.as_dict(), "inside": _load(result)}


def run_newsweave(corpus: Path, workdir: Path, log: Path) -> tuple[dict[str, Any], Path]:
    """``newsweave ingest --timings`` as a whole process, its stage figures, and the store it made.

    Exit 1 means that some records were rejected (each named in the log, the
    rest stored), which a realistic corpus may cause; the gold still counts them.
    """
    db, timings = workdir / "newsweave.db", workdir / "timings.json"
    watched = _checked(
        run_watched(
            [
                sys.executable,
                "-m",
                "newsweave",
                "--quiet",
                "--db",
                str(db),
                "ingest",
                str(corpus),
                "--timings",
                str(timings),
            ],
            log,
        ),
        tolerated=1,
    )
    inside = _load(timings)  # exit 1 says some records failed: the timings count them as "failed"
    return {"process": watched.as_dict(), "inside": inside}, db


def stored_labels(db: Path) -> tuple[Clustering, Clustering]:
    """Each article's story and copy group (its original's id) as the store holds them, by corpus id."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT external_id, id, coalesce(copy_of, id), story FROM articles"
        ).fetchall()
    external = {stored: str(outer) for outer, stored, _, _ in rows}
    stories = {str(outer): str(story) if story else f"unplaced:{outer}" for outer, _, _, story in rows}
    copies = {str(outer): external.get(group, group) for outer, _, group, _ in rows}
    return stories, copies


def complete(found: Clustering, gold: Clustering) -> tuple[Clustering, int]:
    """``found`` with every gold article a system dropped (rejected, failed) alone; how many it dropped.

    Scoring only what a system kept would let it flatter itself by dropping
    the hard cases; alone, a dropped article costs the recall it should.
    """
    kept = {key: found.get(key, f"missing:{key}") for key in gold}
    return kept, sum(1 for key in gold if key not in found)


def run_peer(script: str, corpus: Path, workdir: Path, log: Path, *extra: str) -> dict[str, Any]:
    """A peer script's figures from outside and inside, and its labels by article id."""
    result, labels = workdir / f"{script}.json", workdir / f"{script}.labels.jsonl"
    watched = _checked(
        run_watched(
            [
                sys.executable,
                str(PEERS / f"{script}.py"),
                str(corpus),
                "--result",
                str(result),
                "--labels",
                str(labels),
                *extra,
            ],
            log,
        )
    )
    figures = {"process": watched.as_dict(), "inside": _load(result)}
    if labels.exists():
        with labels.open(encoding="utf-8") as stream:
            figures["labels"] = {row["id"]: str(row["label"]) for row in map(json.loads, stream)}
    return figures


def story_quality(found: Clustering, gold: Clustering) -> dict[str, float]:
    """BCubed of the stories found against the gold stories, with the story counts."""
    found, missing = complete(found, gold)
    precision, recall, f1 = bcubed(found, gold)
    return {
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "stories": len(set(found.values())),
        "gold_stories": len(set(gold.values())),
        "missing": missing,
    }


def copy_quality(found: Clustering, gold: Clustering) -> dict[str, float]:
    """ARI and pairwise precision/recall of the copy groups found against the gold groups."""
    found, _ = complete(found, gold)
    pairs = pairwise(found, gold)
    return {
        "ari": round(adjusted_rand(found, gold), 4),
        "pair_precision": round(pairs.precision, 4),
        "pair_recall": round(pairs.recall, 4),
        "copies_found": sum(1 for key, group in found.items() if group != key),
        "gold_copies": sum(1 for key, group in gold.items() if group != key),
    }


def ratios(systems: dict[str, Any]) -> dict[str, float]:
    """newsweave over each peer, from this run: above 1 means newsweave took longer."""
    newsweave, floor = systems["newsweave"], systems["floor"]
    stages = newsweave["inside"]["stages"]
    out = {
        "e2e_over_floor_wall": newsweave["process"]["wall_s"] / floor["process"]["wall_s"],
        "e2e_over_floor_cpu": newsweave["process"]["cpu_s"] / floor["process"]["cpu_s"],
        "e2e_over_floor_inside_wall": newsweave["inside"]["wall_s"] / floor["inside"]["wall_s"],
    }
    datasketch = systems.get("datasketch", {}).get("inside")
    if datasketch:
        out["copies_stage_over_datasketch"] = stages["copies"]["wall_s"] / max(
            datasketch["wall_s"] - datasketch.get("parse_s", 0.0), 1e-9
        )
    sklearn = systems.get("sklearn", {})
    if sklearn.get("inside", {}).get("fits", False):
        # Placing costs the main process's stories stage and the worker's embedding, in CPU seconds.
        placing = stages["stories"]["cpu_s"] + newsweave["inside"]["worker_cpu_s"]
        clustering = sklearn["inside"]["cpu_s"] - (sklearn["inside"].get("parse_s") or 0.0)
        out["stories_cpu_over_sklearn"] = placing / max(clustering, 1e-9)
        out["e2e_over_sklearn"] = newsweave["process"]["wall_s"] / sklearn["process"]["wall_s"]
    return {name: round(value, 2) for name, value in out.items()}


def measure(corpus: Path, workdir: Path, log: Path, peers: list[str]) -> dict[str, Any]:
    """Every system on ``corpus``, one after another, with quality against the gold and the ratios."""
    gold_stories, gold_copies = gold_of(corpus)
    systems: dict[str, Any] = {"floor": run_floor(corpus, workdir, log)}
    systems["newsweave"], db = run_newsweave(corpus, workdir, log)
    stories, copies = stored_labels(db)
    systems["newsweave"]["quality"] = {
        "stories": story_quality(stories, gold_stories),
        "copies": copy_quality(copies, gold_copies),
    }
    if "datasketch" in peers:
        systems["datasketch"] = run_peer("datasketch_copies", corpus, workdir, log)
        found = systems["datasketch"].pop("labels", None)
        if found:
            systems["datasketch"]["quality"] = {"copies": copy_quality(found, gold_copies)}
    if "sklearn" in peers:
        systems["sklearn"] = run_peer("sklearn_stories", corpus, workdir, log)
        found = systems["sklearn"].pop("labels", None)
        if found:
            systems["sklearn"]["quality"] = {"stories": story_quality(found, gold_stories)}
    manifest = corpus.with_suffix(".manifest.json")
    return {
        "corpus": {
            "file": corpus.name,
            "sha256": file_digest(corpus),
            "articles": len(gold_stories),
            "generator": _load(manifest).get("params") if manifest.exists() else None,
        },
        "systems": systems,
        "ratios": ratios(systems),
    }


def _checked(watched: Watched, tolerated: int = 0) -> Watched:
    """``watched`` when it exited with 0 (or ``tolerated``); otherwise the whole comparison stops."""
    if watched.returncode not in (0, tolerated):
        raise SystemExit(f"{' '.join(watched.argv)} failed with exit code {watched.returncode}")
    return watched


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--result", type=Path, required=True, help="where the figures go (JSON)")
    parser.add_argument("--peers", default="datasketch,sklearn", help="comma-separated: datasketch, sklearn")
    parser.add_argument("--log", type=Path, default=None, help="the systems' own output (default: discarded)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=BENCH / "out") as folder:
        figures = measure(
            args.corpus,
            Path(folder),
            args.log or Path(folder) / "log.txt",
            [p for p in args.peers.split(",") if p],
        )
    args.result.parent.mkdir(parents=True, exist_ok=True)
    args.result.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"ratios": figures["ratios"], "newsweave": figures["systems"]["newsweave"]["quality"]}))


if __name__ == "__main__":
    main()
