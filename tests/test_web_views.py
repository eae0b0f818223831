from newsweave.brief.model import Brief, SourceEntry
from newsweave.web.views import copy_groups, segments


def test_segments_mark_entities_and_quotes_without_overlap():
    text = 'Kim said "we agree with Putin" in Pyongyang.'
    reading = {
        "quotes": [{"kind": "direct", "start": 10, "end": 29}],
        "entities": [
            {"label": "person", "mentions": [[0, 3], [24, 29]]},
            {"label": "place", "mentions": [[34, 43]]},
        ],
    }
    runs = segments(text, reading)
    assert "".join(run["text"] for run in runs) == text
    assert [(run["kind"], run["text"]) for run in runs if run["kind"] != "plain"] == [
        ("entity", "Kim"),
        ("quote", "we agree with Putin"),
        ("entity", "Pyongyang"),
    ]


def test_copy_groups_list_sources_that_share_one_text():
    sources = [
        SourceEntry(1, "a", None, None, None, None, None, 1),
        SourceEntry(2, "b", None, None, None, None, 1, 1),
        SourceEntry(3, "c", None, None, None, None, None, 2),
    ]
    assert copy_groups(Brief("s", "h", None, sources=sources)) == [[1, 2]]


def test_the_listing_order_is_kept_until_new_articles_arrive(tmp_path):
    from newsweave.pipeline import ingest
    from newsweave.store import Store
    from newsweave.web.views import StoryOrder, stories
    from support import EXAMPLE_A, EXAMPLE_B

    with Store(tmp_path / "news.db") as store:
        ingest(store, [str(EXAMPLE_A)])
        order = StoryOrder()
        assert [s["article_count"] for s in stories(store, 10, 0, order)] == [1]
        version = order.version
        assert stories(store, 10, 0, order) and order.version == version
        ingest(store, [str(EXAMPLE_B)])
        listed = stories(store, 10, 0, order)
        assert order.version != version and [s["article_count"] for s in listed] == [2]
        assert listed[0]["coverage"] == [("2024-06-19", 1)]


def test_an_article_page_reads_its_story_once_until_its_members_change(tmp_path, monkeypatch):
    from newsweave.pipeline import ingest
    from newsweave.store import Store
    from newsweave.web import views
    from support import EXAMPLE_A, EXAMPLE_B

    calls: list[str] = []
    real = views.story_readings

    def counted(store: Store, story: str) -> list:
        calls.append(story)
        return real(store, story)

    monkeypatch.setattr(views, "story_readings", counted)
    cache = views.BriefCache()
    with Store(tmp_path / "news.db") as store:
        ingest(store, [str(EXAMPLE_A), str(EXAMPLE_B)])
        first, second = (row[0] for row in store.db.execute("SELECT id FROM articles ORDER BY seq"))
        story = store.get(first).story
        pages = [views.article(cache, store, article_id) for article_id in (first, second, first)]
        assert views.story(cache, store, story, None, None) is not None
        assert calls == [story]
        assert [page["article"]["id"] for page in pages] == [first, second, first]
        assert pages[0] == views.article(views.BriefCache(), store, first)
        store.db.execute("UPDATE articles SET story = NULL WHERE id = ?", (second,))
        assert views.article(cache, store, first)["article"]["id"] == first
        assert calls == [story, story, story]
