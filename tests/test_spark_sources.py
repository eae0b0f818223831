"""Inputs of the Spark job: listing through Hadoop's file system, reading by kind."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsweave.readers import ReadOptions
from newsweave.spark.sources import kind_of, list_inputs, raw_articles
from support import EXAMPLES

pytestmark = pytest.mark.usefixtures("spark")


def test_kind_of_by_name():
    assert kind_of("a/b.jsonl") == kind_of("s3a://x/b.NDJSON") == "lines"
    assert kind_of("part-0001.snappy.parquet") == "parquet"
    assert kind_of("crawl.warc.gz") == kind_of("page.html") == kind_of("notes") == "whole"
    assert kind_of("b.jsonl.gz") == "whole"  # one task streams it, and reports a broken file as ingest does


def test_listing_recurses_skips_hidden_files_and_reports_missing_inputs(spark, tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "b.jsonl").write_text("{}\n")
    (tmp_path / "d" / "sub" / "a.txt").write_text("x")
    (tmp_path / "d" / ".hidden").write_text("x")
    (tmp_path / "d" / "_SUCCESS").write_text("")
    (tmp_path / "empty").mkdir()
    files, missing = list_inputs(spark, [str(tmp_path / "d"), str(tmp_path / "nope.jsonl"),
                                         str(tmp_path / "empty")])
    assert [f.name for f in files] == [str(tmp_path / "d" / "b.jsonl"), str(tmp_path / "d" / "sub" / "a.txt")]
    assert all(f.uri.startswith("file:/") for f in files)
    assert [f.number for f in files] == [0, 1] and [f.kind for f in files] == ["lines", "whole"]
    assert missing == [(str(tmp_path / "nope.jsonl"), "no such file or directory"),
                       (str(tmp_path / "empty"), "directory holds no files")]


def test_globs_are_expanded(spark, tmp_path):
    for name in ("a.jsonl", "b.jsonl", "c.txt"):
        (tmp_path / name).write_text("{}\n")
    files, missing = list_inputs(spark, [str(tmp_path / "*.jsonl")])
    assert [f.name for f in files] == [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")] and not missing


def test_lines_parquet_and_whole_files_become_raw_articles(spark, tmp_path):
    record = {"title": "T", "maintext": "One sentence of text here.", "url": "https://example.com/1"}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n\nnot json\n")
    pq.write_table(pa.table({"title": ["P"], "maintext": ["Parquet text body."], "url": ["https://e.com/p"],
                             "date_publish": [None]}), tmp_path / "b.parquet")
    example = EXAMPLES / "000_5b3158c098db9def.txt"
    (tmp_path / "c.parquet").write_bytes(b"PAR1 not really")
    inputs = [str(tmp_path / name) for name in ("a.jsonl", "b.parquet")] + [str(example)]
    inputs.append(str(tmp_path / "c.parquet"))
    files, _ = list_inputs(spark, inputs)
    frame, unreadable = raw_articles(spark, files, ReadOptions())
    rows = sorted(frame.collect(), key=lambda row: row["arrival"])
    assert len(unreadable) == 1 and unreadable[0][0] == str(tmp_path / "c.parquet")
    assert unreadable[0][1].startswith("cannot read as Parquet (")
    assert [(row["title"], row["position"], row["failure"]) for row in rows[:1]] == [("T", "1", None)]
    assert rows[1]["origin"] == f"{tmp_path / 'a.jsonl'}:3"
    assert rows[1]["failure"].startswith("malformed JSON")
    assert rows[2]["title"] == "P" and rows[2]["published"] is None
    assert rows[3]["origin"] == str(example) and rows[3]["failure"] is None
    assert len(rows) == 4


def test_names_are_kept_as_the_user_gave_them(spark, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.jsonl").write_text("{}\n")
    spec = f"{tmp_path}//data/"
    files, _ = list_inputs(spark, [spec, f"{spec}a.jsonl"])
    assert [f.name for f in files] == [f"{spec}a.jsonl", f"{spec}a.jsonl"]
