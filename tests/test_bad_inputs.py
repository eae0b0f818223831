"""A corpus of bad inputs through the real command line, next to good ones.

Each bad input must cost one clear stderr line naming it (``file:line`` for a
JSON Lines record), never a traceback; the good inputs are still stored, nothing
of a bad record is, and the exit code is 1.  Truncated compressed files keep the
whole records before the break (as the readers document) and no partial one.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readers_support import EMPTY_HTML, WarcPage, article_html, jsonl, make_warc, news_record

CAP = 4096
CLI = [sys.executable, "-c", "from newsweave.cli import run; run()"]


def newsweave(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSWEAVE_MAX_BYTES": ""}
    return subprocess.run(
        [*CLI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def build_corpus(root: Path) -> dict[str, str]:
    """Write good and bad inputs under ``root``; return bad input name -> expected reason."""
    (root / "good.txt").write_text("Good Plain Story\n\nThe plain story body has sentences.")
    (root / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(200))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("  \n\n\t \n")
    (root / "latin1.txt").write_bytes("Caf\xe9 Opens Downtown\n\nIt serves cr\xeapes.".encode("latin-1"))
    (root / "mixed.jsonl").write_text(
        jsonl([news_record(1)]) + '{"title": "broken\n' + jsonl([news_record(2)])
    )
    long_line = news_record(3, maintext="word " * 1000)
    (root / "longline.jsonl").write_text(jsonl([news_record(4), long_line, news_record(5)]))
    packed = gzip.compress(jsonl([news_record(n) for n in range(100, 160)]).encode())
    (root / "cut.jsonl.gz").write_bytes(packed[: len(packed) * 2 // 3])
    pages = [
        WarcPage(f"https://w.example.com/{n}", article_html(f"Warc Story {n}", f"w{n}")) for n in range(3)
    ]
    warc = make_warc(root / "full.warc.gz.tmp", pages, gzipped=True)
    (root / "cut.warc.gz").write_bytes(warc.read_bytes()[: warc.stat().st_size * 2 // 3])
    warc.unlink()
    (root / "noarticle.html").write_text(EMPTY_HTML)
    (root / "big.txt").write_text("Big Story Title\n\n" + "word " * CAP)
    (root / "dir" / "sub").mkdir(parents=True)
    (root / "dir" / "ok.txt").write_text("Nested Good Story\n\nA nested body.")
    (root / "dir" / "sub" / "ok.jsonl").write_text(jsonl([news_record(6)]))
    (root / "dir" / "sub" / "data.bin").write_bytes(b"\0\1\2\3" * 50)
    return {
        "img.png": "binary file (a PNG image)",
        "empty.txt": "empty input",
        "blank.txt": "empty input",
        "latin1.txt": "not UTF-8 text",
        "mixed.jsonl:2": "malformed JSON",
        "longline.jsonl:2": f"line longer than the size cap of {CAP // 1024} KiB",
        "cut.jsonl.gz": "truncated or corrupt",
        "cut.warc.gz": "truncated",
        "noarticle.html": "no article",
        "big.txt": f"larger than the size cap of {CAP // 1024} KiB",
        "dir/sub/data.bin": "binary file",
        "missing.txt": "no such file or directory",
    }


INPUTS = [
    "good.txt",
    "img.png",
    "empty.txt",
    "blank.txt",
    "latin1.txt",
    "mixed.jsonl",
    "longline.jsonl",
    "cut.jsonl.gz",
    "cut.warc.gz",
    "noarticle.html",
    "big.txt",
    "dir",
    "missing.txt",
]


@pytest.fixture(scope="module")
def run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, str], subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("bad")
    expected = build_corpus(root)
    result = newsweave("--db", "store.db", "ingest", "--max-bytes", str(CAP), *INPUTS, cwd=root)
    return root, expected, result


def stored(root: Path) -> list[dict]:
    listing = newsweave("--db", "store.db", "articles", "--json", "--limit", "0", cwd=root)
    assert listing.returncode == 0, listing.stderr
    return [json.loads(line) for line in listing.stdout.splitlines()]


def test_exit_code_and_no_traceback(run) -> None:
    _, _, result = run
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_one_line_per_bad_input_naming_it(run) -> None:
    _, expected, result = run
    lines = result.stderr.splitlines()
    by_input: dict[str, list[str]] = {}
    for line in lines:
        assert line.startswith("newsweave: "), line
        where = line.removeprefix("newsweave: ").split(": ", 1)[0]
        by_input.setdefault(where, []).append(line)
    assert set(by_input) == set(expected), result.stderr
    for where, reason in expected.items():
        assert len(by_input[where]) == 1, by_input[where]
        assert reason in by_input[where][0], by_input[where][0]


def test_summary_counts_the_failures(run) -> None:
    _, expected, result = run
    assert result.stdout.strip().endswith(f"{len(expected)} failed")


def test_good_articles_stored_and_nothing_of_the_bad(run) -> None:
    root, _, _ = run
    titles = [article["title"] for article in stored(root)]
    good = {
        "Good Plain Story",
        "Nested Good Story",
        "Headline number 1",
        "Headline number 2",
        "Headline number 4",
        "Headline number 5",
        "Headline number 6",
    }
    assert good <= set(titles)
    assert len(titles) == len(set(titles)), "nothing stored twice"
    leftovers = set(titles) - good
    from_truncated = {f"Headline number {n}" for n in range(100, 160)} | {f"Warc Story {n}" for n in range(3)}
    assert leftovers <= from_truncated, leftovers
    for absent in ("Big Story Title", "Headline number 3", "Café Opens Downtown", "Gallery"):
        assert absent not in titles


def test_truncated_gzip_keeps_only_whole_leading_records(run) -> None:
    root, _, _ = run
    numbers = sorted(
        int(t.rsplit(" ", 1)[1]) for t in (a["title"] for a in stored(root)) if t.startswith("Headline")
    )
    from_cut = [n for n in numbers if n >= 100]
    assert from_cut == list(range(100, 100 + len(from_cut))), "a prefix of the records, no gaps"
    assert len(from_cut) < 60


def test_standard_input_failure_is_named_dash(tmp_path: Path) -> None:
    result = subprocess.run(
        [*CLI, "-q", "--db", "s.db", "ingest", "-"],
        cwd=tmp_path,
        input=b"\x89PNG\r\n\x1a\n" + bytes(100),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.decode() == "newsweave: -: binary file (a PNG image), not a news article\n"


def test_size_cap_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("Big Story Title\n\n" + "word " * 400)
    env = {**os.environ, "NEWSWEAVE_MAX_BYTES": "1024"}
    result = subprocess.run(
        [*CLI, "-q", "--db", "s.db", "ingest", "big.txt"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        1,
        "newsweave: big.txt: larger than the size cap of 1 KiB\n",
    )
    relaxed = newsweave("-q", "--db", "s.db", "ingest", "big.txt", cwd=tmp_path)
    assert (relaxed.returncode, relaxed.stderr) == (0, "")
