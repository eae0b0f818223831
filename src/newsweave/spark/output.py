"""The Parquet result of a Spark job, laid out for ``newsweave import`` and for other tools.

    DIR/manifest.json    format, version, inputs, options, counts
    DIR/articles/        one row per article, in arrival order
    DIR/stories/         one row per story
    DIR/terms/           document frequencies of hashed terms (over placed articles)
    DIR/source_lines/    per outlet, how many articles carry each short line
    DIR/failures/        inputs and records that could not be read

Paths go through Hadoop's file system API, so DIR may be local, ``hdfs://`` or
``s3a://`` like the inputs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

OUTPUT_FORMAT = "newsweave.spark/1"
MANIFEST = "manifest.json"
ARTICLE_COLUMNS = (
    "id external_id url source title description authors published language text removed_lines "
    "related_headlines subheadings sentences origin position arrival copy_of copy_kind copy_similarity "
    "copy_containment copy_match story story_score copy_keys embedding words names labels"
).split()
STORY_COLUMNS = (
    "id articles placed sources outlets first_published last_published headline representative"
).split()


class OutputError(Exception):
    """An output directory that cannot be written."""


@dataclass(frozen=True)
class Tables:
    """The DataFrames a job writes."""

    articles: DataFrame
    stories: DataFrame
    terms: DataFrame
    source_lines: DataFrame


def check_output(spark: SparkSession, output: str, overwrite: bool, inputs: list[str] = ()) -> None:
    """Refuse a non-empty ``output`` unless ``overwrite`` (then it is removed), and one holding an input."""
    system, path = _file_system(spark, output)
    where = str(system.makeQualified(path).toString()).rstrip("/")
    if any(uri == where or uri.startswith(where + "/") for uri in inputs):
        raise OutputError(f"{output}: holds an input; write the result somewhere else")
    if not system.exists(path):
        return
    if not system.getFileStatus(path).isDirectory():
        raise OutputError(f"{output}: exists and is not a directory")
    if len(system.listStatus(path)) and not overwrite:
        raise OutputError(f"{output}: directory is not empty (use --overwrite to replace it)")
    if overwrite:
        system.delete(path, True)


def write_tables(
    spark: SparkSession, output: str, tables: Tables, failures: list[tuple[str, str]], overwrite: bool
) -> None:
    """Write every table under ``output``; articles sorted by arrival, stories by first publication."""
    mode = "overwrite" if overwrite else "errorifexists"
    tables.articles.select(*ARTICLE_COLUMNS).orderBy("arrival").write.mode(mode).parquet(f"{output}/articles")
    tables.stories.select(*STORY_COLUMNS).orderBy(F.col("first_published").asc_nulls_last(), "id").write.mode(
        mode
    ).parquet(f"{output}/stories")
    tables.terms.orderBy("bucket").write.mode(mode).parquet(f"{output}/terms")
    tables.source_lines.orderBy("source", "line_key").write.mode(mode).parquet(f"{output}/source_lines")
    schema = T.StructType([T.StructField("input", T.StringType()), T.StructField("reason", T.StringType())])
    spark.createDataFrame(failures, schema).coalesce(1).write.mode(mode).parquet(f"{output}/failures")


def write_manifest(spark: SparkSession, output: str, manifest: dict) -> None:
    """Write ``manifest.json`` last: a directory with a manifest is a finished result."""
    system, path = _file_system(spark, f"{output}/{MANIFEST}")
    stream = system.create(path, True)
    try:
        stream.write(bytearray(json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")))
    finally:
        stream.close()


def _file_system(spark: SparkSession, location: str):
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(location)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path
