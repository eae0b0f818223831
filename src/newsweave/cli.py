"""The ``newsweave`` command line: a thin layer over the Python API.

Exit codes: 0 when everything asked for was done, 1 when an input or the store
failed (the rest still processed), 2 on usage errors.  Errors go to stderr as
one line each, naming the input; results go to stdout.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from newsweave.cli_common import Context, fail, listing_options, report
from newsweave.cli_import import import_command
from newsweave.cli_reading import allow_private_option, article_command, export_claims_command, read_command
from newsweave.cli_spark import spark_group
from newsweave.cli_stories import compare_command, stories_command, story_command
from newsweave.cli_web import serve_command
from newsweave.copies import CopyGroup, CopyStage, copy_groups
from newsweave.export import FORMATS, ExportError, export_articles
from newsweave.model import Article, Failure
from newsweave.pipeline import IngestSummary, extract, ingest
from newsweave.progress import progress_counter
from newsweave.readers.options import MAX_BYTES_ENV, ReadOptions, default_max_bytes
from newsweave.version import __version__

DEFAULT_DB = "newsweave.db"
DB_ENV = "NEWSWEAVE_DB"
WAIT_HINT = "try again when it has finished, or pass --wait to queue behind it"
_KEY_SUFFIXES = (
    ".html.gz", ".htm.gz", ".txt.gz", ".jsonl.gz", ".json.gz", ".warc.gz",
    ".html", ".htm", ".txt", ".jsonl", ".json", ".warc", ".xml", ".rss", ".atom", ".gz",
)


def read_options(fetch: bool, max_bytes: int | None, allow_private: bool = False) -> ReadOptions:
    return ReadOptions(max_bytes=max_bytes or default_max_bytes(), fetch=fetch, allow_private=allow_private)


max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help=f"Size cap for one document or record, after decompression [default: 20 MiB or ${MAX_BYTES_ENV}].",
)
fetch_option = click.option("--fetch", is_flag=True, help="Fetch and extract the page of each feed entry.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    default=lambda: os.environ.get(DB_ENV, DEFAULT_DB),
    show_default=f"./{DEFAULT_DB} or ${DB_ENV}",
    help="The store (an SQLite file).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.version_option(__version__, prog_name="newsweave")
@click.pass_context
def main(ctx: click.Context, db: str, quiet: bool) -> None:
    """newsweave: turn news articles from many outlets into verified stories."""
    ctx.obj = Context(db, quiet)


@main.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@fetch_option
@max_bytes_option
@allow_private_option
@click.option(
    "--timings", type=click.Path(), default=None,
    help="Write wall and CPU seconds per stage (read, clean, store, copies, stories, …) to this JSON file.",
)
@click.option(
    "--wait", is_flag=True,
    help="When another ingest is writing to the store, queue behind it instead of exiting with code 75.",
)
@click.pass_obj
def ingest_command(
    obj: Context,
    inputs: tuple[str, ...],
    fetch: bool,
    max_bytes: int | None,
    allow_private: bool,
    timings: str | None,
    wait: bool,
) -> None:
    """Read INPUTS (files, directories, URLs, - for stdin) and store their articles.

    Prints one summary line; exits 1 when any input failed (the others are stored),
    75 when another ingest or import is writing to the store (see --wait).
    """
    with (
        obj.store(busy_hint=WAIT_HINT) as store,
        progress_counter("reading", enabled=not obj.quiet) as advance,
    ):
        options = read_options(fetch, max_bytes, allow_private)
        summary = ingest(store, inputs, options, on_failure=report, on_progress=advance, wait=wait)
    written = _write_timings(Path(timings), summary) if timings else True
    if not obj.quiet:
        click.echo(summary.line())
    sys.exit(0 if summary.ok and written else 1)


def _write_timings(path: Path, summary: IngestSummary) -> bool:
    """Write the ingest's figures per stage; False (after one line saying why) when it cannot."""
    figures = {"articles_new": summary.new, "articles_known": summary.known, "failed": summary.failed}
    try:
        path.write_text(json.dumps(figures | summary.clock.as_dict(), indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        report(Failure(str(path), f"cannot write timings: {error.strerror or error}"))
        return False
    return True


@main.command("articles")
@listing_options("article")
@click.pass_obj
def articles_command(obj: Context, as_json: bool, limit: int, offset: int) -> None:
    """List stored articles, newest first."""
    with obj.store() as store:
        for article in store.articles(limit=limit or None, offset=offset):
            if as_json:
                click.echo(json.dumps(_listing(article), ensure_ascii=False))
            else:
                click.echo(_article_line(article))


@main.command("search")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one hit per line.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.pass_obj
def search_command(obj: Context, query: str, as_json: bool, limit: int) -> None:
    """Full-text search over stored titles and texts (FTS5 syntax allowed)."""
    with obj.store() as store:
        hits = store.search(query, limit=limit)
    for hit in hits:
        if as_json:
            record = {**_listing(hit.article), "snippet": hit.snippet, "rank": hit.rank}
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(_article_line(hit.article))
            click.echo(f"    {hit.snippet}")
    if not hits and not as_json and not obj.quiet:
        click.echo("no matches", err=True)


@main.command("copies")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one copy group per line.")
@click.pass_obj
def copies_command(obj: Context, as_json: bool) -> None:
    """List copy groups: an original and its copies, with outlets, times and scores.

    Each group counts as one independent source.
    """
    with obj.store() as store:
        groups = copy_groups(store)
        per_article = CopyStage(store).memory_per_article() if not obj.quiet and not as_json else 0.0
    for group in groups:
        click.echo(json.dumps(group.to_dict(), ensure_ascii=False) if as_json else _group_text(group))
    if not as_json and not obj.quiet:
        copies = sum(len(group.members) - 1 for group in groups)
        click.echo(f"{len(groups)} copy groups, {copies} copies; index {per_article:.0f} bytes per article",
                   err=True)


def _group_text(group: CopyGroup) -> str:
    span = f"{group.first_published or '?'} .. {group.last_published or '?'}"
    lines = [f"{group.original}  {len(group.members)} articles, {len(group.outlets)} outlets, {span}"]
    for member in group.members:
        if member.kind is None:
            evidence = "original"
        else:
            evidence = f"{member.kind} J={member.similarity:.2f} C={member.containment:.2f}"
        title = member.title or ""
        lines.append(f"  {member.id}  {(member.published or '-')[:16]:<16}  {member.source or '-'}  "
                     f"{evidence}  {title}")
    return "\n".join(lines)


@main.group("export")
def export_group() -> None:
    """Export stored records."""


@export_group.command("articles")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Output file [default: stdout].")
@click.pass_obj
def export_articles_command(obj: Context, fmt: str, output: str | None) -> None:
    """One record per article: id, external_id, url, source, title, published, language, text, ..."""
    with obj.store() as store:
        try:
            count = export_articles(store, output, fmt=fmt)
        except (ExportError, OSError) as error:
            fail(str(error))
    if output and not obj.quiet:
        click.echo(f"exported {count} articles to {output}", err=True)


@main.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(("json", "jsonl", "text")), default="json", show_default=True
)
@fetch_option
@max_bytes_option
@allow_private_option
@click.pass_obj
def extract_command(
    obj: Context, inputs: tuple[str, ...], fmt: str, fetch: bool, max_bytes: int | None, allow_private: bool
) -> None:
    """Read and clean INPUTS without storing; print one record per article."""
    failed = False
    records = []
    for result in extract(inputs, read_options(fetch, max_bytes, allow_private)):
        if isinstance(result, Failure):
            report(result)
            failed = True
            continue
        record = extract_record(result)
        if fmt == "json":
            records.append(record)
        else:
            click.echo(json.dumps(record, ensure_ascii=False) if fmt == "jsonl" else _as_text(record))
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    sys.exit(1 if failed else 0)


def extract_record(article: Article) -> dict[str, Any]:
    """The ``extract`` record: where it came from, then the cleaned article."""
    return {
        "file": article.origin,
        "key": _key(article),
        "id": article.id,
        "title": article.title,
        "published": article.published,
        "url": article.url,
        "source": article.source,
        "language": article.language,
        "text": article.text,
        "removed_lines": article.removed_lines,
        "related_headlines": article.related_headlines,
        "subheadings": article.subheadings,
    }


def _key(article: Article) -> str:
    name = Path(article.origin or "-").name
    for suffix in _KEY_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    if article.position is None:
        return name
    return article.external_id or f"{name}:{article.position}"


def _as_text(record: dict[str, Any]) -> str:
    header = [f"# {record['title']}"] if record["title"] else []
    if record["published"]:
        header.append(f"date {record['published']}")
    return "\n".join([f"==> {record['file']} <==", *header, "", record["text"], ""])


def _listing(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "published": article.published,
        "source": article.source,
        "language": article.language,
        "title": article.title,
        "url": article.url,
    }


def _article_line(article: Article) -> str:
    title = article.title or _first_words(article.text)
    return f"{article.id}  {(article.published or '-')[:10]:<10}  {article.source or '-'}  {title}"


def _first_words(text: str, count: int = 12) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


main.add_command(stories_command)
main.add_command(story_command)
main.add_command(compare_command)
main.add_command(read_command)
main.add_command(article_command)
main.add_command(serve_command)
main.add_command(import_command)
main.add_command(spark_group)
export_group.add_command(export_claims_command)


def run(args: Iterable[str] | None = None) -> None:
    """Entry point for the console script."""
    main(args=list(args) if args is not None else None, prog_name="newsweave")
