"""The Spark job in local mode beside ``newsweave ingest`` on the same corpus, same run.

Both are run as whole commands (start-up, model loading, JVM and Python
workers included), one after the other on an otherwise idle machine, each on
a fresh output; wall time and the peak resident memory of the whole process
tree (sampled every 0.2 s) are recorded, and the two results are compared
article by article (adjusted Rand index of copy groups and of stories).

    python bench/spark_speed.py --articles 10000 --json bench/out/spark_speed_10k.json
    python bench/spark_speed.py --articles 100000 --json bench/out/spark_speed_100k.json

The corpus is ``bench/corpus.py``'s ``synthesize(N, distinct=0.25)`` (seed 13):
real titles, paragraphs, outlets and dates of news_cluster_dev recombined.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from corpus import synthesize
from newsweave.spark.parity import parity
from newsweave.store import Store

BIN = Path(sys.executable).parent
OUT = Path(__file__).resolve().parent / "out"


def corpus_of(count: int) -> Path:
    """The synthetic corpus of ``count`` articles, built once."""
    path = OUT / f"corpus_{count}.jsonl"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as stream:
            for record in synthesize(count, distinct=0.25):
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def timed(command: list[str]) -> dict:
    """Run ``command``; its wall seconds, peak tree memory and exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if process.returncode:
        print(err[-3000:], file=sys.stderr)
    return {
        "command": " ".join(command),
        "seconds": round(seconds, 1),
        "peak_mb": round(peak[0] / 2**20),
        "exit": process.returncode,
        "summary": out.strip().splitlines()[-1:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--work", type=Path, default=OUT / "spark_speed")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    corpus = corpus_of(args.articles)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    result_dir, db = args.work / "result", args.work / "ingest.db"
    spark = timed(
        [
            str(BIN / "newsweave"),
            "spark",
            "run",
            str(corpus),
            "--output",
            str(result_dir),
            "--master",
            args.master,
        ]
    )
    local = timed([str(BIN / "newsweave"), "--db", str(db), "-q", "ingest", str(corpus)])
    with Store(str(db)) as store:
        agreement = parity(result_dir, store).to_dict()
    stages = json.loads((result_dir / "manifest.json").read_text())["seconds"]
    figures = {
        "articles": args.articles,
        "cores": os.cpu_count(),
        "master": args.master,
        "spark": {**spark, "articles_per_s": round(args.articles / spark["seconds"], 1), "stages": stages},
        "ingest": {**local, "articles_per_s": round(args.articles / local["seconds"], 1)},
        "spark_over_ingest_time": round(spark["seconds"] / local["seconds"], 2),
        "parity": agreement,
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
