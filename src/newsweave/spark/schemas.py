"""The row schemas passed between the Spark stages: the columns the row functions return, typed."""

from __future__ import annotations

from pyspark.sql import types as T

from newsweave.spark import copy_rows, read_rows, story_rows

_TEXT = T.StringType()
_TEXTS = T.ArrayType(_TEXT)
_LONGS = T.ArrayType(T.LongType())


def _struct(*fields: tuple[str, T.DataType]) -> T.StructType:
    return T.StructType([T.StructField(name, kind) for name, kind in fields])


def _texts(names) -> list[tuple[str, T.DataType]]:
    return [(name, _TEXT) for name in names]


LINE_SCHEMA = _struct(("file", T.LongType()), ("origin", _TEXT), ("number", T.LongType()), ("line", _TEXT))
FILE_SCHEMA = _struct(("file", T.LongType()), ("origin", _TEXT), ("uri", _TEXT))
RAW_SCHEMA = _struct(
    ("arrival", T.LongType()), *_texts(read_rows.RAW_FIELDS), ("authors", _TEXTS), ("failure", _TEXT)
)
CLEAN_SCHEMA = _struct(
    ("arrival", T.LongType()),
    *_texts(read_rows.RAW_FIELDS),
    *[(name, _TEXTS) for name in read_rows.LIST_FIELDS],
    ("sentences", T.ArrayType(T.ArrayType(T.IntegerType()))),
    ("failure", _TEXT),
)
LINE_KEY_SCHEMA = _struct(("source", _TEXT), ("line_key", _TEXT))
FINGERPRINT_SCHEMA = _struct(
    ("id", _TEXT), ("keys", _LONGS), ("copy_keys", T.BinaryType()), ("shingles", T.BinaryType())
)
MATCH_SCHEMA = _struct(
    ("a", _TEXT), ("b", _TEXT), ("kind", _TEXT), ("jaccard", T.DoubleType()), ("containment", T.DoubleType())
)
TERMS_SCHEMA = _struct(
    ("id", _TEXT),
    ("day", T.DoubleType()),
    ("vector", T.BinaryType()),
    ("word_ids", _LONGS),
    ("word_counts", _LONGS),
    ("name_ids", _LONGS),
    ("name_counts", _LONGS),
    ("labels", _TEXTS),
)
STORED_FEATURES_SCHEMA = _struct(
    ("id", _TEXT), ("embedding", T.BinaryType()), ("words", T.BinaryType()), ("names", T.BinaryType())
)
STORY_SCHEMA = _struct(
    ("block", T.LongType()),
    ("story", _TEXT),
    ("id", _TEXT),
    ("score", T.DoubleType()),
    ("profile", T.BinaryType()),
    ("first", T.DoubleType()),
    ("last", T.DoubleType()),
    ("keys", _LONGS),
    ("size", T.LongType()),
)
MERGE_SCHEMA = _struct(("a", _TEXT), ("b", _TEXT), ("score", T.DoubleType()))
REPRESENTATIVE_SCHEMA = _struct(("story", _TEXT), ("representative", _TEXT))

COLUMNS_OF = {
    "RAW_SCHEMA": read_rows.RAW_COLUMNS,
    "CLEAN_SCHEMA": read_rows.CLEAN_COLUMNS,
    "FINGERPRINT_SCHEMA": copy_rows.FINGERPRINT_COLUMNS,
    "MATCH_SCHEMA": copy_rows.MATCH_COLUMNS,
    "TERMS_SCHEMA": story_rows.TERM_COLUMNS,
    "STORY_SCHEMA": story_rows.STORY_COLUMNS,
    "MERGE_SCHEMA": story_rows.MERGE_COLUMNS,
}
