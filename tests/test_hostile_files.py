"""Hostile files through the real command line, after a good input, under a 2 GiB address-space limit.

Each hostile file (``bench/hostile_files.py`` builds them) must be read safely
(no NUL stored, full-text search still working) or refused with one line naming
it and the reason, never a traceback; the good input is stored either way, the
run ends in bounded time with its memory under 2 GB, and exit code 1 follows a
refusal.  The gzip bombs are their full 10 GiB (10 MB on disk); the single long
lines are twice the size cap here and 1 GiB in the slow tests.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import hostile_files as hostile

LIMIT_MB = hostile.MEMORY_LIMIT >> 20
MEMORY = hostile.MEMORY_LIMIT if shutil.which("prlimit") else None
SMALL = hostile.Sizes(line=2 * hostile.DEFAULT_CAP)
CASES = {case.name: case for case in hostile.cases()}
FEEDS = ["laughs-rss", "laughs-xml", "laughs-atom", "laughs-as-txt", "xxe-rss", "xxe-parameter"]
BAD_INPUT_SECONDS = 60


@pytest.fixture(scope="module")
def together(tmp_path_factory) -> tuple[hostile.Run, Path]:
    """Every case in one ``newsweave ingest`` (the good input first), lines at twice the size cap."""
    folder = tmp_path_factory.mktemp("hostile")
    return hostile.run_cases(list(CASES.values()), folder, SMALL, MEMORY), folder / "news.db"


def test_the_run_stays_bounded_and_keeps_the_good_input(together) -> None:
    run, _ = together
    assert not run.traceback
    assert run.exit_code == 1
    assert run.good_stored
    assert run.search_works
    assert not run.nul_in_store
    assert run.peak_rss_mb <= LIMIT_MB
    assert run.seconds < BAD_INPUT_SECONDS


@pytest.mark.parametrize("name", list(CASES))
def test_each_file_is_refused_in_one_line_or_read(together, name: str) -> None:
    run, _ = together
    case, outcome = CASES[name], run.files[name]
    if case.refusal is None:
        assert outcome.lines == []
    else:
        assert len(outcome.lines) == 1, outcome.lines
        assert case.refusal in outcome.lines[0]
    assert bool(outcome.texts) == case.stored, outcome.outcome


@pytest.mark.parametrize("name", FEEDS)
def test_feed_entities_are_neither_expanded_nor_fetched(together, name: str) -> None:
    """The billion laughs stay unexpanded, and /etc/passwd is never read into an article."""
    (text,) = together[0].files[name].texts
    assert len(text) < 2_000
    assert "lollol" not in text
    assert "root:" not in text
    assert "lighthouse keeper" in text


@pytest.mark.parametrize("name", ["nul-late-txt", "nul-late-html", "nul-escape-jsonl"])
def test_nul_bytes_are_dropped_and_the_text_after_them_kept(together, name: str) -> None:
    (text,) = together[0].files[name].texts
    assert "\0" not in text
    if name != "nul-escape-jsonl":
        assert hostile.WITH_NUL.replace("\0", "") in text
        assert hostile.AFTER_NUL in text


def test_a_lone_surrogate_escape_is_stored_as_a_replacement_character(together) -> None:
    (text,) = together[0].files["surrogate-escape-jsonl"].texts
    assert "\ufffdkeeper" in text
    text.encode("utf-8")


def test_articles_with_nul_bytes_are_found_by_search(together) -> None:
    _, db = together
    found = {url for (url,) in hostile.search(db, hostile.HOSTILE_WORD)}
    assert "https://hostile.example.com/nul-escape.jsonl/x" in found  # its NUL dropped from the URL too


def test_records_after_a_refused_one_are_stored(together) -> None:
    run, _ = together
    for name in ("utf8-invalid-line", "line-jsonl", "bomb-warc-encoded"):
        assert len(run.files[name].texts) == 1, name


def _free_disk(path: Path) -> int:
    return shutil.disk_usage(path).free


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case.large])
def test_a_single_line_of_1_gib(tmp_path: Path, name: str) -> None:
    if _free_disk(tmp_path) < 3 << 30:
        pytest.skip("needs 3 GB of free disk for a 1 GiB line")
    case = CASES[name]
    run = hostile.run_cases([case], tmp_path, hostile.Sizes(), MEMORY)
    outcome = run.files[name]
    assert len(outcome.lines) == 1 and case.refusal in outcome.lines[0]
    assert bool(outcome.texts) == case.stored
    assert run.good_stored and run.search_works and not run.traceback
    assert run.exit_code == 1
    assert run.peak_rss_mb <= LIMIT_MB
    assert run.seconds < BAD_INPUT_SECONDS
