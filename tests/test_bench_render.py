"""The generated tables of docs/BENCHMARKS.md: goals judged from the results, the document in sync."""

from __future__ import annotations

import sys

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import render
from results import read_results


def speed_result(articles: int, wall: float, floor_wall: float, peak_mb: int) -> dict:
    stages = {
        "read": {"wall_s": 1.0, "cpu_s": 1.0, "calls": 3},
        "stories": {"wall_s": wall / 2, "cpu_s": 1.0},
    }
    process = {
        "wall_s": wall,
        "cpu_s": wall * 1.5,
        "peak_mb_main": peak_mb - 200,
        "peak_mb_children": 200,
        "peak_mb_total": peak_mb,
    }
    return {
        "command": [".venv/bin/python", "bench/pipeline_speed.py"],
        "started": "2026-11-30T20:00:00+00:00",
        "wall_s": 100.0,
        "git": {"commit": "a" * 40, "dirty": False},
        "machine": {"usable_cores": 2, "memory_gb": 23.4, "python": "3.11.7", "load": [0.1, 0.1, 0.1]},
        "figures": {
            "corpus": {"file": "c.jsonl", "sha256": "b" * 64, "articles": articles},
            "systems": {
                "floor": {"process": {"wall_s": floor_wall, "cpu_s": floor_wall, "peak_mb_total": 100}},
                "newsweave": {
                    "process": process,
                    "inside": {"stages": stages, "wall_s": wall - 2, "cpu_s": wall, "worker_cpu_s": 9.0},
                    "quality": {"stories": {"bcubed_f1": 0.9}, "copies": {"ari": 0.99}},
                },
                "sklearn": {
                    "process": {"wall_s": 1.0, "cpu_s": 1.0, "peak_mb_total": 5000},
                    "inside": {"fits": False, "estimate_mb": 270_000},
                },
            },
            "ratios": {"e2e_over_floor_wall": round(wall / floor_wall, 2)},
        },
    }


def test_goals_are_judged_from_both_sizes():
    results = {
        "speed_10k": speed_result(10_000, 60.0, 5.0, 600),
        "speed_100k": speed_result(100_000, 780.0, 40.0, 2100),
    }
    goals = {row["goal"].split(" (")[0][:20]: row for row in render.goals(results)}
    by_value = {row["value"]: row["met"] for row in render.goals(results)}
    assert by_value == {"12.00x": True, "19.50x": False, "2.05 GB": False, "13.00x": False}
    assert len(goals) == 3  # ratio (twice, by size), memory, growth


def test_speed_table_shows_every_system_and_a_peer_that_does_not_fit():
    table = render.speed_table({"speed_10k": speed_result(10_000, 60.0, 5.0, 600)})
    assert "| 10k | newsweave | read, clean, copies, stories | 60.0 | 90.0 | 167 | 600 |" in table
    assert "stories BCubed F1 0.900; copies ARI 0.990" in table
    assert "| 10k | sklearn | TF-IDF agglomerative stories only | does not fit: needs ~264 GB" in table
    assert "sha256 bbbbbbbbbbbb" in table and "newsweave at aaaaaaaaaa" in table


def test_rendering_replaces_only_between_markers():
    document = "intro\n<!-- bench:begin summary -->\nOLD TABLE\n<!-- bench:end summary -->\nhand-written\n"
    document += "".join(
        f"<!-- bench:begin {n} -->\n<!-- bench:end {n} -->\n"
        for n in ("quality", "speed", "stages", "profile")
    )
    out = render.rendered(document, {"speed_10k": speed_result(10_000, 60.0, 5.0, 600)})
    assert out.startswith("intro\n<!-- bench:begin summary -->\n| goal | measured | met |")
    assert "OLD TABLE" not in out and "hand-written" in out
    assert "_not measured yet: run `make bench`_" in out  # quality: no dev results given
    assert render.rendered(out, {"speed_10k": speed_result(10_000, 60.0, 5.0, 600)}) == out


def test_a_document_without_markers_is_refused():
    with pytest.raises(SystemExit, match="no <!-- bench:begin summary"):
        render.rendered("no markers here", {})


def test_the_document_matches_the_committed_results():
    document = render.DOCUMENT.read_text(encoding="utf-8")
    assert render.rendered(document, read_results()) == document, "run: .venv/bin/python bench/render.py"


def dev_result(figures: dict) -> dict:
    return speed_result(0, 1.0, 1.0, 1) | {"figures": figures}


def test_quality_table_reads_each_script_as_it_writes():
    strict = {"ari": 0.9943, "precision": 1.0, "recall": 0.9888}
    results = {
        "copies_quality": dev_result({"systems": {"newsweave (LSH)": {"strict": strict},
                                                  "exact all-pairs": {"strict": strict | {"ari": 0.99}}}}),
        "corroboration_quality": dev_result([
            {"threshold": 0.45, "pairs": 150, "precision": 0.8, "recall": 0.9},
            {"threshold": 0.5, "pairs": 150, "precision": 0.909, "recall": 0.781},
        ]),
    }
    table = render.quality_table(results)
    assert "| copies ari (strict gold) | 0.9943 | 0.9900 | every pair compared exactly, no LSH |" in table
    assert "(150 claim pairs, threshold 0.5) | 0.909 / 0.781 |" in table


def test_growth_is_only_judged_on_one_commit():
    later = speed_result(100_000, 780.0, 40.0, 1500)
    later["git"] = {"commit": "c" * 40, "dirty": False}
    rows = render.goals({"speed_10k": speed_result(10_000, 60.0, 5.0, 600), "speed_100k": later})
    growth = next(row for row in rows if row["goal"].startswith("time from"))
    assert growth["value"].startswith("not comparable") and not growth["met"]
