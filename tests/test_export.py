import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from newsweave.export import EXPORT_FIELDS, ExportError, export_articles
from newsweave.pipeline import ingest
from newsweave.store import Store
from support import EXAMPLES


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "n.db") as opened:
        ingest(opened, [str(EXAMPLES)])
        yield opened


def test_jsonl_has_every_field(store, tmp_path):
    out = tmp_path / "a.jsonl"
    assert export_articles(store, out, "jsonl") == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(tuple(r) == EXPORT_FIELDS for r in records)
    assert records[0]["published"] == "2024-06-19"
    assert len(records[0]["removed_lines"]) == 4


def test_csv_encodes_lists_as_json(store, tmp_path):
    out = tmp_path / "a.csv"
    export_articles(store, out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 2
    assert json.loads(rows[0]["removed_lines"])[0].startswith("Also Read |")
    assert rows[1]["title"].startswith("Kim Jong Un Affirms")


def test_parquet_round_trips(store, tmp_path):
    out = tmp_path / "a.parquet"
    export_articles(store, out, "parquet")
    table = pq.read_table(out)
    assert table.num_rows == 2
    assert table.column_names == list(EXPORT_FIELDS)
    assert table.column("removed_lines").to_pylist()[0][0].startswith("Also Read |")


def test_empty_store_exports_empty_parquet(tmp_path):
    with Store(tmp_path / "empty.db") as empty:
        assert export_articles(empty, tmp_path / "e.parquet", "parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0


def test_bad_format_and_parquet_to_stdout_are_refused(store):
    with pytest.raises(ExportError, match="unknown export format"):
        export_articles(store, None, "xml")
    with pytest.raises(ExportError, match="needs an output file"):
        export_articles(store, None, "parquet")
