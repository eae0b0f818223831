"""Claims: the checkable statements of an article, one per clause that can stand alone.

A sentence that joins two clauses with their own subjects ("Putin was received
by Kim, and the two leaders travelled together …") holds two claims; each is
checked on its own by corroboration.  A claim carries the names, numbers and
dates it states, who it is attributed to and how it is put: stated by the
outlet, reported from a speaker, alleged, or denied.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from newsweave.reading.dating import resolve
from newsweave.reading.entities import Mention
from newsweave.reading.model import Claim, Quote
from newsweave.reading.numbers import numbers
from newsweave.reading.speakers import SUBJECTS, Speakers
from newsweave.reading.vocabulary import ALLEGE_WORDS, DENY_VERBS, REPORT_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MIN_CLAIM_WORDS = 4
_DATE_LABELS = ("DATE", "TIME")
_CLAUSE_VERB_DEPS = ("ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "acl")


def claims(doc: Doc, found: Sequence[Mention], speakers: Speakers, quotes: Sequence[Quote],
           base: date | None, skip_lines: Sequence[str] = ()) -> list[Claim]:
    """Every claim of ``doc`` in text order."""
    headings = {" ".join(line.split()) for line in skip_lines}
    result = []
    for sentence in doc.sents:
        if " ".join(sentence.text.split()) in headings:
            continue
        for clause in clauses(sentence):
            if _word_count(clause) >= MIN_CLAIM_WORDS:
                result.append(_claim(clause, found, speakers, quotes, base))
    return result


def clauses(sentence: Span) -> list[Span]:
    """The sentence, or its coordinated main clauses when each has its own subject."""
    root = sentence.root
    joined = [child for child in root.children
              if child.dep_ == "conj" and any(grand.dep_ in SUBJECTS for grand in child.children)]
    if not joined:
        return [_trim(sentence)]
    doc = sentence.doc
    parts = []
    start = sentence.start
    for verb in joined:
        cut = verb.left_edge.i
        while cut > start and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct or doc[cut - 1].is_space):
            cut -= 1
        parts.append(doc[start:cut])
        start = verb.left_edge.i
    parts.append(doc[start:sentence.end])
    return [_trim(part) for part in parts if len(part)]


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end]


def _word_count(span: Span) -> int:
    return sum(1 for token in span if token.is_alpha)


def _claim(clause: Span, found: Sequence[Mention], speakers: Speakers, quotes: Sequence[Quote],
           base: date | None) -> Claim:
    start, end = clause.start_char, clause.end_char
    names = list(dict.fromkeys(speakers.name(m) for m in found if start <= m.start and m.end <= end))
    dates, date_spans = [], []
    for ent in clause.ents:
        if ent.label_ in _DATE_LABELS and (mention := resolve(ent.text, base)) is not None:
            dates.append(mention)
            date_spans.append((ent.start_char, ent.end_char))
    amounts = numbers(clause.text, [(s - start, e - start) for s, e in date_spans])
    attribution, stance = _stance(clause, speakers, quotes)
    return Claim(clause.text, start, end, tuple(names), tuple(amounts), tuple(dates), attribution, stance)


def _stance(clause: Span, speakers: Speakers, quotes: Sequence[Quote]) -> tuple[str | None, str]:
    attribution = _attribution(clause, quotes) or _reporter(clause, speakers)
    denial = next((token for token in clause if _is_denial(token)), None)
    if denial is not None:
        return speakers.of_cue(denial) or attribution, "denied"
    if any(token.lower_ in ALLEGE_WORDS for token in clause):
        return attribution, "alleged"
    return attribution, "stated" if attribution is None else "reported"


def _reporter(clause: Span, speakers: Speakers) -> str | None:
    """Who a clause reports, from a reporting verb with a clause of its own ("X announced that …")."""
    for token in clause:
        if token.lower_ in REPORT_VERBS and any(child.dep_ == "ccomp" for child in token.children):
            speaker = speakers.of_cue(token)
            if speaker is not None:
                return speaker
    return None


def _is_denial(token: Token) -> bool:
    return token.lower_ in DENY_VERBS and token.dep_ in _CLAUSE_VERB_DEPS


def _attribution(clause: Span, quotes: Sequence[Quote]) -> str | None:
    """The speaker of the quote that covers most of the clause."""
    best, best_overlap = None, 0
    for quote in quotes:
        overlap = min(quote.end, clause.end_char) - max(quote.start, clause.start_char)
        if overlap > best_overlap and quote.speaker is not None:
            best, best_overlap = quote.speaker, overlap
    return best
