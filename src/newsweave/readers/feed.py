"""RSS and Atom feeds with feedparser: each entry becomes an article.

Without ``--fetch`` an entry's own content (or summary) is its text.  With it,
the entry's page is fetched and extracted like any HTML page, keeping the feed's
title and date where the page lacks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import feedparser
import lxml.html
from lxml.etree import ParserError

from newsweave.dates import to_iso
from newsweave.errors import ReadError
from newsweave.identity import source_of
from newsweave.model import Article, Failure
from newsweave.readers.fetch import Fetcher
from newsweave.readers.html import html_to_article
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import Source, safe_text

# Character references: decimal, or hexadecimal with x; long ones included, to be refused.
_IMPOSSIBLE_CHARREF = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+);")
_XML_FORBIDDEN = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


def read_feed(
    source: Source, options: ReadOptions, fetcher: Fetcher | None = None
) -> Iterator[Article | Failure]:
    """Yield an article (or a failure) per feed entry."""
    base = {"content-location": source.url} if source.url else None  # resolves relative links
    parsed = _parse(source.read_all(options.max_bytes), base)
    if not parsed.entries:
        if parsed.bozo:
            raise ReadError(f"malformed feed ({parsed.get('bozo_exception', 'not well-formed')})")
        raise ReadError("feed has no entries")
    language = parsed.feed.get("language")
    for index, entry in enumerate(parsed.entries, start=1):
        position = entry.get("link") or str(index)
        try:
            article = _entry_article(entry, language, source.name, position)
            if options.fetch and fetcher is not None and article.url:
                article = _fetched(article, fetcher)
            elif not article.text:
                raise ReadError("feed entry has no text of its own (--fetch reads its page)")
        except ReadError as error:
            yield Failure(f"{source.name}#{position}", str(error))
            continue
        yield article


def _parse(data: bytes, headers: dict[str, str] | None) -> Any:
    """feedparser's reading of ``data``, with character references it cannot take made harmless."""
    try:
        return feedparser.parse(_IMPOSSIBLE_CHARREF.sub(_replace_impossible, data), response_headers=headers,
                                sanitize_html=True)
    except (ValueError, OverflowError, UnicodeError) as error:
        raise ReadError(f"malformed feed ({type(error).__name__}: {error})") from error


def _replace_impossible(match: re.Match[bytes]) -> bytes:
    """U+FFFD for a reference to no character (over U+10FFFF, or a surrogate); the rest as written.

    feedparser turns ``&#x110000;`` or ``&#xD800;`` into exceptions that end the
    whole feed, where a browser shows the replacement character.
    """
    digits = match.group(1)
    hexadecimal = digits[:1] in (b"x", b"X")
    digits = digits[1:] if hexadecimal else digits
    if len(digits) > 8:
        return b"&#xFFFD;"
    code = int(digits, 16 if hexadecimal else 10)
    return b"&#xFFFD;" if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else match.group()


def _entry_article(entry: Any, language: str | None, origin: str, position: str) -> Article:
    text = html_fragment_to_text(_entry_html(entry))
    url = entry.get("link")
    title = html_fragment_to_text(entry.get("title", "")) or None
    if not text and not url:
        raise ReadError("feed entry has neither text nor a link")
    return Article(
        text=text,
        title=title,
        url=url,
        source=source_of(url),
        published=to_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        language=language,
        authors=[a.get("name") for a in entry.get("authors", []) if a.get("name")],
        external_id=entry.get("id"),
        origin=origin,
        position=position,
    )


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    if contents:
        return max((c.get("value", "") for c in contents), key=len)
    return entry.get("summary", "")


def _fetched(article: Article, fetcher: Fetcher) -> Article:
    assert article.url is not None
    page = fetcher.fetch(article.url)
    extracted = html_to_article(page.body, url=page.url, origin=article.origin)
    extracted.url = article.url
    extracted.title = extracted.title or article.title
    extracted.published = extracted.published or article.published
    extracted.language = extracted.language or article.language
    extracted.authors = extracted.authors or article.authors
    extracted.external_id = article.external_id
    extracted.position = article.position
    return extracted


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per block element.

    NULs, lone surrogates and the control characters XML forbids are taken
    out first: lxml refuses text holding them.
    """
    fragment = _XML_FORBIDDEN.sub(" ", safe_text(fragment or ""))
    if not fragment or "<" not in fragment:
        return (fragment or "").strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return fragment.strip()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())
