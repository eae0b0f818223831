"""Inputs of a Spark job: files on any file system Spark reads, as rows of raw articles.

Each input (a file, a directory, a glob; local, ``hdfs://``, ``s3a://``) is
listed through Hadoop's file system API, so the job reads what its cluster
reads.  Files are then read by their kind:

- plain JSON Lines (``.jsonl``, ``.ndjson``) line by line, split across
  partitions, each line numbered so that failures name ``file:line``;
- Parquet, row by row, each row a record as a JSON Lines line would be;
- anything else, compressed JSON Lines included (WARC, HTML, feeds, text,
  ``.jsonl.gz``), one file per task, streamed by newsweave's own readers, which
  sniff the format from the content and report a corrupt file as ``ingest`` does.

Every record gets an arrival number (input file, then record), which stands
for the order in which ``newsweave ingest`` would have met it.  Files are
named in messages as the user named the input (``data/a.jsonl``, or
``data/`` plus the file's path below it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from newsweave.readers import ReadOptions
from newsweave.spark import read_rows
from newsweave.spark.schemas import FILE_SCHEMA, LINE_SCHEMA, RAW_SCHEMA

LINE_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIX = ".parquet"


@dataclass(frozen=True)
class InputFile:
    """One file to read: its number in the run, its name for messages, its URI and how to read it."""

    number: int
    name: str
    uri: str
    kind: str


class InputError(Exception):
    """An input that names nothing readable."""


def kind_of(path: str) -> str:
    """How a file is read, from its name: ``lines``, ``parquet`` or ``whole``."""
    name = path.lower()
    if name.endswith(LINE_SUFFIXES):
        return "lines"
    if name.endswith(PARQUET_SUFFIX):
        return "parquet"
    return "whole"


def list_inputs(spark: SparkSession, inputs: Iterable[str]) -> tuple[list[InputFile], list[tuple[str, str]]]:
    """Every file under ``inputs`` in order, and ``(input, reason)`` for those naming nothing."""
    files: list[InputFile] = []
    missing: list[tuple[str, str]] = []
    for spec in inputs:
        try:
            found = files_under(spark, spec)
        except InputError as error:
            missing.append((spec, str(error)))
            continue
        for name, uri in found:
            files.append(InputFile(len(files), name, uri, kind_of(uri)))
    return files, missing


def files_under(spark: SparkSession, spec: str) -> list[tuple[str, str]]:
    """``(name, uri)`` of the files matched by ``spec``, recursively for directories.

    Files and folders whose names start with ``.`` or ``_`` below a named
    directory are left out (``_SUCCESS``, ``.crc`` and the like).
    """
    jvm = spark.sparkContext._jvm
    try:
        pattern = jvm.org.apache.hadoop.fs.Path(spec)
        system = pattern.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        found = []
        for status in system.globStatus(pattern) or []:
            found += _files_of(system, status, spec)
    except Exception as error:
        raise InputError(f"cannot list ({java_reason(error)})") from error
    if not found:
        exists = system.exists(pattern)
        raise InputError("directory holds no files" if exists else "no such file or directory")
    return sorted(found, key=lambda pair: pair[1])


def _files_of(system, status, spec: str) -> list[tuple[str, str]]:
    """The visible files of one matched status, named from ``spec``."""
    root = str(status.getPath().toString())
    if not status.isDirectory():
        name = spec if not _is_glob(spec) else _local_name(root)
        return [(name, root)]
    files = []
    listing = system.listFiles(status.getPath(), True)
    while listing.hasNext():
        uri = str(listing.next().getPath().toString())
        below = uri[len(root) :].lstrip("/")
        if not any(part.startswith((".", "_")) for part in below.split("/")):
            base = spec if not _is_glob(spec) else _local_name(root)
            files.append((f"{base.rstrip('/')}/{below}", uri))
    return files


def _is_glob(spec: str) -> bool:
    return any(mark in spec for mark in "*?[{")


def _local_name(uri: str) -> str:
    """A local file as a plain path (``/data/a.jsonl``, not ``file:/data/a.jsonl``)."""
    return uri.removeprefix("file:") if uri.startswith("file:/") else uri


def java_reason(error: Exception) -> str:
    """The one-line reason of an error raised through py4j or pyspark, without the Java stack."""
    java = getattr(error, "java_exception", None)
    if java is not None:
        message = java.getMessage() or java.toString()
        return str(message).strip().splitlines()[0]
    lines = [line for line in str(error).strip().splitlines() if line.strip()]
    return lines[0].strip() if lines else type(error).__name__


def raw_articles(
    spark: SparkSession, files: list[InputFile], options: ReadOptions
) -> tuple[DataFrame, list[tuple[str, str]]]:
    """One DataFrame of raw article (or failure) rows from every input file, and unreadable files."""
    frames, failures, records = [], [], []
    for file in files:
        if file.kind == "lines":
            records.append(_lines_of(spark, file))
        elif file.kind == "parquet":
            try:
                records.append(_parquet_rows(spark, file))
            except Exception as error:  # noqa: BLE001 - an unreadable Parquet file is its failure only
                failures.append((file.name, f"cannot read as Parquet ({java_reason(error)})"))
    reader = partial(read_rows.read_lines, options=options)
    if records:
        lines = spark.createDataFrame(spark.sparkContext.union(records), LINE_SCHEMA)
        frames.append(lines.mapInPandas(reader, RAW_SCHEMA))
    whole = [(file.number, file.name, file.uri) for file in files if file.kind == "whole"]
    if whole:
        listing = spark.createDataFrame(spark.sparkContext.parallelize(whole, len(whole)), FILE_SCHEMA)
        frames.append(listing.mapInPandas(partial(read_rows.read_files, options=options), RAW_SCHEMA))
    if not frames:
        return spark.createDataFrame([], RAW_SCHEMA), failures
    first, *rest = frames
    for frame in rest:
        first = first.unionByName(frame)
    return first, failures


def _lines_of(spark: SparkSession, file: InputFile):
    """``(file, name, line number, line)`` of a JSON Lines file, numbered from 1."""
    numbered = spark.sparkContext.textFile(_escaped(file.uri)).zipWithIndex()
    return numbered.map(lambda pair, f=file: (f.number, f.name, pair[1] + 1, pair[0]))


def _parquet_rows(spark: SparkSession, file: InputFile):
    """A Parquet file's rows as JSON records, numbered from 1 like lines."""
    rows = spark.read.parquet(_escaped(file.uri))
    as_json = rows.select(F.to_json(F.struct(*rows.columns))).rdd.map(lambda row: row[0])
    return as_json.zipWithIndex().map(lambda pair, f=file: (f.number, f.name, pair[1] + 1, pair[0]))


def _escaped(uri: str) -> str:
    """A listed file's URI as Hadoop reads it literally: glob marks and commas escaped."""
    for mark in "\\*?[]{},":
        uri = uri.replace(mark, "\\" + mark)
    return uri
