"""Crash safety: kill -9 a large ingest at random points, re-run it, and compare the store with a clean run's.

The claim under test (issue 10): a chunk of articles is stored in one SQLite
transaction with its line counts, copy links and stories, so a kill leaves
whole chunks only, and re-running the same ingest gives the store a clean run
gives.  Reasoning cannot show that (in-memory state reloaded on restart, the
embedding worker, chunk boundaries); killing real runs can.

Corpus (unless ``--corpus``): ``corpus.py generate`` story articles (with
copies) in one input folder, read in this order: ``01-wire.jsonl``,
``02-pages/*.html`` (one page each), ``03-feed.xml`` (RSS, full text in
``content:encoded``) and ``04-wire.jsonl``, so kills land while different
readers are at work.  Two clean stores are made with the real command line:
the reference, timed, and a control run compared with it.

Each trial starts ``newsweave ingest`` on a fresh store in a session of its own
and SIGKILLs the whole process group (the embedding worker too) at a seeded
point: trial i draws a moment in the i-th of N equal slices of the clean run,
so kills spread over the whole run.  The moment is placed among the clean
run's chunk commits (seen from outside as SQLite's WAL write lock, probed with
F_GETLK, never taken): "k commits done, s seconds into the next commit or into
the gap after them".  The live run is killed at that place, s scaled by its
own pace, so the spread holds on a shared machine whose speed changes.  Every
third trial is moved inside a commit.  What a kill left is read from a copy
(articles, uncommitted WAL frames, whether they are exactly the clean run's
first chunks and all placed in stories).  Every fourth trial kills the re-run
too, inside one of its commits (a crash during recovery).  The last run must
exit 0; its store is then checked (integrity, foreign keys, FTS5 index against
its content, duplicate ids) and compared with the clean store.

Comparison: every column but ``ingested_at`` (wall-clock time), exactly,
floats too: the control run is bit-identical to the reference, so any
difference would come from the kill.  Rows keyed by ``seq`` are re-keyed by
article id and stories compared as sets of member-id sets, their rows keyed by
those sets; ``seq`` and story ids are reported, not counted, as they name no
content.  The FTS5 shadow tables are not compared byte for byte (their segments
depend on when the index was flushed) but by their terms (fts5vocab) and the
index's integrity-check against the articles.  Exit status 1 on any mismatch.

    .venv/bin/python bench/crash_trials.py [--trials 20] [--seed 7] [--articles 3000] [--corpus DIR]
        [--keep DIR] [--json PATH]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

from corpus import generate, write_jsonl
from figures import report
from newsweave.model import Failure
from newsweave.pipeline import CHUNK_SIZE, chunks, identify
from newsweave.readers import read_inputs

ENV = os.environ | {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# SQLite's WAL write lock: byte 120 of the -shm file (https://sqlite.org/walformat.html).
WAL_WRITE_LOCK = 120
FLOCK = "hhqqi4x"  # struct flock on Linux x86-64 / arm64
SPREAD = 0.9  # kill points lie in the first 90 % of the clean run: its end is closing down, not storing
POLL = 0.002  # seconds between looks at the write lock
MIN_COMMIT = 0.05  # seconds: a chunk's commit holds the write lock longer than anything else does
WAIT_FOR_WRITE = 3  # every third trial is killed inside a write transaction
RECOVERY_KILL = 4  # every fourth trial also kills the re-run

# Columns that differ between any two runs by design: the wall-clock time of storing.
PER_RUN_COLUMNS = {"ingested_at"}
# Compared in their own tables below; ``seq`` is the arrival number, compared as information only.
COPY_COLUMNS = ("copy_of", "copy_kind", "copy_similarity", "copy_containment", "copy_match")
STORY_COLUMNS = ("story", "story_score")
# Tables compared through another key (seq -> article id) or checked instead of compared: FTS5's
# shadow tables hold segments whose layout depends on how often the index was flushed.
KEYED_TABLES = {"articles", "copy_keys", "story_features", "stories"}
INDEX_TABLE = "articles_fts"


# --------------------------------------------------------------------------- corpus


def build_corpus(folder: Path, articles: int, seed: int) -> Path:
    """The input folder: JSONL, HTML pages and a feed, every article a generated story article."""
    records, _gold = generate(articles, seed)
    pages = feed = max(1, articles // 15)
    half = (len(records) - pages - feed) // 2
    folder.mkdir(parents=True, exist_ok=True)
    write_jsonl(folder / "01-wire.jsonl", records[:half])
    (folder / "02-pages").mkdir(exist_ok=True)
    for number, record in enumerate(records[half : half + pages]):
        (folder / "02-pages" / f"page-{number:04d}.html").write_text(html_page(record), encoding="utf-8")
    (folder / "03-feed.xml").write_text(
        rss_feed(records[half + pages : half + pages + feed]), encoding="utf-8"
    )
    write_jsonl(folder / "04-wire.jsonl", records[half + pages + feed :])
    return folder


def html_page(record: dict) -> str:
    """A plain news page: title, canonical URL, date, paragraphs, some page furniture."""
    title = escape(record["title"])
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in record["maintext"].split("\n") if p.strip())
    return (
        f'<!DOCTYPE html><html lang="{record.get("language") or "en"}"><head><meta charset="utf-8">'
        f'<title>{title}</title><link rel="canonical" href="{escape(record["url"])}">'
        f'<meta property="article:published_time" content="{record.get("date_publish") or ""}">'
        f'</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>'
        f"{paragraphs}</article><footer>© {escape(record['source_domain'])}</footer></body></html>"
    )


def rss_feed(records: list[dict]) -> str:
    """One RSS 2.0 feed whose items carry their full text."""
    items = "".join(
        f"<item><title>{escape(r['title'])}</title><link>{escape(r['url'])}</link>"
        f"<guid>{escape(r['url'])}</guid>{_pub_date(r)}<content:encoded><![CDATA["
        + "".join(f"<p>{escape(p)}</p>" for p in r["maintext"].split("\n") if p.strip())
        + "]]></content:encoded></item>"
        for r in records
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>'
        f"<link>https://wire.example/</link><language>en</language>{items}</channel></rss>"
    )


def _pub_date(record: dict) -> str:
    published = record.get("date_publish")
    if not published:
        return ""
    return f"<pubDate>{format_datetime(datetime.fromisoformat(published).replace(tzinfo=None))}</pubDate>"


def reader_of(origin: str) -> str:
    """The reader an input goes to, by its name (the corpus is made so that this holds)."""
    return {".jsonl": "jsonl", ".html": "html", ".xml": "feed"}.get(Path(origin).suffix, "other")


# --------------------------------------------------------------------------- running and killing


def start_ingest(db: Path, inputs: Path, log: Path) -> subprocess.Popen:
    """``newsweave ingest`` in a session (process group) of its own, so one killpg takes it all."""
    command = [sys.executable, "-m", "newsweave", "--db", str(db), "-q", "ingest", str(inputs)]
    with log.open("ab") as stream:
        return subprocess.Popen(command, env=ENV, stdout=stream, stderr=stream, start_new_session=True)


def write_lock_held(db: Path) -> bool:
    """Whether a connection holds the store's WAL write lock: a write transaction is open (or
    SQLite is recovering the WAL after a crash, which takes the same lock).

    Asks the kernel who holds the lock (F_GETLK) instead of trying to take it,
    so probing never makes the ingest wait.
    """
    try:
        descriptor = os.open(f"{db}-shm", os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        wanted = struct.pack(FLOCK, fcntl.F_WRLCK, os.SEEK_SET, WAL_WRITE_LOCK, 1, 0)
        holder = struct.unpack(FLOCK, fcntl.fcntl(descriptor, fcntl.F_GETLK, wanted))
        return holder[0] != fcntl.F_UNLCK
    finally:
        os.close(descriptor)


class LockWatch:
    """Follows a running ingest's WAL write lock: the chunk commits, as they start and end.

    Holding the lock shorter than ``MIN_COMMIT`` (a migration, WAL recovery,
    the empty commit of a chunk already stored) does not count as a commit.
    """

    def __init__(self, db: Path, started: float) -> None:
        self.db, self.started = db, started
        self.holding_since: float | None = None
        self.commits: list[tuple[float, float]] = []  # (start, end), seconds after ``started``

    def poll(self) -> float:
        """Sample the lock; the seconds since the start."""
        now = time.monotonic() - self.started
        held = write_lock_held(self.db)
        if held and self.holding_since is None:
            self.holding_since = now
        elif not held and self.holding_since is not None:
            if now - self.holding_since >= MIN_COMMIT:
                self.commits.append((self.holding_since, now))
            self.holding_since = None
        return now


def clean_run(db: Path, inputs: Path, log: Path) -> dict[str, Any]:
    """An uninterrupted ingest on a fresh store: its seconds, chunk commits and share of time in them.

    Two are made: the reference, and a control compared with it, which shows
    what differs between two runs without any kill.
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.monotonic()
    process = start_ingest(db, inputs, log)
    watch = LockWatch(db, started)
    while process.poll() is None:
        watch.poll()
        time.sleep(POLL)
    if process.returncode != 0:
        raise SystemExit(f"clean ingest failed (exit {process.returncode}); see {log}")
    problems = health(db)
    if problems:
        raise SystemExit(f"{db}: the clean store is not sound: {problems}")
    seconds = time.monotonic() - started
    held = sum(end - start for start, end in watch.commits)
    return {"seconds": seconds, "commits": watch.commits, "write_lock_share": held / seconds}


@dataclass(frozen=True)
class Point:
    """Where to kill: once ``commits`` chunk commits have ended, ``offset`` seconds (of the clean run)
    into the next commit (``inside``) or into the time after the last one."""

    commits: int
    inside: bool
    offset: float


def point_at(moment: float, commits: list[tuple[float, float]], inside: bool, rng: random.Random) -> Point:
    """The clean run's ``moment`` as a point among its commits; ``inside`` moves it into the next commit.

    A point counted in commits, not seconds, lands in the same part of the
    ingest however fast the machine runs it then (it is shared).
    """
    done = sum(end <= moment for _, end in commits)
    if done < len(commits) and commits[done][0] <= moment:
        return Point(done, True, moment - commits[done][0])
    if inside and commits:
        done = min(done, len(commits) - 1)
        start, end = commits[done]
        return Point(done, True, rng.uniform(0, end - start))
    return Point(done, False, moment - (commits[done - 1][1] if done else 0.0))


@dataclass
class Kill:
    """One SIGKILL: when (seconds after start) and whether the WAL write lock was held."""

    seconds: float
    lock_held: bool


def kill_at(
    process: subprocess.Popen, db: Path, point: Point, clean: list[tuple[float, float]] | None
) -> Kill | None:
    """SIGKILL the process group at ``point``; None when the ingest finished first.

    Offsets are scaled by how much slower (or faster) this run reached the
    point's commit than the ``clean`` one did (not scaled without it).
    """
    watch = LockWatch(db, time.monotonic())
    while process.poll() is None:
        if _due(watch, watch.poll(), point, clean):
            lock_held = write_lock_held(db)
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            seconds = time.monotonic() - watch.started
            return Kill(seconds, lock_held) if process.returncode == -signal.SIGKILL else None
        time.sleep(POLL)
    return None


def _due(watch: LockWatch, now: float, point: Point, clean: list[tuple[float, float]] | None) -> bool:
    done = len(watch.commits)
    if done != point.commits:
        return done > point.commits  # the point's commit ended sooner than expected: right after it
    if point.inside:
        if watch.holding_since is None:
            return False
        anchor, clean_anchor = watch.holding_since, clean[done][0] if clean else 0.0
    else:
        anchor = watch.commits[-1][1] if done else 0.0
        clean_anchor = clean[done - 1][1] if clean and done else 0.0
    scale = anchor / clean_anchor if clean_anchor else 1.0
    return now - anchor >= point.offset * scale


def killed_run(
    db: Path, inputs: Path, log: Path, point: Point, clean: list[tuple[float, float]]
) -> Kill | None:
    """An ingest killed at ``point``; while it finishes first, a fresh one killed a commit earlier."""
    for _ in range(4):
        kill = kill_at(start_ingest(db, inputs, log), db, point, clean)
        if kill is not None:
            return kill
        point = Point(max(point.commits - 1, 0), point.inside, point.offset / 2)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    return None


def finish(db: Path, inputs: Path, log: Path) -> tuple[int, float]:
    """Run the ingest to its end: exit status and seconds."""
    started = time.monotonic()
    process = start_ingest(db, inputs, log)
    return process.wait(), time.monotonic() - started


# --------------------------------------------------------------------------- what a kill left


def uncommitted_frames(wal: Path) -> int:
    """Pages a killed transaction wrote to the WAL after its last commit (recovery ignores them).

    Frames of the current WAL generation carry the header's salts; a frame
    whose "database size" field is non-zero ends a committed transaction.
    """
    if not wal.exists():
        return 0
    data = wal.read_bytes()
    if len(data) < 32:
        return 0
    page_size, _checkpoint, salts = *struct.unpack(">II", data[8:16]), data[16:24]
    frame, after_commit = 24 + page_size, 0
    for offset in range(32, len(data) - frame + 1, frame):
        if data[offset + 8 : offset + 16] != salts:
            break
        after_commit = 0 if struct.unpack(">I", data[offset + 4 : offset + 8])[0] else after_commit + 1
    return after_commit


def chunk_bounds(inputs: Path, stored: set[str]) -> list[int]:
    """How many articles the clean store held after each chunk's commit: the counts a kill may leave.

    Read and chunked as ingest does (the same readers, chunk size and ids);
    records that failed or were cleaned away count in no chunk's articles.
    """
    bounds, seen = [0], set()
    for chunk in chunks(read_inputs([str(inputs)]), CHUNK_SIZE):
        ids = {identify(record).id for record in chunk if not isinstance(record, Failure)}
        seen |= ids & stored
        bounds.append(len(seen))
    return bounds


def at_kill(db: Path, scratch: Path, ref: Reference) -> dict[str, Any]:
    """What a killed store holds, read from a copy so that the re-run meets the WAL as the kill left it.

    ``whole_chunks``: the articles are exactly those of the clean run's first
    chunks; ``all_placed``: each is in a story (stored with its chunk).
    """
    frames = uncommitted_frames(Path(f"{db}-wal"))
    if not db.exists():
        return {"articles": 0, "uncommitted_wal_frames": frames, "whole_chunks": True, "all_placed": True}
    copy = scratch / "at-kill.db"
    for suffix in ("", "-wal"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
        if Path(f"{db}{suffix}").exists():
            shutil.copyfile(f"{db}{suffix}", f"{copy}{suffix}")
    with closing(sqlite3.connect(copy)) as connection:
        has_articles = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'articles'"
        ).fetchone()[0]
        rows = connection.execute("SELECT id, story FROM articles").fetchall() if has_articles else []
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    ids = {key for key, _ in rows}
    return {
        "articles": len(rows),
        "uncommitted_wal_frames": frames,
        "whole_chunks": len(rows) in ref.bounds and ids == set(ref.order[: len(rows)]),
        "all_placed": all(story is not None for _, story in rows),
        "integrity": integrity,
    }


def readers_in_flight(origins: list[str], bounds: list[int], committed: int) -> list[str]:
    """The readers of the articles being read, cleaned, embedded or stored at the kill: the next two
    chunks (one waits for its commit while the next is cleaned)."""
    done = max(n for n, bound in enumerate(bounds) if bound <= committed)
    end = bounds[min(done + 2, len(bounds) - 1)]
    return sorted({reader_of(origin) for origin in origins[committed:end]})


# --------------------------------------------------------------------------- checking and comparing


def health(db: Path) -> list[str]:
    """What is wrong with a store on its own: integrity, foreign keys, the FTS5 index, duplicate ids."""
    problems = []
    with closing(sqlite3.connect(db)) as connection:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:3]}")
        if connection.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign_key_check not empty")
        check = f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}, rank) VALUES ('integrity-check', 1)"
        try:  # rank 1: also check the index against the articles it was made from
            connection.execute(check)
        except sqlite3.DatabaseError as error:
            problems.append(f"fts5 integrity-check: {error}")
        total, distinct = connection.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
        if total != distinct:
            problems.append(f"{total - distinct} duplicate article ids")
    return problems


def snapshot(db: Path) -> dict[str, Any]:
    """The store's content in comparable form: per table a dict (by article id) or a set of rows.

    Rows keyed by ``seq`` are re-keyed by article id; stories are compared as
    the sets of their members' ids (and their rows by those sets), so a story
    id or arrival number that differs would not count as different content.
    """
    with closing(sqlite3.connect(db)) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(articles)")]
        rows = [dict(zip(columns, row, strict=True)) for row in connection.execute("SELECT * FROM articles")]
        by_seq = {row["seq"]: row["id"] for row in rows}
        members: dict[str, set[str]] = {}
        for row in rows:
            if row["story"] is not None:
                members.setdefault(row["story"], set()).add(row["id"])
        story_key = {story: frozenset(ids) for story, ids in members.items()}
        content = [c for c in columns if c not in {"seq", *PER_RUN_COLUMNS, *COPY_COLUMNS, *STORY_COLUMNS}]
        tables = {
            "articles": {row["id"]: tuple(row[c] for c in content) for row in rows},
            "copy_links": {row["id"]: tuple(row[c] for c in COPY_COLUMNS) for row in rows},
            "copy_keys": _by_article(connection, "SELECT seq, keys FROM copy_keys", by_seq),
            "stories": {frozenset(ids) for ids in members.values()},
            "story_scores": {row["id"]: row["story_score"] for row in rows},
            "story_features": _by_article(
                connection, "SELECT seq, embedding, words, names FROM story_features", by_seq
            ),
            "story_rows": {
                story_key.get(row[0], frozenset({f"(no members) {row[0]}"})): row[1:]
                for row in connection.execute("SELECT * FROM stories")
            },
            "fts_index": _fts_terms(connection),
        }
        for table in _plain_tables(connection):
            tables[table] = set(connection.execute(f'SELECT * FROM "{table}"'))
        tables["info:story_ids"] = {row["id"]: row["story"] for row in rows}
        tables["info:seq"] = {row["id"]: row["seq"] for row in rows}
    return tables


def _by_article(connection: sqlite3.Connection, sql: str, by_seq: dict[int, str]) -> dict[str, tuple]:
    return {by_seq.get(row[0], f"(no article) {row[0]}"): row[1:] for row in connection.execute(sql)}


def _fts_terms(connection: sqlite3.Connection) -> set[tuple]:
    """Every indexed term with its document and occurrence counts (fts5vocab, in the temp schema)."""
    connection.execute(f"CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, {INDEX_TABLE}, 'row')")
    return set(connection.execute("SELECT term, doc, cnt FROM temp.fts_terms"))


def _plain_tables(connection: sqlite3.Connection) -> list[str]:
    """Every other table (``source_lines``, ``story_terms``, ``readings``, any added later), by its rows."""
    names = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        f"AND name NOT LIKE '{INDEX_TABLE}%'"
    )
    return sorted(name for (name,) in names if name not in KEYED_TABLES)


def compare(clean: dict[str, Any], other: dict[str, Any]) -> dict[str, int]:
    """Per table, how many entries differ (missing, extra or changed); ``info:`` tables are not content."""
    differences = {}
    for table in sorted(set(clean) | set(other)):
        a, b = clean.get(table, {}), other.get(table, {})
        if isinstance(a, dict) and isinstance(b, dict):
            differences[table] = sum(a.get(key, _MISSING) != b.get(key, _MISSING) for key in set(a) | set(b))
        else:
            differences[table] = len(set(a) ^ set(b))
    return differences


_MISSING = object()


# --------------------------------------------------------------------------- trials


@dataclass
class Reference:
    """The clean run and what trials are measured against."""

    inputs: Path
    seconds: float
    commits: list[tuple[float, float]]  # the clean run's chunk commits: (start, end) seconds
    snapshot: dict[str, Any]
    order: list[str]  # article ids in arrival order
    origins: list[str]  # their inputs, in the same order
    bounds: list[int]  # articles stored after each chunk commit


def reference(db: Path, inputs: Path, clean: dict[str, Any]) -> Reference:
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute("SELECT id, origin FROM articles ORDER BY seq").fetchall()
    order, origins = [r[0] for r in rows], [r[1] or "" for r in rows]
    bounds = chunk_bounds(inputs, set(order))
    return Reference(inputs, clean["seconds"], clean["commits"], snapshot(db), order, origins, bounds)


def run_trial(number: int, trials: int, seed: int, ref: Reference, folder: Path) -> dict[str, Any]:
    """One trial: kill, look at what is left, maybe kill the re-run, finish, check and compare."""
    rng = random.Random(seed * 1_000 + number)
    fraction = (number + rng.random()) / trials * SPREAD
    inside = number % WAIT_FOR_WRITE == 1
    db, log = folder / "trial.db", folder / "trial.log"
    for suffix in ("", "-wal", "-shm", ".ingest-lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    log.unlink(missing_ok=True)
    point = point_at(fraction * ref.seconds, ref.commits, inside, rng)
    trial: dict[str, Any] = {
        "trial": number,
        "kill_fraction": round(fraction, 3),
        "waited_for_write": inside,
        "point": {"commits": point.commits, "inside": point.inside, "offset_s": round(point.offset, 3)},
    }
    kill = killed_run(db, ref.inputs, log, point, ref.commits)
    if kill is None:
        return trial | {"error": "the ingest finished before every kill point tried"}
    left = at_kill(db, folder, ref)
    trial |= {
        "kill_s": round(kill.seconds, 2),
        "lock_held": kill.lock_held,
        "left": left,
        "phase": _phase(kill, left["articles"], len(ref.order)),
        "readers_in_flight": readers_in_flight(ref.origins, ref.bounds, left["articles"]),
    }
    if number % RECOVERY_KILL == 2:
        trial["recovery"] = _recovery_kill(db, ref, log, folder, _recovery_point(ref, left["articles"], rng))
    status, seconds = finish(db, ref.inputs, log)
    trial |= {"rerun_rc": status, "rerun_s": round(seconds, 2)}
    if status != 0:
        return trial | {"error": f"re-run exit {status}: {log.read_text(errors='replace')[-500:]}"}
    found = snapshot(db)
    differences = compare(ref.snapshot, found)
    trial["problems"] = health(db)
    trial["mismatches"] = {t: n for t, n in differences.items() if n and not t.startswith("info:")}
    trial["info"] = {t: n for t, n in differences.items() if t.startswith("info:")}
    return trial


def _phase(kill: Kill, committed: int, total: int) -> str:
    if kill.lock_held:
        return "write_lock_held"
    if committed == 0:
        return "before_first_commit"
    return "after_last_commit" if committed == total else "between_commits"


def _recovery_point(ref: Reference, committed: int, rng: random.Random) -> Point:
    """Inside a random one of the commits the re-run has left to make (it skips the stored chunks),
    early enough in it that even the clean run's shortest commit would still be open."""
    remaining = sum(bound > committed for bound in ref.bounds)
    shortest = min((end - start for start, end in ref.commits), default=0.0)
    return Point(rng.randrange(max(remaining, 1)), True, rng.uniform(0, 0.8 * shortest))


def _recovery_kill(db: Path, ref: Reference, log: Path, folder: Path, point: Point) -> dict[str, Any]:
    """Kill the re-run at ``point``, its offset not scaled (its commits are not the clean run's)."""
    kill = kill_at(start_ingest(db, ref.inputs, log), db, point, None)
    if kill is None:
        return {"killed": False}
    left = at_kill(db, folder, ref)
    return {
        "killed": True,
        "kill_s": round(kill.seconds, 2),
        "lock_held": kill.lock_held,
        "left": left,
    }


# --------------------------------------------------------------------------- figures


def summarize(trials: list[dict[str, Any]], ref: Reference, clean: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of all trials."""
    done = [t for t in trials if "mismatches" in t]
    killed = [t for t in trials if "left" in t]
    recoveries = [t["recovery"] for t in trials if t.get("recovery", {}).get("killed")]
    at_kill_counts = [t["left"]["articles"] for t in killed]
    mismatches: Counter[str] = Counter()
    for trial in done:
        mismatches.update(trial["mismatches"])
    phases = Counter(t["phase"] for t in killed)
    phases["recovery_rerun"] = len(recoveries)
    phases["recovery_rerun_write_lock_held"] = sum(r["lock_held"] for r in recoveries)
    return {
        "trials": len(trials),
        "trials_completed": len(done),
        "errors": [t["error"] for t in trials if "error" in t],
        "articles": len(ref.order),
        "clean_seconds": [round(run["seconds"], 2) for run in clean],
        "clean_write_lock_share": [round(run["write_lock_share"], 3) for run in clean],
        "clean_commits": [len(run["commits"]) for run in clean],
        "kills": len(killed) + len(recoveries),
        "kills_by_phase": dict(phases),
        "kills_with_write_lock_held": sum(t["lock_held"] for t in killed)
        + sum(r["lock_held"] for r in recoveries),
        "kills_with_uncommitted_wal_frames": sum(t["left"]["uncommitted_wal_frames"] > 0 for t in killed)
        + sum(r["left"]["uncommitted_wal_frames"] > 0 for r in recoveries),
        "kills_by_reader_in_flight": dict(Counter(r for t in killed for r in t["readers_in_flight"])),
        "articles_at_kill": at_kill_counts,
        "articles_at_kill_min_median_max": _spread(at_kill_counts),
        "kill_times_s": [t["kill_s"] for t in killed],
        "kill_fractions": [t["kill_fraction"] for t in killed],
        "kills_leaving_whole_chunks_all_placed": sum(
            t["left"]["whole_chunks"] and t["left"]["all_placed"] for t in killed
        )
        + sum(r["left"]["whole_chunks"] and r["left"]["all_placed"] for r in recoveries),
        "integrity_ok_at_kill": sum(t["left"].get("integrity") == "ok" for t in killed),
        "no_store_yet_at_kill": sum("integrity" not in t["left"] for t in killed),
        "rerun_exit_0": sum(t.get("rerun_rc") == 0 for t in trials),
        "integrity_ok": sum(not t["problems"] for t in done),
        "mismatches_by_table": {
            table: mismatches.get(table, 0) for table in sorted(ref.snapshot) if not table.startswith("info:")
        },
        "mismatched_trials": sum(bool(t["mismatches"]) for t in done),
        "story_ids_differing_trials": sum(bool(t["info"].get("info:story_ids")) for t in done),
        "seq_differing_trials": sum(bool(t["info"].get("info:seq")) for t in done),
    }


def _spread(values: list[int]) -> list[float]:
    return [min(values), statistics.median(values), max(values)] if values else []


def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Corpus, clean run, trials; the figures."""
    started = time.monotonic()
    inputs = args.corpus or build_corpus(folder / "input", args.articles, args.seed)
    clean = [clean_run(folder / name, inputs, folder / f"{name}.log") for name in ("clean.db", "control.db")]
    ref = reference(folder / "clean.db", inputs, clean[0])
    control = compare(ref.snapshot, snapshot(folder / "control.db"))
    print(f"clean runs: {len(ref.order)} articles in {ref.seconds:.1f} s; control: {control}", flush=True)
    trials = []
    for number in range(args.trials):
        trial = run_trial(number, args.trials, args.seed, ref, folder)
        trials.append(trial)
        print(json.dumps(trial), flush=True)
    figures = summarize(trials, ref, clean)
    figures["control_run_differences"] = control
    figures["seconds"] = round(time.monotonic() - started, 1)
    figures["trial_details"] = trials
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--articles", type=int, default=3000, help="size of the generated corpus")
    parser.add_argument("--corpus", type=Path, help="ingest this input (file or folder) instead")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (stores, logs, corpus)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crash-trials-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        figures = run(args, folder.resolve())
    details = figures.pop("trial_details")
    report(figures, None)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        kept = figures | {"trial_details": details}
        args.json.write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")
    failed = figures["mismatched_trials"] or figures["errors"] or figures["integrity_ok"] < figures["trials"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
