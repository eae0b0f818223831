"""What every peer script measures about itself, and how it writes its result and labels.

Each peer runs as a child process of the benchmark driver, which times the whole
process from outside; inside, the clock starts *after imports* (when ``Measure``
is made), so the result can say how much of the process was the interpreter and
its libraries starting (``startup_s``) and how much the work itself.  CPU counts
this process and its waited-for children (``os.times``), so a peer that spreads
work over processes cannot flatter its ratio; peak memory is the kernel's
high-water resident size (VmHWM), of this process and of its live children.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

TIMED_FROM = "after imports (interpreter and library start-up is startup_s, outside wall_s)"


def cpu_seconds() -> float:
    """User + system CPU of this process and of its children that have been waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def vm_hwm_mb(pid: int | str = "self") -> float:
    """The peak resident size of a process in MB (0 when it is gone)."""
    return status_mb("VmHWM", pid)


def vm_rss_mb(pid: int | str = "self") -> float:
    """The current resident size of a process in MB (0 when it is gone)."""
    return status_mb("VmRSS", pid)


def status_mb(field: str, pid: int | str = "self") -> float:
    """A memory line of ``/proc/PID/status`` in MB (0 when the process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child_pids() -> list[int]:
    """The live children of this process, from every thread (pools start them from helper threads)."""
    pids = []
    for task in Path("/proc/self/task").glob("*"):
        try:
            pids += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def memory_available_mb() -> float:
    """MemAvailable of /proc/meminfo: what can be allocated without swapping or evicting much."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no MemAvailable in /proc/meminfo")


def startup_seconds() -> float:
    """Seconds from this process's start to now, from /proc (field 22 of stat, in clock ticks)."""
    stat = Path("/proc/self/stat").read_text()
    start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))


class Measure:
    """Wall, CPU and peak memory of one peer run, started when the work starts.

    ``parse_s`` collects the time spent only in ``json.loads``, so a ratio can
    leave out JSON parsing when the system it is compared with does not parse.
    """

    def __init__(self, system: str) -> None:
        self.system = system
        self.startup_s = startup_seconds()
        self.parse_s = 0.0
        self.children_mb = 0.0
        self._wall = time.perf_counter()
        self._cpu = cpu_seconds()

    def read_jsonl(self, path: Path) -> Iterator[dict[str, Any]]:
        """The records of a JSON Lines file, in order; blank lines skipped, parsing timed."""
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                if not line.strip():
                    continue
                start = time.perf_counter()
                record = json.loads(line)
                self.parse_s += time.perf_counter() - start
                yield record

    def sample_children(self) -> None:
        """Record the summed peak memory of the live children (call before they exit)."""
        self.children_mb = max(self.children_mb, sum(vm_hwm_mb(pid) for pid in child_pids()))

    def result(self, articles: int, notes: str, **extra: Any) -> dict[str, Any]:
        """The figures so far, as the result JSON holds them."""
        main_mb = vm_hwm_mb()
        figures = {
            "system": self.system,
            "articles": articles,
            "wall_s": round(time.perf_counter() - self._wall, 3),
            "cpu_s": round(cpu_seconds() - self._cpu, 3),
            "peak_mb": round(main_mb + self.children_mb, 1),
            "peak_mb_main": round(main_mb, 1),
            "peak_mb_children": round(self.children_mb, 1),
            "parse_s": round(self.parse_s, 3),
            "startup_s": round(self.startup_s, 3),
            "timed_from": TIMED_FROM,
            "notes": notes,
        }
        return figures | extra


def write_result(path: Path, figures: dict[str, Any]) -> None:
    """Write the result JSON (the driver reads it) and print it for the step's log."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(figures, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    print(text, end="")


def write_labels(path: Path, labels: Iterable[tuple[str, str]]) -> None:
    """One ``{"id", "label"}`` line per article, for scoring against gold outside the timed run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as stream:
        for article_id, label in labels:
            stream.write(json.dumps({"id": article_id, "label": label}, ensure_ascii=False) + "\n")


def parser(description: str, labels: bool = True) -> argparse.ArgumentParser:
    """The common command line: ``CORPUS --result OUT.json [--labels LABELS.jsonl]``."""
    arguments = argparse.ArgumentParser(description=description)
    arguments.add_argument("corpus", type=Path, help="news-please JSON Lines")
    arguments.add_argument("--result", type=Path, required=True, help="write the result JSON here")
    if labels:
        arguments.add_argument(
            "--labels", type=Path, default=None, help="also write one {id, label} line per article here"
        )
    return arguments
