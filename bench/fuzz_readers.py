"""Fuzz every reader: N hypothesis-made files each, read as a user's files are, and checked.

Each input (``fuzz_inputs.READER_INPUTS``) is written to a temporary folder under its
fuzzed name, expanded with ``sources_of`` and read with ``read_source``, the path
``newsweave ingest FILE`` takes.  ``read_source`` turns any exception into a
Failure whose reason starts with "unexpected", so such a Failure counts as an
uncaught exception, like one that escapes.  The other properties: every Article
has text, and no field holding a NUL or a lone surrogate (which cannot be stored
or printed); every Failure's reason is one line; ``sniff`` raises nothing but
ReadError.  Hypothesis only generates here (no shrinking): every input runs and
every failing one is counted, the first few kept for replay.

    .venv/bin/python bench/fuzz_readers.py [--examples 10000] [--only READER ...] [--seed 0] \
        [--json bench/out/fuzz_readers.json]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import FlakyStrategyDefinition

from figures import report
from fuzz_inputs import READER_INPUTS, FuzzFile
from newsweave.errors import ReadError
from newsweave.model import Article, Failure
from newsweave.readers import ReadOptions, read_source, sources_of
from newsweave.readers.fetch import Fetcher
from newsweave.readers.sniff import sniff
from newsweave.readers.source import HEAD_BYTES

UNCAUGHT = "uncaught"
KEPT_EXAMPLES = 5
REPR_CHARS = 400
CHUNK = 1_000  # inputs per hypothesis run
_FETCHER = Fetcher(ReadOptions())  # sources_of wants one; a path never reaches it

Record = Article | Failure


def read_as_user(file: FuzzFile, folder: Path) -> tuple[str, list[Record]]:
    """Write ``file`` into ``folder`` and read it as ``newsweave ingest`` would: (its name, the records)."""
    path = folder / file.name
    path.write_bytes(file.data)
    options = ReadOptions(max_bytes=file.max_bytes)
    records: list[Record] = []
    try:
        for source in sources_of(str(path), _FETCHER):
            records.extend([source] if isinstance(source, Failure) else read_source(source, options))
    finally:
        path.unlink()
    return str(path), records


def check(file: FuzzFile, folder: Path) -> list[str]:
    """Every property ``file`` breaks, each as one line; uncaught exceptions start with UNCAUGHT."""
    return checked(file, folder)[0]


def checked(file: FuzzFile, folder: Path) -> tuple[list[str], int]:
    """The properties ``file`` breaks, and how many articles it gave."""
    found = sniff_problems(file)
    try:
        name, records = read_as_user(file, folder)
    except Exception as error:  # noqa: BLE001 - what escapes is the finding
        return [*found, f"{UNCAUGHT} {type(error).__name__} escaped: {error}"], 0
    for record in records:
        found.extend(
            failure_problems(record, name) if isinstance(record, Failure) else article_problems(record)
        )
    return found, sum(isinstance(record, Article) for record in records)


def sniff_problems(file: FuzzFile) -> list[str]:
    """``sniff`` on the raw head refuses with ReadError or names a format; nothing else."""
    try:
        sniff(file.data[:HEAD_BYTES], file.name)
    except ReadError:
        pass
    except Exception as error:  # noqa: BLE001
        return [f"{UNCAUGHT} {type(error).__name__} from sniff: {error}"]
    return []


def failure_problems(failure: Failure, name: str) -> list[str]:
    """A failure is a caught reason, and it and its place (in the input's folder) are one line each.

    The file name itself is fuzzed, so the place is only required to start with its folder.
    """
    found = []
    if failure.reason.startswith("unexpected"):
        found.append(f"{UNCAUGHT}: {failure.reason}")
    if len(failure.reason.splitlines()) != 1 or not failure.reason.strip():
        found.append(f"reason is not one line: {failure.reason!r}")
    if not failure.where.startswith(str(Path(name).parent)) or len(failure.where.splitlines()) != 1:
        found.append(f"place is not the input's, on one line: {failure.where!r}")
    if not (_storable(failure.reason) and _storable(failure.where)):
        found.append(f"failure holds NUL or a lone surrogate: {failure!r}")
    return found


def article_problems(article: Article) -> list[str]:
    """An article has text, and none of its strings holds a NUL or a lone surrogate."""
    found = [] if article.text.strip() else ["article with empty text"]
    for item in fields(article):
        value = getattr(article, item.name)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not _storable(text):
                found.append(f"article {item.name} holds NUL or a lone surrogate: {text[:80]!r}")
    return found


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class Tally:
    """Inputs run and failed for one reader, the slowest input, and the first failures."""

    inputs: int = 0
    with_articles: int = 0
    failed: int = 0
    uncaught: int = 0
    slowest: float = 0.0
    generation_restarts: int = 0
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)

    def run(self, file: FuzzFile, folder: Path) -> None:
        start = time.perf_counter()
        found, articles = checked(file, folder)
        self.slowest = max(self.slowest, time.perf_counter() - start)
        self.inputs += 1
        self.with_articles += articles > 0
        if found:
            self.failed += 1
            self.uncaught += any(problem.startswith(UNCAUGHT) for problem in found)
            self.keep_example(file, found)

    def keep_example(self, file: FuzzFile, found: list[str]) -> None:
        """The first input for each of the first few kinds of problem (its first 60 characters)."""
        kind = found[0][:60]
        if kind not in self.examples and len(self.examples) < KEPT_EXAMPLES:
            self.examples[kind] = {"input": repr(file)[:REPR_CHARS], "problems": found[:3]}


def fuzz_reader(reader: str, examples: int, seed: int, folder: Path) -> dict[str, Any]:
    """Run ``examples`` inputs for ``reader`` and return its figures.

    The inputs come in runs of at most ``CHUNK``, each under its own seed: hypothesis
    now and then stops a long run with FlakyStrategyDefinition (its replay of
    a generated input drew differently), a fault of generation, not of the reader.
    The inputs run before it still count; the next run carries on with a new seed.
    """
    tally = Tally()
    start, run = time.perf_counter(), 0
    while tally.inputs < examples:
        try:
            _run_inputs(reader, min(CHUNK, examples - tally.inputs), seed * 1_000 + run, tally, folder)
        except FlakyStrategyDefinition:
            tally.generation_restarts += 1
        run += 1
    seconds = time.perf_counter() - start
    return {
        "inputs": tally.inputs,
        "inputs_with_articles": tally.with_articles,
        "failed": tally.failed,
        "uncaught_exceptions": tally.uncaught,
        "seconds": round(seconds, 1),
        "inputs_per_s": round(tally.inputs / seconds, 1) if seconds else None,
        "slowest_input_s": round(tally.slowest, 3),
        "generation_restarts": tally.generation_restarts,
        "first_failures": list(tally.examples.values()),
    }


def _run_inputs(reader: str, examples: int, seed: int, tally: Tally, folder: Path) -> None:
    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(READER_INPUTS[reader])
    def one_input(file: FuzzFile) -> None:
        tally.run(file, folder)

    one_input()


def fuzz(readers: list[str], examples: int, seed: int) -> dict[str, Any]:
    """Figures per reader, and the totals."""
    with tempfile.TemporaryDirectory(prefix="newsweave-fuzz-") as folder:
        per_reader = {}
        for reader in readers:
            per_reader[reader] = fuzz_reader(reader, examples, seed, Path(folder))
            print(f"{reader}: {_summary(per_reader[reader])}", file=sys.stderr, flush=True)
    return {
        "examples_per_reader": examples,
        "seed": seed,
        "inputs": sum(figures["inputs"] for figures in per_reader.values()),
        "failed": sum(figures["failed"] for figures in per_reader.values()),
        "uncaught_exceptions": sum(figures["uncaught_exceptions"] for figures in per_reader.values()),
        "readers": per_reader,
    }


def _summary(figures: dict[str, Any]) -> str:
    return (
        f"{figures['inputs']} inputs ({figures['inputs_with_articles']} gave articles), "
        f"{figures['failed']} failed ({figures['uncaught_exceptions']} uncaught), "
        f"{figures['seconds']} s, {figures['inputs_per_s']}/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="inputs per reader")
    parser.add_argument("--only", nargs="+", choices=sorted(READER_INPUTS), help="fuzz only these readers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = fuzz(args.only or list(READER_INPUTS), args.examples, args.seed)
    report(figures, args.json)
    if figures["failed"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
