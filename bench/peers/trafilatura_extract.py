"""Plain trafilatura: ``trafilatura.extract(html)`` with its defaults over a set of pages.

The extraction peer, called exactly as ``bench/extraction.py::run_trafilatura``
calls it: the page's bytes (gunzipped when the file ends in ``.gz``) to
``extract`` with no options, ``None`` read as empty output.  Pages are spread
over ``--jobs`` worker processes (2 by default, as newsweave is run), forked
after trafilatura is imported so no worker pays for the import inside the timed
run; CPU is this process's and its workers', memory the peak of this process
plus the summed peaks of its workers (forked workers share the parent's pages,
so this sum errs high).  A page that raises or yields no text
counts as failed.

    python bench/peers/trafilatura_extract.py PAGE_OR_DIR... --result OUT.json [--jobs 2]
        [--texts TEXTS.jsonl]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from peers.measure import Measure, write_result

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
NOTES = "trafilatura.extract(html) with defaults on each page's bytes (as bench/extraction.py calls it)"


def pages(inputs: Iterable[Path]) -> list[Path]:
    """The pages named, and those directly inside each directory named, sorted by name."""
    found: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(PAGE_SUFFIXES))
        else:
            found.append(path)
    return found


def extract(path: Path) -> str | None:
    """The page's main text, '' when trafilatura finds none, None when it raises."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as stream:
            html = stream.read()
        return trafilatura.extract(html) or ""
    except Exception:  # noqa: BLE001 - a crash on one page counts as a failed page, as in extraction.py
        return None


def extract_all(measure: Measure, work: list[Path], jobs: int) -> Iterator[str | None]:
    """Each page's text in order, over ``jobs`` forked workers (in this process when 1)."""
    if jobs <= 1:
        yield from map(extract, work)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        yield from pool.map(extract, work, chunksize=8)
        measure.sample_children()


def arguments() -> argparse.ArgumentParser:
    """The command line: pages or directories of pages, instead of a JSON Lines corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", type=Path, nargs="+", help="HTML(.gz) files or directories of them")
    parser.add_argument("--result", type=Path, required=True, help="write the result JSON here")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--texts", type=Path, default=None, help="also write one {file, text} line per page here, for scoring"
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = arguments().parse_args(argv)
    measure = Measure("trafilatura")
    work = pages(args.inputs)
    texts = list(extract_all(measure, work, args.jobs))
    failed = sum(1 for text in texts if not text)
    figures = measure.result(
        len(work),
        NOTES,
        parse_s=None,
        pages=len(work),
        failed=failed,
        errors=sum(1 for text in texts if text is None),
        jobs=args.jobs,
        chars=sum(len(text or "") for text in texts),
    )
    write_result(args.result, figures)
    if args.texts:
        with args.texts.open("w", encoding="utf-8") as stream:
            for path, text in zip(work, texts, strict=True):
                stream.write(json.dumps({"file": path.name, "text": text or ""}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
