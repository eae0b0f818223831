"""Choosing a reader by looking at the content, the file name only breaking ties.

Crawls are full of wrong extensions (HTML saved as .txt, feeds served as .html),
so the first bytes decide: a WARC header, a JSON opening, a feed's root element,
HTML markup, known binary signatures, or else plain text.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum

from newsweave.errors import ReadError


class Format(StrEnum):
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
_HTML_NAMES = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")
_LINES_TRIED = 20
_CONTROL_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32)) | {11, 12, 127}


def sniff(head: bytes, name: str = "") -> Format:
    """The format of content whose first bytes are ``head``.

    Raises ReadError for empty content and for binary data that is no article.
    A WARC is recognised first: its records may hold binary bodies (images,
    gzip-encoded pages) in the very first bytes.
    """
    if _strip_bom(head).lstrip().startswith(b"WARC/"):
        return Format.WARC
    _refuse_binary(head)
    body = _sniffable(head)
    if not body:
        raise ReadError("empty input")
    if _opens_json(body):
        return _json_kind(body)
    prologue = body[:4096]
    if _FEED_ROOT.search(prologue) and not re.search(rb"<html[\s>]", prologue, re.IGNORECASE):
        return Format.FEED
    if _HTML_MARK.search(prologue) or (name.lower().endswith(_HTML_NAMES) and body.startswith(b"<")):
        return Format.HTML
    if body.startswith(b"<?xml"):
        raise ReadError("XML document that is neither an RSS/Atom feed nor HTML")
    return Format.TEXT


def _sniffable(head: bytes) -> bytes:
    """``head`` without BOM and leading white space, UTF-16 re-encoded as UTF-8 to match on."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[: len(head) // 2 * 2].decode("utf-16", "replace").encode("utf-8")
    return _strip_bom(head).lstrip()


def _opens_json(body: bytes) -> bool:
    """An opening brace or bracket followed by what JSON allows there.

    Text such as ``[Updated 5 pm] Officials said ...`` opens with a bracket too.
    """
    if body[:1] not in (b"{", b"["):
        return False
    after = body[1:].lstrip()[:1]
    allowed = b'"}' if body[:1] == b"{" else b'{["]-0123456789tfn'
    return not after or after in allowed


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
    """JSON Lines when a line of the head alone is a JSON object, else one JSON document.

    A single line (complete or longer than the head) reads the same either way,
    and JSON Lines streams, so that is the choice.  Unindented lines after the
    first are tried too, so that a malformed first record does not turn a JSON
    Lines file into one malformed document and lose every good record after it;
    a pretty-printed document indents the objects it nests.
    """
    if body[:1] == b"[":
        return Format.JSON
    lines = body.rstrip().split(b"\n")
    if len(lines) == 1 or _is_json_object(lines[0]):
        return Format.JSONL
    complete = lines if body.endswith(b"\n") else lines[:-1]
    candidates = (line for line in complete[1:_LINES_TRIED] if line[:1] == b"{")
    return Format.JSONL if any(_is_json_object(line) for line in candidates) else Format.JSON


def _is_json_object(line: bytes) -> bool:
    line = line.strip()
    if not (line.startswith(b"{") and line.endswith(b"}")):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
