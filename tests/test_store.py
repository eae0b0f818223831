import sqlite3

import pytest

from newsweave.model import Article
from newsweave.store import SCHEMA_VERSION, Store, StoreError


def article(article_id: str, title: str, text: str, published: str | None = None) -> Article:
    return Article(
        id=article_id, title=title, text=text, published=published, source="example.com",
        removed_lines=["Advertisement"], sentences=[(0, len(text))], authors=["A. Writer"],
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "news.db") as opened:
        yield opened


def test_new_store_is_wal_and_at_current_schema(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == SCHEMA_VERSION


def test_articles_round_trip_with_list_fields(store):
    original = article("a1", "Kim meets Putin", "Kim met Putin in Pyongyang.", "2024-06-19")
    assert store.add_articles([original]) == 1
    loaded = store.get("a1")
    assert loaded.title == original.title
    assert loaded.removed_lines == ["Advertisement"]
    assert loaded.sentences == [(0, len(original.text))]
    assert loaded.authors == ["A. Writer"]


def test_adding_known_id_changes_nothing(store):
    store.add_articles([article("a1", "First", "First text.")])
    assert store.add_articles([article("a1", "Changed", "Changed text.")]) == 0
    assert store.count() == 1
    assert store.get("a1").title == "First"


def test_id_prefix_lookup_needs_a_unique_prefix(store):
    store.add_articles([article("abcd1111", "One", "One."), article("abcd2222", "Two", "Two.")])
    assert store.get("abcd1").title == "One"
    assert store.get("abcd") is None


def test_listing_is_newest_first_with_undated_last(store):
    store.add_articles([
        article("old", "Old", "Old.", "2020-01-01"),
        article("undated", "Undated", "Undated."),
        article("new", "New", "New.", "2024-01-01T10:00:00"),
    ])
    assert [a.id for a in store.articles()] == ["new", "old", "undated"]
    assert [a.id for a in store.articles(limit=1, offset=1)] == ["old"]
    assert [a.id for a in store.iter_articles()] == ["old", "undated", "new"]


def test_full_text_search_ranks_title_matches_and_survives_bad_syntax(store):
    store.add_articles([
        article("t", "Pyongyang summit", "Leaders met."),
        article("b", "Other news", "The summit was in Pyongyang, far away."),
    ])
    hits = store.search("pyongyang")
    assert [hit.article.id for hit in hits] == ["t", "b"]
    assert "[Pyongyang]" in hits[1].snippet
    assert [hit.article.id for hit in store.search('pyongyang "')] == ["t", "b"]
    assert store.search('"') == []


def test_line_counts_accumulate(store):
    store.add_articles([], {("example.com", "k1"): 2})
    store.add_articles([], {("example.com", "k1"): 1, ("example.com", "k2"): 1})
    assert store.line_counts("example.com") == {"k1": 3, "k2": 1}


def test_failed_transaction_stores_nothing(store):
    broken = article("x", "Broken", "Text.")
    broken.text = None  # violates NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        store.add_articles([article("ok", "Fine", "Fine."), broken], {("s", "k"): 1})
    assert store.count() == 0
    assert store.line_counts("s") == {}


def test_reopening_keeps_data_and_refuses_newer_schema(tmp_path):
    path = tmp_path / "news.db"
    with Store(path) as first:
        first.add_articles([article("a1", "Kept", "Kept.")])
        first.db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_not_a_database_gives_store_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(path)


def test_every_field_round_trips(store):
    full = Article(
        id="f1", external_id="ext", url="https://example.com/a", source="example.com", title="T",
        description="D", authors=["A", "B"], published="2024-06-19T10:00:00", language="en",
        text="Body one. Body two.", removed_lines=["Ad"], related_headlines=["Other"],
        subheadings=["Head"], sentences=[(0, 9), (10, 19)], origin="in.jsonl", position="3",
    )
    store.add_articles([full])
    assert store.get("f1") == full


def test_opening_an_older_store_applies_the_missing_migrations(tmp_path, monkeypatch):
    import newsweave.store as store_module

    path = tmp_path / "old.db"
    with Store(path) as old:
        old.add_articles([article("a1", "Kept", "Kept.")])
    upgrade = ["ALTER TABLE articles ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0"]
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, upgrade])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(store_module.MIGRATIONS))
    with Store(path) as upgraded:
        assert upgraded.schema_version == SCHEMA_VERSION + 1
        assert upgraded.db.execute("SELECT flagged FROM articles WHERE id = 'a1'").fetchone() == (0,)
        assert upgraded.get("a1").title == "Kept"


def test_search_filters_narrow_by_date_source_and_language(tmp_path):
    from newsweave.model import Article
    from newsweave.store import SearchFilters

    with Store(tmp_path / "s.db") as store:
        store.add_articles([
            Article(text="Floods hit the valley.", id="a1", source="a.example", published="2024-03-01",
                    language="en"),
            Article(text="Floods hit the coast.", id="a2", source="b.example", published="2024-03-09T10:00",
                    language="en"),
            Article(text="Hochwasser im Tal.", id="a3", source="b.example", published="2024-03-05",
                    language="de"),
        ])

        def ids(query: str = "floods", **given: str) -> list[str]:
            return sorted(hit.article.id for hit in store.search(query, 10, SearchFilters(**given)))

        assert ids() == ["a1", "a2"] and ids(since="2024-03-02") == ["a2"]
        assert ids(until="2024-03-09") == ["a1", "a2"] and ids(until="2024-03-08") == ["a1"]
        assert ids(source="b.example") == ["a2"] and ids("floods OR Tal", language="de") == ["a3"]
        (hit,) = store.search("valley", 10, marks=("<<", ">>"))
        assert "<<valley>>" in hit.snippet
