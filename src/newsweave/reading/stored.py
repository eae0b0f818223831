"""Readings of stored articles: from the cache when current, else read now and cached.

This is the lazy half of the reading stage.  Ingest never waits for spaCy; the
first command that needs an article's reading pays for it once, in a batch.
An article is shown with the canonical names of its whole story.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from newsweave.model import Article
from newsweave.reading.harmonise import harmonise
from newsweave.reading.model import Reading
from newsweave.reading.reader import read_articles
from newsweave.reading.storage import ReadingStore, fingerprint
from newsweave.store import Store

BATCH = 512


@dataclass(frozen=True)
class ReadArticle:
    """A stored article and its reading."""

    article: Article
    reading: Reading


def readings(store: Store, articles: Sequence[Article], processes: int | None = None) -> list[Reading]:
    """The readings of stored ``articles`` in order, reading and caching the missing ones."""
    fallbacks = _story_dates(store, articles)
    digests = {article.id: fingerprint(article, fallbacks.get(article.id)) for article in articles
               if article.id is not None}
    cache = ReadingStore(store)
    found = cache.load(digests)
    missing = [article for article in articles if article.id not in found]
    if missing:
        fresh = read_articles(missing, processes, [fallbacks.get(article.id) for article in missing])
        cache.save((article.id, digests[article.id], reading)
                   for article, reading in zip(missing, fresh, strict=True) if article.id is not None)
        found.update((article.id, reading) for article, reading in zip(missing, fresh, strict=True))
    return [found[article.id] for article in articles]


def story_readings(store: Store, story_id: str, processes: int | None = None) -> list[ReadArticle]:
    """Every article of a story with its reading, in publication order, names made canonical."""
    ids = [row[0] for row in store.db.execute("SELECT id FROM articles WHERE story = ?", (story_id,))]
    members = sorted(store.get_many(ids), key=lambda article: (article.published is None,
                                                                 article.published or ""))
    harmonised = harmonise(readings(store, members, processes))
    return [ReadArticle(article, reading) for article, reading in zip(members, harmonised, strict=True)]


def article_reading(store: Store, article_id: str) -> ReadArticle | None:
    """One stored article (id or unique prefix) with its reading, named as in its story."""
    article = store.get(article_id)
    if article is None:
        return None
    if article.story is None:
        return ReadArticle(article, readings(store, [article])[0])
    return next(item for item in story_readings(store, article.story) if item.article.id == article.id)


def all_readings(store: Store, processes: int | None = None,
                 on_progress: Callable[[int], None] | None = None) -> Iterator[ReadArticle]:
    """Every stored article with its reading, story by story, reading the missing ones in batches.

    ``on_progress`` is told how many articles each batch made ready.
    """
    ids = [row[0] for row in store.db.execute("SELECT id FROM articles ORDER BY seq")]
    for start in range(0, len(ids), BATCH):
        batch = store.get_many(ids[start:start + BATCH])
        readings(store, batch, processes)
        if on_progress is not None:
            on_progress(len(batch))
    stories = [row[0] for row in store.db.execute(
        "SELECT DISTINCT story FROM articles WHERE story IS NOT NULL ORDER BY story")]
    for story in stories:
        yield from story_readings(store, story, processes)
    loose = [row[0] for row in store.db.execute("SELECT id FROM articles WHERE story IS NULL ORDER BY seq")]
    for start in range(0, len(loose), BATCH):
        articles = store.get_many(loose[start:start + BATCH])
        yield from (ReadArticle(a, r) for a, r in zip(articles, readings(store, articles), strict=True))


def _story_dates(store: Store, articles: Sequence[Article]) -> dict[str, str]:
    """For each undated article in a story, the story's earliest publication date."""
    undated = {article.story for article in articles if not article.published and article.story}
    dates: dict[str, str] = {}
    for story in undated:
        row = store.db.execute("SELECT min(published) FROM articles WHERE story = ?", (story,)).fetchone()
        if row and row[0]:
            dates[story] = row[0]
    return {article.id: dates[article.story] for article in articles
            if article.id and not article.published and article.story in dates}
