"""``newsweave import DIR`` end to end: one summary line, a store the other commands read,
and one error line (exit 1, no traceback) for a bad folder or a store already in use."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.cli_import import import_command
from newsweave.store import Store
from test_importing import IMPORTED, dev_records, spark_result, truncate_last_part, wrong_format

if "import" not in main.commands:  # until cli.py registers it
    main.add_command(import_command)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> Path:
    records = dev_records()
    return spark_result(tmp_path_factory.mktemp("spark"), [records[key] for key in IMPORTED])


@pytest.fixture
def broken(result, tmp_path) -> Path:
    return Path(shutil.copytree(result, tmp_path / "broken"))


def test_import_prints_one_line_and_the_store_lists_its_stories(result, tmp_path):
    db = str(tmp_path / "news.db")
    run = invoke("--db", db, "import", str(result))
    assert run.exit_code == 0, run.output
    stories = [json.loads(line) for line in invoke("--db", db, "stories", "--json").stdout.splitlines()]
    copies = sum(1 for _ in invoke("--db", db, "copies", "--json").stdout.splitlines())
    assert (
        run.stdout == f"imported {len(IMPORTED)} articles, 2 copies, {len(stories)} stories from {result}\n"
    )
    assert copies == 1 and len(stories) >= 3
    assert sum(story["article_count"] for story in stories) == len(IMPORTED)
    assert len(invoke("--db", db, "articles", "--limit", "0").stdout.splitlines()) == len(IMPORTED)


def test_quiet_import_prints_nothing(result, tmp_path):
    run = invoke("--db", str(tmp_path / "news.db"), "--quiet", "import", str(result))
    assert run.exit_code == 0 and run.stdout == "" and run.stderr == ""


def test_a_missing_folder_fails_in_one_line_without_creating_the_store(tmp_path):
    db = tmp_path / "news.db"
    run = invoke("--db", str(db), "import", str(tmp_path / "nowhere"))
    assert run.exit_code == 1
    assert run.stderr == f"newsweave: {tmp_path / 'nowhere'}: no such folder\n"
    assert not db.exists()


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (
            wrong_format,
            "not a newsweave Spark result (format 'newsweave.spark/0', expected 'newsweave.spark/1')",
        ),
        (truncate_last_part, "articles/part-00002-0f1e2d3c-c000.snappy.parquet is not readable Parquet ("),
    ],
)
def test_a_bad_folder_fails_in_one_line_and_stores_nothing(broken, tmp_path, damage, reason):
    damage(broken)
    db = str(tmp_path / "news.db")
    run = invoke("--db", db, "import", str(broken))
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr.startswith(f"newsweave: {broken}: {reason}") and run.stderr.count("\n") == 1
    assert "Traceback" not in run.output
    with Store(db) as store:
        assert store.count() == 0


def test_a_store_with_articles_is_refused(result, tmp_path):
    db = str(tmp_path / "news.db")
    assert invoke("--db", db, "--quiet", "import", str(result)).exit_code == 0
    run = invoke("--db", db, "import", str(result))
    assert run.exit_code == 1
    assert run.stderr == (
        f"newsweave: {result}: the store already holds {len(IMPORTED)} articles; import into a new store\n"
    )


def test_an_import_while_another_writer_holds_the_store_exits_75_and_imports_nothing(result, tmp_path):
    from newsweave.writer_lock import writer_lock

    db = str(tmp_path / "news.db")
    with writer_lock(db):
        run = invoke("--db", db, "import", str(result))
    assert run.exit_code == 75
    assert run.stderr == (
        f"newsweave: {db}: another ingest or import (pid {os.getpid()}) is writing to this store; "
        "try again when it has finished\n"
    )
    with Store(db) as store:
        assert store.count() == 0
