"""What every command shares: the Context's store, one-line failures and exit codes."""

from __future__ import annotations

import sqlite3

import pytest

from newsweave.cli_common import Context, fail, report
from newsweave.model import Failure
from newsweave.store import SCHEMA_VERSION, Store


def test_fail_prints_one_line_on_stderr_and_exits(capsys):
    with pytest.raises(SystemExit) as raised:
        fail("something broke")
    assert raised.value.code == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "newsweave: something broke\n")
    with pytest.raises(SystemExit) as raised:
        fail("bad usage", 2)
    assert raised.value.code == 2


def test_report_prints_the_failure_and_goes_on(capsys):
    report(Failure("pairs.jsonl:3", "not a JSON object"))
    assert capsys.readouterr().err == "newsweave: pairs.jsonl:3: not a JSON object\n"


def test_context_keeps_options_and_opens_then_closes_the_store(tmp_path):
    path = str(tmp_path / "news.db")
    context = Context(path, quiet=True)
    assert (context.db, context.quiet) == (path, True)
    with context.store() as store:
        assert isinstance(store, Store) and store.schema_version == SCHEMA_VERSION
        db = store.db
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")  # closed on leaving


def test_store_is_closed_when_the_command_fails(tmp_path):
    context = Context(str(tmp_path / "news.db"), quiet=False)
    with pytest.raises(RuntimeError), context.store() as store:
        db = store.db
        raise RuntimeError("command failed")
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")


@pytest.mark.parametrize("kind", ["not-a-database", "newer-schema"])
def test_unopenable_store_exits_one_with_one_line(tmp_path, capsys, kind):
    path = tmp_path / "news.db"
    if kind == "not-a-database":
        path.write_bytes(b"this is not sqlite at all" * 100)
    else:
        with Store(path) as store:
            store.db.execute("PRAGMA user_version = 99")
    with pytest.raises(SystemExit) as raised, Context(str(path), quiet=False).store():
        pytest.fail("the body must not run")
    assert raised.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"newsweave: {path}: ")
    assert ("cannot open store" in err) if kind == "not-a-database" else ("newer than this newsweave" in err)


def test_a_store_busy_with_another_ingest_exits_75_with_one_line(tmp_path, capsys):
    from newsweave.cli_common import BUSY_EXIT
    from newsweave.pipeline import ingest
    from newsweave.writer_lock import writer_lock
    from support import EXAMPLES

    db = str(tmp_path / "news.db")
    with writer_lock(db), pytest.raises(SystemExit) as raised, Context(db, quiet=True).store() as store:
        ingest(store, [str(EXAMPLES)])
    assert raised.value.code == BUSY_EXIT == 75
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and "another ingest or import" in message
    assert message.endswith("; try again when it has finished\n")
