"""``make bench``: every benchmark step in turn, each result kept with what it was measured on.

Steps run one after another as child processes (no two compete for the two
cores; a crash fails one step, not the suite), each writing its figures to a
JSON file that this driver wraps in the common envelope (``results.py``:
machine, package versions, commit, command, date) under ``bench/results/``.
The tables and the summary in docs/BENCHMARKS.md are then rendered from those
files (``render.py``).  Quick mode runs a smaller set for a check before a
change lands; its results go to ``bench/results/quick/`` and never into the docs.

    .venv/bin/python bench/run_all.py [--mode full|quick] [--only STEP ...] [--skip STEP ...] [--render-only]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import render
import render_reliability
from results import RESULTS, ROOT, envelope, write_result

BENCH = ROOT / "bench"
OUT = BENCH / "out"
CORPORA = OUT / "corpus"
LOGS = OUT / "logs"
PY = sys.executable


@dataclass(frozen=True)
class Step:
    """One benchmark: the command (``{out}`` is replaced by the figures file) and the modes it runs in."""

    name: str
    argv: tuple[str, ...]
    modes: tuple[str, ...] = ("full", "quick")
    figures_from: str = "json"  # "json": the command writes {out}; "manifest": a corpus manifest


def corpus(size: str) -> Path:
    return CORPORA / f"synthetic-{size}.jsonl"


def steps() -> list[Step]:
    """Every step, in the order they run: corpora, quality on dev data, then speed."""
    return [
        Step(
            "corpus_10k",
            (PY, "bench/corpus.py", "--articles", "10000", "-o", str(corpus("10k"))),
            figures_from="manifest",
        ),
        Step(
            "corpus_100k",
            (PY, "bench/corpus.py", "--articles", "100000", "-o", str(corpus("100k"))),
            modes=("full",),
            figures_from="manifest",
        ),
        Step("extraction", (PY, "bench/extraction.py", "--jobs", "2", "--json", "{out}"), modes=("full",)),
        Step(
            "extraction_quick",
            (PY, "bench/extraction.py", "--jobs", "2", "--limit", "200", "--json", "{out}"),
            modes=("quick",),
        ),
        Step("copies_quality", (PY, "bench/copies_eval.py", "--json", "{out}")),
        Step("stories_quality", (PY, "bench/stories_eval.py", "--json", "{out}")),
        Step("quotes_quality", (PY, "bench/reading_quotes.py", "--json", "{out}")),
        Step("corroboration_quality", (PY, "bench/corroboration_eval.py", "--json", "{out}")),
        Step(
            "speed_10k",
            (
                PY,
                "bench/pipeline_speed.py",
                str(corpus("10k")),
                "--result",
                "{out}",
                "--log",
                str(LOGS / "speed_10k.systems.log"),
            ),
        ),
        Step(
            "speed_100k",
            (
                PY,
                "bench/pipeline_speed.py",
                str(corpus("100k")),
                "--result",
                "{out}",
                "--log",
                str(LOGS / "speed_100k.systems.log"),
            ),
            modes=("full",),
        ),
        Step(
            "profile_10k",
            (PY, "bench/profile_ingest.py", str(corpus("10k")), "--result", "{out}"),
            modes=("full",),
        ),
        Step(
            "reading_speed",
            (PY, "bench/reading_speed.py", "--repeat", "2", "--json", "{out}"),
            modes=("full",),
        ),
        Step("brief_speed", (PY, "bench/brief_speed.py", "--json", "{out}"), modes=("full",)),
        Step(
            "web_load",
            (PY, "bench/web_load.py", "--keep", str(OUT / "web_store"), "--json", "{out}"),
            modes=("full",),
        ),
        *reliability_steps(),
    ]


RELIABILITY = ("crash_trials", "fuzz_readers", "hostile_files", "api_load")


def reliability_steps() -> list[Step]:
    """The fault, fuzz, hostile-input and load figures of docs/RELIABILITY.md (``make reliability``)."""
    return [
        Step("crash_trials", (PY, "bench/crash_trials.py", "--json", "{out}"), modes=("full",)),
        Step("fuzz_readers", (PY, "bench/fuzz_readers.py", "--json", "{out}"), modes=("full",)),
        Step("hostile_files", (PY, "bench/hostile_files.py", "--json", "{out}"), modes=("full",)),
        Step(
            "api_load",
            (PY, "bench/api_load.py", "--keep", str(OUT / "web_store"), "--json", "{out}"),
            modes=("full",),
        ),
    ]


def run_step(step: Step, mode: str, folder: Path) -> bool:
    """Run one step and keep its result; False when it failed (its log says why)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    figures_file = OUT / f"{step.name}.figures.json"
    figures_file.unlink(missing_ok=True)
    argv = [part.replace("{out}", str(figures_file)) for part in step.argv]
    started, clock, load = datetime.now(UTC), time.perf_counter(), os.getloadavg()
    print(f"[{started:%H:%M:%S}] {step.name}: {' '.join(argv)}", flush=True)
    with (LOGS / f"{step.name}.log").open("w", encoding="utf-8") as log:
        returncode = subprocess.run(
            argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=_environment(), check=False
        ).returncode
    wall = time.perf_counter() - clock
    if returncode:
        print(
            f"  FAILED (exit {returncode}) after {wall:.0f} s; see {LOGS / (step.name + '.log')}", flush=True
        )
        (folder / f"{step.name}.json").unlink(missing_ok=True)  # an older result must not pass for this run's
        return False
    source = Path(argv[-1]).with_suffix(".manifest.json") if step.figures_from == "manifest" else figures_file
    figures = json.loads(source.read_text(encoding="utf-8"))
    result = envelope(step.name, figures, _relative(argv), wall, mode, started)
    result["machine"]["load"] = [round(value, 2) for value in load]  # before the step, not after it
    write_result(folder / f"{step.name}.json", result)
    print(f"  done in {wall:.0f} s", flush=True)
    return True


def _environment() -> dict[str, str]:
    """One BLAS thread per process: the suite compares processes, not thread pools."""
    return os.environ | {
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONPATH": str(BENCH),
    }


def _relative(argv: list[str]) -> list[str]:
    """The command as a reader would type it from the repository root."""
    shown = [".venv/bin/python" if part == PY else part for part in argv]
    return [part.replace(str(ROOT) + "/", "") for part in shown]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("full", "quick"), default="full")
    parser.add_argument("--only", nargs="*", default=None, help="run just these steps")
    parser.add_argument("--skip", nargs="*", default=(), help="leave these steps out")
    parser.add_argument("--render-only", action="store_true", help="only re-render the documents")
    parser.add_argument("--list", action="store_true", help="print the steps of the mode and exit")
    args = parser.parse_args()
    chosen = [
        s
        for s in steps()
        if args.mode in s.modes and (args.only is None or s.name in args.only) and s.name not in args.skip
    ]
    if args.list:
        print("\n".join(f"{s.name}: {' '.join(_relative(list(s.argv)))}" for s in chosen))
        return 0
    folder = RESULTS if args.mode == "full" else RESULTS / "quick"
    failed = [] if args.render_only else [s.name for s in chosen if not run_step(s, args.mode, folder)]
    if args.mode == "full":
        render.update_document()
        render_reliability.update_document()
        print("rendered docs/BENCHMARKS.md and docs/RELIABILITY.md from bench/results/", flush=True)
    if failed:
        print(f"failed steps: {', '.join(failed)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
