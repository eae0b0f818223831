"""The JSON API and pages under a bounded loopback load, first alone and then while an ingest writes.

Store: the 10,000-story store of ``bench/web_load.py`` (built once with ``--keep``), copied,
so the ingest of the second phase never changes the kept one.  ``newsweave serve`` runs
as its own process (one uvicorn worker).  ``--clients`` threads each loop, for
``--seconds`` seconds, over the whole API in turn: ``/stories.json``, a story's brief
(``/stories/ID.json``) and page, an article's reading (``/articles/ID.json``), a search
(``/search.json?q=``) and the search page, each waiting for its answer (a closed loop,
so the load is bounded by the clients).  The stories and articles asked for are opened
once before, so the figures are of serving, not of the first reading with spaCy.

Phase ``read``: the load alone.  Phase ``write``: the same load while ``newsweave ingest``
stores ``--ingest-articles`` new articles into the served store; a second ingest started
meanwhile must be refused (exit 75, one line) rather than run beside the first.
Reported per phase: requests, errors (any answer but 200, or no answer), throughput,
the 50th and 99th percentile latency over all requests and per kind; and the ingests'
outcomes.

    .venv/bin/python bench/api_load.py --keep bench/out/web_store [--json bench/out/api_load.json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx
import numpy as np

from corpus import synthesize
from figures import report
from web_load import build_store, existing, free_port, wait_for

KINDS = ("stories_json", "brief_json", "story_page", "article_json", "search_json", "search_page")
BUSY_EXIT = 75


class Load:
    """Closed-loop clients over the API for a fixed time; latencies per kind and every error."""

    def __init__(self, base: str, stories: list[str], articles: list[str], words: list[str]) -> None:
        self.base, self.stories, self.articles, self.words = base, stories, articles, words
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def run(self, clients: int, seconds: float) -> dict:
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=self._client, args=(seed, stop)) for seed in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self.figures(time.perf_counter() - started)

    def _client(self, seed: int, stop: float) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=self.base, timeout=60.0) as http:
            while time.monotonic() < stop:
                for kind in KINDS:
                    self._ask(http, kind, self._path(kind, rng))

    def _path(self, kind: str, rng: random.Random) -> str:
        story, article, word = rng.choice(self.stories), rng.choice(self.articles), rng.choice(self.words)
        return {
            "stories_json": "/stories.json",
            "brief_json": f"/stories/{story}.json",
            "story_page": f"/stories/{story}",
            "article_json": f"/articles/{article}.json",
            "search_json": f"/search.json?q={word}",
            "search_page": f"/search?q={word}",
        }[kind]

    def _ask(self, http: httpx.Client, kind: str, path: str) -> None:
        started = time.perf_counter()
        try:
            status = http.get(path).status_code
        except httpx.HTTPError as error:
            status = f"{type(error).__name__}"
        self.latencies[kind].append(time.perf_counter() - started)
        if status != 200:
            self.errors.append(f"{path}: {status}")

    def figures(self, wall: float) -> dict:
        every = [value for kind in KINDS for value in self.latencies[kind]]
        figures = {
            "seconds": round(wall, 1),
            "requests": len(every),
            "errors": len(self.errors),
            "error_examples": self.errors[:5],
            "throughput_per_second": round(len(every) / wall, 1),
            "p50_ms": _ms(every, 50),
            "p99_ms": _ms(every, 99),
        }
        for kind in KINDS:
            figures[f"{kind}_p99_ms"] = _ms(self.latencies[kind], 99)
        return figures


def _ms(values: list[float], percentile: int) -> float | None:
    return round(float(np.percentile(values, percentile)) * 1000, 1) if values else None


def sample(db: str, rng: random.Random, count: int) -> tuple[list[str], list[str], list[str]]:
    """``count`` stories and articles, and title words, to ask for, drawn from the store."""
    with sqlite3.connect(db) as connection:
        stories = [row[0] for row in connection.execute("SELECT id FROM stories ORDER BY id")]
        rows = connection.execute(
            "SELECT id, title FROM articles WHERE title IS NOT NULL ORDER BY seq"
        ).fetchall()
    picked = rng.sample(rows, count)
    words = sorted(
        {word for _, title in picked for word in title.split() if word.isalpha() and len(word) > 3}
    )
    return rng.sample(stories, count), [article for article, _ in picked], words


def warm(base: str, stories: list[str], articles: list[str]) -> None:
    """Open each story and article once: their first reading is timed by web_load, not here."""
    with httpx.Client(base_url=base, timeout=300.0) as http:
        for path in [f"/stories/{s}.json" for s in stories] + [f"/articles/{a}.json" for a in articles]:
            http.get(path).raise_for_status()


def newsweave(db: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "newsweave", "--db", db, "-q", *args]


def write_phase(load: Load, db: str, block: Path, clients: int, seconds: float) -> dict:
    """The load while one ingest writes; a second ingest tried meanwhile, and its answer."""
    writer = subprocess.Popen(newsweave(db, "ingest", str(block)), stderr=subprocess.PIPE, text=True)
    started = time.perf_counter()
    holder = Path(f"{db}.lock")
    while not (holder.exists() and holder.read_text().strip()) and time.perf_counter() - started < 30:
        time.sleep(0.05)
    second: dict = {}
    racer = threading.Thread(target=lambda: second.update(_second_ingest(db, block)))
    racer.start()
    figures = load.run(clients, seconds)
    racer.join()
    writer_rc = writer.wait()
    figures["ingest"] = {
        "exit": writer_rc,
        "seconds": round(time.perf_counter() - started, 1),
        "stderr": writer.stderr.read().strip()[-300:],
    }
    figures["second_ingest"] = second
    return figures


def _second_ingest(db: str, block: Path) -> dict:
    started = time.perf_counter()
    run = subprocess.run(newsweave(db, "ingest", str(block)), capture_output=True, text=True, check=False)
    return {
        "exit": run.returncode,
        "seconds": round(time.perf_counter() - started, 2),
        "message": run.stderr.strip(),
    }


def new_block(folder: Path, articles: int) -> Path:
    path = folder / "new-block.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record in synthesize(articles, seed=9_001, distinct=0.25):
            unique = {"id": f"load-{record['id']}", "url": f"{record['url']}-load"}
            out.write(json.dumps({**record, **unique}, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stories", type=int, default=10_000, help="stories in the store built when none is kept"
    )
    parser.add_argument(
        "--keep", type=Path, help="the web_load store folder to reuse (built there when absent)"
    )
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--ingest-articles", type=int, default=2_000)
    parser.add_argument(
        "--warm", type=int, default=40, help="stories and articles asked for (opened once first)"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        kept = args.keep or folder / "kept"
        kept.mkdir(parents=True, exist_ok=True)
        source, articles, stories = existing(kept) or build_store(kept, args.stories)
        db = str(folder / "served.db")
        shutil.copyfile(source, db)  # web_load's stores are closed cleanly: no -wal to carry
        figures = {"articles": articles, "stories": stories, "clients": args.clients}
        figures |= serve_and_load(db, new_block(folder, args.ingest_articles), args)
    report(figures, args.json)


def serve_and_load(db: str, block: Path, args: argparse.Namespace) -> dict:
    port = free_port()
    server = subprocess.Popen(newsweave(db, "serve", "--port", str(port)))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/stories.json?limit=1")
        stories, articles, words = sample(db, random.Random(7), args.warm)
        warm(base, stories, articles)
        read = Load(base, stories, articles, words).run(args.clients, args.seconds)
        write = write_phase(Load(base, stories, articles, words), db, block, args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return {"read": read, "write": write}


if __name__ == "__main__":
    main()
