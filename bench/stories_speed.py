"""Ingest speed with stories: 10,000 then up to 100,000 articles, beside the floor and a batch peer.

The synthetic corpus of ``bench/corpus.py`` (real paragraphs, titles, outlets and
dates recombined; a quarter of the words replaced) is ingested in blocks of
10,000 articles into one store, so each block's wall time shows how the cost
grows with what is already stored (a quadratic method would slow block by
block).  Each block is ingested by the command line (``newsweave ingest``) in a
child process, as a user would run it, so its time includes starting up and
loading the model (about 2 s).  Wall time is the figure: story placement runs
the embedding in a second process, so the process's own CPU time would flatter
it.  Peak memory is read from ``/proc`` while each ingest runs: the high-water
resident size (VmHWM) of the main process and of the embedding worker, and
their sum (both are resident at once).  The kernel's accounting of children
(``ru_maxrss``) cannot be used: a child forked from this process, which holds
the whole synthetic corpus, inherits its resident size until it execs.

At 10,000 articles the same corpus is also ingested without stories (clean +
copies) and merely parsed and stored (the floor), and clustered by the batch
peer: scikit-learn TF-IDF (title x3) with average-linkage agglomerative
clustering, given the best of its set-ups: the cosine distances computed once by
a sparse matrix product and passed precomputed (the plain ``metric="cosine"`` on
the dense matrix ran for over ten minutes at 10,000 articles), and its best
distance threshold on the dev data (0.87, from ``bench/stories_eval.py``).  It
needs the full distance matrix, n^2 doubles: 0.8 GB at 10,000 articles, 80 GB at
100,000, beyond this machine's 24 GB.

    .venv/bin/python bench/stories_speed.py --articles 100000 [--json bench/out/stories_speed.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

from corpus import synthesize
from ingest_speed import run_floor
from newsweave.pipeline import ingest
from newsweave.store import Store
from peers.sklearn_stories import peer
from watch import run_watched

BLOCK = 10_000


def write_blocks(count: int, workdir: Path) -> list[Path]:
    """The corpus as JSON Lines files of ``BLOCK`` articles each."""
    records = synthesize(count, distinct=0.25)
    paths = []
    for start in range(0, count, BLOCK):
        path = workdir / f"block-{start // BLOCK:02d}.jsonl"
        with path.open("w", encoding="utf-8") as stream:
            for record in records[start:start + BLOCK]:
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def timed_ingest(db: Path, path: Path, stories: bool = True) -> float:
    """Ingest in this process (used for the run without stories, which has no CLI switch)."""
    with Store(db) as store:
        start = time.perf_counter()
        ingest(store, [str(path)], stories=stories)
        return time.perf_counter() - start


def cli_ingest(db: Path, path: Path) -> tuple[float, dict[str, int]]:
    """``newsweave ingest`` in a child process; its wall seconds and peak memory (MB) by process."""
    command = [sys.executable, "-m", "newsweave", "--quiet", "--db", str(db), "ingest", str(path)]
    watched = run_watched(command)
    if watched.returncode:
        raise SystemExit(f"ingest of {path} failed with exit code {watched.returncode}")
    return watched.wall_s, {"main": watched.peak_mb_main, "worker": watched.peak_mb_children}


def full_run(blocks: list[Path], db: Path) -> list[dict]:
    """Ingest block after block into one store; wall seconds, rate and peak memory so far."""
    rows, stored = [], 0
    for path in blocks:
        seconds, peaks = cli_ingest(db, path)
        stored += BLOCK
        rows.append({"stored_after": stored, "seconds": round(seconds, 1),
                     "articles_per_s": round(BLOCK / seconds, 1), "peak_mb_main": peaks["main"],
                     "peak_mb_worker": peaks["worker"], "peak_mb_total": peaks["main"] + peaks["worker"]})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def run_peer(path: Path) -> dict:
    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(target=peer, args=(path, queue))
    process.start()
    seconds, peak = queue.get()
    process.join()
    rate = round(BLOCK / seconds, 1)
    return {"seconds": round(seconds, 1), "articles_per_s": rate, "peak_rss_mb": round(peak)}





def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent / "out") as tmp:
        workdir = Path(tmp)
        blocks = write_blocks(args.articles, workdir)
        floor_seconds = run_floor(blocks[0], workdir / "floor.db")[0]
        no_stories = timed_ingest(workdir / "copies.db", blocks[0], stories=False)
        rows = full_run(blocks, workdir / "full.db")
        result = {
            "corpus": f"bench/corpus.py synthesize({args.articles}, distinct=0.25), blocks of {BLOCK}",
            "blocks": rows,
            "first_10k": {"floor_cpu_s": round(floor_seconds, 1), "clean_copies_s": round(no_stories, 1),
                          "clean_copies_stories_s": rows[0]["seconds"]},
            "total_seconds": round(sum(row["seconds"] for row in rows), 1),
            "peak_mb_total": max(row["peak_mb_total"] for row in rows),
        }
        if len(rows) >= 10:
            result["growth_10k_to_100k"] = round(sum(r["seconds"] for r in rows[:10]) / rows[0]["seconds"], 2)
        if not args.no_peer:
            result["peer_tfidf_agglomerative_10k"] = run_peer(blocks[0])
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
