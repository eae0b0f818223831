import pytest

from newsweave.brief.build import build_brief, sentence, shorten
from newsweave.model import Article
from newsweave.reading import read_article
from newsweave.reading.stored import ReadArticle
from support import example_articles


@pytest.fixture(scope="module")
def brief():
    items = [ReadArticle(article, read_article(article)) for article in example_articles().values()]
    return build_brief("s1", items, {item.article.id: item.article.id for item in items})


def test_the_examples_brief_leads_with_the_most_confirmed_fact(brief):
    assert brief.headline.startswith("Kim Jong Un Affirms Support")
    assert "fully supported Russia's invasion of Ukraine" in brief.lede.text and brief.lede.citations == (
        1,
        2,
    )
    assert len(brief.facts) == 4 and all(fact.citations == (1, 2) for fact in brief.facts)
    assert all(fact.independent_sources == 2 and len(fact.evidence) == 2 for fact in brief.facts)


def test_what_only_one_source_reports_is_listed_per_source(brief):
    assert set(brief.single_source) == {1, 2}
    assert any("lavish ceremony" in c.text for c in brief.single_source[1])
    assert brief.conflicts == []


def test_quotes_timeline_and_sources(brief):
    speakers = {group.speaker: group for group in brief.quotes}
    assert {"Vladimir Putin", "Kim Jong Un"} <= set(speakers)
    assert any(q.text == "fiery friendship" and q.citations == (2,) for q in speakers["Kim Jong Un"].quotes)
    assert ("2024-06-19", "mentioned") in {(e.date, e.kind) for e in brief.timeline}
    assert [(s.number, s.independent, s.copy_of) for s in brief.sources] == [(1, 1, None), (2, 2, None)]


def test_copies_share_an_independent_source_and_point_at_their_original():
    text = "The storm killed 12 people in the coastal town of Brest on Monday, officials said."
    original = Article(text=text, id="o", source="wire.example", published="2024-03-04", language="en")
    copy = Article(
        text=text, id="c", source="paper.example", published="2024-03-05", language="en", copy_of="o"
    )
    items = [ReadArticle(a, read_article(a)) for a in (original, copy)]
    brief = build_brief("s2", items, {"o": "g", "c": "g"})
    assert [(s.independent, s.copy_of) for s in brief.sources] == [(1, None), (1, 1)]
    assert brief.facts == [] and brief.lede is None
    assert brief.single_source == {1: [brief.single_source[1][0]]} and brief.single_source[1][
        0
    ].citations == (1, 2)


def test_headlines_are_shortened_at_a_word_and_clauses_start_upper_case():
    assert shorten("word " * 40, 20) == "word word word word…"
    assert sentence("the talks ended.") == "The talks ended."
