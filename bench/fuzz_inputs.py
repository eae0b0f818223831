"""Fuzz inputs for every reader: files as a user hands them over, a name and its bytes.

Each strategy mixes the structure a reader expects (JSON records with the known
field names, HTML trees, RSS/Atom/RDF templates, WARC records written by warcio)
with hostile content: control characters, lone surrogates, entity references,
huge and negative numbers, wrong types, odd encodings and BOMs, truncation and
stray bytes.  Pure noise only reaches the sniffer; structure is what carries the
fuzz past it into each reader's own code.

The tests (tests/test_fuzz.py) and the long run (bench/fuzz_readers.py) draw from
the same strategies, so a bug the bench finds can be replayed as a test.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import re
from dataclasses import dataclass
from html import escape

from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.readers.options import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class FuzzFile:
    """One input: the file name a user gave it, its bytes, and the size cap it is read under."""

    name: str
    data: bytes
    max_bytes: int = DEFAULT_MAX_BYTES


# Hypothesis leans towards the simplest choice (0, False, the first listed) in later draws,
# so the common case comes first and a rare one is the highest value, never 0.

# --- text pieces -----------------------------------------------------------------------

WORDS = (
    "the minister said on Tuesday that talks with the unions would resume after the vote in "
    "parliament police reported three arrests near the central station where officials met "
    "prices rose sharply across the region Berlin Paris Kyiv economy Ukraine's court ruled"
).split()
# fmt: off
ODDITIES = (
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9f", "\r", "\r\n", "\t",
    "\ufeff", "\u200b", "\u00ad", "\u2028", "\u2029", "\u202e", "\ud800", "\udfff", "\U0001f600",
    "\u0301", "İ", "ß", "&", "&amp;", "&#0;", "&#xD800;", "&#x110000;", "&#99999999999;", "&nbsp;",
    "&bogus;", "<", ">", "]]>", "<!--", "-->", "'", '"', "\\", "{", "}", "[", "]", " ", "  ", "\n", "\n\n",
)
FURNITURE_LINES = (
    "Advertisement", "Also Read | Officials meet in Berlin", "Photo: AP", "Share", "© 2024 Example News",
    "Read more", "Sign up for our newsletter", "Jae C. Hong/AP", "Related: 34 things to know",
    "(Reporting by Jane Doe; Editing by John Roe)", "Economic Impact The deal will be signed soon by all",
    "12:30 pm", "***", "[Updated 5 pm]", "Lesen Sie auch: Die Wahl", "Foto: dpa / a / b / c / d / e",
)
# fmt: on


def sentence(number: int) -> str:
    """A sentence of news words chosen by ``number``: one draw instead of one per word."""
    rng = random.Random(number)
    return " ".join(rng.choices(WORDS, k=rng.randint(3, 24))).capitalize() + "."


def code_units(data: bytes) -> str:
    """``data`` read as UTF-16 code units: any BMP character, astral pairs and lone surrogates alike."""
    return data[: len(data) // 2 * 2].decode("utf-16-le", "surrogatepass")


# Text by whole byte strings (one draw each) keeps generation fast; st.text adds its edge cases.
any_char_text = st.one_of(
    st.text(alphabet=st.characters(codec=None), max_size=8),
    st.binary(max_size=60).map(code_units),
    st.binary(max_size=60).map(lambda data: data.decode("latin-1")),
)
sentences = st.integers(0, 2**32 - 1).map(sentence)
text_pieces = st.one_of(sentences, sentences, any_char_text, st.sampled_from(ODDITIES + FURNITURE_LINES))
paragraphs = st.lists(text_pieces, min_size=1, max_size=5).map(" ".join)
# fmt: off
DATES = (
    "2024-06-19", "2024-06-19T10:30:00Z", "Wed, 19 Jun 2024 10:30:00 +0000", "19.06.2024",
    "2018-02-06 05:13:15", "0000-00-00", "9999-99-99", "-2024-01-01", "Mon, 31 Feb 99999 25:61:61 +9999",
    "1e308", "99999999999999999999", "yesterday", "", " ", "2024-13-45T99:99:99+99:99", "1799-12-31",
)
# fmt: on
date_texts = st.one_of(
    st.sampled_from(DATES),
    st.dates().map(str),
    st.datetimes().map(str),
    any_char_text,
)

# --- bytes: encodings and damage ------------------------------------------------------

# Mostly UTF-8; UTF-16 without a BOM is refused for its NUL bytes, so it stays rare.
ENCODINGS = ("utf-8",) * 6 + ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252")


def encoded(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; lone surrogates pass into the UTF forms as invalid bytes."""
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    return text.encode(encoding, errors)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` as is three times in four, else cut short, with bytes inserted, or with one byte changed."""
    how = draw(st.sampled_from(("as is",) * 9 + ("truncate", "insert", "flip")))
    if how == "as is" or not data:
        return data
    at = draw(st.integers(0, len(data) - 1))
    if how == "truncate":
        return data[:at]
    if how == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]


def name_text(size: int) -> st.SearchStrategy[str]:
    """Text a file name may hold: any character but the separator and NUL."""
    return st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/\x00"), max_size=size)


def name_with(extensions: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A file name: a fuzzed stem, then mostly one of ``extensions``, sometimes any suffix."""
    suffixes = st.one_of(st.sampled_from(extensions), st.sampled_from(extensions), name_text(6))
    return st.builds(lambda stem, suffix: usable_name(stem + suffix), name_text(20), suffixes)


def usable_name(name: str) -> str:
    """``name``, unless it is one no file can have ("", ".", "..")."""
    return name if name.strip(".") else f"input{name}"


# Mostly the default cap; a small one a sixth of the time, to reach the over-the-cap paths.
caps = st.one_of(*[st.just(DEFAULT_MAX_BYTES)] * 5, st.integers(1, 4096))


@st.composite
def files(draw: st.DrawFn, contents: st.SearchStrategy[bytes], extensions: tuple[str, ...]) -> FuzzFile:
    """A FuzzFile of (possibly damaged) ``contents`` under a name ending mostly in ``extensions``."""
    data = draw(damaged(draw(contents)))
    return FuzzFile(draw(name_with(extensions)), data, draw(caps))


# --- JSON Lines and JSON -----------------------------------------------------------------

KNOWN_KEYS = tuple(
    """maintext text content body title headline url link source_domain source domain date_publish
    published date date_published pubdate language lang description summary authors author id""".split()
)
# Numbers too long for json.dumps (Python's 4,300-digit limit) and nesting deeper than
# the recursion limit are spliced in as raw JSON after dumping, in place of these markers.
_BIG = "\x02big{}\x02"
_DEEP = "\x02deep{}\x02"
raw_json_markers = st.one_of(
    st.integers(300, 6000).map(_BIG.format), st.integers(100, 5000).map(_DEEP.format)
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    any_char_text,
    paragraphs,
    date_texts,
    raw_json_markers,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
records = st.builds(
    lambda extra, fixed: {**extra, **fixed},
    st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=10), json_values, max_size=6),
    st.fixed_dictionaries(
        {},
        optional={
            "maintext": st.one_of(paragraphs, json_values),
            "title": st.one_of(text_pieces, json_values),
        },
    ),
)


def dumped(value: object, ensure_ascii: bool, indent: int | None = None) -> str:
    """JSON text of ``value`` with the big-number and deep-nesting markers spliced in raw.

    json.dumps escapes the markers' control characters whatever ``ensure_ascii`` says.
    """
    return _MARKER.sub(_raw_json, json.dumps(value, ensure_ascii=ensure_ascii, indent=indent))


_MARKER = re.compile(r'"\\u0002(big|deep)(\d+)\\u0002"')


def _raw_json(match: re.Match[str]) -> str:
    count = int(match.group(2))
    if match.group(1) == "big":
        return "-" * (count % 2) + "9" * count
    return "[" * count + "]" * count


@st.composite
def jsonl_lines(draw: st.DrawFn) -> str:
    """One line: mostly a record, else another JSON value, broken JSON, or noise."""
    kind = draw(st.sampled_from(("record", "record", "record", "value", "broken", "noise", "blank")))
    if kind == "record":
        return dumped(draw(records), draw(st.booleans()))
    if kind == "value":
        return dumped(draw(json_values), draw(st.booleans()))
    if kind == "broken":
        line = dumped(draw(records), True)
        return line[: draw(st.integers(0, len(line)))]
    return draw(any_char_text) if kind == "noise" else draw(st.sampled_from(("", " ", "\t", "\r")))


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(jsonl_lines(), min_size=1, max_size=8))
    ending = draw(st.sampled_from(("\n", "\n", "\r\n", "\n\n")))
    text = ending.join(lines) + draw(st.sampled_from(("", ending)))
    return encoded(text, draw(st.sampled_from(("utf-8", "utf-8", "utf-8-sig", "utf-16"))))


@st.composite
def json_bytes(draw: st.DrawFn) -> bytes:
    document = draw(st.one_of(st.lists(records, max_size=5), records, json_values))
    text = dumped(document, draw(st.booleans()), draw(st.sampled_from((None, None, 0, 2))))
    return encoded(text, draw(st.sampled_from(("utf-8", "utf-8", "utf-8-sig", "utf-16"))))


# --- plain text ----------------------------------------------------------------------------


@st.composite
def text_bytes(draw: st.DrawFn) -> bytes:
    """A scraped article: an optional date marker and title line, then paragraphs."""
    parts = []
    if draw(st.booleans()):
        parts.append(f"{draw(st.sampled_from(('date ', 'Date: ', 'DATE', ' date:')))}{draw(date_texts)}")
    if draw(st.booleans()):
        parts.append(draw(st.one_of(sentences.map(lambda s: s.rstrip(".")), text_pieces)))
    parts.extend(draw(st.lists(paragraphs, min_size=0, max_size=6)))
    separator = draw(st.sampled_from(("\n\n", "\n", "\r\n\r\n", "\r", " ", "\u2029")))
    return encoded(separator.join(parts), draw(st.sampled_from(ENCODINGS)))


# --- HTML ----------------------------------------------------------------------------------

TAGS = tuple(
    """div p p span article section main h1 h2 a b ul li table tr td blockquote figure figcaption
    nav footer aside header script style noscript iframe svg template pre time font form select
    textarea""".split()
)
CLASSES = tuple("share caption related ad social byline content article-body newsletter x".split())
attributes = st.lists(
    st.one_of(
        st.sampled_from(CLASSES).map(lambda c: f' class="{c}"'),
        st.sampled_from(("javascript:alert(1)", "/relative", "http://x.example/a", "")).map(
            lambda h: f' href="{h}"'
        ),
        any_char_text.map(lambda v: f' data-x="{escape(v)}"'),
        st.sampled_from(
            (" hidden", ' style="display:none"', " onerror=alert(1)", ' id="main"', ' lang="de"')
        ),
    ),
    max_size=3,
).map("".join)
# fmt: off
MARKUP_ODDITIES = (
    "<br>", "<hr/>", "<img src=x onerror=alert(1)>", "<!-- note -->", "<![CDATA[ x ]]>", "<div", "</p>",
    "</html>", "<body>", "<?php echo 1; ?>", "<meta charset='latin-1'>", "<base href='javascript:'>",
)
# fmt: on
html_leaves = st.one_of(
    paragraphs.map(escape),
    sentences,
    text_pieces,
    st.sampled_from(MARKUP_ODDITIES),
)


def element(tag: str, attrs: str, children: list[str], closed: bool) -> str:
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if closed else "")


html_trees = st.recursive(
    html_leaves,
    lambda inner: st.builds(
        element, st.sampled_from(TAGS), attributes, st.lists(inner, max_size=5), st.booleans() | st.just(True)
    ),
    max_leaves=30,
)


@st.composite
def html_bytes(draw: st.DrawFn) -> bytes:
    """A page: an optional doctype and head (title, date, charset), then a body tree.

    Half the bodies also hold a few paragraphs of prose, so that extraction gets
    past "no article text" and on to the metadata, dates and cleaning.
    """
    body = draw(html_trees)
    if draw(st.booleans()):
        prose = "".join(
            f"<p>{escape(text)}</p>" for text in draw(st.lists(sentences, min_size=1, max_size=5))
        )
        body = draw(st.sampled_from(("{0}{1}", "{1}{0}", "<div>{0}<article>{1}</article></div>"))).format(
            body, prose
        )
    if draw(st.integers(0, 9)) == 9:
        depth = draw(st.integers(100, 5000))
        body = "<div>" * depth + body + "</div>" * draw(st.integers(0, depth))
    head = (
        f"<head><meta charset='{draw(st.sampled_from(('utf-8', 'latin-1', 'utf-16', 'bogus')))}'>"
        f"<title>{draw(text_pieces)}</title>"
        f"<meta property='article:published_time' content='{escape(draw(date_texts))}'></head>"
    )
    page = draw(
        st.sampled_from(
            (
                "<!DOCTYPE html><html lang='en'>{head}<body>{body}</body></html>",
                "<html>{head}<body><article>{body}</article>",
                "{body}",
                "<p>{body}",
            )
        )
    ).format(head=head, body=body)
    return encoded(page, draw(st.sampled_from(ENCODINGS)))


# --- RSS, Atom and RDF feeds ------------------------------------------------------------------


@st.composite
def feed_field(draw: st.DrawFn) -> str:
    """Entry text as feeds carry it: escaped, escaped HTML, CDATA, raw (often breaking the XML)."""
    value = draw(st.one_of(paragraphs, html_trees, text_pieces, st.just("&custom;"), st.just("&a;")))
    how = draw(st.sampled_from(("escaped", "escaped", "cdata", "raw")))
    if how == "escaped":
        return escape(value, quote=False)
    return f"<![CDATA[{value}]]>" if how == "cdata" else value


@st.composite
def feed_entry(draw: st.DrawFn, kind: str) -> str:
    title, text, date = draw(feed_field()), draw(feed_field()), escape(draw(date_texts))
    link = escape(
        draw(st.sampled_from(("http://news.example/a", "", "javascript:x", "/rel")) | any_char_text)
    )
    author = escape(draw(text_pieces))
    if kind == "atom":
        content_type = draw(st.sampled_from(("html", "text", "xhtml")))
        return (
            f"<entry><title type='html'>{title}</title><link href='{link}'/><id>{link}</id>"
            f"<updated>{date}</updated><author><name>{author}</name></author>"
            f"<content type='{content_type}'>{text}</content></entry>"
        )
    about = f" rdf:about='{link}'" if kind == "rdf" else ""
    return (
        f"<item{about}><title>{title}</title><link>{link}</link><description>{text}</description>"
        f"<pubDate>{date}</pubDate><dc:date>{date}</dc:date><guid>{link}</guid><author>{author}</author>"
        f"<content:encoded>{draw(feed_field())}</content:encoded></item>"
    )


FEED_ROOTS = {
    "rss": (
        "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/' "
        "xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>{title}</title>"
        "<language>{language}</language>{entries}</channel></rss>"
    ),
    "atom": "<feed xmlns='http://www.w3.org/2005/Atom'><title>{title}</title>{entries}</feed>",
    "rdf": (
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/' "
        "xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>{title}</title></channel>{entries}</rdf:RDF>"
    ),
}


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(tuple(FEED_ROOTS)))
    entries = "".join(draw(st.lists(feed_entry(kind), min_size=0, max_size=4)))
    body = FEED_ROOTS[kind].format(
        title=draw(feed_field()), language=escape(draw(text_pieces)), entries=entries
    )
    custom = escape(draw(text_pieces), quote=True)
    doctype = draw(
        st.sampled_from(
            ("", "", f'<!DOCTYPE rss [<!ENTITY custom "{custom}"><!ENTITY a "&custom;&custom;">]>')
        )
    )
    encoding = draw(st.sampled_from(ENCODINGS))
    declared = draw(st.sampled_from((encoding, "utf-8", "iso-8859-1", "bogus")))
    prolog = draw(st.sampled_from((f"<?xml version='1.0' encoding='{declared}'?>", "")))
    return encoded(prolog + doctype + body, encoding)


# --- WARC --------------------------------------------------------------------------------------

# Weighted towards the successful HTML response, the only record that becomes an article.
STATUSES = ("200 OK",) * 8 + ("404 Not Found", "301 Moved Permanently", "200", "abc", "999 X")
CONTENT_TYPES = ("text/html; charset=utf-8",) * 5 + (
    "text/html",
    "TEXT/HTML",
    "",
    "application/json",
    "image/png",
)
CONTENT_ENCODINGS = (None,) * 10 + ("gzip", "deflate", "br", "identity", "x-bogus")
RECORD_TYPES = ("response",) * 8 + ("request", "resource", "metadata", "revisit")
printable_urls = st.one_of(
    st.sampled_from(
        ("http://news.example/story",) * 4 + ("https://x.example/a?b=c", "", "javascript:alert(1)")
    ),
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30),
)


@st.composite
def warc_payload(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, str]]]:
    """A response body and its extra HTTP headers: a page, noise, and a (mis)declared Content-Encoding."""
    body = draw(st.one_of(html_bytes(), html_bytes(), html_bytes(), st.binary(max_size=200)))
    encoding = draw(st.sampled_from(CONTENT_ENCODINGS))
    if encoding is None:
        return body, []
    if encoding == "gzip" and draw(st.booleans()):
        body = gzip.compress(body, mtime=0)
    return body, [("Content-Encoding", encoding)]


WARC_DATES = ("2024-06-19T10:30:00Z", "2024-06-19", "not a date", "")


@st.composite
def warc_bytes(draw: st.DrawFn) -> bytes:
    """Records written by warcio (per-record gzip or none), then whole-file gzip sometimes.

    Record ids and dates are given, as warcio's own (a uuid, the clock) would make
    the bytes differ between hypothesis's runs of one example.
    """
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=draw(st.booleans()))
    for number in range(draw(st.sampled_from((0, 1, 1, 2, 2, 3, 4)))):
        body, headers = draw(warc_payload())
        kind = draw(st.sampled_from(RECORD_TYPES))
        http = StatusAndHeaders(
            draw(st.sampled_from(STATUSES)),
            [("Content-Type", draw(st.sampled_from(CONTENT_TYPES))), *headers],
            protocol="HTTP/1.1",
        )
        with_http = kind in ("response", "request", "revisit")  # warcio parses these payloads' HTTP head
        warc_headers = {
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>",
            "WARC-Date": draw(st.sampled_from(WARC_DATES)),
        }
        record = writer.create_warc_record(
            draw(printable_urls),
            kind,
            payload=io.BytesIO(body),
            warc_headers_dict=warc_headers,
            http_headers=http if with_http else None,
        )
        writer.write_record(record)
    data = out.getvalue()
    return gzip.compress(data, mtime=0) if draw(st.integers(0, 5)) == 5 else data


# --- gzip and arbitrary bytes ---------------------------------------------------------------------

_INNER = {
    ".jsonl": jsonl_bytes(),
    ".json": json_bytes(),
    ".txt": text_bytes(),
    ".html": html_bytes(),
    ".xml": feed_bytes(),
    ".warc": warc_bytes(),
}


@st.composite
def gzip_files(draw: st.DrawFn, extensions: tuple[str, ...] = tuple(_INNER)) -> FuzzFile:
    """Content for the readers of ``extensions`` gzipped (sometimes twice), then perhaps damaged."""
    extension = draw(st.sampled_from(extensions))
    data = gzip.compress(draw(_INNER[extension]), mtime=0)
    if draw(st.integers(0, 9)) == 9:
        data = gzip.compress(data, mtime=0)
    return FuzzFile(draw(name_with((extension + ".gz", ".gz"))), draw(damaged(data)), draw(caps))


# fmt: off
SIGNATURES = (
    b"", b"WARC/1.0\r\n", b"WARC/", b"{", b'{"', b"[", b"[1", b"<rss>", b"<feed ", b"<rdf:RDF>", b"<html>",
    b"<!doctype html>", b"<?xml", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x1f\x8b", b"%PDF",
    b"\x89PNG", b"PK\x03\x04", b"SQLite format 3", b"\x00", b" \n\t",
)
# fmt: on
any_bytes = st.builds(
    lambda signature, tail: signature + tail, st.sampled_from(SIGNATURES), st.binary(max_size=300)
)
any_names = st.one_of(
    name_with((".jsonl", ".json", ".txt", ".html", ".htm.gz", ".xhtml", ".xml", ".rss", ".warc", ".warc.gz")),
    name_text(20).map(usable_name),
)
sniff_files = st.builds(FuzzFile, any_names, any_bytes, caps)

# The inputs per reader, by the name the bench and the tests use.
READER_INPUTS: dict[str, st.SearchStrategy[FuzzFile]] = {
    "jsonl": files(jsonl_bytes(), (".jsonl", ".jsonl", ".json", ".txt")),
    "json": files(json_bytes(), (".json", ".json", ".jsonl")),
    "text": files(text_bytes(), (".txt", ".txt", "", ".md")),
    "html": files(html_bytes(), (".html", ".htm", ".txt", ".xhtml")),
    "feed": files(feed_bytes(), (".xml", ".rss", ".atom", ".html")),
    "warc": files(warc_bytes(), (".warc", ".warc.gz", ".arc")),
    "gzip": gzip_files(),
    "sniff": sniff_files,
}
