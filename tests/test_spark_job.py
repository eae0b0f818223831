"""The Spark job on the development data: parity with ingest, its output, and import into a store."""

from __future__ import annotations

import gzip
import json

import pyarrow.parquet as pq
import pytest

from newsweave.brief.stored import story_brief
from newsweave.importing import import_spark
from newsweave.spark.job import run_job
from newsweave.spark.output import ARTICLE_COLUMNS, OUTPUT_FORMAT, STORY_COLUMNS, OutputError
from newsweave.spark.parity import parity
from newsweave.store import Store
from newsweave.stories.report import story_summaries
from support import DEV_ARTICLES

pytestmark = pytest.mark.usefixtures("spark")


def test_stories_and_copies_equal_the_single_machine_result(dev_result, dev_store):
    folder, summary = dev_result
    agreement = parity(folder, dev_store)
    assert agreement.articles == dev_store.count() == summary.articles == 122
    assert agreement.only_one_side == 0
    assert agreement.copies >= 0.98
    assert agreement.stories >= 0.98
    assert summary.copies == dev_store.db.execute(
        "SELECT count(*) FROM articles WHERE copy_of IS NOT NULL").fetchone()[0]


def test_output_holds_every_table_and_a_manifest(dev_result):
    folder, summary = dev_result
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == OUTPUT_FORMAT
    assert set(manifest["seconds"]) == {"read", "clean", "copies", "story features", "story blocks",
                                        "story merge", "story attach", "write"}
    assert manifest["counts"] == {"articles": 122, "copies": summary.copies, "stories": summary.stories,
                                  "repeated": 0, "failures": 0}
    articles = pq.read_table(folder / "articles")
    assert articles.column_names == ARTICLE_COLUMNS
    arrivals = articles.column("arrival").to_pylist()
    assert arrivals == sorted(arrivals)
    stories = pq.read_table(folder / "stories")
    assert stories.column_names == STORY_COLUMNS
    assert sum(stories.column("articles").to_pylist()) == 122
    assert set(stories.column("id").to_pylist()) == set(articles.column("story").to_pylist())
    placed = sum(value is not None for value in articles.column("embedding").to_pylist())
    assert placed == manifest["documents"] == sum(stories.column("placed").to_pylist())
    assert pq.read_table(folder / "terms").num_rows > 1000


def test_copies_carry_their_evidence(dev_result):
    folder, _ = dev_result
    columns = ["id", "copy_of", "copy_kind", "copy_similarity", "copy_containment", "copy_match", "story"]
    rows = pq.read_table(folder / "articles", columns=columns).to_pylist()
    story_of = {row["id"]: row["story"] for row in rows}
    copies = [row for row in rows if row["copy_of"]]
    assert copies
    for row in copies:
        assert row["copy_kind"] in {"exact", "near", "contains"}
        assert row["copy_match"] in story_of and row["copy_of"] in story_of
        assert story_of[row["id"]] == story_of[row["copy_of"]]
        assert max(row["copy_similarity"], row["copy_containment"]) >= 0.5


def test_import_gives_a_store_that_lists_and_briefs(dev_result, dev_store, tmp_path):
    folder, summary = dev_result
    with Store(str(tmp_path / "imported.db")) as store:
        imported = import_spark(store, folder)
        assert (imported.articles, imported.copies, imported.stories) == (
            summary.articles, summary.copies, summary.stories)
        listed = story_summaries(store)
        assert len(listed) == summary.stories
        brief = story_brief(store, listed[0].id)
        assert brief is not None and brief.sources


def test_a_result_is_not_written_over(dev_result, spark):
    folder, _ = dev_result
    with pytest.raises(OutputError, match="not empty"):
        run_job(spark, ["unused.jsonl"], str(folder))


def test_repeated_undated_and_unreadable_inputs(spark, tmp_path):
    lines = DEV_ARTICLES.read_text(encoding="utf-8").splitlines()[:4]
    undated = json.loads(lines[0])
    undated.pop("date_publish", None)
    undated["url"] = undated["url"] + "?undated"
    (tmp_path / "a.jsonl").write_text("\n".join([lines[1], lines[2], json.dumps(undated)]) + "\n")
    (tmp_path / "b.jsonl").write_text(lines[1] + "\n")
    (tmp_path / "c.parquet").write_bytes(b"PAR1 broken")
    packed = gzip.compress((lines[3] + "\n" + lines[3] + "\n").encode())
    (tmp_path / "d.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    inputs = [str(tmp_path / name) for name in ("a.jsonl", "b.jsonl", "c.parquet", "d.jsonl.gz")]
    summary = run_job(spark, inputs, str(tmp_path / "out"))
    assert summary.repeated == 1 and summary.articles == 3
    reasons = dict(summary.failures)
    assert reasons[inputs[2]].startswith("cannot read as Parquet")
    assert "truncated or corrupt data" in reasons[inputs[3]]
    rows = pq.read_table(tmp_path / "out" / "articles", columns=["url", "published", "story"]).to_pylist()
    late = [row for row in rows if row["url"].endswith("?undated")]
    assert late and late[0]["published"] is None and late[0]["story"]


def test_no_readable_input_gives_an_empty_result_that_imports(spark, tmp_path):
    missing = str(tmp_path / "missing.jsonl")
    summary = run_job(spark, [missing], str(tmp_path / "out"))
    assert (summary.articles, summary.copies, summary.stories) == (0, 0, 0)
    assert summary.failures == [(missing, "no such file or directory")]
    with Store(str(tmp_path / "empty.db")) as store:
        assert import_spark(store, tmp_path / "out").articles == 0
