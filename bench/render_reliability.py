"""The measured tables of docs/RELIABILITY.md, rendered from ``bench/results/*.json`` only.

Each table sits between ``<!-- reliability:begin NAME -->`` and its end marker;
the promises and methods around them are written by hand.  ``make reliability``
runs the four steps and renders; a test renders the committed results again and
compares, so the document cannot drift from the files it cites.

    .venv/bin/python bench/render_reliability.py          # rewrite the tables in place
    .venv/bin/python bench/render_reliability.py --check  # exit 1 when out of date
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hostile_files import cases
from render import caption, fill_marked, render_main, update_marked
from results import RESULTS, ROOT

DOCUMENT = ROOT / "docs/RELIABILITY.md"
Results = dict[str, dict[str, Any]]
_SCRATCH = re.compile(r"/tmp/(?:[^/\s#:]+/)+")  # the benchmarks' temporary folders
NOT_MEASURED = "_not measured yet: run `make reliability`_"


def crash_table(result: dict[str, Any]) -> str:
    figures = result["figures"]
    trials, kills, phases = figures["trials_completed"], figures["kills"], figures["kills_by_phase"]
    low, median, high = figures["articles_at_kill_min_median_max"]
    whole = figures["kills_leaving_whole_chunks_all_placed"]
    mismatches = sum(figures["mismatches_by_table"].values())
    control = sum(figures["control_run_differences"].values())
    rows = [
        (
            "trials / kills",
            f"{trials} / {kills} ({phases.get('recovery_rerun', 0)} during the re-run's recovery)",
        ),
        (
            "kills with SQLite's write lock held",
            f"{figures['kills_with_write_lock_held']} ({figures['kills_with_uncommitted_wal_frames']} "
            "left uncommitted WAL frames, discarded on reopen)",
        ),
        (
            "articles committed at the kill",
            f"{low:,} to {high:,} (median {median:,.0f}) of {figures['articles']:,}; "
            f"whole batches of the clean run, all placed in stories: {whole} / {kills}",
        ),
        ("`PRAGMA integrity_check` ok right after the kill", _at_kill(figures, trials)),
        ("re-runs of the same ingest exiting 0", f"{figures['rerun_exit_0']} / {trials}"),
        (
            "integrity, foreign key and FTS5 checks ok after the re-run",
            f"{figures['integrity_ok']} / {trials}",
        ),
        (
            "rows differing from the clean store (" + ", ".join(sorted(figures["mismatches_by_table"])) + ")",
            f"{mismatches} ({figures['mismatched_trials']} trials with any)",
        ),
        ("differences between two clean runs (the comparison's control)", str(control)),
        ("trials that went wrong otherwise", str(len(figures["errors"]))),
    ]
    return _table(("figure", "value"), rows) + "\n\n" + caption(result)


def _at_kill(figures: dict[str, Any], trials: int) -> str:
    """Checked stores of all killed ones: a kill before the store file exists leaves none to check."""
    none = figures.get("no_store_yet_at_kill", 0)
    checked = f"{figures['integrity_ok_at_kill']} / {trials - none}"
    return f"{checked} ({none} killed before the store existed)" if none else checked


def fuzz_table(result: dict[str, Any]) -> str:
    figures = result["figures"]
    rows = [
        (
            f"`{name}`",
            f"{reader['inputs']:,}",
            f"{reader['inputs_with_articles']:,}",
            f"{reader['failed']:,}",
            f"{reader['uncaught_exceptions']:,}",
            f"{reader['inputs_per_s']:.0f}",
            f"{reader['slowest_input_s']:.2f}",
            str(reader.get("generation_restarts", 0)),
        )
        for name, reader in figures["readers"].items()
    ]
    rows.append(
        (
            "all",
            f"{figures['inputs']:,}",
            "",
            f"{figures['failed']:,}",
            f"{figures['uncaught_exceptions']:,}",
            "",
            "",
            str(sum(reader.get("generation_restarts", 0) for reader in figures["readers"].values())),
        )
    )
    head = (
        "reader",
        "inputs",
        "gave articles",
        "broke a property",
        "uncaught exceptions",
        "inputs/s",
        "slowest (s)",
        "hypothesis restarts",
    )
    notes = [
        f"- `{name}`: {failure['problems'][0]}"
        for name, reader in figures["readers"].items()
        for failure in reader.get("first_failures", [])[:1]
    ]
    return "\n".join([_table(head, rows), *(["", *notes] if notes else []), "", caption(result)])


def hostile_table(result: dict[str, Any]) -> str:
    figures = result["figures"]
    files = {case.name: case.file for case in cases()}
    rows = [
        (
            name,
            f"`{files.get(name, '?')}`",
            outcome["outcome"],
            _reason(outcome["message"]),
            f"{outcome['seconds']:.1f}",
            f"{outcome['peak_rss_mb']:,}",
            "yes" if outcome["as_expected"] else "**no**",
        )
        for name, outcome in figures["cases"].items()
    ]
    intended = sum(outcome["as_expected"] for outcome in figures["cases"].values())
    summary = (
        f"{intended} of {len(rows)} cases as intended. The good input alone: "
        f"{figures['baseline_seconds']:.1f} s, {figures['baseline_peak_rss_mb']:,} MB; with a hostile file "
        f"at most {figures['max_seconds']:.1f} s and {figures['max_peak_rss_mb']:,} MB "
        f"(limit {figures['memory_limit_mb']:,} MB)."
    )
    head = ("case", "file", "outcome", "the line printed for it", "s", "peak MB", "as intended")
    return "\n".join([summary, "", _table(head, rows), "", caption(result)])


def load_table(result: dict[str, Any]) -> str:
    figures = result["figures"]
    phases = [("alone", figures["read"]), ("while an ingest writes", figures["write"])]
    kinds = [
        key.removesuffix("_p99_ms") for key in figures["read"] if key.endswith("_p99_ms") and key != "p99_ms"
    ]
    head = (
        "phase",
        "requests",
        "errors",
        "requests/s",
        "p50 ms",
        "p99 ms",
        *(f"{kind} p99 ms" for kind in kinds),
    )
    rows = [
        (
            name,
            f"{phase['requests']:,}",
            str(phase["errors"]),
            f"{phase['throughput_per_second']:.1f}",
            f"{phase['p50_ms']:.1f}",
            f"{phase['p99_ms']:.1f}",
            *(_f(phase.get(f"{kind}_p99_ms")) for kind in kinds),
        )
        for name, phase in phases
    ]
    write = figures["write"]
    ingest, second = write["ingest"], write["second_ingest"]
    summary = (
        f"{figures['clients']} clients, {figures['read']['seconds']:.0f} s per phase, on a store of "
        f"{figures['stories']:,} stories ({figures['articles']:,} articles). The ingest during the "
        f"second phase exited {ingest['exit']} after {ingest['seconds']:.0f} s; a second ingest "
        f"started meanwhile exited {second['exit']} after {second['seconds']:.2f} s with: "
        f"`{_reason(second['message'])}`"
    )
    return "\n".join([summary, "", _table(head, rows), "", caption(result)])


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _reason(message: str | None) -> str:
    """The printed line without the scratch folder it names; at most 140 characters."""
    if not message:
        return "—"
    line = _SCRATCH.sub("", message.splitlines()[0]).replace("|", "\\|")
    return line if len(line) <= 140 else line[:139] + "…"


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


TABLES: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "crash": ("crash_trials", crash_table),
    "fuzz": ("fuzz_readers", fuzz_table),
    "hostile": ("hostile_files", hostile_table),
    "load": ("api_load", load_table),
}


def rendered(document: str, results: Results) -> str:
    """``document`` with every marked table replaced by its rendering from ``results``."""
    bodies = {
        name: table(results[step]) if step in results else NOT_MEASURED
        for name, (step, table) in TABLES.items()
    }
    return fill_marked(document, bodies, "reliability", DOCUMENT.name)


def update_document(folder: Path = RESULTS, document: Path = DOCUMENT) -> bool:
    """Rewrite the tables; True when something changed."""
    return update_marked(document, rendered, folder)


if __name__ == "__main__":
    sys.exit(render_main(DOCUMENT, rendered, "bench/render_reliability.py"))
