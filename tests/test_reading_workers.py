import os

from newsweave.reading.workers import (
    MAX_PROCESSES,
    PARALLEL_FROM,
    default_processes,
    map_in_workers,
    usable_cores,
)


def squares_with_pids(items: list[int]) -> list[tuple[int, int]]:
    return [(item * item, os.getpid()) for item in items]


def test_results_keep_their_order_across_workers():
    results = map_in_workers(squares_with_pids, list(range(100)), processes=2)
    assert [square for square, _ in results] == [n * n for n in range(100)]
    assert os.getpid() not in {pid for _, pid in results}


def test_one_process_runs_in_place():
    results = map_in_workers(squares_with_pids, [1, 2, 3], processes=1)
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_few_articles_are_read_in_one_process():
    assert default_processes(PARALLEL_FROM - 1) == 1
    assert default_processes(1000) == min(usable_cores(), MAX_PROCESSES)
    assert usable_cores() == len(os.sched_getaffinity(0))
