"""WARC and WARC.gz crawls (CC-News style): each HTML response record is a page.

Records that are not successful HTML responses (requests, metadata, images,
redirects) are passed over; a page that holds no article is skipped, not failed,
since crawls are full of index and tag pages.  A truncated archive keeps every
whole record before the break and reports where it stopped: a record shorter
than its declared length is never extracted, so no half page becomes an article.
warcio itself lets a cut-off record end early without complaint, hence the
length checks here.

gzip is undone before warcio sees the bytes, so record-by-record gzip (the
standard) and whole-file gzip (which warcio refuses) both read, and a gzip
error is caught here rather than printed to stderr by warcio.

warcio reads header lines without a length limit, growing the line by
concatenation, so one endless header line would take hours and all memory:
every line it reads here is capped at ``MAX_HEADER_LINE``.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsweave.errors import ReadError
from newsweave.model import Article, Failure
from newsweave.readers.html import html_to_article
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import GZIP_MAGIC as _GZIP_MAGIC
from newsweave.readers.source import Source, describe_bytes

Record = Article | Failure
# Far longer than any real WARC or HTTP header line (servers refuse lines over 8-64 KiB).
MAX_HEADER_LINE = 1 << 20
_BROKEN_ARCHIVE = (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError)
_GZIP_ERRORS = (EOFError, OSError, zlib.error)


def read_warc(source: Source, options: ReadOptions) -> Iterator[Article | Failure]:
    """Yield an article per HTML response record, a failure per unreadable record.

    An archive without a single article is a failure: silence would hide a crawl
    of the wrong pages, or an extractor that no longer works.
    """
    count = pages = results = 0
    with source.open() as stream:
        for record in _records(_Stream(stream)):
            count += 1
            payload = _html_payload(record, options.max_bytes, count)
            if payload is None:
                continue
            pages += 1
            result = _page_article(record, payload, source.name, count)
            if result is not None:
                results += 1
                yield result
    if not results:
        raise ReadError(f"no article found in {count} WARC records ({pages} HTML pages)")


class _Stream:
    """The decompressed archive for warcio: counts bytes, and ends at a gzip error, keeping it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.position = 0
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        if self.error is not None:
            return b""
        try:
            data = self._stream.read1(size) if size and size > 0 else self._stream.read()
        except _GZIP_ERRORS as error:
            self.error = error
            return b""
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position


def _records(stream: _Stream) -> Iterator[Any]:
    """The archive's records, each checked whole once the next one is reached.

    warcio writes warnings about bad record lengths to stderr; they are turned
    into the one-line error instead.  A record header cut off at the end of the
    file ends warcio's iteration quietly, so the bytes consumed are checked too.
    """
    archive = ArchiveIterator(stream)
    _cap_lines(archive.reader)
    _tolerate_missing_uri(archive.loader)
    records = iter(archive)
    previous, count = None, 0
    while True:
        chatter = io.StringIO()
        try:
            with contextlib.redirect_stderr(chatter):
                record = next(records)
        except StopIteration:
            _check_gzip(stream, count)
            _check_whole(previous, count)
            _check_all_read(archive.offset, stream.position, count)
            return
        except _BROKEN_ARCHIVE as error:
            raise ReadError(f"truncated or corrupt WARC after {count} records ({error})") from error
        _check_whole(previous, count)
        if chatter.getvalue():
            raise ReadError(f"corrupt WARC: record {count} does not end where its Content-Length says")
        previous, count = record, count + 1
        yield record


def _cap_lines(reader: Any) -> None:
    """Make ``reader.readline`` (warcio's, for every header and blank line) refuse a line over the cap.

    warcio's own length argument can end a read early without a line break, so
    the pieces are joined here until the break, the cap, the caller's length or
    the end of the data.
    """
    readline = reader.readline

    def capped(length: int | None = None) -> bytes:
        unbounded = length is None or length < 0
        limit = MAX_HEADER_LINE + 1 if unbounded else min(length, MAX_HEADER_LINE + 1)
        line = readline(limit)
        while line and not line.endswith(b"\n") and len(line) < limit:
            more = readline(limit - len(line))
            if not more:
                break
            line += more
        if len(line) > MAX_HEADER_LINE:
            raise ValueError(f"a header line is longer than {describe_bytes(MAX_HEADER_LINE)}")
        return line

    reader.readline = capped


def _tolerate_missing_uri(loader: Any) -> None:
    """Let a response record without WARC-Target-URI pass as one without HTTP headers (so: skipped).

    warcio calls ``uri.startswith`` on the missing header and fails with an
    AttributeError that would lose the whole archive for one malformed record.
    """
    load_http_headers = loader.load_http_headers

    def tolerant(rec_type: str, uri: str | None, stream: Any, length: int | None) -> Any:
        return load_http_headers(rec_type, uri or "", stream, length)

    loader.load_http_headers = tolerant


def _check_gzip(stream: _Stream, count: int) -> None:
    if stream.error is not None:
        reason = str(stream.error).strip() or type(stream.error).__name__
        raise ReadError(f"truncated or corrupt gzip data after WARC record {count} ({reason})")


def _check_all_read(offset: int, size: int, count: int) -> None:
    if offset < size:
        raise ReadError(
            f"truncated WARC: the last {describe_bytes(size - offset)} after record {count} "
            "do not form a whole record"
        )


def _check_whole(record: Any, count: int) -> None:
    """ReadError when ``record`` (already read to its end) ended before its declared length."""
    if record is not None and _missing_bytes(record) > 0:
        raise ReadError(f"truncated WARC: record {count} is cut short ({count - 1} whole records before it)")


def _missing_bytes(record: Any) -> int:
    return max(getattr(record.raw_stream, "limit", 0), 0)


def _page_article(record: Any, payload: bytes | ReadError, origin: str, count: int) -> Record | None:
    target = record.rec_headers.get_header("WARC-Target-URI")
    if isinstance(payload, ReadError):
        return Failure(f"{origin}#{target or count}", str(payload))
    try:
        article = html_to_article(payload, url=target, origin=origin)
    except ReadError:
        return None
    article.position = target or str(count)
    return article


def _html_payload(record: Any, max_bytes: int, count: int) -> bytes | ReadError | None:
    """The HTML body of a successful response record, None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if status != "200" or ("html" not in content_type and content_type):
        return None
    chatter = io.StringIO()
    try:
        with contextlib.redirect_stderr(chatter):  # warcio reports a bad Content-Encoding there
            payload = record.content_stream().read(max_bytes + 1)
    except _BROKEN_ARCHIVE as error:
        return ReadError(f"record could not be decoded ({error})")
    if chatter.getvalue() or payload.startswith(_GZIP_MAGIC):  # warcio passes undecodable gzip on as is
        return ReadError("record body could not be decoded (corrupt Content-Encoding)")
    if len(payload) > max_bytes:
        return ReadError(f"record larger than the size cap of {describe_bytes(max_bytes)}")
    _check_whole(record, count)
    return payload
