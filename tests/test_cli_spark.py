"""``newsweave spark run`` as a user runs it, then ``newsweave import`` of its result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from support import EXAMPLES

NEWSWEAVE = str(Path(sys.executable).parent / "newsweave")


def newsweave(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([NEWSWEAVE, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def test_conf_needs_key_and_value(tmp_path):
    arguments = ["spark", "run", "x.jsonl", "-o", str(tmp_path / "o"), "--conf", "oops"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2 and "expected KEY=VALUE" in result.output


def test_without_the_extra_one_line_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "newsweave.spark.job", None)
    result = CliRunner().invoke(main, ["spark", "run", "x.jsonl", "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    expected = "newsweave: spark run needs the spark extra: pip install 'newsweave[spark]'"
    assert result.output.strip() == expected


@pytest.mark.usefixtures("spark")
def test_without_java_one_line_says_spark_cannot_start(tmp_path):
    result = newsweave("spark", "run", str(EXAMPLES), "-o", str(tmp_path / "o"), "--master", "local[1]",
                       env={"JAVA_HOME": str(tmp_path / "no-java")})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("newsweave: cannot start Spark with master local[1]")
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("spark")
def test_run_reports_bad_inputs_writes_the_rest_and_imports(tmp_path):
    records = tmp_path / "records.jsonl"
    good = {"title": "Storm closes port", "url": "https://example.com/storm",
            "maintext": "A storm closed the port of Example on Monday, officials said. " * 5}
    records.write_text(json.dumps(good) + "\n{broken\n")
    binary = tmp_path / "blob.dat"
    binary.write_bytes(b"\x00\x01\x02\xff")
    output = tmp_path / "out"
    result = newsweave("spark", "run", str(EXAMPLES), str(records), str(binary), str(tmp_path / "missing"),
                       "--output", str(output), "--master", "local[2]")
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("newsweave: ")]
    assert errors == [
        f"newsweave: {tmp_path / 'missing'}: no such file or directory",
        f"newsweave: {records}:2: malformed JSON at column 2: "
        "Expecting property name enclosed in double quotes",
        f"newsweave: {binary}: binary file (contains NUL bytes), not a news article",
    ]
    assert "Traceback" not in result.stderr
    examples = len(list(EXAMPLES.iterdir()))
    assert result.stdout.startswith(f"{examples + 1} articles, ")
    manifest = json.loads((output / "manifest.json").read_text())
    assert manifest["counts"]["failures"] == 3

    again = newsweave("spark", "run", str(records), "--output", str(output))
    assert again.returncode == 1 and "directory is not empty (use --overwrite" in again.stderr

    db = str(tmp_path / "store.db")
    imported = newsweave("--db", db, "import", str(output))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith(f"imported {examples + 1} articles")
    stories = newsweave("--db", db, "stories", "--json")
    assert stories.returncode == 0 and stories.stdout.strip()
