"""Connected components of an edge list, in Spark: copy groups and merged stories.

Minimum-label propagation: every vertex starts with its own id as label and
takes the smallest label among itself and its neighbours until nothing changes.
It needs as many rounds as the longest shortest path in a component; copy
groups and story merges are small, dense graphs, so a few rounds suffice.  Each
round's labels are checkpointed locally so that the plan does not grow with
the number of rounds.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from newsweave.spark.session import materialise

MAX_ROUNDS = 100


class ComponentsError(RuntimeError):
    """Label propagation that did not settle: a chain longer than ``MAX_ROUNDS`` links."""


def connected_components(edges: DataFrame, source: str = "a", target: str = "b") -> DataFrame:
    """``(id, component)`` for every vertex of ``edges``; a component is named by its smallest id."""
    pairs = edges.select(F.col(source).alias("x"), F.col(target).alias("y"))
    both = (
        pairs.union(pairs.select(F.col("y").alias("x"), F.col("x").alias("y")))
        .distinct()
        .transform(materialise)
    )
    labels = both.select(F.col("x").alias("id")).distinct().withColumn("component", F.col("id"))
    labels = labels.transform(materialise)
    for _ in range(MAX_ROUNDS):
        offered = both.join(labels, both.x == labels.id).select(F.col("y").alias("id"), "component")
        updated = (
            labels.union(offered)
            .groupBy("id")
            .agg(F.min("component").alias("component"))
            .transform(materialise)
        )
        changed = (
            updated.alias("new")
            .join(labels.alias("old"), "id")
            .where(F.col("new.component") != F.col("old.component"))
            .limit(1)
            .count()
        )
        labels = updated
        if not changed:
            return labels
    raise ComponentsError(f"connected components did not settle in {MAX_ROUNDS} rounds")
