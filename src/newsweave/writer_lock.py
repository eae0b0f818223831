"""One bulk writer per store at a time: ingest and import take this lock.

SQLite already serialises transactions, so two ingests at once would not
corrupt a store, but each keeps what it learned when it started in memory: the
copy index, the stories, the line counts.  Two of them side by side would miss
copies between their articles and split stories that one ingest would have
joined, so the second is refused (or, asked to, waits) instead.

The lock is an ``flock`` on a file beside the database (``<db>.lock``), never on
the database file itself: closing any other descriptor of that file would drop
SQLite's own POSIX locks.  The kernel releases an ``flock`` when its holder
dies, even by ``kill -9``, so a crash never leaves a stale lock behind; the file
itself stays, empty of meaning, and is reused by the next writer.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsweave.store import StoreError

IN_MEMORY = ":memory:"


class StoreBusy(StoreError):
    """Another ingest or import is writing to the store.

    The message says so and no more: what to do about it differs between the
    command line (``--wait``) and the web API (retry later).
    """

    def __init__(self, db: str | Path, holder: str) -> None:
        self.holder = holder
        who = f" (pid {holder})" if holder else ""
        super().__init__(f"{db}: another ingest or import{who} is writing to this store")


def lock_path(db: str | Path) -> Path:
    """The lock file of the store at ``db``: beside the real file, whatever symlink names it."""
    return Path(f"{Path(db).resolve()}.lock")


@contextmanager
def writer_lock(db: str | Path, wait: bool = False) -> Iterator[None]:
    """Hold the store's writer lock; raise StoreBusy when another writer holds it and ``wait`` is false."""
    if str(db) == IN_MEMORY:
        yield
        return
    path = lock_path(db)
    descriptor = _open_lock_file(db, path)
    try:
        _acquire(descriptor, db, wait)
        _write_holder(descriptor)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _open_lock_file(db: str | Path, path: Path) -> int:
    """The lock file, opened without following a symlink: writing our pid truncates it.

    In a folder others can write to, a planted ``news.db.lock`` link to one of
    the user's files would otherwise be emptied by every ingest.
    """
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        reason = "it is a symbolic link" if error.errno == errno.ELOOP else error.strerror or error
        raise StoreError(f"{db}: cannot open the lock file {path} ({reason})") from error
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise StoreError(f"{db}: the lock file {path} is not a regular file")
    return descriptor


def _acquire(descriptor: int, db: str | Path, wait: bool) -> None:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise StoreBusy(db, _read_holder(descriptor)) from None


def _write_holder(descriptor: int) -> None:
    """Note our pid in the file, so that a refused writer can say who holds the store."""
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)


def _read_holder(descriptor: int) -> str:
    text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return text if text.isdigit() else ""
