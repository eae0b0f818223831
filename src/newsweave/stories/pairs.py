"""Reading article pairs to score: JSON Lines with ``text1``, ``text2`` and an id.

Each text is a plain article with its title on the first line (the SemEval-2022
Task 8 layout).  ``lang1``/``lang2`` are used when present, else the language
is identified.  A bad line is reported and skipped; the others are scored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsweave.clean.language import detect_language
from newsweave.model import Article, Failure


@dataclass(frozen=True)
class Pair:
    """Two articles to compare, with the id the caller gave them."""

    id: str | int | None
    a: Article
    b: Article


def read_pairs(path: str | Path) -> Iterator[Pair | Failure]:
    """The pairs of a JSON Lines file, or a Failure per unreadable line (or for the file)."""
    try:
        with Path(path).open(encoding="utf-8-sig", errors="strict") as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    yield _pair(line, f"{path}:{number}")
    except OSError as error:
        yield Failure(str(path), f"cannot read pairs file ({error.strerror or error})")
    except UnicodeDecodeError:
        yield Failure(str(path), "pairs file is not UTF-8 text")


def _pair(line: str, where: str) -> Pair | Failure:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Failure(where, f"not a JSON object ({error.msg})")
    if not isinstance(record, dict):
        return Failure(where, "not a JSON object")
    texts = [record.get("text1"), record.get("text2")]
    if not all(isinstance(text, str) and text.strip() for text in texts):
        return Failure(where, "needs non-empty strings 'text1' and 'text2'")
    pair_id = record.get("id", record.get("pair_id"))
    langs = [record.get("lang1"), record.get("lang2")]
    return Pair(pair_id, plain_article(texts[0], langs[0]), plain_article(texts[1], langs[1]))


def plain_article(text: str, language: str | None = None) -> Article:
    """An article from plain text whose first line is its title.

    A text of a single line has no title: it is all body, as it would be when
    ingested, rather than one very long title.
    """
    title, _, body = text.strip().partition("\n")
    if not body.strip():
        title, body = "", title
    return Article(text=body.strip(), title=title.strip() or None,
                   language=language if isinstance(language, str) else detect_language(text))
