"""``newsweave spark run``: readers -> clean -> copies -> stories as Spark stages.

The stages call newsweave's own functions (through ``read_rows``,
``copy_rows`` and ``story_rows``); what Spark adds is the data flow that one
process cannot do at scale:

- **read**: files listed on any file system Spark reads, JSON Lines split by
  lines, other files one per task (``newsweave.spark.sources``);
- **clean**: the furniture lines are counted per outlet over the whole run
  first (what one ``ingest`` chunk learns from its batch), then each article is
  cleaned where it lies;
- **copies**: band-key join, exact checks, connected components
  (``newsweave.spark.copies``);
- **stories**: time blocks clustered as streams, merged across blocks
  (``newsweave.spark.stories``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from newsweave.clean.recurring import MIN_ARTICLES
from newsweave.readers import ReadOptions
from newsweave.spark import read_rows, schemas
from newsweave.spark.copies import copy_links, fingerprints
from newsweave.spark.output import OUTPUT_FORMAT, Tables, check_output, write_manifest, write_tables
from newsweave.spark.session import materialise
from newsweave.spark.sources import list_inputs, raw_articles
from newsweave.spark.stories import Stories, place_stories
from newsweave.version import __version__

DEFAULT_WINDOW_DAYS = 30.0


@dataclass(frozen=True)
class JobOptions:
    """How a job reads and blocks; ``window_days`` bounds the articles one task clusters."""

    read: ReadOptions = field(default_factory=ReadOptions)
    window_days: float = DEFAULT_WINDOW_DAYS


@dataclass
class JobSummary:
    """What a job produced; ``failures`` are ``(input, reason)`` pairs."""

    articles: int = 0
    copies: int = 0
    stories: int = 0
    repeated: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        """The one-line summary the command line prints."""
        return (
            f"{self.articles} articles, {self.copies} copies, {self.stories} stories, "
            f"{self.repeated} repeated, {len(self.failures)} failed"
        )


def run_job(
    spark: SparkSession,
    inputs: list[str],
    output: str,
    options: JobOptions | None = None,
    overwrite: bool = False,
) -> JobSummary:
    """Run the pipeline on ``inputs`` and write the Parquet result under ``output``.

    ``output`` must not exist (or be empty) unless ``overwrite``, and must not
    hold an input; both are checked before any work starts.
    """
    options = options or JobOptions()
    clock = _Clock()
    files, missing = list_inputs(spark, inputs)
    check_output(spark, output, overwrite, [file.uri for file in files])
    raw, unreadable = raw_articles(spark, files, options.read)
    raw = raw.transform(materialise)
    read = raw.where(F.col("failure").isNull())
    unique = _first_of_each_id(read)
    clock.lap("read")
    line_counts = _line_counts(unique).transform(materialise)
    cleaned = _cleaned(spark, unique, line_counts).transform(materialise)
    articles = cleaned.where(F.col("failure").isNull()).drop("failure").transform(materialise)
    clock.lap("clean")
    prints = fingerprints(articles).transform(materialise)
    links = copy_links(articles, prints)
    clock.lap("copies")
    stories = place_stories(spark, articles, links, options.window_days, clock.lap)
    failures = missing + unreadable + _failures(raw, cleaned)
    tables = Tables(_assembled(prints, stories), stories.summaries, stories.terms, line_counts)
    write_tables(spark, output, tables, failures, overwrite)
    summary = JobSummary(failures=failures, repeated=read.count() - unique.count())
    summary.articles, summary.copies, summary.stories = _counts(spark, output)
    clock.lap("write")
    summary.seconds = clock.laps
    write_manifest(spark, output, _manifest(inputs, options, stories.documents, summary))
    return summary


class _Clock:
    """Wall seconds per stage (each stage ends with its rows computed, so the laps are real)."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = round(now - self._last, 1)
        self._last = now


def _first_of_each_id(read: DataFrame) -> DataFrame:
    """One row per article id, the first to arrive (ingest counts the rest as already known)."""
    first = Window.partitionBy("id").orderBy("arrival")
    numbered = read.withColumn("_n", F.row_number().over(first))
    return numbered.where(F.col("_n") == 1).drop("_n").transform(materialise)


def _line_counts(unique: DataFrame) -> DataFrame:
    keys = unique.select("source", "text").mapInPandas(read_rows.line_keys, schemas.LINE_KEY_SCHEMA)
    return keys.groupBy("source", "line_key").agg(F.count("*").alias("articles"))


def _cleaned(spark: SparkSession, unique: DataFrame, line_counts: DataFrame) -> DataFrame:
    """Every article cleaned, with the furniture counts of the run (only lines seen often enough matter)."""
    recurring: dict[str, dict[str, int]] = {}
    for source, key, count in line_counts.where(F.col("articles") >= MIN_ARTICLES).collect():
        recurring.setdefault(source, {})[key] = count
    shared = spark.sparkContext.broadcast(recurring)
    return unique.mapInPandas(lambda frames: read_rows.clean(frames, shared.value), schemas.CLEAN_SCHEMA)


def _failures(raw: DataFrame, cleaned: DataFrame) -> list[tuple[str, str]]:
    """Records that failed to read or to clean, in arrival order."""
    failed = (
        raw.where(F.col("failure").isNotNull())
        .select("arrival", "origin", "failure")
        .union(cleaned.where(F.col("failure").isNotNull()).select("arrival", "origin", "failure"))
    )
    return [(row["origin"], row["failure"]) for row in failed.orderBy("arrival").collect()]


def _assembled(prints: DataFrame, stories: Stories) -> DataFrame:
    """The articles table: every cleaned article with its copy link, story and stored features."""
    keys = prints.select("id", "copy_keys")
    return stories.placements.join(keys, "id", "left").join(stories.features, "id", "left")


def _counts(spark: SparkSession, output: str) -> tuple[int, int, int]:
    """Articles, copies and stories as written (read back: each count is one cheap Parquet scan)."""
    written = spark.read.parquet(f"{output}/articles")
    copies = written.where(F.col("copy_of").isNotNull()).count()
    return written.count(), copies, spark.read.parquet(f"{output}/stories").count()


def _manifest(inputs: list[str], options: JobOptions, documents: int, summary: JobSummary) -> dict:
    return {
        "format": OUTPUT_FORMAT,
        "newsweave": __version__,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "inputs": list(inputs),
        "options": {"window_days": options.window_days, "max_bytes": options.read.max_bytes},
        "documents": documents,
        "counts": {
            "articles": summary.articles,
            "copies": summary.copies,
            "stories": summary.stories,
            "repeated": summary.repeated,
            "failures": len(summary.failures),
        },
        "seconds": summary.seconds,
    }
