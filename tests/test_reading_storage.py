from dataclasses import replace

from newsweave.model import Article
from newsweave.reading.model import Reading
from newsweave.reading.storage import ReadingStore, fingerprint
from newsweave.store import Store

ARTICLE = Article(text="The mayor said the bridge would reopen.", title="Bridge", id="a1", language="en")
READING = Reading(title="Bridge", published=None, language="en", analysis="full")


def test_the_fingerprint_follows_what_a_reading_depends_on():
    digest = fingerprint(ARTICLE)
    assert digest == fingerprint(replace(ARTICLE, source="elsewhere"))
    assert digest != fingerprint(replace(ARTICLE, text=ARTICLE.text + " Soon."))
    assert digest != fingerprint(replace(ARTICLE, published="2024-06-19"))
    assert digest != fingerprint(ARTICLE, fallback_date="2024-06-19")


def test_only_current_readings_come_back(tmp_path):
    with Store(tmp_path / "s.db") as store:
        cache = ReadingStore(store)
        assert cache.save([("a1", "d1", READING)])
        assert cache.load({"a1": "d1"}) == {"a1": READING}
        assert cache.load({"a1": "changed"}) == {}
        assert cache.save([("a1", "d2", replace(READING, title="New"))]) and cache.count() == 1
        assert cache.load({"a1": "d2"})["a1"].title == "New"


def test_a_read_only_store_is_read_without_caching(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.db.execute("PRAGMA query_only = ON")
        assert ReadingStore(store).save([("a1", "d1", READING)]) is False
        assert not store.db.in_transaction


def test_while_another_connection_writes_a_store_opened_not_to_wait_skips_caching_at_once(tmp_path):
    import time

    with Store(tmp_path / "s.db") as writer, Store(tmp_path / "s.db", wait_to_cache=False) as reader:
        writer.db.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        assert ReadingStore(reader).save([("a1", "d1", READING)]) is False
        assert time.monotonic() - started < 1.0 and not reader.db.in_transaction
        assert reader.db.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000
        writer.db.execute("COMMIT")
        assert ReadingStore(reader).save([("a1", "d1", READING)]) and ReadingStore(reader).count() == 1


def test_a_store_opened_to_wait_waits_for_the_writer(tmp_path):
    import threading

    with Store(tmp_path / "s.db") as writer, Store(tmp_path / "s.db") as reader:
        writer.db.execute("BEGIN IMMEDIATE")
        threading.Timer(0.3, lambda: writer.db.execute("COMMIT")).start()
        assert ReadingStore(reader).save([("a1", "d1", READING)]) is True
