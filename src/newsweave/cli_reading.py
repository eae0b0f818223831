"""The reading commands: ``read`` (without storing), ``article ID`` and ``export claims``."""

from __future__ import annotations

import json
import sys

import click

from newsweave.cli_common import Context, fail, report
from newsweave.export import FORMATS, ExportError, export_claims
from newsweave.model import Article, Failure
from newsweave.pipeline import chunks, extract
from newsweave.progress import progress_counter
from newsweave.readers import ReadOptions
from newsweave.readers.options import default_max_bytes
from newsweave.reading.model import Reading
from newsweave.reading.reader import read_articles
from newsweave.reading.stored import article_reading

CHUNK = 512
_LABEL_ORDER = ("person", "organization", "place", "other")


allow_private_option = click.option(
    "--allow-private", is_flag=True,
    help="Let URLs reach loopback, private and link-local addresses (an intranet or a test server); "
         "refused by default.",
)


@click.command("read")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(("json", "jsonl")), default="json", show_default=True)
@click.option("--fetch", is_flag=True, help="Fetch and extract the page of each feed entry.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Size cap for one document or record, after decompression [default: 20 MiB].")
@allow_private_option
@click.option("--processes", type=click.IntRange(min=1), default=None,
              help="Worker processes for spaCy [default: one per core for 16 articles or more].")
@click.pass_obj
def read_command(obj: Context, inputs: tuple[str, ...], fmt: str, fetch: bool, max_bytes: int | None,
                 allow_private: bool, processes: int | None) -> None:
    """Read INPUTS without storing: entities, quotes with speakers and claims, per article.

    Exits 1 when any input failed (the others are still read).
    """
    options = ReadOptions(
        max_bytes=max_bytes or default_max_bytes(), fetch=fetch, allow_private=allow_private
    )
    failed = False
    records = []
    for chunk in chunks(extract(inputs, options), CHUNK):
        articles = [item for item in chunk if isinstance(item, Article)]
        for failure in (item for item in chunk if isinstance(item, Failure)):
            report(failure)
            failed = True
        for article, reading in zip(articles, read_articles(articles, processes), strict=True):
            record = read_record(article, reading)
            if fmt == "jsonl":
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                records.append(record)
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    sys.exit(1 if failed else 0)


def read_record(article: Article, reading: Reading) -> dict:
    """One article's reading as ``read`` and ``article --json`` print it."""
    data = reading.to_dict()
    return {"id": article.id, "file": article.origin, "url": article.url, "source": article.source,
            "story": article.story, **data}


@click.command("article")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.pass_obj
def article_command(obj: Context, article_id: str, as_json: bool) -> None:
    """Show stored article ARTICLE_ID (or a unique prefix) as read: entities, quotes, claims.

    The first look reads the article's whole story and caches the readings.
    """
    with obj.store() as store:
        found = article_reading(store, article_id)
    if found is None:
        fail(f"no article {article_id!r} in {obj.db}")
    record = read_record(found.article, found.reading)
    click.echo(json.dumps(record, ensure_ascii=False, indent=2) if as_json else reading_text(record))


def reading_text(record: dict) -> str:
    """A reading for the terminal: heading, entities by label, quotes, then claims."""
    lines = [f"{record['id']}  {(record['published'] or '-')[:16]}  {record['source'] or '-'}",
             f"# {record['title']}" if record["title"] else "", ""]
    lines += [f"note: {note}" for note in record["notes"]]
    for label in _LABEL_ORDER:
        names = list(dict.fromkeys(e["canonical"] for e in record["entities"] if e["label"] == label))
        if names:
            lines.append(f"{label}: {', '.join(names)}")
    if record["quotes"]:
        lines.append("\nquotes:")
    for quote in record["quotes"]:
        mark = "“{}”" if quote["kind"] == "direct" else "({})"
        who = f"{quote['speaker'] or 'unattributed'} ({quote['cue'] or '-'})"
        lines.append(f"  {who}: {mark.format(quote['text'])}")
    if record["claims"]:
        lines.append("\nclaims:")
    for claim in record["claims"]:
        by = f" [{claim['attribution']}]" if claim["attribution"] else ""
        lines.append(f"  {claim['stance']:<8}{by} {claim['text']}")
    return "\n".join(lines)


@click.command("claims")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Output file [default: stdout].")
@click.option("--processes", type=click.IntRange(min=1), default=None,
              help="Worker processes for reading articles not read yet.")
@click.pass_obj
def export_claims_command(obj: Context, fmt: str, output: str | None, processes: int | None) -> None:
    """One record per claim: article, claim, story, source, published, language, text, start, end,
    entities, numbers, dates, attribution, stance.  Reads (and caches) articles not read yet."""
    with obj.store() as store, progress_counter("reading", enabled=not obj.quiet) as advance:
        try:
            count = export_claims(store, output, fmt=fmt, processes=processes, on_progress=advance)
        except (ExportError, OSError) as error:
            fail(str(error))
    if output and not obj.quiet:
        click.echo(f"exported {count} claims to {output}", err=True)
