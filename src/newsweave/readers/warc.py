"""WARC and WARC.gz crawls (CC-News style): each HTML response record is a page.

Records that are not successful HTML responses (requests, metadata, images,
redirects) are passed over; a page that holds no article is skipped, not failed,
since crawls are full of index and tag pages.  A truncated archive keeps every
record before the break and reports where it stopped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsweave.errors import ReadError
from newsweave.model import Article, Failure
from newsweave.readers.html import html_to_article
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import Source, describe_bytes

_BROKEN_ARCHIVE = (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError)


def read_warc(source: Source, options: ReadOptions) -> Iterator[Article | Failure]:
    """Yield an article per HTML response record, a failure per unreadable record."""
    count = 0
    with source.open_raw() as raw:
        records = iter(ArchiveIterator(raw))
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except _BROKEN_ARCHIVE as error:
                raise ReadError(f"truncated or corrupt WARC after {count} records ({error})") from error
            count += 1
            page = _html_payload(record, options.max_bytes)
            if page is None:
                continue
            target = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source.name}#{target or count}"
            if isinstance(page, ReadError):
                yield Failure(where, str(page))
                continue
            try:
                article = html_to_article(page, url=target, origin=source.name)
            except ReadError:
                continue
            article.position = target or str(count)
            yield article


def _html_payload(record: object, max_bytes: int) -> bytes | ReadError | None:
    """The HTML body of a successful response record, None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:  # type: ignore[attr-defined]
        return None
    status = record.http_headers.get_statuscode()  # type: ignore[attr-defined]
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()  # type: ignore[attr-defined]
    if status != "200" or ("html" not in content_type and content_type):
        return None
    try:
        payload = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    except _BROKEN_ARCHIVE as error:
        return ReadError(f"record could not be decoded ({error})")
    if len(payload) > max_bytes:
        return ReadError(f"record larger than the size cap of {describe_bytes(max_bytes)}")
    return payload
