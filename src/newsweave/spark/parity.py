"""How far a Spark result agrees with a store built by ``newsweave ingest`` on the same inputs.

Agreement is the adjusted Rand index of two partitions of the same articles:
copy groups (each article's original, itself when it has none) and stories.
1.0 is the same partition; chance agreement scores 0.  Reading the result
needs only pyarrow, not Spark.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsweave import evaluation
from newsweave.store import Store

Partition = dict[str, str]


@dataclass(frozen=True)
class Parity:
    """Agreement of two results on the articles they share."""

    articles: int
    only_one_side: int
    copies: float
    stories: float

    def to_dict(self) -> dict:
        return vars(self)


def adjusted_rand(first: Partition, second: Partition) -> float:
    """The adjusted Rand index of two partitions over the keys they share (1.0 for none or one key)."""
    keys = first.keys() & second.keys()
    return evaluation.adjusted_rand({key: first[key] for key in keys}, {key: second[key] for key in keys})


def result_partitions(output: str | Path) -> tuple[Partition, Partition]:
    """Copy groups and stories of a Spark result directory, by article id."""
    import pyarrow.parquet as pq

    table = pq.read_table(Path(output) / "articles", columns=["id", "copy_of", "story"]).to_pydict()
    rows = list(zip(table["id"], table["copy_of"], table["story"], strict=True))
    return _partitions(rows)


def store_partitions(store: Store) -> tuple[Partition, Partition]:
    """Copy groups and stories of a store, by article id."""
    return _partitions(store.db.execute("SELECT id, copy_of, story FROM articles"))


def _partitions(rows) -> tuple[Partition, Partition]:
    copies, stories = {}, {}
    for key, copy_of, story in rows:
        copies[key] = copy_of or key
        stories[key] = story or key
    return copies, stories


def parity(output: str | Path, store: Store) -> Parity:
    """Compare a Spark result with a store, article by article."""
    spark_copies, spark_stories = result_partitions(output)
    local_copies, local_stories = store_partitions(store)
    shared = spark_copies.keys() & local_copies.keys()
    return Parity(
        articles=len(shared),
        only_one_side=len(spark_copies.keys() ^ local_copies.keys()),
        copies=round(adjusted_rand(spark_copies, local_copies), 4),
        stories=round(adjusted_rand(spark_stories, local_stories), 4),
    )
