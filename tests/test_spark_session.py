"""The Spark session: local settings, and settings given by the user."""

from __future__ import annotations

import sys

from newsweave.spark.session import _settings, local_master, spark_session


def test_local_masters():
    assert local_master("local") and local_master("local[2]") and local_master("local[*]")
    assert not local_master("spark://host:7077") and not local_master("yarn")


def test_local_settings_turn_off_the_ui_and_size_the_shuffle():
    settings = dict(_settings("local[2]", None))
    assert settings["spark.ui.enabled"] == "false"
    assert int(settings["spark.sql.shuffle.partitions"]) >= 2
    assert dict(_settings("local[2]", 7))["spark.sql.shuffle.partitions"] == "7"


def test_cluster_settings_leave_spark_defaults_unless_asked():
    assert "spark.sql.shuffle.partitions" not in dict(_settings("yarn", None))
    assert dict(_settings("yarn", 64))["spark.sql.shuffle.partitions"] == "64"


def test_the_session_runs_this_interpreter(spark):
    import os

    assert os.environ["PYSPARK_PYTHON"] == sys.executable
    assert spark_session("local[2]", [("spark.newsweave.test", "yes")]) is spark
    assert spark.sparkContext.getConf().get("spark.sql.execution.arrow.maxRecordsPerBatch") == "512"


def test_spark_submit_is_recognised_by_its_gateway(monkeypatch):
    from newsweave.spark.session import under_spark_submit

    monkeypatch.delenv("PYSPARK_GATEWAY_PORT", raising=False)
    assert not under_spark_submit()
    monkeypatch.setenv("PYSPARK_GATEWAY_PORT", "40000")
    assert under_spark_submit()
