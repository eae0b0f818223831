"""Connected components in Spark: copy groups and merged stories."""

from __future__ import annotations

import pytest

from newsweave.spark.components import connected_components

pytestmark = pytest.mark.usefixtures("spark")


def components(spark, edges):
    frame = spark.createDataFrame(edges, "a string, b string")
    return {row["id"]: row["component"] for row in connected_components(frame).collect()}


def test_chains_and_stars_become_one_component_named_by_the_smallest_id(spark):
    found = components(spark, [("e", "d"), ("d", "c"), ("c", "b"), ("x", "y"), ("y", "z"), ("x", "w")])
    assert found == {"b": "b", "c": "b", "d": "b", "e": "b", "w": "w", "x": "w", "y": "w", "z": "w"}


def test_a_long_path_converges(spark):
    ids = [f"n{i:03d}" for i in range(12)]
    found = components(spark, list(zip(ids[1:], ids[:-1], strict=True)))
    assert set(found.values()) == {"n000"} and len(found) == 12


def test_other_column_names_and_no_edges(spark):
    frame = spark.createDataFrame([("p", "q")], "x string, y string")
    assert {r["id"]: r["component"] for r in connected_components(frame, "x", "y").collect()} == {
        "p": "p", "q": "p"}
    assert components(spark, []) == {}
