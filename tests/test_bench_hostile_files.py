"""The hostile-files benchmark: a few cases, run small, report what the issue asks per case."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import hostile_files as hostile

CASES = ["laughs-rss", "bomb-a-txt", "ext-png-as-html"]
PER_CASE = {"outcome", "message", "seconds", "peak_rss_mb", "good_stored", "exit_code", "as_expected"}


def test_a_small_run_writes_figures_per_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hostile.json"
    hostile.main(["--only", *CASES, "--scale", "0.001", "--json", str(out)])
    figures = json.loads(out.read_text())
    assert list(figures["cases"]) == CASES
    assert figures["sizes"]["bomb"] == 2 * hostile.DEFAULT_CAP, "never under the cap it must exceed"
    assert figures["memory_limit_mb"] == 2048
    assert figures["baseline_seconds"] > 0 and 0 < figures["baseline_peak_rss_mb"] <= 2048
    assert figures["all_as_expected"] is True
    for case in figures["cases"].values():
        assert set(case) >= PER_CASE
        assert case["good_stored"] is True
        assert 0 < case["seconds"] <= figures["max_seconds"]
        assert 0 < case["peak_rss_mb"] <= figures["max_peak_rss_mb"] <= 2048
    laughs, bomb, png = (figures["cases"][name] for name in CASES)
    assert (laughs["outcome"], laughs["exit_code"], laughs["message"]) == ("stored", 0, None)
    assert (bomb["outcome"], bomb["exit_code"]) == ("refused", 1)
    assert "decompression bomb" in bomb["message"] and "a.txt.gz" in bomb["message"]
    assert png["message"].endswith("image.html: binary file (a PNG image), not a news article")
    assert "all_as_expected: True" in capsys.readouterr().out


def test_unknown_cases_are_refused() -> None:
    with pytest.raises(SystemExit, match="unknown cases: nope"):
        hostile.main(["--only", "laughs-rss", "nope"])


def test_outcome_of_a_file_from_its_lines_and_stored_texts(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    stderr = f"newsweave: {path}:2: malformed JSON\nnewsweave: {path}x: other file\n"
    both = hostile.file_outcome(path, stderr, [(str(path), "text"), ("other", "t")])
    assert (both.outcome, both.lines, both.texts) == (
        "stored+refused",
        [f"newsweave: {path}:2: malformed JSON"],
        ["text"],
    )
    assert hostile.file_outcome(path, "", []).outcome == "nothing"
    assert hostile.file_outcome(path, f"newsweave: {path}#u: x\n", []).outcome == "refused"


def test_a_bomb_is_small_on_disk_and_inflates_to_its_size(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz"
    hostile.write_bomb(path, b"a", 3 * hostile.UNIT, prefix=b"start:")
    assert path.stat().st_size < 300_000
    with gzip.open(path) as stream:
        assert stream.read(6) == b"start:"
        inflated = 6 + sum(len(block) for block in iter(lambda: stream.read(1 << 20), b""))
    assert inflated == 6 + 3 * hostile.UNIT
