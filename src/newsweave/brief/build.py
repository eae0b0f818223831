"""Building the brief from a story's read articles and its claim groups.

The brief leads with the fact that the most independent sources state, goes
on with the other corroborated facts in the order the earliest source tells
them, then says per source what only it reports, where sources conflict, who is
quoted, what happened when, and which articles it all comes from.  Every
sentence carries the numbers of the sources that say it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import urlsplit

from newsweave.brief.model import Brief, Cited, ConflictNote, Fact, SourceEntry, SpeakerQuotes, TimelineEntry
from newsweave.corroborate.align import SAME_FACT, Source, corroborate
from newsweave.corroborate.model import ClaimGroup
from newsweave.reading.stored import ReadArticle

HEADLINE_CHARS = 90
MAX_FACTS = 12
MAX_SINGLE_PER_SOURCE = 4
MAX_SPEAKERS = 6
MAX_QUOTES_PER_SPEAKER = 2
MAX_MENTIONED_DATES = 12


def story_groups(items: Sequence[ReadArticle], source_keys: dict[str, str]) -> list[ClaimGroup]:
    """The claim groups of a story's articles, each article under its independent source."""
    return corroborate([Source(item.article.id, source_keys.get(item.article.id, item.article.id),
                               _outlet(item), item.article.published, item.reading) for item in items])


def build_brief(story: str, items: Sequence[ReadArticle], source_keys: dict[str, str],
                headline: str | None = None, summary: dict | None = None,
                groups: list[ClaimGroup] | None = None) -> Brief:
    """The brief of ``story`` from its articles in publication order and their independent sources."""
    sources = source_entries(items, source_keys)
    number = {entry.article: entry.number for entry in sources}
    groups = story_groups(items, source_keys) if groups is None else groups
    ordered = _in_telling_order(groups, number)
    lede = max(ordered, key=lambda fact: fact.independent_sources, default=None)
    return Brief(
        story=story,
        headline=shorten(headline or _first_title(items), HEADLINE_CHARS),
        lede=Cited(lede.text, lede.citations) if lede else None,
        facts=[fact for fact in ordered if fact is not lede][:MAX_FACTS],
        single_source=_single_source(groups, number),
        conflicts=[ConflictNote(Cited(c.a.claim.text, (number[c.a.article],)),
                                Cited(c.b.claim.text, (number[c.b.article],)), c.why)
                   for group in groups for c in group.conflicts],
        quotes=_quotes(items, number),
        timeline=_timeline(items, sources, number),
        sources=sources,
        summary=summary or {},
        notes=list(dict.fromkeys(note for item in items for note in item.reading.notes))[:3],
    )


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if text[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def sentence(text: str) -> str:
    """A claim as a sentence of the brief: a clause cut from a longer sentence starts upper-case."""
    return text[:1].upper() + text[1:]


def source_entries(items: Sequence[ReadArticle], source_keys: dict[str, str]) -> list[SourceEntry]:
    """One numbered source per article, in the given (publication) order."""
    numbers = {item.article.id: position + 1 for position, item in enumerate(items)}
    independent: dict[str, int] = {}
    entries = []
    for item in items:
        article = item.article
        key = source_keys.get(article.id, article.id)
        independent.setdefault(key, len(independent) + 1)
        entries.append(SourceEntry(numbers[article.id], article.id, _outlet(item), article.title,
                                   article.published, article.url, numbers.get(article.copy_of or ""),
                                   independent[key], article.story_score))
    return entries


def _outlet(item: ReadArticle) -> str | None:
    if item.article.source:
        return item.article.source
    return urlsplit(item.article.url).hostname if item.article.url else None


def _first_title(items: Sequence[ReadArticle]) -> str:
    return next((item.article.title for item in items if item.article.title),
                " ".join(items[0].article.text.split()[:12]) if items else "")


def _fact(group: ClaimGroup, number: dict[str, int]) -> Fact:
    claims = sorted(group.claims, key=lambda claim: (number[claim.article], claim.index))
    evidence = tuple(Cited(claim.claim.text, (number[claim.article],)) for claim in claims)
    citations = tuple(sorted({number[claim.article] for claim in claims}))
    return Fact(sentence(claims[0].claim.text), group.verdict, citations, group.sources, evidence)


def _in_telling_order(groups: list[ClaimGroup], number: dict[str, int]) -> list[Fact]:
    """Corroborated facts in the order the earliest source among them tells them, each once."""
    corroborated = [group for group in groups if group.verdict == "corroborated"]
    corroborated.sort(key=lambda group: min((number[c.article], c.index) for c in group.claims))
    facts = {}
    for group in corroborated:
        fact = _fact(group, number)
        facts.setdefault(fact.text, fact)
    return list(facts.values())


def _single_source(groups: list[ClaimGroup], number: dict[str, int]) -> dict[int, list[Cited]]:
    """Per source, the first claims that no independent source repeats.

    A claim another source states nearly as well (its group's ``echo``) but
    that was grouped apart is not "reported only" by its source, so it is left out.
    """
    found: dict[int, list[Cited]] = defaultdict(list)
    seen: set[tuple[int, str]] = set()
    for group in groups:
        if group.verdict != "single-source" or group.echo >= SAME_FACT:
            continue
        first = min(group.claims, key=lambda claim: (number[claim.article], claim.index))
        citations = tuple(sorted({number[claim.article] for claim in group.claims}))
        if (number[first.article], first.claim.text) in seen:
            continue
        seen.add((number[first.article], first.claim.text))
        found[number[first.article]].append((first.index, Cited(sentence(first.claim.text), citations)))
    return {source: [cited for _, cited in sorted(claims, key=lambda pair: pair[0])][:MAX_SINGLE_PER_SOURCE]
            for source, claims in sorted(found.items())}


def _quotes(items: Sequence[ReadArticle], number: dict[str, int]) -> list[SpeakerQuotes]:
    """Direct quotes by speaker, most quoted first; a quote repeated by copies is cited once with all."""
    by_speaker: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for item in items:
        for quote in item.reading.quotes:
            if quote.kind == "direct" and quote.speaker:
                by_speaker[quote.speaker].setdefault(quote.text, []).append(number[item.article.id])
    ranked = sorted(by_speaker.items(), key=lambda pair: -len(pair[1]))[:MAX_SPEAKERS]
    return [SpeakerQuotes(speaker, tuple(Cited(text, tuple(sorted(set(cited))))
                                         for text, cited in list(quotes.items())[:MAX_QUOTES_PER_SPEAKER]))
            for speaker, quotes in ranked]


def _timeline(items: Sequence[ReadArticle], sources: list[SourceEntry],
              number: dict[str, int]) -> list[TimelineEntry]:
    """Dates the claims mention and the times the articles appeared, in order."""
    mentioned: dict[tuple[str, str], list[int]] = {}
    for item in items:
        for claim in item.reading.claims:
            for mention in claim.dates:
                if mention.date:
                    mentioned.setdefault((mention.date, claim.text), []).append(number[item.article.id])
    entries = [TimelineEntry(day, "mentioned", text, tuple(sorted(set(cited))))
               for (day, text), cited in list(mentioned.items())[:MAX_MENTIONED_DATES]]
    entries += [TimelineEntry(entry.published, "published", _published_line(entry), (entry.number,))
                for entry in sources if entry.published]
    return sorted(entries, key=lambda entry: (entry.date, entry.kind != "mentioned"))


def _published_line(entry: SourceEntry) -> str:
    return f"{entry.outlet or 'unknown outlet'}: {entry.title or 'untitled'}"
