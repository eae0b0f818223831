"""Ingest speed: JSON Lines with cleaning, beside merely parsing and storing the same file.

Both runs use one core (one Python thread, SQLite in-process), a fresh store on
the same disk and the same corpus, and are timed in CPU seconds of the process
(user + system), which a busy neighbour on the machine disturbs less than wall
time; the floor reads each line, maps it to an
article, gives it its id and stores it with the same schema and full-text index,
with no cleaning.  The figure of interest is newsweave's articles per second and
its ratio to the floor.

    python bench/corpus.py --articles 20000 -o bench/out/corpus.jsonl
    python bench/ingest_speed.py bench/out/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from newsweave.pipeline import ingest
from newsweave.readers import ReadOptions
from newsweave.store import Store
from peers.floor import store_corpus


def run_newsweave(corpus: Path, db: Path) -> tuple[float, int]:
    """Full ingest: read, identify, learn furniture, clean, store."""
    with Store(db) as store:
        start = time.process_time()
        summary = ingest(store, [str(corpus)], ReadOptions())
        return time.process_time() - start, summary.new


def run_floor(corpus: Path, db: Path) -> tuple[float, int]:
    """Parse and store only: the same reader and store, no cleaning (``peers/floor.py``)."""
    start = time.process_time()
    stored = store_corpus(corpus, db)
    return time.process_time() - start, stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures here.")
    args = parser.parse_args()
    results: dict[str, list[float]] = {"newsweave": [], "floor": []}
    count = 0
    for _ in range(args.repeat):
        for name, runner in (("floor", run_floor), ("newsweave", run_newsweave)):
            with tempfile.TemporaryDirectory(dir=args.corpus.parent) as workdir:
                seconds, count = runner(args.corpus, Path(workdir) / "bench.db")
                results[name].append(seconds)
    summary = {name: _figures(times, count) for name, times in results.items()}
    summary["ratio_time_newsweave_to_floor"] = round(
        summary["newsweave"]["median_s"] / summary["floor"]["median_s"], 2
    )
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")


def _figures(times: list[float], count: int) -> dict[str, float]:
    ordered = sorted(times)
    median = ordered[len(ordered) // 2]
    return {
        "articles": count,
        "median_s": round(median, 3),
        "min_s": round(ordered[0], 3),
        "articles_per_s": round(count / median, 1),
    }


if __name__ == "__main__":
    main()
