"""The story stage on Spark: time blocks clustered as streams, then merged across blocks.

As in ``StoryStage``, only group originals and uncopied articles are placed,
and copies join their original's story.  The document frequencies of terms are
counted over the whole run first.  Articles are cut into blocks of
``window_days`` by publication time, each block clustered by ``Clusterer`` as
one stream in publication order (``cluster_articles``), and then the stories
that block edges split are merged:

- candidates are pairs of stories from different blocks that share one of
  their heaviest terms (``story_keys``) and lie within the model's reach in time;
- each is scored as ``Clusterer.repair`` scores a merge (average linkage,
  decayed by the time gap); pairs that are each other's best partner at or
  above the threshold merge, the larger story keeping its id;
- merged stories are scored again in the next round (up to ``MERGE_ROUNDS``),
  so a story split over three blocks becomes one, while A and C never merge
  only because each is close to B.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from newsweave.spark import schemas, story_rows
from newsweave.spark.session import materialise
from newsweave.stories.score import default_model

MERGE_ROUNDS = 4
# A term among the heaviest of more stories than this proposes no merge pairs (too common to tell).
COMMON_KEY_STORIES = 1000


@dataclass
class Stories:
    """The story stage's results: every article's story, placed articles' features, summaries, terms."""

    placements: DataFrame
    features: DataFrame
    summaries: DataFrame
    terms: DataFrame
    documents: int


def place_stories(
    spark: SparkSession,
    articles: DataFrame,
    links: DataFrame,
    window_days: float,
    lap: Callable[[str], None] = lambda stage: None,
) -> Stories:
    """Cluster the group originals and uncopied articles in time blocks, merge across blocks.

    ``lap`` is called with a stage's name as each finishes (the job times them).
    """
    roots = articles.join(links.select("id"), "id", "left_anti")
    terms = (
        roots.select("id", "title", "text", "published")
        .mapInPandas(story_rows.term_counts, schemas.TERMS_SCHEMA)
        .transform(materialise)
    )
    documents = terms.count()
    buckets = terms.select(F.explode(F.array_distinct(F.concat("word_ids", "name_ids"))).alias("bucket"))
    buckets = buckets.groupBy("bucket").agg(F.count("*").alias("documents")).transform(materialise)
    frequencies = spark.sparkContext.broadcast(
        story_rows.document_frequencies([tuple(row) for row in buckets.collect()], documents)
    )
    lap("story features")
    placed = terms.join(roots.select("id", "arrival", "published", "language"), "id")
    clustered = _clustered(_blocked(placed, window_days), frequencies).transform(materialise)
    lap("story blocks")
    placements = merged_stories(clustered)
    lap("story merge")
    features = terms.mapInPandas(
        lambda frames: story_rows.stored_features(frames, frequencies.value), schemas.STORED_FEATURES_SCHEMA
    ).join(terms.select("id", "labels"), "id")
    assigned = _attached(articles, links, placements).transform(materialise)
    lap("story attach")
    terms_table = buckets.select(F.col("bucket").cast("int"), "documents")
    return Stories(assigned, features, _summaries(assigned, terms), terms_table, documents)


def _blocked(placed: DataFrame, window_days: float) -> DataFrame:
    """Each placed article's time block; undated articles join the last block (they come last in order)."""
    block = F.floor(F.col("day") / F.lit(float(window_days))).cast("long")
    last = placed.select(F.max(block)).first()[0]
    return placed.withColumn("block", F.coalesce(block, F.lit(last if last is not None else 0)))


def _clustered(blocked: DataFrame, frequencies) -> DataFrame:
    return blocked.groupBy("block").applyInPandas(
        lambda frame: story_rows.cluster_block(frame, frequencies.value), schemas.STORY_SCHEMA
    )


def merged_stories(clustered: DataFrame) -> DataFrame:
    """``(id, story, score)`` of every placed article once the stories that block edges split are merged."""
    members = clustered.where(F.col("id").isNotNull()).select("id", "story", "score")
    stories = clustered.where(F.col("id").isNull()).drop("id", "score").transform(materialise)
    for round_number in range(MERGE_ROUNDS):
        pairs = _mutual_best(_scored_pairs(stories, merged_only=round_number > 0)).transform(materialise)
        if pairs.isEmpty():
            break
        moves = _survivors(pairs, stories).transform(materialise)
        merged = (
            stories.join(moves, "story")
            .groupBy("survivor")
            .applyInPandas(story_rows.absorb, schemas.STORY_SCHEMA)
            .drop("id", "score")
        )
        stories = stories.join(moves, "story", "left_anti").unionByName(merged).transform(materialise)
        members = (
            members.join(moves, "story", "left")
            .select("id", F.coalesce("survivor", "story").alias("story"), "score")
            .transform(materialise)
        )
    return members


def _scored_pairs(stories: DataFrame, merged_only: bool = False) -> DataFrame:
    """Candidate pairs not judged before, with their merge score when it reaches the threshold.

    Stories of one block were judged by that block's own repair, so a pair
    needs two blocks; after the first round only pairs with a story merged in
    the round before can have changed (as ``Clusterer.repair`` revisits only
    the stories that grew).
    """
    keyed = stories.select("block", "story", "first", "last", F.explode("keys").alias("key"))
    common = keyed.groupBy("key").count().where(F.col("count") > COMMON_KEY_STORIES).select("key")
    keyed = keyed.join(common, "key", "left_anti")
    columns = ("block", "story", "first", "last")
    left = keyed.select("key", *[F.col(c).alias(f"{c}_a") for c in columns])
    right = keyed.select("key", *[F.col(c).alias(f"{c}_b") for c in columns])
    gap = F.greatest(F.lit(0.0), F.col("first_b") - F.col("last_a"), F.col("first_a") - F.col("last_b"))
    merged = F.col("block_a").isNull() | F.col("block_b").isNull()
    new_pair = merged if merged_only else merged | (F.col("block_a") != F.col("block_b"))
    within_reach = gap.isNull() | (gap <= F.lit(default_model().max_gap()))
    candidates = (
        left.join(right, "key")
        .where((F.col("story_a") < F.col("story_b")) & new_pair & within_reach)
        .select(F.col("story_a").alias("a"), F.col("story_b").alias("b"))
        .distinct()
    )
    profiles = stories.select("story", "profile")
    return (
        candidates.join(profiles.select(F.col("story").alias("a"), F.col("profile").alias("pa")), "a")
        .join(profiles.select(F.col("story").alias("b"), F.col("profile").alias("pb")), "b")
        .select("a", "b", "pa", "pb")
        .sortWithinPartitions("a")
        .mapInPandas(story_rows.score_pairs, schemas.MERGE_SCHEMA)
    )


def _mutual_best(pairs: DataFrame) -> DataFrame:
    """``(a, b)`` pairs that are each other's best-scoring partner."""
    edges = pairs.select(F.col("a").alias("x"), F.col("b").alias("y"), "score").union(
        pairs.select(F.col("b").alias("x"), F.col("a").alias("y"), "score")
    )
    ranked = Window.partitionBy("x").orderBy(F.col("score").desc(), "y")
    best = edges.withColumn("_n", F.row_number().over(ranked)).where(F.col("_n") == 1).select("x", "y")
    mutual = best.alias("p").join(
        best.alias("q"), (F.col("p.x") == F.col("q.y")) & (F.col("p.y") == F.col("q.x"))
    )
    return mutual.where(F.col("p.x") < F.col("p.y")).select(F.col("p.x").alias("a"), F.col("p.y").alias("b"))


def _survivors(pairs: DataFrame, stories: DataFrame) -> DataFrame:
    """``(story, survivor)`` for both stories of each pair: the larger keeps its id (a tie: the smaller)."""
    sizes = stories.select("story", "size")
    sized = pairs.join(sizes.select(F.col("story").alias("a"), F.col("size").alias("size_a")), "a").join(
        sizes.select(F.col("story").alias("b"), F.col("size").alias("size_b")), "b"
    )
    survivor = F.when(
        (F.col("size_a") > F.col("size_b"))
        | ((F.col("size_a") == F.col("size_b")) & (F.col("a") < F.col("b"))),
        F.col("a"),
    ).otherwise(F.col("b"))
    chosen = sized.withColumn("survivor", survivor)
    return chosen.select(F.col("a").alias("story"), "survivor").union(
        chosen.select(F.col("b").alias("story"), "survivor")
    )


def _attached(articles: DataFrame, links: DataFrame, placements: DataFrame) -> DataFrame:
    """Every article with its copy link and story; a copy takes its original's story and score."""
    roots = placements.select(F.col("id").alias("root"), "story", F.col("score").alias("story_score"))
    return (
        articles.join(links, "id", "left")
        .withColumn("root", F.coalesce("copy_of", "id"))
        .join(roots, "root", "left")
        .drop("root")
    )


def _summaries(assigned: DataFrame, terms: DataFrame) -> DataFrame:
    """One row per story: sizes, independent sources, outlets, time span, headline."""
    counts = assigned.groupBy("story").agg(
        F.count("*").alias("articles"),
        F.sum(F.col("copy_of").isNull().cast("long")).alias("placed"),
        F.countDistinct(F.coalesce("copy_of", "id")).alias("sources"),
        F.countDistinct("source").alias("outlets"),
        F.min("published").alias("first_published"),
        F.max("published").alias("last_published"),
    )
    placed = (
        assigned.where(F.col("copy_of").isNull())
        .select("id", "story", "arrival")
        .join(terms.select("id", "vector"), "id")
    )
    chosen = placed.groupBy("story").applyInPandas(story_rows.representative, schemas.REPRESENTATIVE_SCHEMA)
    titles = assigned.select(F.col("id").alias("representative"), F.col("title").alias("headline"))
    return counts.join(chosen, "story").join(titles, "representative").withColumnRenamed("story", "id")
