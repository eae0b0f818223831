"""The copy stage on Spark: LSH banding as a join on band keys, exact checks, connected components.

As ``CopyStage`` does one article at a time: articles sharing a MinHash band
key are candidates, each candidate pair is verified on the exact shingle sets
(``compare``), verified copies form groups (here: connected components), and a
group's original is its earliest published member, else the first to arrive.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from newsweave.spark import copy_rows, schemas
from newsweave.spark.components import connected_components
from newsweave.spark.session import materialise

# A band key shared by more articles than this proposes each of them with one member only
# (the smallest id), not every pair: n boilerplate texts would otherwise make n² candidates.
BUCKET_CAP = 64


def fingerprints(articles: DataFrame) -> DataFrame:
    """``(id, keys, copy_keys, shingles)`` of every article long enough to be compared."""
    return articles.select("id", "text").mapInPandas(copy_rows.fingerprints, schemas.FINGERPRINT_SCHEMA)


def copy_links(articles: DataFrame, prints: DataFrame) -> DataFrame:
    """``(id, copy_of, copy_kind, copy_similarity, copy_containment, copy_match)`` of every copy."""
    matches = verified_pairs(prints).transform(materialise)
    groups = connected_components(matches)
    members = groups.join(articles.select("id", "published", "arrival"), "id")
    seniority = Window.partitionBy("component").orderBy(F.col("published").isNull(), "published", "arrival")
    originals = members.withColumn("original", F.first("id").over(seniority))
    copies = originals.where(F.col("id") != F.col("original")).select("id", "original")
    return _with_evidence(copies, matches).transform(materialise)


def candidate_pairs(prints: DataFrame) -> DataFrame:
    """``(a, b)`` with ``a < b``: articles sharing a band key (within the bucket cap)."""
    bands = prints.select("id", F.posexplode("keys").alias("band", "key"))
    bucket = Window.partitionBy("band", "key")
    bands = bands.withColumn("size", F.count("*").over(bucket)).withColumn("head", F.min("id").over(bucket))
    small = bands.where(F.col("size").between(2, BUCKET_CAP))
    left = small.select(F.col("id").alias("a"), "band", "key")
    right = small.select(F.col("id").alias("b"), "band", "key")
    pairs = left.join(right, ["band", "key"]).where(F.col("a") < F.col("b")).select("a", "b")
    stars = bands.where(F.col("size") > BUCKET_CAP).where(F.col("id") != F.col("head"))
    return pairs.union(stars.select(F.col("head").alias("a"), F.col("id").alias("b"))).distinct()


def verified_pairs(prints: DataFrame) -> DataFrame:
    """Candidate pairs kept when their shingle sets make them copies, with the evidence."""
    shingles = prints.select("id", "shingles")
    pairs = (
        candidate_pairs(prints)
        .join(shingles.withColumnRenamed("id", "a").withColumnRenamed("shingles", "sa"), "a")
        .join(shingles.withColumnRenamed("id", "b").withColumnRenamed("shingles", "sb"), "b")
        .select("a", "b", "sa", "sb")
    )
    return pairs.mapInPandas(copy_rows.verify, schemas.MATCH_SCHEMA)


def _with_evidence(copies: DataFrame, matches: DataFrame) -> DataFrame:
    """Each copy's link: its verified match with the original when there is one, else its best match."""
    columns = ["kind", "jaccard", "containment"]
    edges = matches.select(F.col("a").alias("id"), F.col("b").alias("other"), *columns).union(
        matches.select(F.col("b").alias("id"), F.col("a").alias("other"), *columns)
    )
    evidence = copies.join(edges, "id").withColumn("direct", F.col("other") == F.col("original"))
    best = Window.partitionBy("id").orderBy(
        F.col("direct").desc(), F.col("jaccard").desc(), F.col("containment").desc(), "other"
    )
    return (
        evidence.withColumn("_n", F.row_number().over(best))
        .where(F.col("_n") == 1)
        .select(
            "id",
            F.col("original").alias("copy_of"),
            F.col("kind").alias("copy_kind"),
            F.col("jaccard").alias("copy_similarity"),
            F.col("containment").alias("copy_containment"),
            F.col("other").alias("copy_match"),
        )
    )
