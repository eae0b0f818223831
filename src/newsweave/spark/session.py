"""The Spark session of a job: local by default, any cluster master when asked.

Spark's Python workers must run the same interpreter as the driver, with
newsweave and its models importable: in local mode that is this interpreter,
so ``PYSPARK_PYTHON`` defaults to it.  On a cluster the interpreter comes with
the job (``spark.archives`` with a packed environment, see docs/SPARK.md).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

DEFAULT_MASTER = "local[*]"
APP_NAME = "newsweave"
LOG_CONFIG = Path(__file__).with_name("log4j2.properties")


def local_master(master: str) -> bool:
    """True for the ``local``, ``local[N]`` and ``local[*]`` masters."""
    return master == "local" or master.startswith("local[")


def under_spark_submit() -> bool:
    """True when ``spark-submit`` started this interpreter: its master and settings then stand."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def spark_session(
    master: str | None = None, conf: Iterable[tuple[str, str]] = (), partitions: int | None = None
) -> SparkSession:
    """Start (or reuse) the session for ``master`` with newsweave's settings, then ``conf``.

    Without ``master`` the session runs ``local[*]``, or under ``spark-submit``
    whatever master it was given.  In local mode the shuffle runs in as many
    partitions as there are cores (Spark's default of 200 costs seconds per
    stage on a laptop); on a cluster Spark's own default stands unless
    ``partitions`` is given.
    """
    from pyspark.sql import SparkSession

    if master is None and not under_spark_submit():
        master = DEFAULT_MASTER
    if master is not None and local_master(master):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(APP_NAME)
    if master is not None:
        builder = builder.master(master)
    for key, value in _settings(master or "", partitions):
        builder = builder.config(key, value)
    for key, value in conf:
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _settings(master: str, partitions: int | None) -> list[tuple[str, str]]:
    settings = [
        # Arrow batches of a few hundred rows: each batch's lead embeddings are held at once.
        ("spark.sql.execution.arrow.maxRecordsPerBatch", "512"),
        ("spark.python.worker.reuse", "true"),
    ]
    if local_master(master):
        settings += [
            ("spark.ui.enabled", "false"),
            ("spark.ui.showConsoleProgress", "false"),
            ("spark.sql.shuffle.partitions", str(partitions or max(2, os.cpu_count() or 2))),
            ("spark.driver.memory", os.environ.get("NEWSWEAVE_SPARK_DRIVER_MEMORY", "4g")),
            # Spark's start-up warnings are not the user's business on a laptop; errors still show.
            ("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{LOG_CONFIG}"),
        ]
    elif partitions:
        settings.append(("spark.sql.shuffle.partitions", str(partitions)))
    return settings


def materialise(frame: DataFrame) -> DataFrame:
    """Compute ``frame`` now and cut its lineage.

    Each stage starts from the rows of the one before, not from its plan:
    Spark re-optimises the whole plan behind every action, and a plan that
    carries every earlier stage costs seconds per action.  With a checkpoint
    directory set (``spark.checkpoint.dir``; advisable on a cluster, where
    executors may be lost) the rows go there, otherwise they stay on the
    executors.
    """
    if frame.sparkSession.sparkContext.getCheckpointDir():
        return frame.checkpoint(eager=True)
    return frame.localCheckpoint(eager=True)
