"""The reader fuzz bench: it runs the inputs it is asked for, counts what breaks, and writes figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newsweave.model import Article, Failure
from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import fuzz_readers
from fuzz_inputs import FuzzFile


def test_a_small_run_writes_figures_per_reader(tmp_path: Path) -> None:
    out = tmp_path / "fuzz.json"
    command = [sys.executable, "bench/fuzz_readers.py", "--examples", "25", "--only", "text", "sniff"]
    run = subprocess.run(
        [*command, "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert set(figures["readers"]) == {"text", "sniff"}
    for reader in figures["readers"].values():
        assert reader["inputs"] == 25
        assert reader["failed"] == reader["uncaught_exceptions"] == 0
        assert reader["inputs_per_s"] > 0
    assert figures["inputs"] == 50


def test_a_caught_exception_counts_as_uncaught_and_a_reason_must_be_one_line() -> None:
    name = "/tmp/fuzz/in.jsonl"
    crash = Failure(name, "unexpected ValueError while reading: Exceeds the limit")
    assert fuzz_readers.failure_problems(crash, name)[0].startswith(fuzz_readers.UNCAUGHT)
    assert fuzz_readers.failure_problems(Failure(f"{name}:3", "bad\nline"), name)
    assert fuzz_readers.failure_problems(Failure("elsewhere", "bad line"), name)
    assert fuzz_readers.failure_problems(Failure(f"{name}:3", "malformed JSON at column 2"), name) == []


def test_an_article_needs_text_without_nul_or_lone_surrogates() -> None:
    assert fuzz_readers.article_problems(Article(text="  "))
    assert fuzz_readers.article_problems(Article(text="fine", title="a\x00b"))
    assert fuzz_readers.article_problems(Article(text="fine", authors=["\ud800"]))
    assert fuzz_readers.article_problems(Article(text="fine", title="Fine")) == []


def test_failures_are_tallied_with_the_first_input_of_each_kind(tmp_path: Path) -> None:
    tally = fuzz_readers.Tally()
    for data in (b"a plain article text", b"", b"\x00\x00"):
        tally.run(FuzzFile("in.txt", data), tmp_path)
    assert (tally.inputs, tally.with_articles, tally.failed, tally.uncaught) == (3, 1, 0, 0)
    tally.keep_example(FuzzFile("x", b"1"), ["uncaught: one"])
    tally.keep_example(FuzzFile("y", b"2"), ["uncaught: one"])
    assert [example["input"] for example in tally.examples.values()] == [repr(FuzzFile("x", b"1"))]


def test_a_run_stopped_by_hypothesis_carries_on_under_a_new_seed(monkeypatch, tmp_path: Path) -> None:
    from hypothesis.errors import FlakyStrategyDefinition

    seeds: list[int] = []

    def stopped_once(reader: str, examples: int, seed: int, tally: fuzz_readers.Tally, folder: Path) -> None:
        seeds.append(seed)
        tally.inputs += examples // 2 if len(seeds) == 1 else examples
        if len(seeds) == 1:
            raise FlakyStrategyDefinition("the replay drew differently")

    monkeypatch.setattr(fuzz_readers, "_run_inputs", stopped_once)
    figures = fuzz_readers.fuzz_reader("text", 2_500, 3, tmp_path)
    assert figures["inputs"] == 2_500 and figures["generation_restarts"] == 1
    assert seeds == [3_000, 3_001, 3_002]
