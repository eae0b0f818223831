"""Reading in worker processes: each worker parses and reads whole articles.

spaCy's own ``n_process`` sends every parsed Doc back to the main process, which
then reads it while the workers parse: three busy processes on two cores, and
Docs are large to move.  Here the workers do the whole job and send back only
the readings, which are small.  Workers are forked after the model is loaded,
so they share it instead of loading it again; where processes cannot be forked
(Windows), reading runs in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 16
TASKS_PER_WORKER = 8


MAX_PROCESSES = 4


def default_processes(count: int) -> int:
    """One process for a few articles, else one per core this process may use (at most four)."""
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(usable_cores(), MAX_PROCESSES))


def usable_cores() -> int:
    """The cores this process may run on (its affinity), else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def map_in_workers(task: Callable[[list[Item]], list[Result]], items: Sequence[Item],
                   processes: int) -> list[Result]:
    """``task`` over ``items`` in slices, in ``processes`` forked workers; results in order."""
    if processes <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return task(list(items))
    size = max(1, -(-len(items) // (processes * TASKS_PER_WORKER)))
    slices = [list(items[start:start + size]) for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        return [result for part in pool.map(task, slices) for result in part]
