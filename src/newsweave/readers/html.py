"""HTML pages: main text and metadata with trafilatura, dates with htmldate.

trafilatura finds the article body and its metadata; where it finds no date,
htmldate searches the page more widely.  The extracted text then goes through the
same cleaning as every other format, which removes what trafilatura leaves in.
"""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura
from htmldate import find_date

from newsweave.dates import to_iso
from newsweave.errors import ReadError
from newsweave.identity import source_of
from newsweave.model import Article
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import Source

MAX_TREE_SIZE = 200_000


def read_html(source: Source, options: ReadOptions) -> Iterator[Article]:
    """Yield the one article of an HTML page (also gzipped)."""
    yield html_to_article(source.read_all(options.max_bytes), url=source.url, origin=source.name)


def html_to_article(html: bytes | str, url: str | None = None, origin: str | None = None) -> Article:
    """Extract an Article from one page; ReadError when the page holds no article text."""
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            max_tree_size=MAX_TREE_SIZE,
        )
    except (ValueError, TypeError, RecursionError, MemoryError) as error:
        raise ReadError(f"HTML could not be parsed ({type(error).__name__})") from error
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise ReadError("no article text found in the HTML page")
    page_url = url or document.url
    return Article(
        text=text,
        title=document.title,
        url=page_url,
        source=source_of(page_url) or document.sitename,
        published=to_iso(document.date) or _date_by_htmldate(html, page_url),
        language=document.language,
        description=document.description,
        authors=_authors(document.author),
        origin=origin,
    )


def _date_by_htmldate(html: bytes | str, url: str | None) -> str | None:
    try:
        return to_iso(find_date(html, url=url, extensive_search=True, original_date=True))
    except (ValueError, TypeError, RecursionError):
        return None


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [name.strip() for name in value.split(";") if name.strip()]
