"""End-to-end tests of the command line on the example articles."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from readers_support import article_html, page, serve
from support import DEV_DATA, EXAMPLE_A, EXAMPLE_B, EXAMPLES, ROOT, gold


def newsweave(*args: str, env: dict | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run the real console entry point in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "newsweave", *args],
        capture_output=True, input=stdin, env={**os.environ, **(env or {})}, timeout=120,
    )


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "news.db")


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def exported(db: str) -> dict[str, dict]:
    lines = invoke("--db", db, "export", "articles", "--format", "jsonl").stdout.splitlines()
    return {json.loads(line)["title"] or "A": json.loads(line) for line in lines}


def test_ingest_examples_end_to_end_matches_gold(db):
    run = newsweave("--db", db, "ingest", str(EXAMPLES))
    assert run.returncode == 0, run.stderr
    assert run.stdout.decode().strip() == "2 new, 0 already known, 0 failed"
    expected = gold()["articles"]
    records = list(exported(db).values())
    a = next(r for r in records if r["title"] is None)
    b = next(r for r in records if r["title"] is not None)
    assert a["published"] == expected["A"]["published"]
    assert b["published"] == expected["B"]["published"]
    assert b["title"] == expected["B"]["title"]
    assert a["removed_lines"] == expected["A"]["boilerplate_lines"]
    assert b["removed_lines"] == expected["B"]["boilerplate_lines"]
    assert f"\n\n{expected['A']['glued_subheading']}\n\n" in a["text"]
    assert not a["text"].startswith("date")


def test_second_ingest_reports_known_and_exit_zero(db):
    invoke("--db", db, "ingest", str(EXAMPLES))
    result = invoke("--db", db, "ingest", str(EXAMPLE_A), str(EXAMPLE_B))
    assert result.exit_code == 0
    assert result.output.strip() == "0 new, 2 already known, 0 failed"


def test_failed_input_exits_one_and_names_it(db, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    run = newsweave("--db", db, "ingest", str(bad), str(EXAMPLES))
    assert run.returncode == 1
    stderr = run.stderr.decode()
    assert stderr.strip() == f"newsweave: {bad}: empty input"
    assert "Traceback" not in stderr
    assert run.stdout.decode().strip() == "2 new, 0 already known, 1 failed"


def test_usage_errors_exit_two(db):
    assert invoke("--db", db, "ingest").exit_code == 2
    assert invoke("--db", db, "export", "articles", "--format", "xml").exit_code == 2
    assert invoke("--db", db, "nonsense").exit_code == 2


def test_db_from_environment_and_quiet(tmp_path):
    env_db = tmp_path / "env.db"
    result = invoke("--quiet", "ingest", str(EXAMPLES), env={"NEWSWEAVE_DB": str(env_db)})
    assert result.exit_code == 0
    assert result.output == ""
    assert env_db.exists()


def test_ingest_from_stdin(db):
    run = newsweave("--db", db, "ingest", "-", stdin=EXAMPLE_B.read_bytes())
    assert run.returncode == 0, run.stderr
    listing = invoke("--db", db, "articles", "--json").output.splitlines()
    assert json.loads(listing[0])["title"].startswith("Kim Jong Un Affirms Support")


def test_articles_listing_and_search(db):
    invoke("--db", db, "ingest", str(EXAMPLES))
    listing = invoke("--db", db, "articles").output.splitlines()
    assert len(listing) == 2
    assert "2024-06-19" in listing[0]
    hits = invoke("--db", db, "search", "Kumsusan").output.splitlines()
    assert "Kim Jong Un Affirms Support" in hits[0]
    assert "[Kumsusan]" in hits[1]
    hit = json.loads(invoke("--db", db, "search", "--json", "fiery friendship").output.splitlines()[0])
    assert hit["title"].startswith("Kim Jong Un Affirms")
    assert invoke("--db", db, "search", "zebra").stdout == ""


def test_export_to_file_in_each_format(db, tmp_path):
    invoke("--db", db, "ingest", str(EXAMPLES))
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"articles.{fmt}"
        result = invoke("--db", db, "export", "articles", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0
        assert out.stat().st_size > 0


def test_extract_formats_without_storing(db, tmp_path):
    result = invoke("--db", db, "extract", str(EXAMPLE_A), str(EXAMPLE_B))
    records = json.loads(result.output)
    assert [r["file"] for r in records] == [str(EXAMPLE_A), str(EXAMPLE_B)]
    assert [r["key"] for r in records] == ["000_5b3158c098db9def", "003_8a82f7cbc04b8b6e"]
    assert records[0]["published"] == "2024-06-19"
    assert records[1]["title"] == gold()["articles"]["B"]["title"]
    assert not os.path.exists(db)
    lines = invoke("extract", "--format", "jsonl", str(EXAMPLE_A)).output.splitlines()
    assert json.loads(lines[0])["key"] == "000_5b3158c098db9def"
    text = invoke("extract", "--format", "text", str(EXAMPLE_B)).output
    assert text.startswith(f"==> {EXAMPLE_B} <==\n# Kim Jong Un Affirms")


def test_extract_key_for_records(tmp_path):
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "rec-7", "title": "T", "maintext": "A body line that is long enough."}) + "\n"
        + json.dumps({"title": "U", "maintext": "Another body line, long enough."}) + "\n",
        encoding="utf-8",
    )
    result = invoke("extract", "--format", "jsonl", str(tmp_path / "feed.jsonl"))
    keys = [json.loads(line)["key"] for line in result.output.splitlines()]
    assert keys == ["rec-7", "feed:2"]


def test_unopenable_store_is_one_line(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    run = newsweave("--db", str(junk), "articles")
    assert run.returncode == 1
    assert run.stderr.decode().count("\n") == 1
    assert "cannot open store" in run.stderr.decode()


def test_copies_lists_real_wire_copies_and_export_names_the_original(db):
    corpus = DEV_DATA / "news_cluster_dev" / "articles.jsonl"
    assert invoke("--db", db, "ingest", str(corpus)).exit_code == 0
    groups = [json.loads(line) for line in invoke("--db", db, "copies", "--json").stdout.splitlines()]
    subway = next(g for g in groups if "subway" in (g["members"][0]["title"] or "").lower())
    assert subway["articles"] == 3 and len(subway["outlets"]) == 3
    assert subway["members"][0]["kind"] is None
    assert all(m["kind"] in ("exact", "near", "contains") for m in subway["members"][1:])
    text = invoke("--db", db, "copies").stdout
    assert subway["original"] in text and "original" in text
    records = [json.loads(line) for line in invoke("--db", db, "export", "articles").stdout.splitlines()]
    copies = [r for r in records if r["copy_of"]]
    assert {r["copy_of"] for r in copies} >= {subway["original"]}
    assert all(r["copy_kind"] and 0 < r["copy_similarity"] <= 1 for r in copies)
    assert all(r["copy_kind"] is None for r in records if not r["copy_of"])


def test_ingest_timings_say_where_the_time_went(db, tmp_path):
    timings = tmp_path / "timings.json"
    articles = str(DEV_DATA / "news_cluster_dev/articles.jsonl")
    result = invoke("--db", db, "ingest", articles, "--timings", str(timings))
    assert result.exit_code == 0
    figures = json.loads(timings.read_text())
    assert figures["articles_new"] == 122 and figures["failed"] == 0
    stages = figures["stages"]
    assert {"read", "clean", "store", "copies", "stories"} <= set(stages)
    assert stages["stories"]["wall_s"] > 0 and stages["read"]["calls"] == 2  # one chunk, then the end
    assert sum(s["wall_s"] for s in stages.values()) <= figures["wall_s"] + 0.01  # the stages do not overlap


@pytest.mark.parametrize("where", ["missing/t.json", "."])
def test_unwritable_timings_fail_with_one_line_after_storing(db, tmp_path, where):
    result = invoke("--db", db, "ingest", str(EXAMPLES), "--timings", str(tmp_path / where))
    assert result.exit_code == 1
    assert "cannot write timings" in result.output and "Traceback" not in result.output
    assert invoke("--db", db, "ingest", str(EXAMPLES)).output.strip() == "0 new, 2 already known, 0 failed"


def test_ingest_refuses_a_loopback_url_unless_allowed(db):
    """The refused URL is one line and exit 1, the other input is stored; --allow-private stores the page."""
    with serve({"/page.html": page(article_html("Harbour Bridge Reopens After Repairs", "harbour"))}) as site:
        url = f"{site.base}/page.html"
        refused = CliRunner().invoke(main, ["--db", db, "ingest", url, str(EXAMPLE_A)])
        assert site.requests == []
        allowed = CliRunner().invoke(main, ["--db", db, "ingest", "--allow-private", url, str(EXAMPLE_A)])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        f"newsweave: {url}: refusing to fetch {url}: 127.0.0.1 is a loopback address "
        "(pass --allow-private to allow)"
    ]
    assert refused.stdout.strip() == "1 new, 0 already known, 1 failed"
    assert allowed.exit_code == 0, allowed.stderr
    assert allowed.stdout.strip() == "1 new, 1 already known, 0 failed"
    assert exported(db)["Harbour Bridge Reopens After Repairs"]["url"] == url


def test_extract_fetches_a_loopback_url_only_with_allow_private():
    with serve({"/page.html": page(article_html("Harbour Bridge Reopens After Repairs", "harbour"))}) as site:
        url = f"{site.base}/page.html"
        refused = CliRunner().invoke(main, ["extract", url])
        allowed = invoke("extract", "--allow-private", "--format", "jsonl", url)
    assert refused.exit_code == 1
    assert len(refused.stderr.splitlines()) == 1 and "is a loopback address" in refused.stderr
    assert json.loads(allowed.stdout)["title"] == "Harbour Bridge Reopens After Repairs"


@pytest.mark.parametrize("command", ["ingest", "extract", "read", "compare"])
def test_every_command_that_fetches_offers_allow_private(command):
    assert "--allow-private" in invoke(command, "--help").stdout


def _holding_ingest(db: str) -> subprocess.Popen:
    """``newsweave ingest -`` in another process, returned once it holds the store.

    It reads its standard input to the end inside the lock, so it holds the
    store until the test has written and closed that input: the second ingest
    cannot start too late to find it busy.
    """
    command = [sys.executable, "-m", "newsweave", "--db", db, "-q", "ingest", "-"]
    writer = subprocess.Popen(command, stdin=subprocess.PIPE)
    lock = Path(f"{db}.lock")
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip() == str(writer.pid)):
        assert time.monotonic() < deadline and writer.poll() is None, "the first ingest never took the store"
        time.sleep(0.05)
    return writer


def _synthetic_corpus(count: int) -> bytes:
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import synthesize

    return "".join(json.dumps(r) + "\n" for r in synthesize(count, distinct=0.25)).encode()


def test_a_second_ingest_is_refused_while_one_writes_and_queues_with_wait(db):
    writer = _holding_ingest(db)
    refused = newsweave("--db", db, "ingest", str(EXAMPLES))
    assert refused.returncode == 75
    message = refused.stderr.decode().strip()
    assert message.count("\n") == 0 and f"another ingest or import (pid {writer.pid})" in message
    assert "--wait" in message
    command = [sys.executable, "-m", "newsweave", "--db", db, "-q", "ingest", "--wait", str(EXAMPLES)]
    queued = subprocess.Popen(command, stderr=subprocess.PIPE)
    time.sleep(1.0)
    assert queued.poll() is None, "the queued ingest must wait while the first holds the store"
    writer.communicate(_synthetic_corpus(120), timeout=300)
    assert writer.returncode == 0
    assert queued.wait(timeout=300) == 0, queued.stderr.read()
    with sqlite3.connect(db) as stored:
        where = "FROM articles WHERE origin"
        last_of_first = stored.execute(f"SELECT max(seq) {where} = '-'")
        first_of_queued = stored.execute(f"SELECT min(seq), count(*) {where} LIKE '%examples%'")
        assert last_of_first.fetchone()[0] == 120
        assert first_of_queued.fetchone() == (121, len(list(EXAMPLES.iterdir())))
