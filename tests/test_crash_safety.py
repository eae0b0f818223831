"""A fault in the middle of a chunk's commit leaves nothing of that chunk, and re-running the ingest
then gives the store a clean run gives.

The in-process half of issue 10's crash safety: a stage raises after it has
written part of the chunk (inside the chunk's transaction), on the second
chunk.  The kill -9 half, with real processes, is ``bench/crash_trials.py``;
its store comparison is reused here, so both hold a store to the same test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate, write_jsonl
from crash_trials import compare, health, snapshot
from newsweave import pipeline
from newsweave.copies.storage import CopyStore
from newsweave.pipeline import ingest
from newsweave.store import Store
from newsweave.stories.storage import StoryStore

CHUNK = 25  # the generated corpus has copies in the second chunk at this size
ARTICLES = 3 * CHUNK


class InjectedFault(RuntimeError):
    """The fault the test makes a stage raise."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """One input path, read as the first chunk alone and as the whole corpus: clean stores of both."""
    folder = tmp_path_factory.mktemp("crash")
    records, _gold = generate(ARTICLES)
    path = folder / "wire.jsonl"  # the same path for both, since an article keeps its input's name
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "CHUNK_SIZE", CHUNK)
        write_jsonl(path, records[:CHUNK])
        first = _ingested(folder / "first-chunk.db", path)
        write_jsonl(path, records)
        clean = _ingested(folder / "clean.db", path)
    return {"path": path, "first": first, "clean": clean, "ids": [r["id"] for r in records]}


def _ingested(db: Path, path: Path) -> Path:
    with Store(db) as store:
        assert ingest(store, [str(path)]).ok
    return db


def _fail_on_second_call(monkeypatch, owner: type, name: str) -> None:
    """Make ``owner.name`` do its writes and then raise, the second time it is called."""
    real, calls = getattr(owner, name), []

    def faulty(self, *args, **kwargs):
        real(self, *args, **kwargs)
        calls.append(name)
        if len(calls) == 2:
            raise InjectedFault(f"{name} failed on the second chunk")

    monkeypatch.setattr(owner, name, faulty)


@pytest.mark.parametrize(
    ("owner", "name"),
    [(StoryStore, "save_profiles"), (CopyStore, "save_keys")],
    ids=["story-stage", "copy-stage"],
)
def test_a_failed_chunk_leaves_nothing_and_a_rerun_equals_a_clean_run(
    corpus, tmp_path, monkeypatch, owner, name
):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", CHUNK)
    db = tmp_path / "faulty.db"
    with monkeypatch.context() as patch:
        _fail_on_second_call(patch, owner, name)
        with Store(db) as store, pytest.raises(InjectedFault):
            ingest(store, [str(corpus["path"])])

    assert _external_ids(db) == set(corpus["ids"][:CHUNK])
    assert health(db) == []
    left = _content(compare(snapshot(corpus["first"]), snapshot(db)))
    assert left == {}, "the failed chunk left rows (or the first chunk differs from the first chunk alone)"

    with Store(db) as store:
        summary = ingest(store, [str(corpus["path"])])
    assert (summary.new, summary.known, summary.failed) == (ARTICLES - CHUNK, CHUNK, 0)
    assert health(db) == []
    assert _content(compare(snapshot(corpus["clean"]), snapshot(db))) == {}


def test_the_comparison_sees_a_lost_link_and_a_split_story(corpus, tmp_path):
    """The check above can fail: a store missing one copy link or with one story split is told apart."""
    db = tmp_path / "changed.db"
    with Store(corpus["clean"]) as clean:
        clean.db.execute("VACUUM INTO ?", (str(db),))
    with Store(db) as store:
        copy, story = store.db.execute(
            "SELECT id, story FROM articles WHERE copy_of IS NOT NULL AND story IS NOT NULL LIMIT 1"
        ).fetchone()
        store.db.execute("UPDATE articles SET copy_of = NULL WHERE id = ?", (copy,))
        store.db.execute("UPDATE articles SET story = ? WHERE id = ?", (story + "-split", copy))
    differences = _content(compare(snapshot(corpus["clean"]), snapshot(db)))
    # the story's member set is gone, its remainder and the lone copy are new
    assert differences["copy_links"] == 1 and differences["stories"] == 3


def test_the_second_chunk_has_links_and_stories_to_lose(corpus):
    """Otherwise "the failed chunk left nothing" would hold trivially."""
    with Store(corpus["clean"]) as store:
        second = corpus["ids"][CHUNK : 2 * CHUNK]
        marks = ",".join("?" for _ in second)
        linked, placed = store.db.execute(
            f"SELECT count(copy_of), count(story) FROM articles WHERE external_id IN ({marks})", second
        ).fetchone()
    assert linked > 0 and placed == CHUNK


def _external_ids(db: Path) -> set[str]:
    """The corpus ids of the stored articles (their newsweave ids are hashes)."""
    with Store(db) as store:
        return {row[0] for row in store.db.execute("SELECT external_id FROM articles")}


def _content(differences: dict[str, int]) -> dict[str, int]:
    """The tables that differ, leaving out ``info:`` ones (arrival numbers, story ids)."""
    return {table: n for table, n in differences.items() if n and not table.startswith("info:")}
