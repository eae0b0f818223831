"""Web speed: story pages and /stories.json under a bounded loopback load, 10,000 stories stored.

Corpus: blocks of 5,000 ``bench/corpus.py synthesize(5000, seed, distinct=0.25)`` records
(recombined real articles, a new seed per block) ingested by ``newsweave ingest`` until the
store holds the stories asked for.  ``newsweave serve`` runs as its own process (one uvicorn worker).  Forty
stories are opened once first, so their briefs are read and built (that first look is
timed separately: it reads the articles with spaCy); then ``CLIENTS`` threads request,
for ``SECONDS`` seconds, in turn ``/stories.json`` and a random one of those story
pages, each waiting for its answer (a closed loop, so the load is bounded by the
clients).  Reported: requests, errors, throughput and the 50th and 99th percentile
latency per kind.

    .venv/bin/python bench/web_load.py [--stories 10000] [--json bench/out/web_load.json]
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

from corpus import synthesize
from figures import report

CLIENTS = 4
SECONDS = 30
WARM_STORIES = 40
BLOCK = 5_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_store(folder: Path, stories: int) -> tuple[str, int, int]:
    """Ingest blocks of synthetic articles until the store holds ``stories`` stories."""
    db = str(folder / "news.db")
    articles = held = 0
    for block in range(100):
        path = folder / f"block-{block}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for record in synthesize(BLOCK, seed=13 + block, distinct=0.25):
                unique = {"id": f"{block}-{record['id']}", "url": f"{record['url']}-{block}"}
                out.write(json.dumps({**record, **unique}, ensure_ascii=False) + "\n")
        subprocess.run([sys.executable, "-m", "newsweave", "--db", db, "-q", "ingest", str(path)], check=True)
        articles += BLOCK
        with sqlite3.connect(db) as connection:
            held = connection.execute("SELECT count(*) FROM stories").fetchone()[0]
        if held >= stories:
            break
    return db, articles, held


def existing(folder: Path) -> tuple[str, int, int] | None:
    """A store built before in ``folder`` (``--keep``), with its article and story counts."""
    db = folder / "news.db"
    if not db.exists():
        return None
    with sqlite3.connect(db) as connection:
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        stories = connection.execute("SELECT count(*) FROM stories").fetchone()[0]
    return str(db), articles, stories


def wait_for(url: str) -> None:
    for _ in range(300):
        try:
            httpx.get(url, timeout=2.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def load(base: str, stories: list[str], clients: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"list": [], "story": [], "errors": []}
    stop = time.monotonic() + SECONDS

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=30.0) as http:
            while time.monotonic() < stop:
                for kind, path in (("list", "/stories.json"), ("story", f"/stories/{rng.choice(stories)}")):
                    started = time.perf_counter()
                    try:
                        ok = http.get(path).status_code == 200
                    except httpx.HTTPError as error:
                        print(f"{path}: {error!r}", file=sys.stderr)
                        ok = False
                    timings[kind].append(time.perf_counter() - started)
                    if not ok:
                        timings["errors"].append(1.0)

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--keep", type=Path, help="Build the store in this folder and reuse it next time.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        db, articles, stored = existing(folder) or build_store(folder, args.stories)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "newsweave", "--db", db, "-q", "serve",
                                   "--port", str(port)])
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/stories.json?limit=1")
            listing = httpx.get(base + "/stories.json", params={"limit": 500}, timeout=60).json()
            stories = [story["id"] for story in random.Random(7).sample(listing, WARM_STORIES)]
            first_looks = []
            for story in stories:
                started = time.perf_counter()
                httpx.get(f"{base}/stories/{story}", timeout=120).raise_for_status()
                first_looks.append(time.perf_counter() - started)
            timings = load(base, stories, args.clients)
        finally:
            server.terminate()
            server.wait(timeout=20)
    requests = len(timings["list"]) + len(timings["story"])
    figures = {
        "articles": articles, "stories": stored,
        "clients": args.clients, "seconds": SECONDS, "requests": requests, "errors": len(timings["errors"]),
        "throughput_per_second": round(requests / SECONDS, 1),
        "stories_json_p50_ms": round(float(np.percentile(timings["list"], 50)) * 1000, 1),
        "stories_json_p99_ms": round(float(np.percentile(timings["list"], 99)) * 1000, 1),
        "story_page_p50_ms": round(float(np.percentile(timings["story"], 50)) * 1000, 1),
        "story_page_p99_ms": round(float(np.percentile(timings["story"], 99)) * 1000, 1),
        "first_look_median_s": round(float(np.median(first_looks)), 2),
    }
    report(figures, args.json)


if __name__ == "__main__":
    main()
