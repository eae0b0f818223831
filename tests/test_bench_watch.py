"""Measuring a command from outside: wall, CPU of it and its children, and each process's peak memory."""

from __future__ import annotations

import sys

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from watch import run_watched

# The parent holds ~150 MB, starts a child that holds ~300 MB and burns CPU, waits for it, exits 3.
PROGRAM = """
import subprocess, sys, time
held = bytearray(150 * 1024 * 1024)
child = "x = bytearray(300 * 1024 * 1024); import time; end = time.process_time() + 0.6\\n" \\
        "while time.process_time() < end: pass\\ntime.sleep(0.5)"
subprocess.run([sys.executable, "-c", child], check=True)
print("done", flush=True)
sys.exit(3)
"""


def test_a_command_is_measured_with_its_children(tmp_path):
    log = tmp_path / "log.txt"
    watched = run_watched([sys.executable, "-c", PROGRAM], log=log)
    assert watched.returncode == 3
    assert watched.cpu_s >= 0.6  # the child's CPU counts: it was waited for
    assert watched.wall_s >= watched.cpu_s * 0.8
    assert 140 <= watched.peak_mb_main < 260
    assert 290 <= watched.peak_mb_children < 420
    assert watched.peak_mb_total == watched.peak_mb_main + watched.peak_mb_children
    assert log.read_text().strip() == "done"
    assert watched.as_dict()["peak_mb_total"] == watched.peak_mb_total


def test_a_missing_program_is_an_error_for_the_caller(tmp_path):
    try:
        run_watched([str(tmp_path / "no-such-program")])
    except OSError:
        return
    raise AssertionError("a program that cannot start must raise")
