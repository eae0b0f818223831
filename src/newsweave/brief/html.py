"""The brief as a self-contained HTML page: every piece of article text escaped, no scripts.

Citations link to the numbered sources on the same page, so the page reads
without JavaScript and without anything fetched from another host.
"""

from __future__ import annotations

from html import escape

from newsweave.brief.model import Brief, Cited

_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111}"
    "h1{font-size:1.6rem}h2{font-size:1.1rem;margin-top:1.6rem}a{color:#0645ad}"
    ".why{color:#6b2a00}.meta{color:#444;font-size:.9rem}"
)


def cite(numbers: tuple[int, ...]) -> str:
    return "".join(f'<a href="#source-{number}">[{number}]</a>' for number in numbers)


def _cited(item: Cited) -> str:
    return f"{escape(item.text)} {cite(item.citations)}"


def to_html(brief: Brief) -> str:
    """The whole page."""
    body = [f"<h1>{escape(brief.headline)}</h1>"]
    if brief.lede:
        body.append(f"<p><strong>{_cited(brief.lede)}</strong></p>")
    if brief.text:
        body.append("<h2>Summary</h2><p>" + " ".join(_cited(sentence) for sentence in brief.text) + "</p>")
    if brief.unsupported:
        body.append("<p class=\"meta\">Left out of the summary, as no source supports them:</p><ul>"
                    + "".join(f"<li><del>{escape(sentence)}</del></li>" for sentence in brief.unsupported)
                    + "</ul>")
    sections = (_facts, _single, _conflicts, _quotes, _timeline, _sources)
    body += [section(brief) for section in sections]
    body += [f'<p class="meta"><em>{escape(note)}</em></p>' for note in brief.notes]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(brief.headline)}</title><style>{_STYLE}</style></head>\n<body>\n"
            + "\n".join(part for part in body if part) + "\n</body></html>\n")


def _items(title: str, rows: list[str]) -> str:
    if not rows:
        return ""
    return f"<h2>{escape(title)}</h2><ul>" + "".join(f"<li>{row}</li>" for row in rows) + "</ul>"


def _facts(brief: Brief) -> str:
    return _items("What independent sources confirm",
                  [f"{escape(fact.text)} {cite(fact.citations)}" for fact in brief.facts])


def _single(brief: Brief) -> str:
    outlets = {source.number: source.outlet or f"source {source.number}" for source in brief.sources}
    return "\n".join(_items(f"Reported only by {outlets[number]} [{number}]", [_cited(c) for c in claims])
                     for number, claims in brief.single_source.items())


def _conflicts(brief: Brief) -> str:
    return _items("Where sources disagree", [
        f'<span class="why">{escape(c.why)}</span><ul><li>{_cited(c.a)}</li><li>{_cited(c.b)}</li></ul>'
        for c in brief.conflicts])


def _quotes(brief: Brief) -> str:
    return _items("Who said what", [
        f"<strong>{escape(s.speaker)}</strong>: " + " ".join(f"“{_cited(q)}”" for q in s.quotes)
        for s in brief.quotes])


def _timeline(brief: Brief) -> str:
    return _items("Timeline", [
        f'<span class="meta">{escape(e.date[:16])} ({escape(e.kind)})</span> '
        f"{escape(e.text)} {cite(e.citations)}" for e in brief.timeline])


def _sources(brief: Brief) -> str:
    rows = []
    for source in brief.sources:
        title = escape(source.title or "untitled")
        if source.url and source.url.startswith(("http://", "https://")):
            title = f'<a href="{escape(source.url, quote=True)}" rel="noopener noreferrer">{title}</a>'
        copy = f", copy of [{source.copy_of}]" if source.copy_of else ""
        score = f", score {source.story_score:.2f}" if source.story_score is not None else ""
        rows.append(f'<li id="source-{source.number}">{escape(source.outlet or "unknown outlet")}: {title} '
                    f'<span class="meta">({escape((source.published or "undated")[:16])}{copy}; '
                    f"independent source {source.independent}{score})</span></li>")
    return "<h2>Sources</h2><ol>" + "".join(rows) + "</ol>"
