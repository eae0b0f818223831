"""Stage clocks: nested stages exclude their inner stages, so the stages add up to the run."""

from __future__ import annotations

import time

from newsweave.timings import StageClock


def busy(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_stage_counts_wall_cpu_and_calls():
    clock = StageClock()
    for _ in range(3):
        with clock.stage("work"):
            busy(0.02)
    lap = clock.laps["work"]
    assert lap.calls == 3
    assert 0.055 <= lap.cpu_s <= 0.2 and lap.wall_s >= lap.cpu_s * 0.9


def test_nested_stages_are_taken_out_of_the_outer_one():
    clock = StageClock()
    with clock.stage("store"):
        busy(0.02)
        with clock.stage("stories"):
            busy(0.05)
    assert 0.018 <= clock.laps["store"].cpu_s < 0.04
    assert clock.laps["stories"].cpu_s >= 0.05
    figures = clock.as_dict()
    assert sum(s["wall_s"] for s in figures["stages"].values()) <= figures["wall_s"]


def test_timed_iteration_charges_the_producer_not_the_consumer():
    def produce():
        for number in range(3):
            busy(0.01)
            yield number

    clock = StageClock()
    seen = []
    for item in clock.timed("read", produce()):
        busy(0.03)
        seen.append(item)
    assert seen == [0, 1, 2]
    assert clock.laps["read"].calls == 4  # three items, then the end
    assert 0.025 <= clock.laps["read"].cpu_s < 0.06


def test_the_figures_are_plain_json_data():
    clock = StageClock()
    with clock.stage("a"):
        pass
    figures = clock.as_dict()
    assert set(figures) == {"stages", "other_wall_s", "wall_s", "cpu_s", "worker_cpu_s"}
    assert figures["stages"]["a"]["calls"] == 1 and figures["worker_cpu_s"] >= 0
