"""The readers: turn inputs (paths, directories, ``-``, URLs) into Article records.

``read_inputs`` expands each input into sources, sniffs each source's format from
its content and hands it to that format's reader.  Whatever goes wrong with one
input becomes a Failure naming it; the other inputs are still read.

Whatever the input, no string leaves here with a NUL character or a lone
surrogate (``source.safe_text``), and a failure is one line, whatever its place
or reason quotes.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsweave.errors import ReadError
from newsweave.model import Article, Failure
from newsweave.readers.feed import read_feed
from newsweave.readers.fetch import Fetcher
from newsweave.readers.html import read_html
from newsweave.readers.options import ReadOptions
from newsweave.readers.records import read_json, read_jsonl
from newsweave.readers.sniff import Format, sniff
from newsweave.readers.source import Source, safe_article, safe_text
from newsweave.readers.text import read_text
from newsweave.readers.warc import read_warc

__all__ = ["Format", "ReadOptions", "Source", "read_inputs", "read_source", "sources_of"]

Record = Article | Failure
Reader = Callable[[Source, ReadOptions], Iterator[Record]]

READERS: dict[Format, Reader] = {
    Format.TEXT: read_text,
    Format.JSONL: read_jsonl,
    Format.JSON: read_json,
    Format.HTML: read_html,
    Format.WARC: read_warc,
}


def read_inputs(inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[Record]:
    """Yield every article and every failure from ``inputs``, in order."""
    options = options or ReadOptions()
    fetcher = Fetcher(options)
    try:
        for spec in inputs:
            for source in sources_of(spec, fetcher):
                if isinstance(source, Failure):
                    yield source
                else:
                    yield from read_source(source, options, fetcher)
    finally:
        fetcher.close()


def read_source(source: Source, options: ReadOptions, fetcher: Fetcher | None = None) -> Iterator[Record]:
    """Read one source with the reader its content calls for."""
    try:
        fmt = sniff(source.head(), source.name)
        records = read_feed(source, options, fetcher) if fmt is Format.FEED else READERS[fmt](source, options)
        for record in records:
            yield _safe(record, source.name)
    except Exception as error:  # noqa: BLE001 - one bad input must not end the run
        yield _one_line(Failure(source.name, _reason(error)))


def _safe(record: Record, origin: str) -> Record:
    """``record`` with nothing unstorable in it; an article left without text is a failure."""
    if isinstance(record, Failure):
        return _one_line(record)
    article = safe_article(record)
    if article.text.strip():
        return article
    where = f"{origin}#{article.position}" if article.position else origin
    return _one_line(Failure(where, "no article text once NUL characters and lone surrogates are removed"))


def _reason(error: Exception) -> str:
    if isinstance(error, ReadError):
        return str(error)
    if isinstance(error, RecursionError):
        return "input nested too deeply to parse"
    if isinstance(error, MemoryError):
        return "input too large to parse in memory"
    if isinstance(error, OSError):
        return f"cannot read ({error.strerror or error})"
    return f"unexpected {type(error).__name__} while reading: {error}"


_LINE_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(failure: Failure) -> Failure:
    """``failure`` fit for one terminal line: a feed link or a file name may hold a line break."""
    where, reason = (_LINE_BREAKS.sub(" ", safe_text(text)) for text in (failure.where, failure.reason))
    return failure if (where, reason) == (failure.where, failure.reason) else Failure(where, reason)


def sources_of(spec: str, fetcher: Fetcher) -> Iterator[Source | Failure]:
    """Expand one input as given on the command line into sources.

    A name the system refuses (too long, a NUL byte) is that input's failure.
    """
    try:
        if spec == "-":
            yield from _stdin_sources()
        elif spec.lower().startswith(("http://", "https://")):
            yield _url_source(spec, fetcher)
        else:
            yield from _path_sources(spec)
    except (OSError, ValueError) as error:
        yield Failure(spec, f"cannot open ({_os_reason(error)})")


def _os_reason(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def _path_sources(spec: str) -> Iterator[Source | Failure]:
    path = Path(spec)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        if not files:
            yield Failure(spec, "directory holds no files")
        for file in files:
            yield Source(name=str(file), path=file)
    elif path.is_file():
        yield Source(name=spec, path=path)
    elif path.exists():
        yield Failure(spec, "not a regular file or directory")
    else:
        yield Failure(spec, "no such file or directory")


def _hidden(file: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in file.relative_to(root).parts)


def _stdin_sources() -> Iterator[Source]:
    """Standard input, spooled to a temporary file so that readers can re-open it."""
    with tempfile.NamedTemporaryFile(prefix="newsweave-stdin-") as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool)
        spool.flush()
        yield Source(name="-", path=Path(spool.name))


def _url_source(url: str, fetcher: Fetcher) -> Source | Failure:
    try:
        page = fetcher.fetch(url)
    except ReadError as error:
        return Failure(url, str(error))
    return Source(name=url, data=page.body, url=page.url)
