"""Wires the stages together; the only module that knows their order.

    read -> identify -> (skip known) -> learn repeated lines -> clean -> store -> copies

Articles move in chunks: a chunk's repeated lines are counted before any of it
is cleaned, so furniture that appears three times in one batch is already
recognised, and each chunk is stored in one transaction of whole articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newsweave.clean import LineStats, clean_article, raw_lines
from newsweave.clean.recurring import article_line_keys
from newsweave.copies import CopyStage
from newsweave.identity import article_id
from newsweave.model import Article, Failure
from newsweave.readers import ReadOptions, read_inputs
from newsweave.store import Store

CHUNK_SIZE = 256

FailureHandler = Callable[[Failure], None]
ProgressHandler = Callable[[int], None]


@dataclass
class IngestSummary:
    """What one ingest did: articles new and already known, inputs or records failed."""

    new: int = 0
    known: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def ok(self) -> bool:
        """True when every input was read."""
        return not self.failures

    def line(self) -> str:
        """The one-line summary the command line prints."""
        return f"{self.new} new, {self.known} already known, {self.failed} failed"


def identify(article: Article) -> Article:
    """Give ``article`` its stable id, from its URL or its content as read."""
    article.id = article.id or article_id(article.url, article.title, article.text)
    return article


def prepare(
    article: Article, stats: LineStats | None = None, lines: list[str] | None = None
) -> Article | Failure:
    """Clean one identified article; a Failure when nothing of it remains."""
    cleaned = clean_article(article, stats, lines)
    if not cleaned.text.strip():
        where = f"{article.origin}:{article.position}" if article.position else str(article.origin)
        return Failure(where, "no article text left after removing page furniture")
    return cleaned


def ingest(
    store: Store,
    inputs: Iterable[str],
    options: ReadOptions | None = None,
    on_failure: FailureHandler | None = None,
    on_progress: ProgressHandler | None = None,
) -> IngestSummary:
    """Read ``inputs`` and store every new article; return what happened."""
    summary = IngestSummary()
    stats = LineStats(store.line_counts)
    copies = CopyStage(store)
    for chunk in _chunks(read_inputs(inputs, options), CHUNK_SIZE):
        articles = []
        for record in chunk:
            if isinstance(record, Failure):
                _fail(summary, record, on_failure)
            else:
                articles.append(identify(record))
        _store_chunk(store, articles, stats, copies, summary, on_failure)
        if on_progress:
            on_progress(len(chunk))
    return summary


def _store_chunk(
    store: Store,
    articles: list[Article],
    stats: LineStats,
    copies: CopyStage,
    summary: IngestSummary,
    on_failure: FailureHandler | None,
) -> None:
    fresh = _fresh(store, articles)
    summary.known += len(articles) - len(fresh)
    lines = [raw_lines(article.text) for article in fresh]
    for article, article_lines in zip(fresh, lines, strict=True):
        if article.source:
            stats.add(article.source, article_line_keys(article_lines))
    cleaned = []
    for article, article_lines in zip(fresh, lines, strict=True):
        result = prepare(article, stats, article_lines)
        if isinstance(result, Failure):
            _fail(summary, result, on_failure)
        else:
            cleaned.append(result)
    with store.transaction():
        new = store.insert_articles(cleaned, stats.take_pending())
        copies.process((new[article.id], article) for article in cleaned if article.id in new)
    summary.new += len(new)


def _fresh(store: Store, articles: list[Article]) -> list[Article]:
    """Articles neither stored nor repeated earlier in the same chunk."""
    known = store.known_ids(article.id for article in articles if article.id)
    fresh, seen = [], set()
    for article in articles:
        if article.id in known or article.id in seen:
            continue
        seen.add(article.id)
        fresh.append(article)
    return fresh


def _fail(summary: IngestSummary, failure: Failure, on_failure: FailureHandler | None) -> None:
    summary.failures.append(failure)
    if on_failure:
        on_failure(failure)


def _chunks(records: Iterator[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    chunk: list[Article | Failure] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract(inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article | Failure]:
    """Read and clean ``inputs`` without storing anything."""
    for record in read_inputs(inputs, options):
        yield record if isinstance(record, Failure) else prepare(identify(record))
