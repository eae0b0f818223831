"""The story commands: ``stories``, ``story ID`` and ``compare``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from newsweave.brief.html import to_html
from newsweave.brief.llm import Endpoint, SummaryError, summarise
from newsweave.brief.markdown import to_markdown
from newsweave.brief.stored import story_brief
from newsweave.cli_common import Context, fail, listing_options, report
from newsweave.cli_reading import allow_private_option
from newsweave.model import Article, Failure
from newsweave.pipeline import extract
from newsweave.readers import ReadOptions
from newsweave.readers.options import default_max_bytes
from newsweave.store import Store, StoreError
from newsweave.stories.compare import Comparison, compare, pair_similarities
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.pairs import Pair, read_pairs
from newsweave.stories.report import StorySummary, story_summaries
from newsweave.stories.storage import StoryStore

BRIEF_FORMATS = ("md", "json", "html")


@click.command("stories")
@listing_options("story")
@click.pass_obj
def stories_command(obj: Context, as_json: bool, limit: int, offset: int) -> None:
    """List stories, most recently covered first: id, headline, dates, articles, sources, entities."""
    with obj.store() as store:
        summaries = story_summaries(store, limit or None, offset)
    for summary in summaries:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False) if as_json else _summary_text(summary))


@click.command("story")
@click.argument("story_id")
@click.option("--format", "fmt", type=click.Choice(BRIEF_FORMATS), default="md", show_default=True,
              help="Markdown for the terminal, JSON (schema newsweave.brief/1) or a standalone HTML page.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--llm-url", envvar="NEWSWEAVE_LLM_URL", default=None,
              help="Base URL of an OpenAI-compatible API (e.g. http://localhost:11434/v1) for an "
                   "abstractive summary, checked against the facts [$NEWSWEAVE_LLM_URL].")
@click.option("--llm-model", envvar="NEWSWEAVE_LLM_MODEL", default=None,
              help="The model to ask [$NEWSWEAVE_LLM_MODEL]; the key, if any, is $NEWSWEAVE_LLM_API_KEY.")
@click.pass_obj
def story_command(obj: Context, story_id: str, fmt: str, as_json: bool, llm_url: str | None,
                  llm_model: str | None) -> None:
    """The brief of story STORY_ID (or a unique prefix): corroborated facts with citations, what only
    one source reports, conflicts, quotes, timeline and sources.  Reads (and caches) its articles."""
    if bool(llm_url) != bool(llm_model):
        fail("an abstractive summary needs both --llm-url and --llm-model", 2)
    with obj.store() as store:
        brief = story_brief(store, story_id)
    if brief is None:
        fail(f"no story {story_id!r} in {obj.db}")
    failed = False
    if llm_url and llm_model:
        try:
            brief = summarise(brief, Endpoint(llm_url, llm_model, os.environ.get("NEWSWEAVE_LLM_API_KEY")))
        except SummaryError as error:
            click.echo(f"newsweave: no summary: {error}; the brief is extractive", err=True)
            failed = True
    fmt = "json" if as_json else fmt
    click.echo(_pretty(brief.to_dict()) if fmt == "json" else to_html(brief) if fmt == "html"
               else to_markdown(brief), nl=False)
    sys.exit(1 if failed else 0)


@click.command("compare")
@click.argument("items", nargs=-1)
@click.option("--pairs", "pairs_file", type=click.Path(dir_okay=False), default=None,
              help="JSON Lines of text1/text2 (title on the first line) and id; prints JSON Lines.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@allow_private_option
@click.pass_obj
def compare_command(
    obj: Context, items: tuple[str, ...], pairs_file: str | None, as_json: bool, allow_private: bool
) -> None:
    """Compare two articles, A and B: files, URLs or stored article ids.

    Says whether they report the same story, their similarity in [0, 1] and the
    evidence: shared entities, shared sentences, the time gap.
    """
    if pairs_file:
        if items:
            fail("give either two articles or --pairs, not both", 2)
        sys.exit(_compare_pairs(pairs_file))
    if len(items) != 2:
        fail("compare needs two articles (files or stored ids), or --pairs FILE", 2)
    store = _existing_store(obj.db)
    try:
        options = ReadOptions(max_bytes=default_max_bytes(), allow_private=allow_private)
        a, b = (_article(item, store, options) for item in items)
        frequencies = StoryStore(store).frequencies() if store else DocumentFrequencies()
    finally:
        if store:
            store.close()
    result = compare(a, b, frequencies)
    click.echo(_pretty(result.to_dict()) if as_json else _comparison_text(result))


def _compare_pairs(path: str) -> int:
    failed = False
    batch: list[Pair] = []
    for item in read_pairs(path):
        if isinstance(item, Failure):
            report(item)
            failed = True
        else:
            batch.append(item)
    scores = pair_similarities([(pair.a, pair.b) for pair in batch]) if batch else []
    for pair, (similarity, same) in zip(batch, scores, strict=True):
        click.echo(json.dumps({"id": pair.id, "similarity": similarity, "same_story": same}))
    return 1 if failed else 0


def _pretty(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2)


def _existing_store(path: str) -> Store | None:
    if not Path(path).exists():
        return None
    try:
        return Store(path)
    except StoreError as error:
        fail(str(error))


def _article(item: str, store: Store | None, options: ReadOptions) -> Article:
    """A file's or URL's one article, else the stored article with that id; exits 1 otherwise."""
    if Path(item).exists() or item == "-" or "://" in item:
        results = list(extract([item], options))
        for result in results:
            if isinstance(result, Failure):
                fail(str(result))
        if len(results) != 1:
            fail(f"{item}: holds {len(results)} articles; compare takes one article per input")
        return results[0]
    article = store.get(item) if store else None
    if article is None:
        fail(f"{item}: no such file, and no stored article with this id")
    return article


def _summary_text(summary: StorySummary) -> str:
    span = f"{(summary.first_seen or '?')[:10]} .. {(summary.last_seen or '?')[:10]}"
    entities = ", ".join(summary.entities[:5])
    return (f"{summary.id}  {span}  {summary.article_count:>3} articles {summary.source_count:>3} sources  "
            f"{summary.headline}" + (f"\n    {entities}" if entities else ""))


def _comparison_text(result: Comparison) -> str:
    e = result.evidence
    verdict = "same story" if result.same_story else "different stories"
    lines = [
        f"{verdict}: similarity {result.similarity:.2f} "
        f"(content {e['content_similarity']:.2f} x time {e['time_factor']:.2f})",
        f"  embedding {e['embedding_cosine']:.2f}, words {e['words_cosine']:.2f}, "
        f"names {e['names_cosine']:.2f}"
        + (f", languages {e['languages'][0]}/{e['languages'][1]}" if e["cross_language"] else ""),
    ]
    if e["time_gap_days"] is not None:
        lines.append(f"  published {e['time_gap_days']:.1f} days apart")
    if e["shared_entities"]:
        lines.append("  shared entities: " + ", ".join(e["shared_entities"]))
    for pair in e["shared_sentences"][:5]:
        lines.append(f"  [{pair['score']:.2f}] {pair['a']}\n         {pair['b']}")
    return "\n".join(lines + _claims_text(result.claims))


def _claims_text(claims: dict) -> list[str]:
    if not claims:
        return []
    lines = [f"\nboth say ({len(claims['shared'])}):"]
    lines += [f"  [{pair['score']:.2f}] A: {pair['a']}\n         B: {pair['b']}" for pair in claims["shared"]]
    lines += [f"\nconflicts ({len(claims['conflicts'])}):"] if claims["conflicts"] else []
    lines += [f"  {c['why']}\n    A: {c['a']}\n    B: {c['b']}" for c in claims["conflicts"]]
    lines += [f"\nonly A ({len(claims['only_a'])}):"] + [f"  - {text}" for text in claims["only_a"]]
    lines += [f"\nonly B ({len(claims['only_b'])}):"] + [f"  - {text}" for text in claims["only_b"]]
    return lines
