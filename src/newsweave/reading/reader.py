"""Reading articles: the spaCy analysis for English, sentence claims for the rest.

English articles go through the parser and entity recogniser in batches (in
worker processes when there are enough of them, see ``workers``).  Articles in other languages,
or any article when spaCy is not installed, still get claims (their sentences,
with numbers) and quotes (by their marks, without speakers); ``analysis`` and
``notes`` say that the reading is partial and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from newsweave.clean.sentences import split_sentences
from newsweave.model import Article
from newsweave.reading import entities as entity_rules
from newsweave.reading.claims import MIN_CLAIM_WORDS, claims
from newsweave.reading.dating import base_date
from newsweave.reading.marks import marked_spans, quote_text
from newsweave.reading.model import Claim, Quote, Reading
from newsweave.reading.nlp import MAX_CHARS, ModelUnavailable, english, parse
from newsweave.reading.numbers import numbers
from newsweave.reading.quotes import SHORT_QUOTE_WORDS, direct_quotes, reported_quotes
from newsweave.reading.speakers import Speakers
from newsweave.reading.workers import default_processes, map_in_workers

ENGLISH = "en"


def read_article(article: Article, fallback_date: str | None = None) -> Reading:
    """Read one article (see ``read_articles``)."""
    return read_articles([article], fallback_dates=[fallback_date])[0]


def read_articles(articles: Sequence[Article], processes: int | None = None,
                  fallback_dates: Sequence[str | None] | None = None) -> list[Reading]:
    """Read ``articles`` in order.

    ``fallback_dates`` (one per article) resolve relative dates in an article
    with no date of its own, from its story's date.  Articles with the same
    text (wire copies) are parsed once.
    """
    fallbacks = list(fallback_dates or [None] * len(articles))
    readings: list[Reading | None] = [None] * len(articles)
    english_positions = [index for index, article in enumerate(articles) if _is_english(article)]
    unavailable = _model_problem() if english_positions else None
    if unavailable is None and english_positions:
        same_text: dict[str, list[int]] = {}
        for index in english_positions:
            same_text.setdefault(articles[index].text, []).append(index)
        groups = [[(articles[index], fallbacks[index]) for index in group] for group in same_text.values()]
        workers = processes or default_processes(len(groups))
        group_readings = map_in_workers(_read_groups, groups, workers)
        for positions, read in zip(same_text.values(), group_readings, strict=True):
            for index, reading in zip(positions, read, strict=True):
                readings[index] = reading
    for index, article in enumerate(articles):
        if readings[index] is None:
            reason = unavailable if _is_english(article) else _language_note(article.language)
            readings[index] = sentence_reading(article, reason or "")
    return [reading for reading in readings if reading is not None]


def _read_groups(groups: list[list[tuple[Article, str | None]]]) -> list[list[Reading]]:
    """Parse each group's shared text once and read it for every article of the group."""
    docs = parse((group[0][0].text for group in groups), len(groups))
    return [
        [analyse(doc, article, base_date(article.published or fallback)) for article, fallback in group]
        for group, doc in zip(groups, docs, strict=True)
    ]


def _is_english(article: Article) -> bool:
    return article.language in (ENGLISH, None)


def _model_problem() -> str | None:
    try:
        english()
    except ModelUnavailable as error:
        return f"{error}: claims are whole sentences, without entities, speakers or dates"
    return None


def _language_note(language: str | None) -> str:
    return (f"no entity or parsing model for language {language!r}: claims are whole sentences, "
            "without entities, speakers or dates; quotes are found by their marks, without speakers")


def analyse(doc, article: Article, base: date | None) -> Reading:
    """The full reading of one parsed English article."""
    found = entity_rules.with_canonical_names(entity_rules.mentions(doc), article.title, doc)
    speakers = Speakers(doc, found)
    direct = direct_quotes(doc, speakers)
    quotes = sorted([*direct, *reported_quotes(doc, speakers, direct)], key=lambda quote: quote.start)
    notes = [_clipped_note()] if len(article.text) > MAX_CHARS else []
    return Reading(
        title=article.title, published=article.published, language=article.language or ENGLISH,
        analysis="full", notes=notes,
        entities=entity_rules.entities(found),
        quotes=quotes,
        claims=claims(doc, found, speakers, quotes, base, article.subheadings),
    )


def sentence_reading(article: Article, note: str) -> Reading:
    """The partial reading: sentences as claims, numbers, and quotes found by their marks."""
    text = article.text[:MAX_CHARS]
    headings = {" ".join(line.split()) for line in article.subheadings}
    sentences = [(start, end) for start, end in (article.sentences or split_sentences(text))
                 if end <= len(text) and " ".join(text[start:end].split()) not in headings]
    found_claims = [
        Claim(text[start:end], start, end, numbers=tuple(numbers(text[start:end], language=article.language)))
        for start, end in sentences if len(text[start:end].split()) >= MIN_CLAIM_WORDS
    ]
    quotes = [Quote(None, None, words, span.start, span.end, "direct")
              for span in marked_spans(text)
              if len((words := quote_text(text, span)).split()) > SHORT_QUOTE_WORDS]
    notes = [note] if note else []
    if len(article.text) > MAX_CHARS:
        notes.append(_clipped_note())
    return Reading(title=article.title, published=article.published, language=article.language,
                   analysis="sentences", notes=notes, quotes=quotes, claims=found_claims)


def _clipped_note() -> str:
    return f"only the first {MAX_CHARS:,} characters were read"
