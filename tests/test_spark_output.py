"""The result folder: refused when in use, replaced on request, finished by its manifest."""

from __future__ import annotations

import json

import pytest

from newsweave.spark.output import MANIFEST, OutputError, check_output, write_manifest

pytestmark = pytest.mark.usefixtures("spark")


def test_a_new_or_empty_folder_is_accepted(spark, tmp_path):
    check_output(spark, str(tmp_path / "new"), overwrite=False)
    check_output(spark, str(tmp_path), overwrite=False)


def test_a_folder_in_use_is_refused_unless_replaced(spark, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.parquet").write_text("x")
    with pytest.raises(OutputError, match="not empty"):
        check_output(spark, str(tmp_path / "out"), overwrite=False)
    check_output(spark, str(tmp_path / "out"), overwrite=True)
    assert not (tmp_path / "out").exists()


def test_a_file_is_refused(spark, tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="not a directory"):
        check_output(spark, str(tmp_path / "f"), overwrite=True)


def test_manifest_is_written_through_the_file_system(spark, tmp_path):
    write_manifest(spark, str(tmp_path), {"format": "newsweave.spark/1", "name": "Zürich"})
    assert json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))["name"] == "Zürich"


def test_an_output_holding_an_input_is_refused(spark, tmp_path):
    (tmp_path / "data").mkdir()
    inputs = [f"file:{tmp_path / 'data' / 'a.jsonl'}"]
    with pytest.raises(OutputError, match="holds an input"):
        check_output(spark, str(tmp_path / "data"), overwrite=True, inputs=inputs)
    with pytest.raises(OutputError, match="holds an input"):
        check_output(spark, str(tmp_path), overwrite=True, inputs=inputs)
    assert (tmp_path / "data").exists()
    check_output(spark, str(tmp_path / "elsewhere"), overwrite=True, inputs=inputs)
