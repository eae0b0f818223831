"""The reading commands end to end: ``read``, ``article ID`` and ``export claims``."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.export import CLAIM_FIELDS
from readers_support import article_html, page, serve
from support import EXAMPLE_A, EXAMPLE_B, EXAMPLES, gold

READ_FIELDS = {"title", "published", "language", "entities", "quotes", "claims", "analysis", "notes"}


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli_reading") / "news.db")
    assert invoke("--db", path, "ingest", str(EXAMPLES)).exit_code == 0
    return path


def test_read_prints_every_field_the_issue_names():
    result = invoke("read", str(EXAMPLE_A), str(EXAMPLE_B))
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert len(records) == 2 and all(set(record) >= READ_FIELDS for record in records)
    a = records[0]
    assert (a["published"], a["language"], a["analysis"]) == ("2024-06-19", "en", "full")
    assert {"text", "label", "canonical"} <= set(a["entities"][0])
    assert {"speaker", "cue", "text"} <= set(a["quotes"][0])
    assert {"text", "entities", "numbers", "dates", "attribution", "stance"} <= set(a["claims"][0])
    speakers = {(q["speaker"], q["text"][:20]) for r in records for q in r["quotes"] if q["kind"] == "direct"}
    for quote in gold()["quotes"]:
        assert (quote["speaker"], quote["starts"][:20]) in speakers


def test_read_jsonl_keeps_going_past_bad_inputs(tmp_path):
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["read", str(missing), str(EXAMPLE_B), "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "missing.txt" in result.stderr
    assert "Traceback" not in result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["title"].startswith("Kim Jong Un Affirms")


def test_read_says_when_a_language_has_no_model(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text("Schulen bleiben zu\n\nDer Bürgermeister sagte am Montag, alle Schulen der Stadt "
                    "bleiben wegen des Sturms geschlossen. Die Eltern wurden am Abend informiert.",
                    encoding="utf-8")
    (record,) = json.loads(invoke("read", str(path)).stdout)
    assert record["language"] == "de" and record["analysis"] == "sentences"
    assert "no entity or parsing model" in record["notes"][0] and len(record["claims"]) == 2


def test_article_shows_a_stored_article_as_read(db):
    ids = [json.loads(line)["id"] for line in invoke("--db", db, "articles", "--json").stdout.splitlines()]
    text = invoke("--db", db, "article", ids[1]).stdout
    assert "person: Kim Jong Un, Vladimir Putin" in text
    assert "Kim Jong Un (referred): “fiery friendship”" in text
    assert "denied   [Pyongyang and Moscow] Both Pyongyang and Moscow have denied" in text
    record = json.loads(invoke("--db", db, "article", ids[0][:8], "--json").stdout)
    assert record["id"] == ids[0] and record["story"] and set(record) >= READ_FIELDS


def test_article_with_an_unknown_id_fails_in_one_line(db):
    result = CliRunner().invoke(main, ["--db", db, "article", "nosuchid"])
    assert result.exit_code == 1 and result.stderr == f"newsweave: no article 'nosuchid' in {db}\n"


def test_export_claims_in_every_format(db, tmp_path):
    lines = invoke("--db", db, "export", "claims").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all(tuple(record) == CLAIM_FIELDS for record in records)
    assert {record["stance"] for record in records} >= {"stated", "reported", "denied", "alleged"}
    rows = list(csv.DictReader(io.StringIO(invoke("--db", db, "export", "claims", "--format", "csv").stdout)))
    assert len(rows) == len(records) and json.loads(rows[0]["entities"]) == records[0]["entities"]
    out = tmp_path / "claims.parquet"
    assert invoke("--db", db, "-q", "export", "claims", "--format", "parquet", "-o", str(out)).exit_code == 0
    table = pq.read_table(out).to_pylist()
    assert len(table) == len(records) and table[0]["dates"] == records[0]["dates"]


def test_read_fetches_a_loopback_url_only_with_allow_private():
    with serve({"/page.html": page(article_html("Harbour Bridge Reopens After Repairs", "harbour"))}) as site:
        url = f"{site.base}/page.html"
        refused = CliRunner().invoke(main, ["read", url])
        assert site.requests == []
        allowed = invoke("read", "--allow-private", "--format", "jsonl", url)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        f"newsweave: {url}: refusing to fetch {url}: 127.0.0.1 is a loopback address "
        "(pass --allow-private to allow)"
    ]
    assert json.loads(allowed.stdout)["title"] == "Harbour Bridge Reopens After Repairs"
