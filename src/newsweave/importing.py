"""Load the result of the Spark job (a folder of Parquet tables) into a new store.

The Spark job does what ``ingest`` does, on many machines: clean, link copies,
place stories.  Its result only becomes useful to the web UI, the briefs and
later ingests once it sits in the SQLite store exactly as ``ingest`` would have
left it, so this module writes the same tables: articles (with their copy links
and stories), the copy band keys, each placed article's features, the stories'
running sums and the term and line counts they were computed with.

The stories and document frequencies of the result are computed over its own
articles only, so the import goes into an empty store and nowhere else, and it
is one transaction: an import that fails half way leaves the store as it was.
Articles stream in batches, so a large result never sits in memory as Python
objects at once; only one running sum per story is held.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsweave.copies.signature import BANDS
from newsweave.copies.storage import CopyStore
from newsweave.model import Article
from newsweave.store import Store
from newsweave.stories.embed import DIMENSIONS
from newsweave.stories.features import Features
from newsweave.stories.profile import Profile
from newsweave.stories.storage import StoryStore
from newsweave.stories.terms import BUCKETS, name_id
from newsweave.writer_lock import writer_lock

if TYPE_CHECKING:
    import pyarrow as pa

FORMAT = "newsweave.spark/1"
MANIFEST = "manifest.json"
# Rows converted to Python objects at a time: a few MB of text, and few enough SQLite calls.
BATCH_ROWS = 512
ProgressHandler = Callable[[int], None]

# The columns read from each table, with the Arrow type each is cast to.  Spark's own
# types (int64 where int32 is asked, ``element`` list fields) cast to these losslessly.
_ARTICLE_FIELDS = (
    "id external_id url source title description published language text origin position "
    "copy_of copy_kind copy_similarity copy_containment copy_match story story_score"
).split()
_LIST_FIELDS = "authors removed_lines related_headlines subheadings".split()
ARTICLE_COLUMNS: dict[str, str] = {
    **dict.fromkeys(_ARTICLE_FIELDS, "string"),  # the three scores are doubles, set next
    **dict.fromkeys(["copy_similarity", "copy_containment", "story_score"], "double"),
    **dict.fromkeys([*_LIST_FIELDS, "labels"], "list<string>"),
    **dict.fromkeys(["copy_keys", "embedding", "words", "names"], "binary"),
    "sentences": "list<list<int32>>",
    "arrival": "int64",
}
STORY_COLUMNS = {"id": "string", "representative": "string"}
TERM_COLUMNS = {"bucket": "int32", "documents": "int64"}
LINE_COLUMNS = {"source": "string", "line_key": "string", "articles": "int64"}
TABLES = ("articles", "stories", "terms", "source_lines")
COUNTED = ("articles", "copies", "stories")  # the manifest's counts checked against the tables
_KEYS_BYTES = BANDS * 4
_EMBEDDING_BYTES = DIMENSIONS * 2


class SparkImportError(Exception):
    """The Spark result cannot be imported; the message names the folder and says why, in one line."""


@dataclass(frozen=True)
class ImportSummary:
    """What one import stored."""

    articles: int
    copies: int
    stories: int

    def line(self, folder: str | Path) -> str:
        """The one-line summary the command line prints."""
        counts = f"{self.articles} articles, {self.copies} copies, {self.stories} stories"
        return f"imported {counts} from {folder}"


@dataclass(frozen=True)
class SparkResult:
    """A checked Spark result folder: its manifest, and its tables' part files in order."""

    folder: Path
    manifest: dict[str, Any]
    parts: dict[str, list[Path]]

    def error(self, reason: str) -> SparkImportError:
        return SparkImportError(f"{self.folder}: {reason}")


def open_result(folder: str | Path) -> SparkResult:
    """Check that ``folder`` holds a Spark result this newsweave reads; raise SparkImportError if not.

    Only the manifest and the folder layout are read here, so a wrong folder is
    refused before a store is created or opened.
    """
    _pyarrow()
    path = Path(folder)
    if not path.is_dir():
        raise SparkImportError(f"{folder}: no such folder")
    manifest = _manifest(path)
    missing = [name for name in TABLES if not (path / name).is_dir()]
    if missing:
        raise SparkImportError(f"{folder}: {', '.join(f'{name}/' for name in missing)} missing")
    return SparkResult(path, manifest, {name: _part_files(path / name) for name in TABLES})


def import_spark(
    store: Store, folder: str | Path | SparkResult, on_progress: ProgressHandler | None = None
) -> ImportSummary:
    """Load the Spark result in ``folder`` into ``store``, which must hold no articles yet.

    Everything is written in one transaction: on any error (raised as
    SparkImportError) the store is left as it was.  Like ingest, it holds the
    store's writer lock (StoreBusy while an ingest runs).
    """
    result = folder if isinstance(folder, SparkResult) else open_result(folder)
    pa = _pyarrow()
    with writer_lock(store.path), store.transaction():
        held = store.count()
        if held:
            raise result.error(f"the store already holds {held} articles; import into a new store")
        try:
            return _Import(store, result, on_progress).run()
        except (pa.ArrowException, OSError) as error:
            raise result.error(f"cannot read the Parquet tables ({_one_line(error)})") from error


def _manifest(folder: Path) -> dict[str, Any]:
    """The parsed manifest, refused unless it names this format and gives the counts checked at the end."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SparkImportError(f"{folder}: not a newsweave Spark result (no {MANIFEST})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SparkImportError(f"{folder}: cannot read {MANIFEST} ({_one_line(error)})") from error
    found = manifest.get("format") if isinstance(manifest, dict) else None
    if found != FORMAT:
        reason = f"format {found!r}, expected {FORMAT!r}"
        raise SparkImportError(f"{folder}: not a newsweave Spark result ({reason})")
    counts = manifest.get("counts")
    numbers = {f"counts.{name}": counts.get(name) if isinstance(counts, dict) else None for name in COUNTED}
    numbers["documents"] = manifest.get("documents")
    lacking = [name for name, value in numbers.items() if not isinstance(value, int) or value < 0]
    if lacking:
        raise SparkImportError(f"{folder}: {MANIFEST} lacks {', '.join(lacking)}")
    return manifest


def _part_files(table: Path) -> list[Path]:
    """A table's data files in name order, which is Spark's partition order (so arrival order).

    Spark's ``_SUCCESS`` and ``.crc`` files are skipped, as pyarrow skips them.
    """
    return sorted(p for p in table.iterdir() if p.is_file() and not p.name.startswith(("_", ".")))


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # loads the Parquet reader as ``pyarrow.parquet``
    except ImportError as error:
        raise SparkImportError("import needs pyarrow: pip install 'newsweave[parquet]'") from error
    return pyarrow


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _batches(result: SparkResult, table: str, columns: dict[str, str]) -> Iterator[pa.Table]:
    """The table's rows, ``BATCH_ROWS`` at a time, in file and row order, cast to ``columns``."""
    pa = _pyarrow()
    schema = pa.schema([(name, _arrow_type(pa, kind)) for name, kind in columns.items()])
    for path in result.parts[table]:
        where = f"{table}/{path.name}"
        try:
            parquet = pa.parquet.ParquetFile(path)
            lacking = [name for name in columns if name not in parquet.schema_arrow.names]
            if lacking:
                raise result.error(f"{where} lacks column(s) {', '.join(lacking)}")
            for batch in parquet.iter_batches(BATCH_ROWS, columns=list(columns)):
                yield _cast(pa, result, where, pa.Table.from_batches([batch]).select(list(columns)), schema)
        except (pa.ArrowException, OSError) as error:
            raise result.error(f"{where} is not readable Parquet ({_one_line(error)})") from error


def _cast(pa: Any, result: SparkResult, where: str, rows: pa.Table, schema: pa.Schema) -> pa.Table:
    try:
        return rows.cast(schema)
    except pa.ArrowException as error:
        raise result.error(f"{where} has unexpected types ({_one_line(error)})") from error


def _arrow_type(pa: Any, kind: str) -> pa.DataType:
    if kind.startswith("list<"):
        return pa.list_(_arrow_type(pa, kind[5:-1]))
    return {
        "string": pa.string(),
        "binary": pa.binary(),
        "double": pa.float64(),
        "int32": pa.int32(),
        "int64": pa.int64(),
    }[kind]


@dataclass
class _Counts:
    """What the import has stored so far, to check against the manifest."""

    articles: int = 0
    copies: int = 0
    placed: int = 0
    last_arrival: int | None = None
    stories_named: set[str] = field(default_factory=set)


class _Import:
    """One import into an empty store, inside the caller's transaction."""

    def __init__(self, store: Store, result: SparkResult, on_progress: ProgressHandler | None) -> None:
        self.store = store
        self.result = result
        self.copies = CopyStore(store)
        self.records = StoryStore(store)
        self.on_progress = on_progress
        self.counts = _Counts()
        self.profiles: dict[str, Profile] = {}

    def run(self) -> ImportSummary:
        for batch in _batches(self.result, "articles", ARTICLE_COLUMNS):
            self._articles(batch.to_pylist())
        self._terms()
        self._source_lines()
        representatives = self._stories_listed()
        self._check_counts(representatives)
        self._save_profiles(representatives)
        return ImportSummary(self.counts.articles, self.counts.copies, len(self.profiles))

    # -- articles ------------------------------------------------------------

    def _articles(self, rows: list[dict[str, Any]]) -> None:
        """Store one batch of articles with their copy keys and features, as ingest stores a chunk."""
        articles = [self._article(row) for row in rows]
        seqs = self.store.insert_articles(articles)
        if len(seqs) != len(articles):
            raise self.result.error(f"article {_repeated(articles, seqs)} is in articles/ twice")
        self.copies.save_keys(
            (seqs[row["id"]], self._copy_keys(row)) for row in rows if row["copy_keys"] is not None
        )
        placed_rows = [row for row in rows if row["embedding"] is not None]
        placed = [(row["id"], self._features(row)) for row in placed_rows]
        self.records.save_features(placed)
        for row, (key, features) in zip(placed_rows, placed, strict=True):
            self._place(key, row["story"], row["story_score"], features)
        self.counts.articles += len(articles)
        self.counts.copies += sum(1 for article in articles if article.copy_of)
        self.counts.placed += len(placed)
        self.counts.stories_named.update(article.story for article in articles if article.story)
        if self.on_progress:
            self.on_progress(len(articles))

    def _article(self, row: dict[str, Any]) -> Article:
        if not row["id"] or row["text"] is None:
            raise self.result.error(f"an article in articles/ has no {'id' if not row['id'] else 'text'}")
        arrival = row["arrival"]
        if arrival is None or (self.counts.last_arrival is not None and arrival <= self.counts.last_arrival):
            raise self.result.error(f"articles/ is not in arrival order at article {row['id']}")
        self.counts.last_arrival = arrival
        values = {name: row[name] for name in _ARTICLE_FIELDS}
        values.update({name: row[name] or [] for name in _LIST_FIELDS})
        values["sentences"] = [tuple(span) for span in row["sentences"] or []]
        return Article(**values)

    def _copy_keys(self, row: dict[str, Any]) -> bytes:
        keys = row["copy_keys"]
        if len(keys) != _KEYS_BYTES:
            reason = f"article {row['id']} has {len(keys)} bytes of copy keys, not {_KEYS_BYTES}"
            raise self.result.error(reason)
        return keys

    def _features(self, row: dict[str, Any]) -> Features:
        """The placed article's features as ingest computed them, with its names for the story labels."""
        if len(row["embedding"]) != _EMBEDDING_BYTES or row["words"] is None or row["names"] is None:
            raise self.result.error(f"article {row['id']} has a malformed embedding, words or names")
        if not row["story"]:
            raise self.result.error(f"article {row['id']} is placed but in no story")
        try:
            features = Features.from_row(
                row["embedding"], row["words"], row["names"], row["language"], row["published"]
            )
        except ValueError as error:
            raise self.result.error(f"article {row['id']} has malformed words or names") from error
        return replace(features, labels=tuple(row["labels"] or ()))

    def _place(self, key: str, story: str, score: float | None, features: Features) -> None:
        """Add a placed article to its story's running sums, as the stream did when it joined."""
        profile = self.profiles.get(story)
        if profile is None:
            profile = self.profiles[story] = Profile.new(story, DIMENSIONS)
        profile.add(key, features, 1.0 if score is None else score)

    # -- the tables computed over all articles --------------------------------

    def _terms(self) -> None:
        """The document frequencies the features were weighed with: later ingests go on from them."""
        for batch in _batches(self.result, "terms", TERM_COLUMNS):
            pairs = list(
                zip(batch.column("bucket").to_pylist(), batch.column("documents").to_pylist(), strict=True)
            )
            if any(
                bucket is None or not 0 <= bucket < BUCKETS or count is None or count < 0
                for bucket, count in pairs
            ):
                raise self.result.error("terms/ holds a bucket out of range or a missing count")
            self.records.save_frequencies(pairs)

    def _source_lines(self) -> None:
        """The per-source counts of short lines, so later ingests keep recognising page furniture."""
        sql = (
            "INSERT INTO source_lines (source, line_key, articles) VALUES (?, ?, ?) "
            "ON CONFLICT (source, line_key) DO UPDATE SET articles = articles + excluded.articles"
        )
        for batch in _batches(self.result, "source_lines", LINE_COLUMNS):
            rows = [tuple(row.values()) for row in batch.to_pylist()]
            if any(value is None for row in rows for value in row):
                raise self.result.error("source_lines/ holds a row with an empty field")
            self.store.db.executemany(sql, rows)

    def _stories_listed(self) -> dict[str, str | None]:
        """Each story of stories/ with its representative (one short row per story)."""
        listed: dict[str, str | None] = {}
        for batch in _batches(self.result, "stories", STORY_COLUMNS):
            listed.update(
                zip(batch.column("id").to_pylist(), batch.column("representative").to_pylist(), strict=True)
            )
        return listed

    def _check_counts(self, listed: dict[str, str | None]) -> None:
        """Refuse a result whose parts disagree: a lost part file would otherwise import silently."""
        counts = self.result.manifest["counts"]
        expected = {
            **{name: counts[name] for name in COUNTED},
            "documents": self.result.manifest["documents"],
        }
        found = {
            "articles": self.counts.articles,
            "copies": self.counts.copies,
            "stories": len(listed),
            "documents": self.counts.placed,
        }
        for name, value in found.items():
            if expected[name] != value:
                raise self.result.error(f"{MANIFEST} counts {expected[name]} {name}, the tables hold {value}")
        unmatched = sorted(set(listed) ^ self.counts.stories_named)
        if unmatched:
            where = "no article is in it" if unmatched[0] in listed else "stories/ lacks it"
            raise self.result.error(f"story {unmatched[0]}: {where}")
        unplaced = sorted(set(listed) - set(self.profiles))
        if unplaced:
            raise self.result.error(f"story {unplaced[0]} has no placed article")

    def _save_profiles(self, listed: dict[str, str | None]) -> None:
        """Write the stories as ingest leaves them, labels ranked by the rarity of each name.

        The representative (whose title heads the story) is the Spark job's when it
        is a placed member, so the store agrees with the result's own story table;
        otherwise the one the running sums chose, as ingest chooses it.
        """
        for story, profile in self.profiles.items():
            if listed.get(story) in profile.members:
                profile.representative = listed[story]
        frequencies = self.records.frequencies()

        def rarity(labels: list[str]) -> np.ndarray:
            return frequencies.idf(np.array([name_id(label) for label in labels], dtype=np.int64))

        self.records.save_profiles(self.profiles.values(), [], rarity)


def _repeated(articles: list[Article], stored: dict[str, int]) -> str | None:
    """The first article of a batch that ``insert_articles`` skipped: its id came earlier."""
    seen: set[str | None] = set()
    for article in articles:
        if article.id in seen or article.id not in stored:
            return article.id
        seen.add(article.id)
    return None
