"""The store's writer lock: one ingest or import at a time, never a stale lock after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from newsweave.pipeline import ingest
from newsweave.store import Store, StoreError
from newsweave.writer_lock import StoreBusy, lock_path, writer_lock
from support import EXAMPLES

HOLD = (
    "import sys, time\n"
    "from newsweave.writer_lock import writer_lock\n"
    "with writer_lock(sys.argv[1]):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(60)\n"
)


def _holder(db: str) -> subprocess.Popen:
    """Another process holding the lock, as a running ingest would."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, db], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_second_writer_is_refused_naming_the_holder(tmp_path):
    db = str(tmp_path / "news.db")
    holder = _holder(db)
    try:
        busy = rf"news\.db: another ingest or import \(pid {holder.pid}\) is writing to this store$"
        with pytest.raises(StoreBusy, match=busy), writer_lock(db):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_kill_9_of_the_holder_frees_the_lock_at_once(tmp_path):
    db = str(tmp_path / "news.db")
    holder = _holder(db)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert lock_path(db).exists()
    with writer_lock(db):  # the file is left, but the kernel dropped the lock with its holder
        pass


def test_with_wait_a_writer_queues_behind_the_holder(tmp_path):
    db = str(tmp_path / "news.db")
    order: list[str] = []
    with writer_lock(db):
        waiter = threading.Thread(target=lambda: _wait_and_note(db, order))
        waiter.start()
        time.sleep(0.3)
        order.append("first done")
    waiter.join(timeout=10)
    assert order == ["first done", "second"]


def _wait_and_note(db: str, order: list[str]) -> None:
    with writer_lock(db, wait=True):
        order.append("second")


def test_ingest_takes_the_lock_and_leaves_nothing_when_refused(tmp_path):
    db = str(tmp_path / "news.db")
    with Store(db) as store:
        with writer_lock(db), pytest.raises(StoreBusy):
            ingest(store, [str(EXAMPLES)])
        assert store.count() == 0
        summary = ingest(store, [str(EXAMPLES)])
        assert summary.new == store.count() > 0


def test_an_in_memory_store_needs_no_lock_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with writer_lock(":memory:"), writer_lock(":memory:"):
        pass
    assert not any(tmp_path.iterdir())


def test_a_lock_file_that_cannot_be_opened_is_one_clear_store_error(tmp_path):
    db = str(tmp_path / "news.db")
    lock_path(db).mkdir()  # even root cannot open a directory for writing
    unopenable = r"news\.db: cannot open the lock file .*news\.db\.lock"
    with pytest.raises(StoreError, match=unopenable), writer_lock(db):
        pass


def test_a_planted_symlink_as_lock_file_is_refused_and_its_target_left_alone(tmp_path):
    precious = tmp_path / "notes.txt"
    precious.write_text("keep me")
    db = tmp_path / "news.db"
    (tmp_path / "news.db.lock").symlink_to(precious)
    refused = r"cannot open the lock file .*news\.db\.lock \(it is a symbolic link\)$"
    with pytest.raises(StoreError, match=refused), writer_lock(db):
        pass
    assert precious.read_text() == "keep me"


def test_a_store_named_through_a_symlink_shares_the_real_store_lock(tmp_path):
    real = tmp_path / "data"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    assert lock_path(tmp_path / "link" / "news.db") == real / "news.db.lock"
    with writer_lock(real / "news.db"), pytest.raises(StoreBusy), writer_lock(tmp_path / "link" / "news.db"):
        pass
