"""Reading an article: who and what it names, who it quotes, and what it claims.

The stage is lazy: ingest stays fast, and an article is read the first time a
command needs it (``read``, ``article``, ``export claims``, a story's brief).
Readings are cached in the store and recomputed only when the article's text,
or this code's version, changes.
"""

from newsweave.reading.model import Claim, DateMention, Entity, NumberMention, Quote, Reading
from newsweave.reading.reader import read_article, read_articles

__all__ = [
    "Claim",
    "DateMention",
    "Entity",
    "NumberMention",
    "Quote",
    "Reading",
    "read_article",
    "read_articles",
]
