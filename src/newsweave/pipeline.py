"""Wires the stages together; the only module that knows their order.

    read -> identify -> (skip known) -> learn repeated lines -> clean -> store -> copies -> stories

Articles move in chunks: a chunk's repeated lines are counted before any of it
is cleaned, so furniture that appears three times in one batch is already
recognised, and each chunk is stored in one transaction of whole articles.
When there is more than one chunk, a chunk's lead embeddings are computed in
a worker process while the main process cleans the next chunk, and the chunk
is stored after that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field

from newsweave.clean import LineStats, clean_article, raw_lines
from newsweave.clean.recurring import article_line_keys
from newsweave.copies import CopyStage
from newsweave.identity import article_id
from newsweave.model import Article, Failure
from newsweave.readers import ReadOptions, read_inputs
from newsweave.store import Store
from newsweave.stories import StoryStage
from newsweave.stories.embed import BackgroundEmbedder
from newsweave.stories.features import leads
from newsweave.timings import StageClock
from newsweave.writer_lock import writer_lock

CHUNK_SIZE = 256
_log = logging.getLogger(__name__)

FailureHandler = Callable[[Failure], None]
ProgressHandler = Callable[[int], None]


@dataclass
class IngestSummary:
    """What one ingest did: articles new and already known, inputs or records failed."""

    new: int = 0
    known: int = 0
    failures: list[Failure] = field(default_factory=list)
    clock: StageClock = field(default_factory=StageClock, compare=False, repr=False)

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
    stories: bool = True,
    wait: bool = False,
) -> IngestSummary:
    """Read ``inputs`` and store every new article; return what happened.

    With ``stories=False`` articles are stored and copy-linked but not placed
    into stories (a faster bulk load); the next ingest with stories places them.
    Only one ingest writes to a store at a time: another one raises StoreBusy,
    or with ``wait`` queues behind it (see writer_lock).
    """
    with writer_lock(store.path, wait):
        return _ingest(store, inputs, options, on_failure, on_progress, stories)


def _ingest(
    store: Store,
    inputs: Iterable[str],
    options: ReadOptions | None,
    on_failure: FailureHandler | None,
    on_progress: ProgressHandler | None,
    stories: bool,
) -> IngestSummary:
    summary = IngestSummary()
    stats = LineStats(store.line_counts)
    stages = Stages(CopyStage(store), StoryStage(store) if stories else None)
    if stages.stories is not None:
        with summary.clock.stage("backfill"):
            stages.stories.backfill(store)
    embedder = BackgroundEmbedder() if stories else None
    pending: Prepared | None = None
    clock = summary.clock
    try:
        for chunk in clock.timed("read", chunks(read_inputs(inputs, options), CHUNK_SIZE)):
            articles = _identified(chunk, summary, on_failure)
            pending_ids = {a.id for a in pending.articles} if pending else set()
            with clock.stage("clean"):
                prepared = _prepare_chunk(store, articles, stats, summary, on_failure, pending_ids)
            if embedder is not None and pending is not None:
                with clock.stage("copies"):
                    _embed_ahead(embedder, stages.copies, pending, prepared)
            if pending:
                _commit(store, pending, stages, summary)
            pending = prepared
            if on_progress:
                on_progress(len(chunk))
        if pending:
            _commit(store, pending, stages, summary)
    finally:
        if embedder is not None:
            embedder.close()
    return summary


@dataclass(frozen=True)
class Stages:
    """The stages a chunk goes through after cleaning; ``stories`` is None when not wanted."""

    copies: CopyStage
    stories: StoryStage | None


def _identified(
    chunk: list[Article | Failure], summary: IngestSummary, on_failure: FailureHandler | None
) -> list[Article]:
    articles = []
    for record in chunk:
        if isinstance(record, Failure):
            _fail(summary, record, on_failure)
        else:
            articles.append(identify(record))
    return articles


def _embed_ahead(
    embedder: BackgroundEmbedder, copies: CopyStage, pending: Prepared, prepared: Prepared
) -> None:
    """Once a second chunk exists, every chunk's leads are embedded in the worker process, copies left out.

    A single-chunk ingest embeds in-process: starting the worker would cost
    more than it saves, and the model is then loaded only once.  Copies join
    their original's story and need no embedding; the worker, not the main
    process, is what ingest waits for, so they are found first (timed with
    the copies stage).
    """
    if pending.embeddings is None and pending.articles:
        _submit(embedder, pending, copies.likely_copies(pending.articles))
    if prepared.articles:
        _submit(embedder, prepared, copies.likely_copies(prepared.articles, pending.articles))


def _submit(embedder: BackgroundEmbedder, prepared: Prepared, copies: set[str]) -> None:
    prepared.embedded = [article for article in prepared.articles if article.id not in copies]
    prepared.embeddings = embedder.submit(leads(prepared.embedded))


@dataclass
class Prepared:
    """A cleaned chunk waiting to be stored, with its learned line counts and pending embeddings.

    The chunk is stored only after the next one is cleaned, so that its
    embeddings are computed in a worker process meanwhile.
    """

    articles: list[Article]
    line_counts: dict[tuple[str, str], int]
    embeddings: Future | None = None
    embedded: list[Article] = field(default_factory=list)  # the articles ``embeddings`` are of


def _prepare_chunk(
    store: Store,
    articles: list[Article],
    stats: LineStats,
    summary: IngestSummary,
    on_failure: FailureHandler | None,
    pending_ids: set[str | None],
) -> Prepared:
    fresh = [a for a in _fresh(store, articles) if a.id not in pending_ids]
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
    return Prepared(cleaned, stats.take_pending())


def _commit(store: Store, prepared: Prepared, stages: Stages, summary: IngestSummary) -> None:
    """Store a prepared chunk with its copy links and stories, in one transaction."""
    copies, stories, clock = stages.copies, stages.stories, summary.clock
    cleaned = prepared.articles
    with clock.stage("embed_wait"):
        embeddings = _embeddings(prepared)
    with clock.stage("store"), store.transaction():
        new = store.insert_articles(cleaned, prepared.line_counts)
        with clock.stage("copies"):
            copies.process((new[article.id], article) for article in cleaned if article.id in new)
        if stories is not None:
            with clock.stage("stories"):
                stories.process([article for article in cleaned if article.id in new], embeddings)
    summary.new += len(new)


def _embeddings(prepared: Prepared) -> dict | None:
    """The chunk's lead embeddings from the worker, by id; None to embed in-process instead."""
    if prepared.embeddings is None:
        return None
    try:
        vectors = prepared.embeddings.result()
    except Exception as error:  # noqa: BLE001 - a failed worker only means embedding here instead
        _log.warning("embedding worker failed (%s); embedding in the main process", error)
        return None
    return {article.id: vector for article, vector in zip(prepared.embedded, vectors, strict=True)}


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


def chunks(records: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    """``records`` in lists of ``size``, the last one shorter."""
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
