"""Sniffing: the content decides the reader, the file name only breaks ties."""

from __future__ import annotations

import json

import pytest

from newsweave.errors import ReadError
from newsweave.readers.sniff import Format, sniff

RECORD = json.dumps({"title": "T", "maintext": "Body."})


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "crawl.bin", Format.WARC),
        (f"{RECORD}\n{RECORD}\n".encode(), "x.txt", Format.JSONL),
        (RECORD.encode(), "one.json", Format.JSONL),
        (b'[\n  {"title": "T"}\n]', "x.jsonl", Format.JSON),
        (b'{\n  "title": "T",\n  "maintext": "B"\n}\n', "x.jsonl", Format.JSON),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', "f.html", Format.FEED),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', "a.txt", Format.FEED),
        (b"<rdf:RDF xmlns:rdf='x'></rdf:RDF>", "", Format.FEED),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt", Format.HTML),
        (b"<div class='story'><p>Body</p></div>", "", Format.HTML),
        (b"<b>bold</b> opening", "page.html", Format.HTML),
        (b"<b>bold</b> opening", "page.txt", Format.TEXT),
        (b"date 2024-06-19 Some text.\n\nMore text.", "a.json", Format.TEXT),
        (b"\xef\xbb\xbfA title\n\nBody.", "", Format.TEXT),
        (b"   \n\n  Leading blank lines then text.", "", Format.TEXT),
    ],
)
def test_format_follows_content(head: bytes, name: str, expected: Format) -> None:
    assert sniff(head, name) is expected


def test_html_page_mentioning_rss_is_html() -> None:
    head = b'<html><head><link rel="alternate" href="/rss"></head><body><rss >x</body></html>'
    assert sniff(head, "p.html") is Format.HTML


@pytest.mark.parametrize(
    "text",
    [b"[Updated 5 pm] Officials said the bridge would reopen.", b"{Editor's note} This story was corrected."],
)
def test_text_opening_with_a_bracket_is_text(text: bytes) -> None:
    assert sniff(text, "story.txt") is Format.TEXT


def test_jsonl_with_malformed_first_line_is_still_jsonl() -> None:
    """Otherwise one bad record would make the whole file one malformed document."""
    head = f'{{"title": "broken\n{RECORD}\n{RECORD}\n'.encode()
    assert sniff(head, "x.jsonl") is Format.JSONL


def test_pretty_printed_object_with_nested_objects_is_json() -> None:
    document = json.dumps({"title": "T", "maintext": "B", "meta": [{"a": 1}]}, indent=2)
    assert sniff(document.encode(), "x.json") is Format.JSON


def test_warc_with_binary_records_is_a_warc() -> None:
    """A gzip-encoded or image body in the first record must not make the crawl "binary"."""
    gzip_body = b"\x1f\x8b\x08\x00\0\0\0\0" + bytes(300)
    head = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 308\r\n\r\n" + gzip_body
    assert sniff(head, "crawl.warc") is Format.WARC


def test_utf16_html_is_recognised() -> None:
    assert sniff("<html><body><p>x</p></body></html>".encode("utf-16"), "") is Format.HTML


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (b"", "empty input"),
        (b"  \n\t\n ", "empty input"),
        (b"\xef\xbb\xbf\n", "empty input"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"PK\x03\x04rest", "a ZIP archive"),
        (b"SQLite format 3\0", "an SQLite database"),
        (b"text with a \0 NUL byte", "contains NUL bytes"),
        (bytes(range(1, 9)) * 20, "mostly control bytes"),
        (b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', "neither an RSS/Atom feed"),
    ],
)
def test_refused_content(head: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        sniff(head, "input.txt")
