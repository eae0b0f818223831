"""Exporting stored records as JSON Lines, CSV or Parquet.

Two tables: ``articles`` (one record per article) and ``claims`` (one record per
claim of every article, read on the way where not read yet).  Each has a fixed
set of columns, so other tools can rely on them.  List and nested fields are
JSON arrays in JSON Lines, nested columns in Parquet and JSON text in CSV cells.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from newsweave.model import Article
from newsweave.store import Store

FORMATS = ("jsonl", "csv", "parquet")
EXPORT_FIELDS = (
    "id", "external_id", "url", "source", "title", "published", "language", "text",
    "removed_lines", "related_headlines", "description", "authors", "copy_of", "copy_kind",
    "copy_similarity", "story", "story_score",
)
CLAIM_FIELDS = (
    "article", "claim", "story", "source", "published", "language", "text", "start", "end",
    "entities", "numbers", "dates", "attribution", "stance",
)
_PARQUET_BATCH = 2_000


class ExportError(Exception):
    """An export cannot be written (unknown format, missing optional library)."""


@dataclass(frozen=True)
class Table:
    """The columns of one export and the Parquet type of each one that is not text."""

    fields: tuple[str, ...]
    types: dict[str, str]


ARTICLES = Table(EXPORT_FIELDS, {
    "removed_lines": "strings", "related_headlines": "strings", "authors": "strings",
    "copy_similarity": "float", "story_score": "float",
})
CLAIMS = Table(CLAIM_FIELDS, {
    "claim": "int", "start": "int", "end": "int", "entities": "strings",
    "numbers": "numbers", "dates": "dates",
})


def export_record(article: Article) -> dict[str, Any]:
    """The exported fields of one article."""
    data = article.to_dict()
    return {name: data[name] for name in EXPORT_FIELDS}


def export_articles(store: Store, output: str | Path | None, fmt: str = "jsonl") -> int:
    """Write every stored article to ``output`` (stdout when None or '-'); return the count."""
    return write_table(ARTICLES, (export_record(article) for article in store.iter_articles()), output, fmt)


def export_claims(store: Store, output: str | Path | None, fmt: str = "jsonl",
                  processes: int | None = None, on_progress: Callable[[int], None] | None = None) -> int:
    """Write every claim of every stored article, story by story; return the count.

    Articles not read yet are read (and the readings cached) first; ``on_progress``
    counts the articles made ready.
    """
    from newsweave.reading.stored import all_readings

    _check_format(fmt)
    records = (
        {"article": item.article.id, "claim": index, "story": item.article.story,
         "source": item.article.source, "published": item.article.published,
         "language": item.reading.language, **claim.to_dict()}
        for item in all_readings(store, processes, on_progress)
        for index, claim in enumerate(item.reading.claims)
    )
    return write_table(CLAIMS, records, output, fmt)


def write_table(table: Table, records: Iterator[dict[str, Any]], output: str | Path | None, fmt: str) -> int:
    """Write ``records`` with the columns of ``table`` in format ``fmt``; return the count."""
    _check_format(fmt)
    if fmt == "parquet":
        return _write_parquet(table, records, output)
    with _text_output(output) as stream:
        writer = _write_jsonl if fmt == "jsonl" else _write_csv
        return writer(table, records, stream)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


@contextmanager
def _text_output(output: str | Path | None) -> Iterator[IO[str]]:
    if output is None or str(output) == "-":
        yield sys.stdout
        return
    with Path(output).open("w", encoding="utf-8", newline="") as stream:
        yield stream


def _write_jsonl(table: Table, records: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps({name: record[name] for name in table.fields}, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(table: Table, records: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=table.fields, extrasaction="ignore")
    writer.writeheader()
    nested = [name for name, kind in table.types.items() if kind in _NESTED]
    count = 0
    for record in records:
        writer.writerow({**record, **{name: json.dumps(record[name], ensure_ascii=False) for name in nested}})
        count += 1
    return count


_NESTED = ("strings", "numbers", "dates")


def _arrow_types(pa: Any) -> dict[str, Callable[[], Any]]:
    return {
        "strings": lambda: pa.list_(pa.string()),
        "float": pa.float64,
        "int": pa.int64,
        "numbers": lambda: pa.list_(pa.struct([("text", pa.string()), ("value", pa.float64()),
                                               ("unit", pa.string())])),
        "dates": lambda: pa.list_(pa.struct([("text", pa.string()), ("date", pa.string()),
                                             ("granularity", pa.string())])),
    }


def _write_parquet(table: Table, records: Iterator[dict[str, Any]], output: str | Path | None) -> int:
    if output is None or str(output) == "-":
        raise ExportError("parquet export needs an output file: use -o FILE")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ExportError("parquet export needs pyarrow: pip install 'newsweave[parquet]'") from error
    types = _arrow_types(pa)
    schema = pa.schema([(name, types[table.types[name]]() if name in table.types else pa.string())
                        for name in table.fields])
    count = 0
    with pq.ParquetWriter(str(output), schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= _PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
