"""Exporting stored articles as JSON Lines, CSV or Parquet.

One record per article with a fixed set of columns, so other tools can rely on
them; later stages add their own columns (copies, stories) here.  List fields
are JSON arrays in JSON Lines and Parquet, and JSON text in CSV cells.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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
_LIST_FIELDS = ("removed_lines", "related_headlines", "authors")
_FLOAT_FIELDS = ("copy_similarity", "story_score")
_PARQUET_BATCH = 2_000


class ExportError(Exception):
    """An export cannot be written (unknown format, missing optional library)."""


def export_record(article: Article) -> dict[str, Any]:
    """The exported fields of one article."""
    data = article.to_dict()
    return {name: data[name] for name in EXPORT_FIELDS}


def export_articles(store: Store, output: str | Path | None, fmt: str = "jsonl") -> int:
    """Write every stored article to ``output`` (stdout when None or '-'); return the count."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    records = (export_record(article) for article in store.iter_articles())
    if fmt == "parquet":
        return _write_parquet(records, output)
    with _text_output(output) as stream:
        return _write_jsonl(records, stream) if fmt == "jsonl" else _write_csv(records, stream)


@contextmanager
def _text_output(output: str | Path | None) -> Iterator[IO[str]]:
    if output is None or str(output) == "-":
        yield sys.stdout
        return
    with Path(output).open("w", encoding="utf-8", newline="") as stream:
        yield stream


def _write_jsonl(records: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(records: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    count = 0
    for record in records:
        for name in _LIST_FIELDS:
            record[name] = json.dumps(record[name], ensure_ascii=False)
        writer.writerow(record)
        count += 1
    return count


def _arrow_type(pa: Any, name: str) -> Any:
    if name in _LIST_FIELDS:
        return pa.list_(pa.string())
    return pa.float64() if name in _FLOAT_FIELDS else pa.string()


def _write_parquet(records: Iterator[dict[str, Any]], output: str | Path | None) -> int:
    if output is None or str(output) == "-":
        raise ExportError("parquet export needs an output file: use -o FILE")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ExportError("parquet export needs pyarrow: pip install 'newsweave[parquet]'") from error
    schema = pa.schema([(name, _arrow_type(pa, name)) for name in EXPORT_FIELDS])
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
