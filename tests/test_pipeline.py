import json

from newsweave.clean.recurring import MIN_ARTICLES
from newsweave.model import Failure
from newsweave.pipeline import extract, ingest
from newsweave.store import Store
from support import EXAMPLES


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_ingest_examples_then_again_changes_nothing(tmp_path):
    with Store(tmp_path / "n.db") as store:
        first = ingest(store, [str(EXAMPLES)])
        assert (first.new, first.known, first.failed) == (2, 0, 0)
        rows_before = store.db.execute("SELECT * FROM articles ORDER BY seq").fetchall()
        second = ingest(store, [str(EXAMPLES)])
        assert (second.new, second.known, second.failed) == (0, 2, 0)
        assert store.db.execute("SELECT * FROM articles ORDER BY seq").fetchall() == rows_before
        assert second.line() == "0 new, 2 already known, 0 failed"


def test_failures_are_reported_and_others_stored(tmp_path):
    seen: list[Failure] = []
    with Store(tmp_path / "n.db") as store:
        summary = ingest(store, [str(tmp_path / "missing.txt"), str(EXAMPLES)], on_failure=seen.append)
        assert summary.new == 2
        assert not summary.ok
    assert [str(f) for f in seen] == [f"{tmp_path / 'missing.txt'}: no such file or directory"]


def test_duplicate_records_in_one_input_count_once(tmp_path):
    record = {"url": "https://example.com/a", "title": "A", "maintext": "Body text of the story."}
    write_jsonl(tmp_path / "a.jsonl", [record, {**record, "title": "A again"}])
    with Store(tmp_path / "n.db") as store:
        summary = ingest(store, [str(tmp_path / "a.jsonl")])
        assert (summary.new, summary.known) == (1, 1)


def test_article_of_only_furniture_fails_cleanly(tmp_path):
    write_jsonl(tmp_path / "f.jsonl", [{"title": "Ad", "maintext": "Advertisement\nRead more"}])
    with Store(tmp_path / "n.db") as store:
        summary = ingest(store, [str(tmp_path / "f.jsonl")])
        assert store.count() == 0
    assert [str(f) for f in summary.failures] == [
        f"{tmp_path / 'f.jsonl'}:1: no article text left after removing page furniture"
    ]


def test_source_furniture_is_learned_across_ingests(tmp_path):
    prompt = "Catch our daily podcast every weekday morning"

    def record(n):
        return {
            "url": f"https://example.com/{n}", "source_domain": "example.com", "title": f"Story {n}",
            "maintext": f"Story number {n} happened today.\nOfficials commented on event {n}.\n{prompt}",
        }

    with Store(tmp_path / "n.db") as store:
        write_jsonl(tmp_path / "first.jsonl", [record(n) for n in range(MIN_ARTICLES - 1)])
        ingest(store, [str(tmp_path / "first.jsonl")])
        write_jsonl(tmp_path / "second.jsonl", [record(99)])
        ingest(store, [str(tmp_path / "second.jsonl")])
        late = next(a for a in store.iter_articles() if a.title == "Story 99")
        assert prompt not in late.text
        assert prompt in late.removed_lines


def test_extract_stores_nothing_and_yields_clean_articles():
    results = list(extract([str(EXAMPLES)]))
    assert [r.title for r in results] == [
        None, "Kim Jong Un Affirms Support for Russia's Actions in Ukraine During Meeting with Putin",
    ]
    assert all(r.id and r.sentences for r in results)


def test_ingest_without_stories_leaves_them_to_the_next_ingest(tmp_path):
    with Store(tmp_path / "n.db") as store:
        ingest(store, [str(EXAMPLES)], stories=False)
        assert store.db.execute("SELECT count(*) FROM articles WHERE story IS NULL").fetchone()[0] == 2
        assert store.db.execute("SELECT count(*) FROM stories").fetchone()[0] == 0
        summary = ingest(store, [str(EXAMPLES)])
        assert summary.new == 0 and summary.known == 2
        stories = store.db.execute("SELECT DISTINCT story FROM articles").fetchall()
    assert len(stories) == 1 and stories[0][0] is not None  # the two examples report one event


def test_duplicates_across_chunk_boundaries_count_once(tmp_path, monkeypatch):
    """A chunk is stored only after the next is cleaned; a repeat in that next chunk is still known."""
    import newsweave.pipeline as pipeline

    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 1)
    path = tmp_path / "twice.jsonl"
    record = {"title": "A title here", "maintext": "Some words of an article. " * 20, "url": "https://x.org/a"}
    path.write_text("\n".join(json.dumps(record) for _ in range(3)) + "\n", encoding="utf-8")
    with Store(tmp_path / "n.db") as store:
        summary = ingest(store, [str(path)])
        assert (summary.new, summary.known) == (1, 2)
        assert store.count() == 1


def test_ingest_embeds_in_process_when_the_worker_cannot_start(tmp_path, monkeypatch):
    import sys

    import newsweave.pipeline as pipeline

    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 1)
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    with Store(tmp_path / "n.db") as store:
        summary = ingest(store, [str(EXAMPLES)])
        assert summary.new == 2 and summary.ok
        stories = store.db.execute("SELECT DISTINCT story FROM articles").fetchall()
    assert len(stories) == 1 and stories[0][0] is not None
