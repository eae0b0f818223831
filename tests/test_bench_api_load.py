"""``bench/api_load.py`` on a small store: every request answered, and the second ingest refused."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from corpus import synthesize


@pytest.mark.slow
def test_api_load_reads_and_writes_without_errors(tmp_path):
    kept = tmp_path / "kept"
    kept.mkdir()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in synthesize(300, distinct=0.25)), encoding="utf-8")
    newsweave = [sys.executable, "-m", "newsweave", "--db", str(kept / "news.db"), "-q"]
    subprocess.run([*newsweave, "ingest", str(corpus)], check=True)
    out = tmp_path / "load.json"
    subprocess.run(
        [
            sys.executable,
            "bench/api_load.py",
            "--keep",
            str(kept),
            "--seconds",
            "3",
            "--clients",
            "2",
            "--ingest-articles",
            "700",
            "--warm",
            "4",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        env={"PYTHONPATH": str(ROOT / "bench"), "PATH": "/usr/bin:/bin"},
    )
    figures = json.loads(out.read_text())
    assert figures["articles"] == 300
    for phase in ("read", "write"):
        assert figures[phase]["errors"] == 0 and figures[phase]["requests"] > 6
        assert figures[phase]["p99_ms"] >= figures[phase]["p50_ms"] > 0
    assert figures["write"]["ingest"]["exit"] == 0
    second = figures["write"]["second_ingest"]
    assert second["exit"] == 75 and "another ingest" in second["message"]
