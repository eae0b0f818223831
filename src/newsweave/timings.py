"""Wall and CPU seconds per ingest stage, for ``newsweave ingest --timings``.

A whole-run figure says that an ingest is slow, not where: the stages share one
loop and one process (with the embedding worker beside it), so a profiler's
call tree is the only other way to see the split, and it slows what it watches.
A clock around each stage costs four clock reads per chunk and stage, so it is
always on and ``--timings`` only writes what it measured.  CPU is the
main process's own (``time.process_time``); the worker's CPU is added at the
end from the kernel's accounting of finished children, so that a second
process cannot hide work from the figures.
"""

from __future__ import annotations

import contextlib
import resource
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass
class Lap:
    """Seconds spent in one stage over the run, and how many times it was entered."""

    wall_s: float = 0.0
    cpu_s: float = 0.0
    calls: int = 0


@dataclass
class StageClock:
    """Accumulates wall and CPU seconds per named stage, in the order stages first ran."""

    laps: dict[str, Lap] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    cpu_started: float = field(default_factory=time.process_time)
    children_cpu_started: float = field(default_factory=lambda: _children_cpu())

    _nested: list[list[float]] = field(default_factory=list)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as part of stage ``name``.

        Stages may nest: a stage's figures exclude the stages timed inside it
        (the store stage, for one, is the insert and the commit, not the
        copies and stories run inside its transaction), so the stages add up.
        """
        wall, cpu = time.perf_counter(), time.process_time()
        self._nested.append([0.0, 0.0])
        try:
            yield
        finally:
            inner_wall, inner_cpu = self._nested.pop()
            spent_wall, spent_cpu = time.perf_counter() - wall, time.process_time() - cpu
            lap = self.laps.setdefault(name, Lap())
            lap.wall_s += spent_wall - inner_wall
            lap.cpu_s += spent_cpu - inner_cpu
            lap.calls += 1
            if self._nested:
                self._nested[-1][0] += spent_wall
                self._nested[-1][1] += spent_cpu

    def timed(self, name: str, items: Iterable[T]) -> Iterator[T]:
        """Yield from ``items``, timing the producer's work (e.g. reading) as stage ``name``."""
        iterator = iter(items)
        while True:
            with self.stage(name):
                try:
                    item = next(iterator)
                except StopIteration:
                    return
            yield item

    def as_dict(self) -> dict:
        """The figures as JSON-ready data: per stage, then the whole run and the worker's CPU.

        Call after the embedding worker has exited, so that its CPU is counted.
        """
        total_wall = time.perf_counter() - self.started
        staged = sum(lap.wall_s for lap in self.laps.values())
        return {
            "stages": {
                name: {"wall_s": round(lap.wall_s, 3), "cpu_s": round(lap.cpu_s, 3), "calls": lap.calls}
                for name, lap in self.laps.items()
            },
            "other_wall_s": round(max(total_wall - staged, 0.0), 3),
            "wall_s": round(total_wall, 3),
            "cpu_s": round(time.process_time() - self.cpu_started, 3),
            "worker_cpu_s": round(_children_cpu() - self.children_cpu_started, 3),
        }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
