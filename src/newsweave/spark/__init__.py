"""newsweave on Apache Spark: the same pipeline as ``newsweave ingest``, run as Spark stages.

``read_rows``, ``copy_rows`` and ``story_rows`` (what runs on each partition)
and ``parity`` import without Spark; the other modules need the ``spark``
extra (pyspark) and a Java runtime.  See docs/SPARK.md.
"""
