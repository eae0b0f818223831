"""``newsweave serve`` as a user starts it: a real server on a free port, asked over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import httpx
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.pipeline import CHUNK_SIZE
from support import EXAMPLES, ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 30.0) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(url, timeout=2.0)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_while_ingest_writes(tmp_path):
    db = str(tmp_path / "news.db")
    assert (
        CliRunner()
        .invoke(main, ["--db", db, "-q", "ingest", str(EXAMPLES / "000_5b3158c098db9def.txt")])
        .exit_code
        == 0
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newsweave", "--db", db, "-q", "serve", "--port", str(port)],
        env={**os.environ, "NEWSWEAVE_INGEST_TOKEN": ""},
    )
    try:
        first = wait_for(f"http://127.0.0.1:{port}/stories.json").json()
        assert len(first) == 1
        ingest = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsweave",
                "--db",
                db,
                "-q",
                "ingest",
                str(EXAMPLES / "003_8a82f7cbc04b8b6e.txt"),
            ],
            check=True,
        )
        assert ingest.returncode == 0
        after = httpx.get(f"http://127.0.0.1:{port}/stories.json").json()
        assert after[0]["article_count"] == 2
        assert httpx.post(f"http://127.0.0.1:{port}/ingest", content=b"").status_code in (404, 405)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_pages_and_api_stay_whole_while_a_long_ingest_writes(tmp_path):
    """Readers never see an error or a half-written batch: the article total only grows."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import synthesize

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in synthesize(600, distinct=0.25)), encoding="utf-8")
    db = str(tmp_path / "news.db")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newsweave", "--db", db, "-q", "serve", "--port", str(port)],
        env={**os.environ, "NEWSWEAVE_INGEST_TOKEN": ""},
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/stories.json")
        writer = subprocess.Popen([sys.executable, "-m", "newsweave", "--db", db, "-q", "ingest", corpus])
        totals, failures = _read_until_done(f"http://127.0.0.1:{port}", writer)
        assert writer.wait(timeout=300) == 0
        assert failures == []
        assert totals == sorted(totals) and totals[-1] == 600
        assert len(set(totals)) > 2, "no read fell between two batches"
        assert all(total % CHUNK_SIZE == 0 or total == 600 for total in totals), "a batch seen half stored"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _read_until_done(base: str, writer: subprocess.Popen) -> tuple[list[int], list[str]]:
    """Ask the API in a loop until ``writer`` exits: the article totals seen, and every failure."""
    totals, failures = [], []
    with httpx.Client(base_url=base, timeout=30.0) as client:
        while True:
            done = writer.poll() is not None  # one more round after the ingest ends
            for path in ("/stories.json?limit=500", "/search.json?q=the&limit=5", "/"):
                response = client.get(path)
                if response.status_code != 200:
                    failures.append(f"{path}: {response.status_code}")
                elif path.startswith("/stories.json"):
                    totals.append(sum(story["article_count"] for story in response.json()))
            if done:
                return totals, failures
