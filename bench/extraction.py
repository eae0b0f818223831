"""Main-text extraction benchmark: newsweave extract versus plain trafilatura.

Corpus: a directory holding ``evaldata.json`` (URL -> {"file", "with", "without"})
and ``html/<file>.gz``.  Each ``with`` snippet must appear in the extracted text,
each ``without`` snippet must not (trafilatura's own evaluation scheme):

    with present -> TP, with absent -> FN, without present -> FP, without absent -> TN

Both systems are scored on body text only (no title prepended, since
``trafilatura.extract`` with defaults outputs none), and snippets are matched as
substrings after the same whitespace normalisation on both sides, so that one
system's paragraph breaks or collapsed spaces neither win nor lose a snippet.
A page a system fails on counts as empty output.

* trafilatura: ``trafilatura.extract(html)`` with its defaults, on the page's bytes.
* newsweave: ``newsweave.pipeline.extract([path])``, the very function behind
  ``newsweave extract``; its ``text`` field is scored.

Usage: ``python bench/extraction.py [--data DIR] [--limit N] [--jobs N] [--json OUT]
[--errors OUT]``.  Seconds are the sum of per-page extraction times.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction_dev"
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """One form for both output and snippets: invisible characters out, single spaces."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def run_trafilatura(path: Path) -> str:
    """Plain trafilatura: ``extract`` with its defaults on the page's bytes."""
    import trafilatura

    with gzip.open(path, "rb") as stream:
        html = stream.read()
    return trafilatura.extract(html) or ""


def run_newsweave(path: Path) -> str:
    """What ``newsweave extract PATH`` prints as ``text`` ('' for a failure)."""
    from newsweave.model import Article
    from newsweave.pipeline import extract

    texts = [record.text for record in extract([str(path)]) if isinstance(record, Article)]
    return "\n\n".join(texts)


SYSTEMS: dict[str, Callable[[Path], str]] = {"trafilatura": run_trafilatura, "newsweave": run_newsweave}


@dataclass
class Score:
    """Snippet counts of one system over the corpus."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    pages: int = 0
    failed: int = 0
    seconds: float = 0.0
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 0.0

    def summary(self) -> dict[str, float | int]:
        counts = {k: v for k, v in asdict(self).items() if k != "errors"}
        return {**counts, "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "accuracy": self.accuracy}


def score_page(score: Score, url: str, item: dict, text: str, seconds: float) -> None:
    """Add one page's snippets to ``score``; keep each miss for inspection."""
    found = normalise(text)
    score.pages += 1
    score.failed += not found
    score.seconds += seconds
    for snippet in item["with"]:
        if normalise(snippet) in found:
            score.tp += 1
        else:
            score.fn += 1
            score.errors.append({"kind": "FN", "url": url, "file": item["file"], "snippet": snippet})
    for snippet in item["without"]:
        if normalise(snippet) in found:
            score.fp += 1
            score.errors.append({"kind": "FP", "url": url, "file": item["file"], "snippet": snippet})
        else:
            score.tn += 1


def _timed(job: tuple[str, Path]) -> tuple[str, float]:
    system, path = job
    start = time.perf_counter()
    try:
        text = SYSTEMS[system](path)
    except Exception:  # noqa: BLE001 - a crash on one page counts as empty output
        text = ""
    return text, time.perf_counter() - start


def evaluate(data: Path, limit: int | None, jobs: int) -> dict[str, Score]:
    """Score every system on the first ``limit`` annotated pages of ``data``."""
    pages = list(json.loads((data / "evaldata.json").read_text(encoding="utf-8")).items())[:limit]
    scores = {}
    for system in SYSTEMS:
        score = Score()
        work = [(system, data / "html" / f"{item['file']}.gz") for _, item in pages]
        for (url, item), (text, seconds) in zip(pages, _map(work, jobs), strict=True):
            score_page(score, url, item, text, seconds)
        scores[system] = score
    return scores


def _map(work: list[tuple[str, Path]], jobs: int) -> Iterable[tuple[str, float]]:
    if jobs <= 1:
        return map(_timed, work)
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(_timed, work, chunksize=8))


def table(scores: dict[str, Score]) -> str:
    """The side-by-side Markdown table."""
    rows = ["| system | precision | recall | F1 | accuracy | pages | failed | seconds |",
            "|---|---|---|---|---|---|---|---|"]
    for name, s in scores.items():
        rows.append(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.accuracy:.3f} "
                    f"| {s.pages} | {s.failed} | {s.seconds:.1f} |")
    base, ours = scores.get("trafilatura"), scores.get("newsweave")
    if base and ours and base.f1 and base.seconds:
        rows.append(f"\nF1 newsweave / trafilatura: {ours.f1 / base.f1:.3f}; "
                    f"time ratio: {ours.seconds / base.seconds:.2f}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="corpus directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument("--errors", type=Path, default=None, help="write every FN and FP here")
    args = parser.parse_args(argv)
    scores = evaluate(args.data, args.limit, args.jobs)
    print(table(scores))
    if args.json:
        args.json.write_text(json.dumps({k: s.summary() for k, s in scores.items()}, indent=2) + "\n")
    if args.errors:
        args.errors.write_text(json.dumps({k: s.errors for k, s in scores.items()}, indent=1,
                                          ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
