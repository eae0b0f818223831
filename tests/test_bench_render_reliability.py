"""The measured tables of docs/RELIABILITY.md: rendered from results, the document in sync."""

from __future__ import annotations

import sys

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import render_reliability
from results import read_results

CAPTION_FIELDS = {
    "command": [".venv/bin/python", "bench/x.py"],
    "started": "2026-12-01T04:00:00+00:00",
    "wall_s": 60.0,
    "git": {"commit": "c" * 40, "dirty": False},
    "machine": {"usable_cores": 2, "memory_gb": 23.4, "python": "3.11.7", "load": [0.2, 0.2, 0.2]},
}


def result(figures: dict) -> dict:
    return {**CAPTION_FIELDS, "figures": figures}


def crash_figures(mismatches: int) -> dict:
    return {
        "trials_completed": 20,
        "kills": 25,
        "kills_by_phase": {"recovery_rerun": 5},
        "articles_at_kill_min_median_max": [0, 896, 2560],
        "articles": 3000,
        "kills_leaving_whole_chunks_all_placed": 25,
        "kills_with_write_lock_held": 16,
        "kills_with_uncommitted_wal_frames": 11,
        "integrity_ok_at_kill": 19,
        "no_store_yet_at_kill": 1,
        "rerun_exit_0": 20,
        "integrity_ok": 20,
        "mismatches_by_table": {"articles": mismatches, "stories": 0},
        "mismatched_trials": 1 if mismatches else 0,
        "control_run_differences": {"articles": 0},
        "errors": [],
    }


def test_crash_table_states_kills_checks_and_mismatches() -> None:
    table = render_reliability.crash_table(result(crash_figures(mismatches=3)))
    assert "| trials / kills | 20 / 25 (5 during the re-run's recovery) |" in table
    assert "0 to 2,560 (median 896) of 3,000" in table
    assert "| rows differing from the clean store (articles, stories) | 3 (1 trials with any) |" in table
    assert (
        "| `PRAGMA integrity_check` ok right after the kill | 19 / 19 (1 killed before the store existed) |"
        in table
    )
    assert "newsweave at cccccccccc" in table


def reader(uncaught: int) -> dict:
    failures = [{"problems": ["uncaught: unexpected ValueError while reading: x"]}] if uncaught else []
    return {
        "inputs": 10_000,
        "inputs_with_articles": 2_000,
        "failed": uncaught,
        "uncaught_exceptions": uncaught,
        "inputs_per_s": 60.4,
        "slowest_input_s": 1.234,
        "generation_restarts": 1 if uncaught else 0,
        "first_failures": failures,
    }


def test_fuzz_table_has_a_row_per_reader_a_total_and_the_first_finding() -> None:
    figures = {
        "inputs": 20_000,
        "failed": 7,
        "uncaught_exceptions": 7,
        "readers": {"jsonl": reader(7), "warc": reader(0)},
    }
    table = render_reliability.fuzz_table(result(figures))
    assert "| `jsonl` | 10,000 | 2,000 | 7 | 7 | 60 | 1.23 | 1 |" in table
    assert "| `warc` | 10,000 | 2,000 | 0 | 0 | 60 | 1.23 | 0 |" in table
    assert "| all | 20,000 |  | 7 | 7 |  |  | 1 |" in table
    assert "- `jsonl`: uncaught: unexpected ValueError while reading: x" in table
    assert "- `warc`" not in table


def test_hostile_table_names_files_without_scratch_folders_and_flags_misses() -> None:
    cases = {
        "html-deep": {
            "outcome": "refused",
            "message": "newsweave: /tmp/newsweave-hostile-ab/html-deep/deep.html: HTML nested too deep | x",
            "seconds": 2.46,
            "peak_rss_mb": 1289,
            "as_expected": False,
        }
    }
    figures = {
        "cases": cases,
        "baseline_seconds": 2.3,
        "baseline_peak_rss_mb": 290,
        "max_seconds": 2.46,
        "max_peak_rss_mb": 1289,
        "memory_limit_mb": 2048,
    }
    table = render_reliability.hostile_table(result(figures))
    assert table.startswith("0 of 1 cases as intended.")
    line = "newsweave: deep.html: HTML nested too deep \\| x"
    assert f"| html-deep | `deep.html` | refused | {line} | 2.5 | 1,289 | **no** |" in table


def phase(errors: int) -> dict:
    return {
        "seconds": 30.0,
        "requests": 9_000,
        "errors": errors,
        "throughput_per_second": 300.0,
        "p50_ms": 8.0,
        "p99_ms": 40.5,
        "stories_json_p99_ms": 30.0,
        "search_page_p99_ms": None,
    }


def test_load_table_has_both_phases_per_kind_latency_and_the_ingests() -> None:
    write = phase(errors=2) | {
        "ingest": {"exit": 0, "seconds": 51.2},
        "second_ingest": {
            "exit": 75,
            "seconds": 0.8,
            "message": "newsweave: the store /tmp/tmpq/served.db is busy",
        },
    }
    figures = {"clients": 4, "stories": 10_144, "articles": 30_000, "read": phase(errors=0), "write": write}
    table = render_reliability.load_table(result(figures))
    assert "| p99 ms | stories_json p99 ms | search_page p99 ms |" in table
    assert "| alone | 9,000 | 0 | 300.0 | 8.0 | 40.5 | 30.0 | — |" in table
    assert "| while an ingest writes | 9,000 | 2 |" in table
    assert "exited 0 after 51 s; a second ingest started meanwhile exited 75 after 0.80 s" in table
    assert "`newsweave: the store served.db is busy`" in table


def test_a_step_without_a_result_says_how_to_measure_it() -> None:
    document = "<!-- reliability:begin load -->\nold\n<!-- reliability:end load -->\n"
    document += "".join(
        f"<!-- reliability:begin {name} -->\n<!-- reliability:end {name} -->\n"
        for name in ("crash", "fuzz", "hostile")
    )
    rendered = render_reliability.rendered(document, {})
    assert "old" not in rendered
    assert rendered.count(render_reliability.NOT_MEASURED) == 4


def test_document_is_in_sync_with_the_committed_results() -> None:
    document = render_reliability.DOCUMENT.read_text(encoding="utf-8")
    assert render_reliability.rendered(document, read_results()) == document, (
        "docs/RELIABILITY.md is out of date: run .venv/bin/python bench/render_reliability.py"
    )
