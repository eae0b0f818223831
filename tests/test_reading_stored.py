import pytest

from newsweave.pipeline import ingest
from newsweave.reading.storage import ReadingStore
from newsweave.reading.stored import all_readings, article_reading, readings, story_readings
from newsweave.store import Store
from support import EXAMPLES


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "news.db") as opened:
        ingest(opened, [str(EXAMPLES)])
        yield opened


def test_an_article_is_read_with_its_story_and_cached(store):
    b = next(a for a in store.articles() if a.title)
    found = article_reading(store, b.id[:6])
    assert found.article.id == b.id
    assert ReadingStore(store).count() == 2
    assert next(q.speaker for q in found.reading.quotes if q.kind == "direct") == "Kim Jong Un"
    again = article_reading(store, b.id)
    assert again.reading == found.reading


def test_an_undated_article_resolves_dates_with_its_story_date(store):
    undated = next(a for a in store.articles() if not a.published)
    story = story_readings(store, undated.story)
    assert [item.article.published for item in story] == ["2024-06-19", None]


def test_a_changed_article_is_read_again(store):
    article = next(a for a in store.articles() if a.title)
    first = readings(store, [article])[0]
    article.text = article.text.replace("fiery friendship", "warm friendship")
    second = readings(store, [article])[0]
    assert first != second and any(q.text == "warm friendship" for q in second.quotes)


def test_all_readings_cover_every_article_once(store):
    items = list(all_readings(store))
    assert sorted(item.article.id for item in items) == sorted(a.id for a in store.articles())
    assert all(item.reading.claims for item in items)


def test_an_unknown_article_is_none(store):
    assert article_reading(store, "ffffffffffffffff") is None
