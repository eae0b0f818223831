from newsweave.brief.html import to_html
from newsweave.brief.markdown import to_markdown
from newsweave.brief.model import Brief, Cited, ConflictNote, Fact, SourceEntry, SpeakerQuotes, TimelineEntry

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def brief() -> Brief:
    return Brief(
        story="s1",
        headline=f"Storm {HOSTILE}",
        lede=Cited("Twelve died in the storm.", (1, 2)),
        facts=[Fact("Schools closed.", "corroborated", (1, 2), 2)],
        single_source={2: [Cited(f"Only here {HOSTILE}", (2,))]},
        conflicts=[ConflictNote(Cited("12 died.", (1,)), Cited("15 died.", (2,)), "numbers differ: 12 / 15")],
        quotes=[SpeakerQuotes("The mayor", (Cited("Stay home.", (1,)),))],
        timeline=[TimelineEntry("2024-03-04", "mentioned", "Monday: the storm hit.", (1,))],
        sources=[
            SourceEntry(1, "a1", "AP", "Storm", "2024-03-04T10:00", "https://ap.example/x", None, 1, 1.0),
            SourceEntry(2, "a2", None, None, None, "javascript:alert(3)", 1, 1, 0.8),
        ],
    )


def test_markdown_has_every_section_with_citations():
    text = to_markdown(brief())
    for part in (
        "# Storm",
        "Twelve died in the storm. [1][2]",
        "## What independent sources confirm",
        "- Schools closed. [1][2]",
        "## Reported only by source 2 [2]",
        "## Where sources disagree",
        "numbers differ: 12 / 15",
        "**The mayor**: “Stay home.” [1]",
        "## Timeline",
        "1. AP: Storm (2024-03-04T10:00; independent source 1, score 1.00) `a1`",
        "2. unknown outlet: untitled (undated, copy of [1]; independent source 1, score 0.80) `a2`",
    ):
        assert part in text, part


def test_html_escapes_article_text_and_links_citations_to_sources():
    page = to_html(brief())
    assert "<script>" not in page and "onerror=" not in page.replace("onerror=&quot;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="#source-2">[2]</a>' in page and '<li id="source-2">' in page
    assert 'href="https://ap.example/x"' in page and "javascript:" not in page
