"""Choosing a reader by looking at the content, the file name only breaking ties.

Crawls are full of wrong extensions (HTML saved as .txt, feeds served as .html),
so the first bytes decide: a WARC header, a JSON opening, a feed's root element,
HTML markup, known binary signatures, or else plain text.
"""

from __future__ import annotations

import json
import re
from enum import Enum

from newsweave.errors import ReadError


class Format(str, Enum):
    """The input formats newsweave reads."""

    TEXT = "text"
    JSONL = "jsonl"
    JSON = "json"
    HTML = "html"
    WARC = "warc"
    FEED = "feed"


_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
    b"PAR1": "a Parquet file",
    b"\xd0\xcf\x11\xe0": "an Office document",
}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_MARK = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)[\s>/]", re.IGNORECASE
)
_CONTROL_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32)) | {11, 12, 127}


def sniff(head: bytes, name: str = "") -> Format:
    """The format of content whose first bytes are ``head``.

    Raises ReadError for empty content and for binary data that is no article.
    """
    body = _strip_bom(head).lstrip()
    if not body:
        raise ReadError("empty input")
    _refuse_binary(head)
    if body.startswith(b"WARC/"):
        return Format.WARC
    if body[:1] in (b"{", b"["):
        return _json_kind(body)
    prologue = body[:4096]
    if _FEED_ROOT.search(prologue) and not re.search(rb"<html[\s>]", prologue, re.IGNORECASE):
        return Format.FEED
    if _HTML_MARK.search(body[:4096]) or (name.lower().endswith((".html", ".htm", ".html.gz"))
                                          and body.startswith(b"<")):
        return Format.HTML
    return Format.TEXT


def _strip_bom(data: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if data.startswith(bom):
            return data[len(bom):]
    return data


def _refuse_binary(head: bytes) -> None:
    for signature, what in _BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise ReadError(f"binary file ({what}), not a news article")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    sample = head[:8192]
    if b"\x00" in sample:
        raise ReadError("binary file (contains NUL bytes), not a news article")
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if controls > max(8, len(sample) // 20):
        raise ReadError("binary file (mostly control bytes), not a news article")


def _json_kind(body: bytes) -> Format:
    """JSON Lines when the first line alone is a JSON value, else one JSON document.

    A single line (complete or longer than the head) reads the same either way,
    and JSON Lines streams, so that is the choice.
    """
    if body[:1] == b"[":
        return Format.JSON
    if b"\n" not in body.rstrip():
        return Format.JSONL
    first_line = body.split(b"\n", 1)[0].strip()
    try:
        json.loads(first_line)
    except (ValueError, UnicodeDecodeError):
        return Format.JSON
    return Format.JSONL
