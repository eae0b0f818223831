"""HTML pages: main text and metadata with trafilatura, dates with htmldate.

trafilatura finds the article body and its metadata; where it finds no date,
htmldate searches the page more widely.  Before extraction, blocks that the markup
names as furniture (captions, share bars, related links, ...) are marked for
trafilatura to prune (see ``prune``); tables are kept, as their cells are body text.
The extracted text then goes through the same cleaning as every other format,
which removes what trafilatura still leaves in.

Pruning must only take out the marked blocks, but a smaller tree can also change
which block trafilatura (or its readability/justext fallback) takes for the body.
So the page is also extracted unpruned; when that text, less the lines of the
marked blocks, is clearly longer (``KEEP_UNPRUNED_RATIO``), it is used instead.

A page whose text has no line of prose (``MIN_PARAGRAPH_WORDS``), such as a
section front that leaves only "Home", "Sports", "World", holds no article:
``html_to_article`` raises ReadError for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from configparser import ConfigParser
from copy import deepcopy

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.utils import load_html

from newsweave.dates import to_iso
from newsweave.errors import ReadError
from newsweave.identity import source_of
from newsweave.model import Article
from newsweave.readers.options import ReadOptions
from newsweave.readers.prune import PRUNE_XPATH, mark_furniture, marked_texts
from newsweave.readers.source import Source

MAX_TREE_SIZE = 200_000
# libxml2 (without XML_PARSE_HUGE) stops parsing at this nesting depth and drops the rest of the page.
PARSER_MAX_DEPTH = 255
# The unpruned text (less the marked blocks' lines) replaces the pruned one when it is
# longer by more than this factor: pruning then changed trafilatura's choice of body.
KEEP_UNPRUNED_RATIO = 1.1
# An article has at least one line of this many words (each Chinese or Japanese
# character counts as a word, as those scripts do not separate words by spaces).
MIN_PARAGRAPH_WORDS = 8
_WORD = re.compile(r"[^\W\d_]+")
_UNSPACED_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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
        if _cut_at_depth_limit(tree):
            raise ReadError(f"HTML nested over {PARSER_MAX_DEPTH} elements deep: the parser stops there, "
                            "so the page cannot be read whole")
        mark_furniture(tree)
        marked = [unicodedata.normalize("NFC", block) for block in marked_texts(tree)]
        # trafilatura edits the tree it reads; the marks alone change nothing without prune_xpath
        unpruned = deepcopy(tree) if marked else None
        document = _extract(tree, url, PRUNE_XPATH if marked else None)
        if unpruned is not None:
            unpruned_document = _extract(unpruned, url, None)
            fallback = _without_lines_of(_text_of(unpruned_document), marked)
            if len(fallback) > KEEP_UNPRUNED_RATIO * len(_text_of(document)):
                document = document or unpruned_document
                document.text = fallback
    # AssertionError: htmldate (inside trafilatura) drops elements lxml cannot drop, such as a
    # page whose root is an <svg> holding a <footer>.
    except (ValueError, TypeError, RecursionError, MemoryError, AssertionError) as error:
        raise ReadError(f"HTML could not be parsed ({type(error).__name__})") from error
    text = _text_of(document)
    if not text.strip():
        raise ReadError("no article text found in the HTML page")
    if not has_prose(text):
        raise ReadError(f"no article text found in the HTML page (no line of {MIN_PARAGRAPH_WORDS} words)")
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


def _cut_at_depth_limit(tree: HtmlElement) -> bool:
    """Whether the parser stopped at its depth limit: the page then ends in an element that deep."""
    depth, element = 0, tree
    while len(element):
        element, depth = element[-1], depth + 1
    return depth >= PARSER_MAX_DEPTH


def _extract(tree: object, url: str | None, prune_xpath: str | None) -> object:
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        prune_xpath=prune_xpath,
        config=_CONFIG,
    )


def _text_of(document: object) -> str:
    """The document's text in Unicode NFC (trafilatura's ``extract`` does the same)."""
    text = getattr(document, "text", None) if document is not None else None
    return unicodedata.normalize("NFC", text) if text else ""


def _without_lines_of(text: str, marked: list[str]) -> str:
    """``text`` less every line that lies within one of the ``marked`` blocks' texts."""
    kept = []
    for line in text.split("\n"):
        words = " ".join(line.split())
        if not (words and any(words in block for block in marked)):
            kept.append(line)
    return "\n".join(kept)


def has_prose(text: str) -> bool:
    """Whether some line of ``text`` has ``MIN_PARAGRAPH_WORDS`` words: navigation never does."""
    return any(
        len(_WORD.findall(line)) + len(_UNSPACED_CHAR.findall(line)) >= MIN_PARAGRAPH_WORDS
        for line in text.splitlines()
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
