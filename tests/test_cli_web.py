"""``newsweave serve`` as a user starts it: a real server on a free port, asked over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
from click.testing import CliRunner

from newsweave.cli import main
from support import EXAMPLES


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
