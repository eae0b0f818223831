"""Run a command as a child process and measure it whole: wall, CPU and peak memory.

Every system in a speed comparison is measured the same way, from outside, as
a user runs it: wall time from start to exit (start-up and model loading
included), CPU of the process and of every child it waited for (so an
embedding worker cannot hide work), and the high-water resident size (VmHWM)
of the process and of its children, sampled from ``/proc`` while it runs.
The kernel's own accounting of children's peak (``ru_maxrss``) is not used: a
child forked from a big parent inherits the parent's resident size until it
execs.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

SAMPLE_S = 0.2


@dataclass
class Watched:
    """What one run of a command cost; peaks in MB, the total is the sum of the processes' peaks."""

    argv: list[str]
    returncode: int
    wall_s: float
    cpu_s: float
    peak_mb_main: int
    peak_mb_children: int

    @property
    def peak_mb_total(self) -> int:
        return self.peak_mb_main + self.peak_mb_children

    def as_dict(self) -> dict:
        return asdict(self) | {"peak_mb_total": self.peak_mb_total}


def run_watched(argv: list[str], log: Path | None = None, env: dict[str, str] | None = None) -> Watched:
    """Run ``argv`` to its end; its output goes to ``log`` (appended) or is discarded.

    The end is waited for directly (not polled), so the wall time is exact; a
    thread samples memory meanwhile.
    """
    sink = log.open("ab") if log else subprocess.DEVNULL
    peaks: dict[int, int] = {}
    try:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT, env=env)
        finished = threading.Event()
        sampler = threading.Thread(target=_sample_until, args=(process.pid, peaks, finished), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        finished.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            sink.close()  # type: ignore[union-attr]
    main = peaks.pop(process.pid, 0)
    return Watched(
        argv,
        process.returncode,
        round(wall, 2),
        round(usage.ru_utime + usage.ru_stime, 2),
        main,
        sum(peaks.values()),
    )


def _sample_until(pid: int, peaks: dict[int, int], finished: threading.Event) -> None:
    while not finished.is_set():
        _sample(pid, peaks)
        finished.wait(SAMPLE_S)


def _sample(pid: int, peaks: dict[int, int]) -> None:
    """Raise ``peaks`` (MB by pid) to the high-water resident sizes of ``pid`` and its children."""
    for proc in (pid, *_children(pid)):
        try:
            status = Path(f"/proc/{proc}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[proc] = max(peaks.get(proc, 0), int(line.split()[1]) // 1024)


def _children(pid: int) -> list[int]:
    """Children of every thread of ``pid`` (a worker may be started from a helper thread), recursively."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [grandchild for child in found for grandchild in _children(child)]
