"""The brief as Markdown, for the terminal and for pasting."""

from __future__ import annotations

from newsweave.brief.model import Brief, Cited


def cite(numbers: tuple[int, ...]) -> str:
    return "".join(f"[{number}]" for number in numbers)


def _line(cited: Cited) -> str:
    return f"{cited.text} {cite(cited.citations)}"


def to_markdown(brief: Brief) -> str:
    """The brief as Markdown, section by section."""
    sections = [_top(brief), _facts(brief), _single(brief), _conflicts(brief), _quotes(brief),
                _timeline(brief), _sources(brief)]
    return "\n\n".join(section for section in sections if section).rstrip() + "\n"


def _top(brief: Brief) -> str:
    lines = [f"# {brief.headline}"]
    if brief.lede:
        lines += ["", _line(brief.lede)]
    if brief.text:
        lines += ["", "## Summary", "", " ".join(_line(sentence) for sentence in brief.text)]
    if brief.unsupported:
        lines += ["", "_Left out of the summary, as no source supports them:_"]
        lines += [f"- ~~{sentence}~~" for sentence in brief.unsupported]
    return "\n".join(lines)


def _facts(brief: Brief) -> str:
    if not brief.facts:
        return ""
    return "\n".join(["## What independent sources confirm", ""]
                     + [f"- {fact.text} {cite(fact.citations)}" for fact in brief.facts])


def _single(brief: Brief) -> str:
    outlets = {source.number: source.outlet or f"source {source.number}" for source in brief.sources}
    blocks = []
    for number, claims in brief.single_source.items():
        lines = [f"## Reported only by {outlets[number]} [{number}]", ""]
        lines += [f"- {claim.text}" + (f" {cite(claim.citations)}" if claim.citations != (number,) else "")
                  for claim in claims]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _conflicts(brief: Brief) -> str:
    if not brief.conflicts:
        return ""
    lines = ["## Where sources disagree", ""]
    for conflict in brief.conflicts:
        lines += [f"- {conflict.why}:", f"  - {_line(conflict.a)}", f"  - {_line(conflict.b)}"]
    return "\n".join(lines)


def _quotes(brief: Brief) -> str:
    if not brief.quotes:
        return ""
    lines = ["## Who said what", ""]
    for speaker in brief.quotes:
        said = " ".join(f"“{quote.text}” {cite(quote.citations)}" for quote in speaker.quotes)
        lines.append(f"- **{speaker.speaker}**: {said}")
    return "\n".join(lines)


def _timeline(brief: Brief) -> str:
    if not brief.timeline:
        return ""
    return "\n".join(["## Timeline", ""] + [
        f"- {entry.date[:16]} ({entry.kind}) {entry.text} {cite(entry.citations)}"
        for entry in brief.timeline])


def _sources(brief: Brief) -> str:
    lines = ["## Sources", ""]
    for source in brief.sources:
        copy = f", copy of [{source.copy_of}]" if source.copy_of else ""
        when = (source.published or "undated")[:16]
        score = f", score {source.story_score:.2f}" if source.story_score is not None else ""
        lines.append(f"{source.number}. {source.outlet or 'unknown outlet'}: {source.title or 'untitled'} "
                     f"({when}{copy}; independent source {source.independent}{score}) `{source.article}`")
    lines += [f"\n_{note}_" for note in brief.notes]
    return "\n".join(lines)
