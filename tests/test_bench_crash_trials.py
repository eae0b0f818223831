"""The kill -9 trials, run small, and the probes they rely on, each against a real SQLite writer."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from crash_trials import chunk_bounds, compare, readers_in_flight, uncommitted_frames, write_lock_held
from newsweave.pipeline import identify
from newsweave.readers import read_inputs

# A writer that fills a transaction past its page cache (so pages spill into the WAL), says so, and waits.
WRITER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE t (x TEXT)")
db.execute("PRAGMA cache_size=10")
db.execute("BEGIN IMMEDIATE")
db.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,) for _ in range(2000)])
print("inside", flush=True)
time.sleep(60)
"""


def test_a_killed_transaction_is_seen_open_and_its_spilled_pages_are_dropped(tmp_path):
    db = tmp_path / "w.db"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "inside\n"
        assert write_lock_held(db)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert not write_lock_held(db)
    assert uncommitted_frames(tmp_path / "w.db-wal") > 0
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_no_wal_means_nothing_uncommitted(tmp_path):
    assert uncommitted_frames(tmp_path / "absent.db-wal") == 0
    assert not write_lock_held(tmp_path / "absent.db")


def test_comparison_counts_changed_missing_and_extra_entries():
    clean = {"articles": {"a": (1,), "b": (2,)}, "stories": {frozenset({"a", "b"})}}
    other = {"articles": {"a": (1,), "b": (3,), "c": (4,)}, "stories": {frozenset({"a"}), frozenset({"b"})}}
    assert compare(clean, other) == {"articles": 2, "stories": 3}
    assert compare(clean, clean) == {"articles": 0, "stories": 0}


def test_readers_in_flight_are_those_of_the_next_two_chunks():
    origins = ["in/01.jsonl"] * 400 + ["in/p/1.html"] * 200 + ["in/03.xml"] * 300
    bounds = [0, 256, 512, 768, 900]
    assert readers_in_flight(origins, bounds, 0) == ["html", "jsonl"]
    assert readers_in_flight(origins, bounds, 256) == ["feed", "html", "jsonl"]
    assert readers_in_flight(origins, bounds, 768) == ["feed"]
    assert readers_in_flight(origins, bounds, 900) == []


def test_chunk_bounds_follow_ingest_chunks_and_leave_out_what_was_not_stored(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "".join(json.dumps({"title": f"t{n}", "maintext": f"text {n}"}) + "\n" for n in range(600))
    )
    ids = [identify(record).id for record in read_inputs([str(path)])]
    assert chunk_bounds(path, set(ids)) == [0, 256, 512, 600]
    assert chunk_bounds(path, set(ids[1:])) == [0, 255, 511, 599]


@pytest.mark.slow
def test_trials_find_the_store_equal_to_a_clean_run(tmp_path):
    figures_file = tmp_path / "crash.json"
    command = [
        sys.executable,
        "bench/crash_trials.py",
        "--articles",
        "600",
        "--trials",
        "3",
        "--seed",
        "1",
        "--keep",
        str(tmp_path / "work"),
        "--json",
        str(figures_file),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    assert figures["trials_completed"] == figures["rerun_exit_0"] == figures["integrity_ok"] == 3
    assert figures["kills"] == 4 and figures["kills_by_phase"]["recovery_rerun"] == 1
    assert figures["mismatched_trials"] == 0 and not any(figures["mismatches_by_table"].values())
    assert {"articles", "copy_links", "stories", "source_lines"} <= set(figures["mismatches_by_table"])
    assert figures["kills_leaving_whole_chunks_all_placed"] == 4
