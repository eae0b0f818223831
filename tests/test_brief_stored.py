from newsweave.brief.stored import story_brief
from newsweave.pipeline import ingest
from newsweave.reading.storage import ReadingStore
from newsweave.store import Store
from support import EXAMPLES


def test_a_stored_story_is_read_once_and_briefed(tmp_path):
    with Store(tmp_path / "news.db") as store:
        ingest(store, [str(EXAMPLES)])
        story = store.db.execute("SELECT story FROM articles LIMIT 1").fetchone()[0]
        brief = story_brief(store, story[:6])
        assert brief.story == story and ReadingStore(store).count() == 2
        assert brief.summary["article_count"] == 2 and len(brief.summary["members"]) == 2
        assert [s.story_score for s in brief.sources if s.title] == [1.0]
        assert story_brief(store, story).to_dict() == brief.to_dict()
        assert story_brief(store, "zzzz") is None
