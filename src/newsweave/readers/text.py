"""Plain-text articles: an optional ``date YYYY-MM-DD``, an optional title line, paragraphs.

This is how scraped articles are often saved: the date marker may share its line
with the first paragraph, and a title is a short first line without final
punctuation, followed by the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsweave.dates import to_iso
from newsweave.errors import ReadError
from newsweave.model import Article
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import Source, decode_text, safe_text

_DATE_MARKER = re.compile(r"^\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_FINAL_PUNCTUATION = re.compile(r"[.!?,;:\u2026][\"'\u201d\u2019)\]]*$")
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30


def read_text(source: Source, options: ReadOptions) -> Iterator[Article]:
    """Yield the one article of a plain-text file."""
    text = safe_text(decode_text(source.read_all(options.max_bytes)))
    article = parse_text(text, origin=source.name)
    if not article.text.strip():
        raise ReadError("no article text (at most a date and a title line)")
    yield article


def parse_text(text: str, origin: str | None = None) -> Article:
    """Split a plain-text article into its date, title and body."""
    published, text = _take_date(text)
    title, body = _take_title(text)
    return Article(text=body, title=title, published=published, origin=origin, url=None)


def _take_date(text: str) -> tuple[str | None, str]:
    match = _DATE_MARKER.match(text)
    if not match:
        return None, text
    return to_iso(match.group(1)), text[match.end():]


def _take_title(text: str) -> tuple[str | None, str]:
    lines = text.lstrip("\ufeff").splitlines()
    first_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first_index is None:
        return None, text
    candidate = lines[first_index].strip().lstrip("#").strip()
    rest = "\n".join(lines[first_index + 1:])
    if not rest.strip() or not looks_like_title(candidate):
        return None, text
    return candidate, rest


def looks_like_title(line: str) -> bool:
    """A short line of at least two words that does not end like a sentence."""
    words = line.split()
    return (
        2 <= len(words) <= _MAX_TITLE_WORDS
        and len(line) <= _MAX_TITLE_CHARS
        and not _FINAL_PUNCTUATION.search(line)
    )
