"""Where ingest spends its time: a sampling profile of ``newsweave ingest``, main process and worker.

py-spy samples the running process from outside (100 samples a second, the
embedding worker included with ``--subprocesses``), so unlike cProfile it adds
almost no cost to small calls and does not distort the split.  The collapsed
stacks are summed two ways: by the function on top of the stack (self time)
and by the ingest stage a sample falls in (any frame in that stage's module).

    .venv/bin/python bench/profile_ingest.py bench/out/corpus/synthetic-10k.jsonl --result out.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# A sample counts for the first stage of this list whose marker appears anywhere in its stack.
STAGES = (
    ("worker: embed", "newsweave/stories/embed.py"),
    ("read", "newsweave/readers/"),
    ("clean", "newsweave/clean/"),
    ("copies", "newsweave/copies/"),
    ("stories: place", "newsweave/stories/cluster.py"),
    ("stories: features", "newsweave/stories/features.py"),
    ("stories: persist", "newsweave/stories/storage.py"),
    ("store", "newsweave/store.py"),
)
RATE = 100


def record(corpus: Path, raw: Path, db: Path) -> None:
    """Run the ingest under py-spy, writing collapsed stacks to ``raw``.

    py-spy may exit 1 with "No child process (os error 10)" after writing a
    complete profile, when the ingest it started was already reaped (py-spy
    issue #759, a race); that one error is not a failure.
    """
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    run = subprocess.run(
        [
            py_spy,
            "record",
            "--subprocesses",
            "--nonblocking",
            "--rate",
            str(RATE),
            "--format",
            "raw",
            "--output",
            str(raw),
            "--",
            sys.executable,
            "-m",
            "newsweave",
            "--quiet",
            "--db",
            str(db),
            "ingest",
            str(corpus),
        ],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    reaped_race = "No child process (os error 10)" in run.stderr and raw.exists()
    if run.returncode and not reaped_race:
        raise SystemExit(f"py-spy failed (exit {run.returncode}): {run.stderr.strip()[-500:]}")


def summarise(raw: Path, top: int = 25) -> dict:
    """Samples by stage and by function on top of the stack, as shares of all samples."""
    by_stage: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        total += count
        frames = stack.split(";")
        by_function[_short(frames[-1])] += count
        by_stage[_stage(frames)] += count
    return {
        "samples": total,
        "rate_hz": RATE,
        "by_stage": {name: round(n / total, 4) for name, n in by_stage.most_common()},
        "top_self": [
            {"function": name, "share": round(n / total, 4)} for name, n in by_function.most_common(top)
        ],
    }


def _stage(frames: list[str]) -> str:
    worker = any("newsweave/stories/worker.py" in frame for frame in frames)
    for name, marker in STAGES:
        if name.startswith("worker:") != worker:
            continue
        if any(marker in frame for frame in frames):
            return name
    return "worker: other" if worker else "other (start-up, imports, idle waits)"


def _short(frame: str) -> str:
    """``function (path/to/newsweave/module.py:12)`` without the path before the package."""
    if frame.startswith("process "):
        return "(no Python frame: native code or waiting)"
    for anchor in ("newsweave/", "site-packages/", "lib/python"):
        if anchor in frame:
            head, _, tail = frame.partition("(")
            return f"{head}({tail[tail.index(anchor) :]}" if anchor in tail else frame
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--raw", type=Path, default=None, help="also keep the collapsed stacks here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        raw = args.raw or Path(folder) / "stacks.txt"
        record(args.corpus, raw, Path(folder) / "profile.db")
        figures = {"corpus": args.corpus.name} | summarise(raw)
    args.result.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures["by_stage"], indent=2))


if __name__ == "__main__":
    main()
