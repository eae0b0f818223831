"""Quotes with their speakers: direct (between marks) and reported (a clause after a speech verb).

A direct quote's cue is the speech verb of its sentence that lies outside the
marks, preferring one linked to the quote in the parse and then the nearest;
its speaker is the cue's subject.  A quote with no cue of its own continues the
one before it: the second half of a split quote (“…,” Kim said. “…”) is merged
into the first, and a paragraph that opens with a quote right after an
attributed one keeps its speaker.  Short spans in marks with no cue are scare
quotes or titles, not someone's words, and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsweave.reading.marks import MARKS, MarkedSpan, marked_spans, quote_text
from newsweave.reading.model import Quote
from newsweave.reading.speakers import Speakers
from newsweave.reading.vocabulary import QUOTE_VERBS, SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SHORT_QUOTE_WORDS = 5
_SPLIT_GAP_CHARS = 80
_NEXT_SENTENCE_TOKENS = 8
_MIN_REPORTED_TOKENS = 3
_TITLE_SMALL_WORDS = frozenset("a an the of and or in on at to for with from by as vs".split())
_DOUBLED_COMMA = re.compile(r"\s*,(?:\s*,)+|\s+,")


@dataclass(frozen=True)
class _Found:
    span: MarkedSpan
    cue: Token | None
    speaker: str | None


def direct_quotes(doc: Doc, speakers: Speakers) -> list[Quote]:
    """The quotes in marks, attributed, with split quotes joined."""
    found = []
    for span in marked_spans(doc.text):
        quoted = doc.char_span(span.start, span.end, alignment_mode="expand")
        if quoted is None or len(quoted) == 0:
            continue
        cue = find_cue(quoted)
        found.append(_Found(span, cue, speakers.of_cue(cue) if cue is not None else None))
    quotes = _continue_speakers(doc.text, found)
    return [quote for quote in quotes if _is_speech(quote)]


def find_cue(quoted: Span) -> Token | None:
    """The speech verb that introduces ``quoted``: in its sentences, else just before or after."""
    doc = quoted.doc
    inside = range(quoted.start, quoted.end)
    first, last = doc[quoted.start].sent, doc[quoted.end - 1].sent
    sentences = [first] if first == last else [first, last]
    candidates = [token for sentence in sentences for token in sentence
                  if token.i not in inside and is_cue(token)]
    if not candidates:
        candidates = _neighbour_cues(doc, first, last)
    if not candidates:
        return None
    return min(candidates, key=lambda token: (not _linked(token, quoted), _distance(token, quoted)))


def is_cue(token: Token) -> bool:
    if token.lower_ == "according":
        return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"
    return token.lower_ in QUOTE_VERBS and not token.is_upper and not _so_called(token)


def _so_called(token: Token) -> bool:
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "so"


def _neighbour_cues(doc: Doc, first: Span, last: Span) -> list[Token]:
    """A cue in the sentence before that ends with a colon, or in a short sentence after."""
    if first.start > 0:
        before = doc[first.start - 1].sent
        words = [token for token in before if not token.is_space]
        if words and words[-1].text == ":":
            return [token for token in before if is_cue(token)]
    if last.end < len(doc):
        after = doc[last.end].sent
        if len(after) <= _NEXT_SENTENCE_TOKENS and not any(mark in after.text for mark in MARKS):
            return [token for token in after if is_cue(token)]
    return []


def _linked(token: Token, quoted: Span) -> bool:
    root = quoted.root
    return token.is_ancestor(root) or root.is_ancestor(token)


def _distance(token: Token, quoted: Span) -> int:
    return quoted.start - token.i if token.i < quoted.start else token.i - quoted.end + 1


def cue_phrase(cue: Token) -> str:
    """The cue as a reader would name it: "said", "according to", "was quoted as saying"."""
    if cue.lower_ == "according":
        return "according to"
    quoted = cue
    if cue.lower_ == "saying" and cue.head.lower_ == "as" and cue.head.head.lower_ == "quoted":
        quoted = cue.head.head
    if quoted.lower_ == "quoted" and any(child.lower_ == "as" for child in quoted.children):
        auxiliaries = [child.text for child in quoted.children if child.dep_ == "auxpass"]
        return " ".join([*auxiliaries, "quoted as saying"])
    return cue.text


def _continue_speakers(text: str, found: list[_Found]) -> list[Quote]:
    quotes: list[Quote] = []
    previous: _Found | None = None
    for item in found:
        words = quote_text(text, item.span)
        if item.cue is None and previous is not None and previous.speaker is not None:
            if _is_split(text, previous, item):
                last = quotes[-1]
                parts = last.parts or ((last.start, last.end),)
                quotes[-1] = replace(last, text=f"{last.text} {words}", end=item.span.end,
                                     parts=(*parts, (item.span.start, item.span.end)))
                continue
            if _follows_in_next_paragraph(text, previous, item):
                item = _Found(item.span, previous.cue, previous.speaker)
        cue = cue_phrase(item.cue) if item.cue is not None else None
        quotes.append(Quote(item.speaker, cue, words, item.span.start, item.span.end, "direct"))
        previous = item
    return quotes


def _is_split(text: str, previous: _Found, item: _Found) -> bool:
    """“…,” Kim said. “…”: the gap holds only the attribution of the first part."""
    gap = text[previous.span.end:item.span.start]
    return (len(gap) <= _SPLIT_GAP_CHARS and "\n" not in gap and previous.cue is not None
            and previous.span.end <= previous.cue.idx < item.span.start)


def _follows_in_next_paragraph(text: str, previous: _Found, item: _Found) -> bool:
    between = text[previous.span.end:item.span.start]
    return item.span.paragraph_open and between.count("\n\n") <= 1 and len(between) < _SPLIT_GAP_CHARS * 4


def _is_speech(quote: Quote) -> bool:
    """Drop spans in marks that are not someone's words: unattributed scare quotes and titles."""
    words = quote.text.split()
    if len(words) <= SHORT_QUOTE_WORDS and (quote.cue is None or quote.speaker is None):
        return False
    return not is_title(quote.text)


def is_title(text: str) -> bool:
    """A short span in title case, like a film's or a book's name: "Kill Bill: Vol. 1"."""
    words = text.strip(" ,.;:").split()
    if not 2 <= len(words) <= 8 or text.rstrip()[-1:] in "!?":
        return False
    capitalised = all(word[:1].isupper() or not word[:1].isalpha() or word in _TITLE_SMALL_WORDS
                      for word in words)
    return capitalised and not words[0][:1].islower() and not words[-1][:1].islower()


def reported_quotes(doc: Doc, speakers: Speakers, direct: list[Quote]) -> list[Quote]:
    """Speech without marks: "X said (that) …", "X was quoted as saying …", "according to X, …"."""
    quoted_chars = [(quote.start, quote.end) for quote in direct]
    reported = []
    for token in doc:
        if _inside(token.idx, quoted_chars):
            continue
        if token.lower_ == "according" and is_cue(token):
            span = _according_span(token)
        elif token.lower_ in SPEECH_VERBS or _quoted_as_saying(token):
            span = complement(token)
        else:
            continue
        if span is None or _mostly_quoted(span, quoted_chars):
            continue
        speaker = speakers.of_cue(token)
        if speaker is not None:
            reported.append(Quote(speaker, cue_phrase(token), _span_text(token, span),
                                  span.start_char, span.end_char, "reported"))
    return reported


def _quoted_as_saying(token: Token) -> bool:
    return token.lower_ in ("quoted", "quotes", "quoting") and any(
        child.lower_ == "as" for child in token.children)


def complement(verb: Token) -> Span | None:
    """The clause a speech verb reports: its ccomp, without a leading "that"."""
    if _quoted_as_saying(verb):
        saying = [grand for child in verb.children if child.lower_ == "as" for grand in child.children]
        verb = next((token for token in saying if token.lower_ == "saying"), verb)
    clause = next((child for child in verb.children if child.dep_ == "ccomp"), None)
    if clause is None:
        return None
    tokens = [token for token in clause.subtree if not (token.dep_ == "mark" and token.head == clause
                                                          and token.i == clause.left_edge.i)]
    return _as_span(verb.doc, tokens)


def according_phrase(according: Token) -> set[int]:
    """The tokens of "according to X" with the comma that sets it off."""
    phrase = {token.i for token in according.subtree}
    doc = according.doc
    after, before = max(phrase) + 1, min(phrase) - 1
    if after < len(doc) and doc[after].text == ",":
        phrase.add(after)
    if before >= 0 and doc[before].text == ",":
        phrase.add(before)
    return phrase


def _according_span(according: Token) -> Span | None:
    """The sentence without its "according to X" phrase."""
    phrase = according_phrase(according)
    tokens = [token for token in according.sent if token.i not in phrase and not token.is_space]
    return _as_span(according.doc, tokens)


def _as_span(doc: Doc, tokens: list[Token]) -> Span | None:
    words = [token for token in tokens if not token.is_punct and not token.is_space]
    if len(words) < _MIN_REPORTED_TOKENS:
        return None
    return doc[min(token.i for token in tokens):max(token.i for token in tokens) + 1]


def _span_text(cue: Token, span: Span) -> str:
    if cue.lower_ != "according":
        return span.text.strip(" ,;")
    phrase = according_phrase(cue)
    kept = [token for token in span if token.i not in phrase]
    pieces = [token.text + (token.whitespace_ or (" " if token.i + 1 in phrase else "")) for token in kept]
    return _DOUBLED_COMMA.sub(",", " ".join("".join(pieces).split())).strip(" ,;")


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _mostly_quoted(span: Span, spans: list[tuple[int, int]]) -> bool:
    covered = sum(max(0, min(end, span.end_char) - max(start, span.start_char)) for start, end in spans)
    return covered * 2 >= span.end_char - span.start_char
