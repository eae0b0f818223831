"""Fixtures shared across test modules: one local Spark session and one run of the job on dev data.

Spark needs pyspark (the ``spark`` extra) and a Java runtime; without them
the Spark tests skip, unless $NEWSWEAVE_REQUIRE_SPARK is set (CI), where they fail.
"""

from __future__ import annotations

import os
import shutil

import pytest

from support import DEV_ARTICLES


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'newsweave[spark]')"
    if not shutil.which("java"):
        return "no Java runtime (apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="session")
def spark():
    """A ``local[2]`` session for the whole run (starting one costs ~8 s)."""
    missing = _spark_missing()
    if missing:
        if os.environ.get("NEWSWEAVE_REQUIRE_SPARK"):
            pytest.fail(f"Spark is required here: {missing}", pytrace=False)
        pytest.skip(missing)
    from newsweave.spark.session import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def dev_result(spark, tmp_path_factory):
    """The Spark job's result on the development articles: ``(folder, summary)``."""
    from newsweave.spark.job import run_job

    folder = tmp_path_factory.mktemp("spark") / "dev"
    summary = run_job(spark, [str(DEV_ARTICLES)], str(folder))
    return folder, summary


@pytest.fixture(scope="session")
def dev_store(tmp_path_factory):
    """The development articles through ``newsweave ingest``'s pipeline, in a store."""
    from newsweave.pipeline import ingest
    from newsweave.store import Store

    store = Store(str(tmp_path_factory.mktemp("local") / "dev.db"))
    summary = ingest(store, [str(DEV_ARTICLES)])
    assert summary.ok
    yield store
    store.close()
