"""JSON Lines and JSON records with news-please / CC-News field names.

A record becomes an article through a fixed mapping of field names, the first
present name winning: ``maintext`` before ``text``, ``date_publish`` before
``published`` and ``date``.  Lines are read one at a time with a length cap, so
a corpus of any size streams through in bounded memory and one bad line costs
only that line.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from newsweave.dates import to_iso
from newsweave.errors import ReadError
from newsweave.identity import source_of
from newsweave.model import Article, Failure
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import Source, decode_text, describe_bytes, safe_article, safe_text

TEXT_FIELDS = ("maintext", "text", "content", "body")
DATE_FIELDS = ("date_publish", "published", "date", "date_published", "pubdate")
_SKIP_CHUNK = 1 << 20
MAX_INT_DIGITS = 4300


def record_to_article(record: Any, origin: str | None = None, position: str | None = None) -> Article:
    """Map one news-please / CC-News style record to an Article."""
    if not isinstance(record, dict):
        raise ReadError(f"expected a JSON object, found {type(record).__name__}")
    text = _first_text(record, TEXT_FIELDS)
    if not text:
        raise ReadError("record has no article text (maintext or text)")
    url = _first_text(record, ("url", "link"))
    return safe_article(Article(
        text=text,
        title=_first_text(record, ("title", "headline")),
        url=url,
        source=_first_text(record, ("source_domain", "source", "domain")) or source_of(url),
        published=_first_date(record),
        language=_first_text(record, ("language", "lang")),
        description=_first_text(record, ("description", "summary")),
        authors=_authors(record.get("authors", record.get("author"))),
        external_id=_external_id(record.get("id")),
        origin=origin,
        position=position,
    ))


def read_jsonl(source: Source, options: ReadOptions) -> Iterator[Article | Failure]:
    """Yield one article, or one failure naming ``file:line``, per non-blank line."""
    line_number = 0
    with source.open() as stream:
        try:
            for line_number, line in _capped_lines(stream, options.max_bytes):
                where = f"{source.name}:{line_number}"
                if isinstance(line, ReadError):
                    yield Failure(where, str(line))
                    continue
                if line.strip():
                    yield _parse_line(line, source.name, line_number)
        except (EOFError, OSError, zlib.error) as error:
            raise ReadError(f"truncated or corrupt data after line {line_number} ({error})") from error


def read_json(source: Source, options: ReadOptions) -> Iterator[Article | Failure]:
    """Yield the articles of one JSON document: an object, or an array of objects."""
    try:
        document = _load_json(decode_text(source.read_all(options.max_bytes)))
    except json.JSONDecodeError as error:
        raise ReadError(f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}") from error
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise ReadError("JSON holds neither an object nor a list of objects")
    for index, record in enumerate(document, start=1):
        try:
            yield record_to_article(record, origin=source.name, position=str(index))
        except ReadError as error:
            yield Failure(f"{source.name}[{index}]", str(error))


def _parse_line(line: bytes, origin: str, number: int) -> Article | Failure:
    where = f"{origin}:{number}"
    try:
        record = _load_json(decode_text(line))
        return record_to_article(record, origin=origin, position=str(number))
    except json.JSONDecodeError as error:
        return Failure(where, f"malformed JSON at column {error.colno}: {error.msg}")
    except (ReadError, RecursionError) as error:
        return Failure(where, str(error) if isinstance(error, ReadError) else "JSON nested too deeply")


def _load_json(text: str) -> Any:
    """``json.loads`` that refuses an over-long integer with a ReadError.

    Python refuses to convert integers of more than 4,300 digits (a guard
    against quadratic time) with a plain ValueError; no article field is such a
    number, so the record is malformed.
    """
    return json.loads(text, parse_int=_parse_int)


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ReadError(f"malformed JSON: a number of {len(digits):,} digits")
    return int(digits)


def _capped_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | ReadError]]:
    """Number and yield lines; a line over the cap is skipped and reported, not loaded."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield number, ReadError(f"line longer than the size cap of {describe_bytes(max_bytes)}")
            continue
        yield number, line


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _first_text(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        text = safe_text(value).strip() if isinstance(value, str) else ""
        if text:
            return text
    return None


def _first_date(record: dict[str, Any]) -> str | None:
    for name in DATE_FIELDS:
        published = to_iso(record.get(name))
        if published:
            return published
    return None


def _authors(value: Any) -> list[str]:
    """Names from a list, or from one string separated by semicolons or " and ".

    Commas are not separators: "Smith, John" is one name.
    """
    if isinstance(value, str):
        value = re.split(r";|\s+and\s+|\s*&\s*", value)
    if not isinstance(value, list):
        return []
    return [str(name).strip() for name in value if isinstance(name, (str, int)) and str(name).strip()]


def _external_id(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = safe_text(str(value)).strip()
    return text or None
