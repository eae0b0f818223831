"""HTML pages: main text and metadata with trafilatura, dates with htmldate.

trafilatura finds the article body and its metadata; where it finds no date,
htmldate searches the page more widely.  Before extraction, blocks that the markup
names as furniture (captions, share bars, related links, ...) are marked for
trafilatura to prune (see ``prune``); tables are kept, as their cells are body text.
The extracted text then goes through the same cleaning as every other format,
which removes what trafilatura still leaves in.
"""

from __future__ import annotations

from collections.abc import Iterator
from configparser import ConfigParser
from copy import deepcopy

import trafilatura
from htmldate import find_date
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.utils import load_html

from newsweave.dates import to_iso
from newsweave.errors import ReadError
from newsweave.identity import source_of
from newsweave.model import Article
from newsweave.readers.options import ReadOptions
from newsweave.readers.prune import PRUNE_XPATH, mark_furniture
from newsweave.readers.source import Source

MAX_TREE_SIZE = 200_000


def _config() -> ConfigParser:
    """trafilatura's defaults with our tree-size cap.

    trafilatura 2.x refuses the ``max_tree_size`` argument (ValueError) and reads
    the cap from its settings instead.
    """
    config = deepcopy(DEFAULT_CONFIG)
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    return config


_CONFIG = _config()


def read_html(source: Source, options: ReadOptions) -> Iterator[Article]:
    """Yield the one article of an HTML page (also gzipped)."""
    yield html_to_article(source.read_all(options.max_bytes), url=source.url, origin=source.name)


def html_to_article(html: bytes | str, url: str | None = None, origin: str | None = None) -> Article:
    """Extract an Article from one page; ReadError when the page holds no article text."""
    try:
        tree = load_html(html)
        if tree is None:
            raise ReadError("HTML could not be parsed (no document tree)")
        mark_furniture(tree)
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            prune_xpath=PRUNE_XPATH,
            config=_CONFIG,
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
