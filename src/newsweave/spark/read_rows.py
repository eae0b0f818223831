"""The read and clean stages' work on one partition: newsweave's readers and cleaning, over pandas frames.

Every function takes and returns pandas DataFrames and imports no Spark: the
job hands them to ``mapInPandas``, and they call exactly what ``newsweave
ingest`` calls (``record_to_article``, ``read_source``, ``identify``,
``prepare``).  A record or file that fails becomes a failure row naming it as
``ingest`` would (``file:line: reason``), never an exception that would stop
the job.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from newsweave.clean import LineStats, raw_lines
from newsweave.clean.recurring import article_line_keys
from newsweave.model import Article, Failure
from newsweave.pipeline import identify, prepare
from newsweave.readers import ReadOptions, read_source
from newsweave.readers.records import record_to_article
from newsweave.readers.source import Source, describe_bytes

# The record number of a record inside its input file takes the low bits of its arrival number.
RECORD_BITS = 32
RAW_FIELDS = (
    "id",
    "external_id",
    "url",
    "source",
    "title",
    "description",
    "published",
    "language",
    "text",
    "origin",
    "position",
)
LIST_FIELDS = ("authors", "removed_lines", "related_headlines", "subheadings")
RAW_COLUMNS = ["arrival", *RAW_FIELDS, "authors", "failure"]
CLEAN_COLUMNS = ["arrival", *RAW_FIELDS, *LIST_FIELDS, "sentences", "failure"]
_COPY_CHUNK = 1 << 20


def arrival_of(file_number: int, record_number: int) -> int:
    """One sortable number for "the n-th record of the k-th input file"."""
    return (file_number << RECORD_BITS) | record_number


def none_if_missing(value: object) -> object:
    """pandas gives NaN or None for a missing value; Article wants None."""
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else value


# -- reading -------------------------------------------------------------------


def _article_row(arrival: int, article: Article) -> dict:
    row = {name: getattr(article, name) for name in RAW_FIELDS}
    row.update(arrival=arrival, authors=list(article.authors), failure=None)
    return row


def _failure_row(arrival: int, failure: Failure) -> dict:
    return {
        **dict.fromkeys(RAW_FIELDS),
        "authors": [],
        "arrival": arrival,
        "origin": failure.where,
        "failure": failure.reason,
    }


def raw_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows in the raw-article schema's column order (an empty frame keeps its columns)."""
    return pd.DataFrame(rows, columns=RAW_COLUMNS)


def _read_line(origin: str, number: int, line: str, max_bytes: int) -> Article | Failure:
    """One JSON Lines record, as ``readers.records`` reads it (same messages, ``file:line``)."""
    where = f"{origin}:{number}"
    if len(line) > max_bytes // 4 and len(line.encode("utf-8")) > max_bytes:
        return Failure(where, f"line longer than the size cap of {describe_bytes(max_bytes)}")
    try:
        record = json.loads(line.removeprefix("\ufeff") if number == 1 else line)
        return identify(record_to_article(record, origin=origin, position=str(number)))
    except json.JSONDecodeError as error:
        return Failure(where, f"malformed JSON at column {error.colno}: {error.msg}")
    except RecursionError:
        return Failure(where, "JSON nested too deeply")
    except Exception as error:  # noqa: BLE001 - one bad record must not end the job
        return Failure(where, str(error))


def read_lines(frames: Iterator[pd.DataFrame], options: ReadOptions | None = None) -> Iterator[pd.DataFrame]:
    """JSON Lines rows ``(file, origin, number, line)`` into raw article (or failure) rows."""
    max_bytes = (options or ReadOptions()).max_bytes
    for frame in frames:
        rows = []
        for file_number, origin, number, line in frame.itertuples(index=False):
            if not line or not line.strip():
                continue
            found = _read_line(origin, int(number), line, max_bytes)
            arrival = arrival_of(int(file_number), int(number))
            rows.append(
                _failure_row(arrival, found) if isinstance(found, Failure) else _article_row(arrival, found)
            )
        yield raw_frame(rows)


def read_files(frames: Iterator[pd.DataFrame], options: ReadOptions | None = None) -> Iterator[pd.DataFrame]:
    """Files ``(file, origin, uri)`` read whole, each by the reader its content calls for.

    The file is opened here, in the task, and streamed: a 1 GB WARC is never
    held in memory, only each record up to the size cap.
    """
    options = options or ReadOptions()
    for frame in frames:
        for file_number, origin, uri in frame.itertuples(index=False):
            yield raw_frame(list(_file_rows(int(file_number), origin, uri, options)))


def _file_rows(file_number: int, origin: str, uri: str, options: ReadOptions) -> Iterator[dict]:
    try:
        with local_copy(uri) as path:
            records = read_source(Source(name=origin, path=path), options)
            for index, found in enumerate(records, start=1):
                arrival = arrival_of(file_number, index)
                yield (
                    _failure_row(arrival, found)
                    if isinstance(found, Failure)
                    else _article_row(arrival, identify(found))
                )
    except Exception as error:  # noqa: BLE001 - an unreadable file is that file's failure only
        yield _failure_row(arrival_of(file_number, 0), Failure(origin, f"cannot read ({error})"))


@contextmanager
def local_copy(uri: str) -> Iterator[Path]:
    """A local path to the file at ``uri``: itself when local, else a temporary copy streamed to disk."""
    if uri.startswith("file:"):
        yield Path(uri.removeprefix("file:").removeprefix("//"))
        return
    from pyarrow import fs

    system, path = fs.FileSystem.from_uri(uri)
    with tempfile.NamedTemporaryFile(prefix="newsweave-") as copy:
        with system.open_input_stream(path) as stream:
            shutil.copyfileobj(stream, copy, _COPY_CHUNK)
        copy.flush()
        yield Path(copy.name)


# -- cleaning ------------------------------------------------------------------


def line_keys(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``(source, line_key)`` once per article carrying the line: what ``LineStats`` counts."""
    for frame in frames:
        rows = [
            (source, key)
            for source, text in frame[["source", "text"]].itertuples(index=False)
            if source
            for key in article_line_keys(raw_lines(text))
        ]
        yield pd.DataFrame(rows, columns=["source", "line_key"])


def line_stats(counts: dict[str, dict[str, int]]) -> LineStats:
    """The counts of the whole run, as the cleaning of one ingest chunk sees its batch's counts."""
    return LineStats(lambda source: counts.get(source, {}))


def clean(frames: Iterator[pd.DataFrame], counts: dict[str, dict[str, int]]) -> Iterator[pd.DataFrame]:
    """Raw rows into cleaned article rows (``prepare``), or a failure row when nothing is left."""
    stats = line_stats(counts)
    for frame in frames:
        rows = []
        for record in frame.to_dict("records"):
            article = _article_of(record)
            rows.append(_cleaned_row(record["arrival"], _prepared(article, stats)))
        yield pd.DataFrame(rows, columns=CLEAN_COLUMNS)


def _prepared(article: Article, stats: LineStats) -> Article | Failure:
    try:
        return prepare(article, stats, raw_lines(article.text))
    except Exception as error:  # noqa: BLE001 - one article that breaks cleaning must not end the job
        where = f"{article.origin}:{article.position}" if article.position else str(article.origin)
        return Failure(where, f"unexpected {type(error).__name__} while cleaning: {error}")


def _article_of(record: dict) -> Article:
    values = {name: none_if_missing(record.get(name)) for name in RAW_FIELDS}
    values["authors"] = list(record.get("authors") if record.get("authors") is not None else [])
    return Article(**values)


def _cleaned_row(arrival: int, result: Article | Failure) -> dict:
    if isinstance(result, Failure):
        return {
            **dict.fromkeys(CLEAN_COLUMNS),
            **{name: [] for name in LIST_FIELDS},
            "sentences": [],
            "arrival": arrival,
            "origin": result.where,
            "failure": result.reason,
        }
    row = {name: getattr(result, name) for name in (*RAW_FIELDS, *LIST_FIELDS)}
    row.update(arrival=arrival, sentences=[list(span) for span in result.sentences], failure=None)
    return row
