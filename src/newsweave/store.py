"""The SQLite store: articles, their full-text index and what cleaning has learned.

SQLite in WAL mode lets readers (``serve``, ``search``) work while an ingest
writes.  The schema is versioned with ``PRAGMA user_version`` and upgraded by
numbered migrations when a store is opened, so an older store keeps working.
Articles are written in transactions that hold whole articles only: a crash
leaves each article either fully stored or absent.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsweave.model import Article

MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE articles (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            external_id TEXT,
            url TEXT,
            source TEXT,
            title TEXT,
            description TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            published TEXT,
            language TEXT,
            text TEXT NOT NULL,
            removed_lines TEXT NOT NULL DEFAULT '[]',
            related_headlines TEXT NOT NULL DEFAULT '[]',
            subheadings TEXT NOT NULL DEFAULT '[]',
            sentences TEXT NOT NULL DEFAULT '[]',
            origin TEXT,
            position TEXT,
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_published ON articles(published)",
        "CREATE INDEX articles_source ON articles(source)",
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END""",
        """CREATE TABLE source_lines (
            source TEXT NOT NULL,
            line_key TEXT NOT NULL,
            articles INTEGER NOT NULL,
            PRIMARY KEY (source, line_key)
        ) WITHOUT ROWID""",
    ],
]
MIGRATIONS.append([
    "ALTER TABLE articles ADD COLUMN copy_of TEXT",
    "ALTER TABLE articles ADD COLUMN copy_kind TEXT",
    "ALTER TABLE articles ADD COLUMN copy_similarity REAL",
    "ALTER TABLE articles ADD COLUMN copy_containment REAL",
    "ALTER TABLE articles ADD COLUMN copy_match TEXT",
    "CREATE INDEX articles_copy_of ON articles(copy_of)",
    "CREATE TABLE copy_keys (seq INTEGER PRIMARY KEY, keys BLOB NOT NULL)",
])
MIGRATIONS.append([
    "ALTER TABLE articles ADD COLUMN story TEXT",
    "ALTER TABLE articles ADD COLUMN story_score REAL",
    "CREATE INDEX articles_story ON articles(story)",
    """CREATE TABLE story_features (
        seq INTEGER PRIMARY KEY, embedding BLOB NOT NULL, words BLOB NOT NULL, names BLOB NOT NULL
    )""",
    """CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        embedding BLOB NOT NULL,
        words BLOB NOT NULL,
        names BLOB NOT NULL,
        languages TEXT NOT NULL,
        first_day REAL,
        last_day REAL,
        labels TEXT NOT NULL,
        representative TEXT
    )""",
    "CREATE TABLE story_terms (bucket INTEGER PRIMARY KEY, documents INTEGER NOT NULL)",
])
MIGRATIONS.append([
    "CREATE TABLE readings (article TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, reading TEXT NOT NULL)",
])
SCHEMA_VERSION = len(MIGRATIONS)

_LIST_FIELDS = ("authors", "removed_lines", "related_headlines", "subheadings")
_COLUMNS = (
    "id", "external_id", "url", "source", "title", "description", "authors", "published",
    "language", "text", "removed_lines", "related_headlines", "subheadings", "sentences",
    "origin", "position", "copy_of", "copy_kind", "copy_similarity", "copy_containment", "copy_match",
    "story", "story_score",
)
_INSERT = (
    f"INSERT INTO articles ({', '.join(_COLUMNS)}, ingested_at) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)}, ?) ON CONFLICT (id) DO NOTHING"
)
# New rows are indexed in bulk after each batch: FTS5 indexes a batch of rows
# about twice as fast this way as through a per-row trigger.
_INDEX_NEW = (
    "INSERT INTO articles_fts(rowid, title, text) SELECT seq, title, text FROM articles WHERE seq > ?"
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM articles"
_FTS_WORD = re.compile(r"\w+", re.UNICODE)


# SQLite allows a limited number of parameters per statement; IN lists go in slices this long.
IN_LIST_SIZE = 500


def rows_in(db: sqlite3.Connection, sql: str, values: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``sql`` for every value, its ``{marks}`` standing for an IN list of a slice of them."""
    for start in range(0, len(values), IN_LIST_SIZE):
        chunk = list(values[start:start + IN_LIST_SIZE])
        yield from db.execute(sql.format(marks=",".join("?" for _ in chunk)), chunk)


class StoreError(Exception):
    """The store cannot be opened or is newer than this newsweave."""


@dataclass(frozen=True)
class SearchHit:
    """One full-text search result with a highlighted snippet."""

    article: Article
    snippet: str
    rank: float


@dataclass(frozen=True)
class SearchFilters:
    """What narrows a search: published on or after ``since`` and before or on ``until`` (ISO
    dates), from ``source``, in ``language``."""

    since: str | None = None
    until: str | None = None
    source: str | None = None
    language: str | None = None

    def sql(self) -> tuple[str, list[str]]:
        """The extra WHERE conditions and their values."""
        conditions, values = [], []
        if self.since:
            conditions.append("a.published >= ?")
            values.append(self.since)
        if self.until:
            conditions.append("substr(a.published, 1, 10) <= ?")
            values.append(self.until[:10])
        for column, value in (("source", self.source), ("language", self.language)):
            if value:
                conditions.append(f"a.{column} = ?")
                values.append(value)
        return "".join(f" AND {condition}" for condition in conditions), values


# How long a write waits for another process's transaction before failing.
BUSY_TIMEOUT_MS = 30_000


class Store:
    """An open newsweave store.  Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, wait_to_cache: bool = True) -> None:
        """Open (creating or migrating) the store at ``path``.

        ``wait_to_cache`` false: a cache write (readings) that would wait for an
        ingest's transaction is skipped instead, the result served uncached.  The
        web server opens stores so: a page must not wait for a batch to commit.
        """
        self.path = Path(path)
        self.wait_to_cache = wait_to_cache
        try:
            # One request or command uses a store at a time, but a web framework may open it in one
            # thread and close it in another; SQLite allows that when nothing runs concurrently.
            self.db = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open store ({error})") from error

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema {version} is newer than this newsweave ({SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[number]:
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        """The schema version this store is at."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored."""
        sql = "SELECT id FROM articles WHERE id IN ({marks})"
        return {row[0] for row in rows_in(self.db, sql, list(ids))}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; joins the enclosing one when already inside it."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def add_articles(
        self, articles: Iterable[Article], line_counts: dict[tuple[str, str], int] | None = None
    ) -> int:
        """Store cleaned articles and learned line counts in one transaction.

        Returns how many articles were new; already stored ids are left as they are.
        """
        return len(self.insert_articles(articles, line_counts))

    def insert_articles(
        self, articles: Iterable[Article], line_counts: dict[tuple[str, str], int] | None = None
    ) -> dict[str, int]:
        """Like ``add_articles``; returns the new articles' ids with their arrival numbers."""
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        rows = [(*_article_row(article), now) for article in articles]
        with self.transaction():
            last_seq = self.db.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
            self.db.executemany(_INSERT, rows)
            self.db.execute(_INDEX_NEW, (last_seq,))
            if line_counts:
                self.db.executemany(
                    "INSERT INTO source_lines (source, line_key, articles) VALUES (?, ?, ?) "
                    "ON CONFLICT (source, line_key) DO UPDATE SET articles = articles + excluded.articles",
                    [(source, key, count) for (source, key), count in line_counts.items()],
                )
            new = self.db.execute("SELECT id, seq FROM articles WHERE seq > ?", (last_seq,))
            return dict(new.fetchall())

    def line_counts(self, source: str) -> dict[str, int]:
        """How many stored articles of ``source`` carry each short line."""
        rows = self.db.execute("SELECT line_key, articles FROM source_lines WHERE source = ?", (source,))
        return dict(rows.fetchall())

    def count(self) -> int:
        """Number of stored articles."""
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def get(self, article_id: str) -> Article | None:
        """The stored article with this id (or unique id prefix), else None."""
        row = self.db.execute(f"{_SELECT} WHERE id = ?", (article_id,)).fetchone()
        if row is None and 4 <= len(article_id) < 16:
            rows = self.db.execute(
                f"{_SELECT} WHERE id >= ? AND id < ? LIMIT 2", (article_id, article_id + "\uffff")
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return _row_article(row) if row else None

    def get_many(self, ids: Iterable[str]) -> list[Article]:
        """The stored articles with these exact ids, in arrival order."""
        sql = f"SELECT seq, {', '.join(_COLUMNS)} FROM articles WHERE id IN ({{marks}})"
        rows = sorted(rows_in(self.db, sql, list(dict.fromkeys(ids))))
        return [_row_article(row[1:]) for row in rows]

    def articles(self, limit: int | None = None, offset: int = 0) -> Iterator[Article]:
        """Stored articles, newest publication first, undated ones last by arrival."""
        sql = f"{_SELECT} ORDER BY published IS NULL, published DESC, seq DESC LIMIT ? OFFSET ?"
        for row in self.db.execute(sql, (-1 if limit is None else limit, offset)):
            yield _row_article(row)

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article in arrival order, streamed."""
        for row in self.db.execute(f"{_SELECT} ORDER BY seq"):
            yield _row_article(row)

    def search(self, query: str, limit: int = 20, filters: SearchFilters | None = None,
               marks: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        """Full-text search over titles and texts, best match first.

        The query may use FTS5 syntax (phrases, AND/OR/NOT, prefix*); anything
        that is not valid FTS5 is searched as plain words instead.  ``filters``
        narrow by publication date, source and language; ``marks`` surround the
        matched words in the snippet.
        """
        filters = filters or SearchFilters()
        try:
            return self._search(query, limit, filters, marks)
        except sqlite3.OperationalError:
            words = _FTS_WORD.findall(query)
            if not words:
                return []
            return self._search(" ".join(f'"{word}"' for word in words), limit, filters, marks)

    def _search(self, query: str, limit: int, filters: SearchFilters,
                marks: tuple[str, str]) -> list[SearchHit]:
        columns = ", ".join(f"a.{name}" for name in _COLUMNS)
        where, values = filters.sql()
        sql = (
            f"SELECT {columns}, snippet(articles_fts, 1, ?, ?, ' … ', 12), bm25(articles_fts, 5.0, 1.0) "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            f"WHERE articles_fts MATCH ?{where} ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?"
        )
        rows = self.db.execute(sql, (*marks, query, *values, limit)).fetchall()
        return [SearchHit(_row_article(row[:-2]), " ".join(row[-2].split()), row[-1]) for row in rows]


def open_store(path: str | Path) -> Store:
    """Open (creating or upgrading as needed) the store at ``path``."""
    return Store(path)


def _article_row(article: Article) -> tuple[Any, ...]:
    """The article's values in ``_COLUMNS`` order, lists as JSON text."""
    a = article
    return (
        a.id, a.external_id, a.url, a.source, a.title, a.description, _json(a.authors), a.published,
        a.language, a.text, _json(a.removed_lines), _json(a.related_headlines), _json(a.subheadings),
        _json(a.sentences), a.origin, a.position, a.copy_of, a.copy_kind, a.copy_similarity,
        a.copy_containment, a.copy_match, a.story, a.story_score,
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _row_article(row: tuple[Any, ...]) -> Article:
    data = dict(zip(_COLUMNS, row, strict=True))
    for name in _LIST_FIELDS:
        data[name] = json.loads(data[name])
    data["sentences"] = [tuple(span) for span in json.loads(data["sentences"])]
    return Article(**data)
