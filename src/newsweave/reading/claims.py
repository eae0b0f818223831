"""Claims: the checkable statements of an article, one per clause that can stand alone.

A sentence that joins two clauses with their own subjects ("Putin was received
by Kim, and the two leaders travelled together …") holds two claims; each is
checked on its own by corroboration.  A claim carries the names, numbers and
dates it states, who it is attributed to and how it is put: stated by the
outlet, reported from a speaker, alleged, or denied.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from newsweave.reading.dating import resolve
from newsweave.reading.entities import Mention
from newsweave.reading.model import Claim, Quote
from newsweave.reading.numbers import numbers
from newsweave.reading.quotes import complement
from newsweave.reading.speakers import SUBJECTS, Speakers
from newsweave.reading.vocabulary import ALLEGE_WORDS, DENY_VERBS, PERSONAL_PRONOUNS, REPORT_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MIN_CLAIM_WORDS = 4
_DATE_LABELS = ("DATE", "TIME")
# A second predicate of the main verb, sharing its subject: "… and emphasized", "…, hailing".
_PREDICATE_DEPS = ("conj", "advcl")
_VERB_DEPENDENTS = frozenset({"dobj", "ccomp", "xcomp", "agent", "prt", "dative", "attr", "acomp", "aux",
                              "auxpass", "neg", "oprd"})
_STANCE_VERB_DEPS = ("ROOT", "conj", "ccomp", "xcomp", "advcl")
_FUTURE_WORDS = frozenset(
    "will 'll shall next upcoming coming plans planned plan scheduled expected due later tomorrow".split())


def claims(doc: Doc, found: Sequence[Mention], speakers: Speakers, quotes: Sequence[Quote],
           base: date | None, skip_lines: Sequence[str] = ()) -> list[Claim]:
    """Every claim of ``doc`` in text order."""
    headings = {" ".join(line.split()) for line in skip_lines}
    words = _Words(doc, found, base)
    result = []
    for sentence in doc.sents:
        if " ".join(sentence.text.split()) in headings:
            continue
        for clause in clauses(sentence):
            if words.count(clause) >= MIN_CLAIM_WORDS:
                result.append(_claim(clause, words, speakers, quotes))
    return result


class _Words:
    """What claims need of each token and entity, read once per document.

    spaCy makes a new Token object on every access, so per-claim loops over
    tokens and entities are done on these plain lists instead.
    """

    def __init__(self, doc: Doc, found: Sequence[Mention], base: date | None) -> None:
        self.doc = doc
        facts = [(token.lower_, token.dep_, token.is_alpha) for token in doc]
        self.lower = [lower for lower, _, _ in facts]
        self.dep = [dep for _, dep, _ in facts]
        self.alpha = [alpha for _, _, alpha in facts]
        self.mentions = sorted(found, key=lambda mention: mention.start)
        self.mention_starts = [mention.start for mention in self.mentions]
        dated = [ent for ent in doc.ents if ent.label_ in _DATE_LABELS]
        self.dates = [(ent.start_char, ent.end_char, mention) for ent in dated
                      if (mention := resolve(ent.text, base, self._looks_ahead(ent.sent))) is not None]
        # Times ("10:30 a.m.") and dates are not quantities; durations ("24 years") are.
        self.not_numbers = [(start, end) for start, end, _ in self.dates] + [
            (ent.start_char, ent.end_char) for ent in dated if ent.label_ == "TIME"]

    def _looks_ahead(self, sentence: Span) -> bool:
        return any(self.lower[index] in _FUTURE_WORDS for index in range(sentence.start, sentence.end))

    def count(self, span: Span) -> int:
        return sum(self.alpha[span.start:span.end])

    def names(self, start: int, end: int) -> list[str]:
        first = bisect_left(self.mention_starts, start)
        inside = (m for m in self.mentions[first:bisect_left(self.mention_starts, end)] if m.end <= end)
        return list(dict.fromkeys(Speakers.name(mention) for mention in inside))

    def first(self, span: Span, words: frozenset[str], deps: tuple[str, ...] | None = None) -> int | None:
        for index in range(span.start, span.end):
            if self.lower[index] in words and (deps is None or self.dep[index] in deps):
                return index
        return None


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


def _claim(clause: Span, words: _Words, speakers: Speakers, quotes: Sequence[Quote]) -> Claim:
    start, end = clause.start_char, clause.end_char
    dates = [(s, e, mention) for s, e, mention in words.dates if start <= s and e <= end]
    amounts = numbers(clause.text, [(s - start, e - start) for s, e in words.not_numbers if start <= s < end])
    attribution, stance = _stance(clause, words, speakers, quotes)
    names = words.names(start, end) + _pronoun_subjects(clause, words, speakers)
    return Claim(clause.text, start, end, tuple(dict.fromkeys(names)), tuple(amounts),
                 tuple(mention for _, _, mention in dates), attribution, stance,
                 tuple(_facts(clause, quotes)))


def _facts(clause: Span, quotes: Sequence[Quote]) -> list[str]:
    """The statements inside a claim that can stand alone (see ``Claim.facts``)."""
    found = [quote.text for quote in quotes
             if clause.start_char <= quote.start and quote.end <= clause.end_char
             and len(quote.text.split()) >= MIN_CLAIM_WORDS]
    for token in clause:
        if token.lower_ in REPORT_VERBS and (reported := complement(token)) is not None:
            found.append(reported.text.strip(" ,;"))
    root = clause.root
    subject = next((child for child in root.children if child.dep_ in SUBJECTS), None)
    for child in root.children:
        if subject is not None and child.i > subject.i and child.dep_ in _PREDICATE_DEPS \
                and _verb_like(child) and not any(grand.dep_ in SUBJECTS for grand in child.children):
            predicate = clause.doc[child.left_edge.i:child.right_edge.i + 1].text.strip(" ,;")
            if subject is not None and len(predicate.split()) >= MIN_CLAIM_WORDS - 1:
                found.append(f"{_subject_text(subject)} {predicate}")
    return [fact for fact in dict.fromkeys(found) if fact != clause.text]


def _verb_like(token: Token) -> bool:
    """Without a tagger, a predicate shows itself by the dependents only verbs take."""
    return any(child.dep_ in _VERB_DEPENDENTS for child in token.children)


def _subject_text(subject: Token) -> str:
    return subject.doc[subject.left_edge.i:subject.i + 1].text


def _pronoun_subjects(clause: Span, words: _Words, speakers: Speakers) -> list[str]:
    """The people that "he" or "she" as a subject stands for ("Furthermore, he expressed …")."""
    found = []
    for index in range(clause.start, clause.end):
        if words.lower[index] in PERSONAL_PRONOUNS and words.dep[index] in SUBJECTS:
            person = speakers.resolve_pronoun(index, "f" if words.lower[index] == "she" else "m")
            if person is not None:
                found.append(person)
    return found


def _stance(clause: Span, words: _Words, speakers: Speakers,
            quotes: Sequence[Quote]) -> tuple[str | None, str]:
    attribution = _attribution(clause, quotes) or _reporter(clause, words, speakers)
    denial = words.first(clause, DENY_VERBS, _STANCE_VERB_DEPS)
    if denial is not None and any(child.dep_ == "neg" for child in words.doc[denial].children):
        denial = None
    if denial is not None:
        return speakers.of_cue(words.doc[denial]) or attribution, "denied"
    if words.first(clause, ALLEGE_WORDS) is not None:
        return attribution, "alleged"
    return attribution, "stated" if attribution is None else "reported"


def _reporter(clause: Span, words: _Words, speakers: Speakers) -> str | None:
    """Who a clause reports, from a reporting verb with a clause of its own ("X announced that …")."""
    for index in range(clause.start, clause.end):
        if words.lower[index] not in REPORT_VERBS:
            continue
        token = words.doc[index]
        if any(child.dep_ == "ccomp" for child in token.children):
            speaker = speakers.of_cue(token)
            if speaker is not None:
                return speaker
    return None


def _attribution(clause: Span, quotes: Sequence[Quote]) -> str | None:
    """The speaker of the quote that covers most of the clause."""
    best, best_overlap = None, 0
    for quote in quotes:
        overlap = min(quote.end, clause.end_char) - max(quote.start, clause.start_char)
        if overlap > best_overlap and quote.speaker is not None:
            best, best_overlap = quote.speaker, overlap
    return best
