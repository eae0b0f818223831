"""html_to_article on small pages: metadata, date fallback, HTML-level furniture, no article.

Which blocks are marked for pruning is tested in test_prune.py."""

from __future__ import annotations

import pytest

from newsweave.clean import clean_article
from newsweave.errors import ReadError
from newsweave.readers import html as html_reader
from newsweave.readers.html import html_to_article

BODY = (
    "<p>The city council voted on Tuesday to rebuild the old harbour bridge, ending a debate "
    "that had divided residents for more than a decade and delayed repairs again and again.</p>"
    "<p>Engineers say the new bridge will carry twice the traffic of the current one, and the "
    "work is expected to start next spring once the final permits have been granted.</p>"
    "<p>Opponents of the plan argued that the money should go to schools instead, but the "
    "mayor said the bridge was a matter of safety for everybody who crosses it every day.</p>"
)


def page(head: str = "", article: str = BODY) -> str:
    return (
        f"<html lang='en'><head><title>Council backs bridge - Harbour Times</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Council backs bridge</h1>{article}"
        "</article><footer>Contact us</footer></body></html>"
    )


META = (
    "<meta property='og:title' content='Council backs bridge'>"
    "<meta property='og:site_name' content='Harbour Times'>"
    "<meta name='author' content='Jane Smith'>"
    "<meta property='article:published_time' content='2021-03-04T10:00:00Z'>"
)


def test_metadata_from_the_page() -> None:
    article = html_to_article(page(META), url="https://harbourtimes.example/news/bridge")
    assert article.title == "Council backs bridge"
    assert article.published is not None and article.published.startswith("2021-03-04")
    assert article.authors == ["Jane Smith"]
    assert article.url == "https://harbourtimes.example/news/bridge"
    assert "rebuild the old harbour bridge" in article.text
    assert "Contact us" not in article.text


def test_sitename_is_the_source_without_url() -> None:
    article = html_to_article(page(META))
    assert article.source == "Harbour Times"


def test_htmldate_is_asked_when_trafilatura_finds_no_date(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake_find_date(html: object, **kwargs: object) -> str:
        calls.append(kwargs)
        return "2020-05-06"

    monkeypatch.setattr(html_reader, "find_date", fake_find_date)
    article = html_to_article(page(), url="https://harbourtimes.example/news/bridge")
    assert article.published is not None and article.published.startswith("2020-05-06")
    assert calls and calls[0]["extensive_search"] is True


def test_htmldate_not_asked_when_the_page_has_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("htmldate should not be asked")

    monkeypatch.setattr(html_reader, "find_date", refuse)
    article = html_to_article(page(META))
    assert article.published is not None and article.published.startswith("2021-03-04")


def test_captions_related_links_and_share_bars_are_pruned() -> None:
    furniture = (
        "<figure><img src='bridge.jpg'><figcaption>The old bridge at dusk.</figcaption></figure>"
        "<div class='related-articles'><p>Harbour tunnel plan scrapped after two years</p></div>"
        "<div class='social-share'><p>Share on Facebook and Twitter now</p></div>"
        "<div class='newsletter-signup'><p>Get the Harbour Times briefing every morning</p></div>"
    )
    article = html_to_article(page(META, BODY + furniture))
    for gone in ("The old bridge at dusk", "Harbour tunnel plan", "Share on Facebook", "briefing every"):
        assert gone not in article.text
    assert "twice the traffic" in article.text


def test_line_furniture_left_by_trafilatura_is_cleaned() -> None:
    extra = "<p>Also Read | Harbour tunnel plan scrapped</p><p>Foto: dpa</p><p>ADVERTISEMENT</p>"
    cleaned = clean_article(html_to_article(page(META, BODY[:200] + "</p>" + extra + "<p>" + BODY[200:])))
    assert "Also Read" not in cleaned.text and "Foto: dpa" not in cleaned.text
    assert "ADVERTISEMENT" not in cleaned.text
    assert cleaned.related_headlines == ["Harbour tunnel plan scrapped"]
    assert "twice the traffic" in cleaned.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Empty</title></head><body><script>var a = 1;</script></body></html>",
        "<html><body></body></html>",
        "",
    ],
)
def test_a_page_without_article_raises_read_error(html: str) -> None:
    with pytest.raises(ReadError):
        html_to_article(html)


@pytest.mark.parametrize(
    "nav",
    [
        "<ul><li>Home</li><li>Sports</li><li>World</li></ul>",
        "<p>Home</p><p>Sports</p><p>World</p><p>Politics</p><p>Business and Money</p>",
    ],
)
def test_a_navigation_only_page_is_no_article(nav: str) -> None:
    html = f"<html><body><article>{nav}</article></body></html>"
    with pytest.raises(ReadError, match="no article text found"):
        html_to_article(html)


@pytest.mark.parametrize("depth", [260, 200_000])
def test_a_page_nested_past_the_parsers_depth_limit_is_refused(depth: int) -> None:
    """libxml2 stops at 255 levels and drops the rest of the page: it is refused, not half read."""
    with pytest.raises(ReadError, match="HTML nested over 255 elements deep"):
        html_to_article(page(article="<div>" * depth + BODY))


def test_a_page_nested_deep_but_within_the_limit_is_read() -> None:
    article = html_to_article(page(article="<div>" * 240 + BODY))
    assert "Engineers say the new bridge" in article.text


def test_a_short_story_of_one_sentence_is_an_article() -> None:
    line = "The harbour bridge reopens on Monday after two years of repairs, the council said."
    assert "bridge reopens" in html_to_article(page(article=f"<p>{line}</p>")).text


def test_has_prose_counts_words_and_unspaced_characters() -> None:
    assert not html_reader.has_prose("Home\nSports\nWorld\nPolitics | Business | Tech")
    assert html_reader.has_prose("Home\nThe council voted on Tuesday to rebuild the bridge.")
    assert html_reader.has_prose("新华社北京电国务院总理今天主持召开会议")
    assert not html_reader.has_prose("首页\n新闻\n体育")


def test_text_is_unicode_nfc() -> None:
    decomposed = BODY.replace("residents", "Mu\u0308nchner residents")
    text = html_to_article(page(article=decomposed)).text
    assert "M\u00fcnchner" in text and "\u0308" not in text


def test_unpruned_text_replaces_a_pruned_one_that_lost_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pruning changed trafilatura's choice: the unpruned text, less the marked lines, is used."""
    real_extract = html_reader._extract
    story = "Engineers say the new bridge will carry twice the traffic of the current one, they said."

    def fake_extract(tree: object, url: str | None, prune_xpath: str | None) -> object:
        document = real_extract(tree, url, prune_xpath)
        document.text = ("Council backs bridge" if prune_xpath
                         else f"Council backs bridge\nThe old bridge at dusk.\n{story}")
        return document

    monkeypatch.setattr(html_reader, "_extract", fake_extract)
    figure = "<figure><img src='b.jpg'><figcaption>The old bridge at dusk.</figcaption></figure>"
    text = html_to_article(page(META, figure + BODY)).text
    assert story in text
    assert "The old bridge at dusk." not in text


def test_the_pruned_text_stays_when_pruning_took_only_marked_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str | None] = []
    real_extract = html_reader._extract

    def spy(tree: object, url: str | None, prune_xpath: str | None) -> object:
        calls.append(prune_xpath)
        return real_extract(tree, url, prune_xpath)

    monkeypatch.setattr(html_reader, "_extract", spy)
    figure = "<figure><img src='b.jpg'><figcaption>The old bridge at dusk.</figcaption></figure>"
    text = html_to_article(page(META, figure + BODY)).text
    assert "The old bridge at dusk." not in text and "twice the traffic" in text
    assert calls[0] is not None and calls[1] is None
    calls.clear()
    html_to_article(page(META))
    assert calls == [None], "a page without marked blocks is extracted once"


def test_a_page_that_trips_an_assertion_inside_the_extractor_is_a_read_error() -> None:
    page = (
        b'<svg class="newsletter"><div>The council met on Monday to approve the budget.</div>'
        b"<footer></footer></svg>"
    )
    with pytest.raises(ReadError, match=r"^HTML could not be parsed \(AssertionError\)$"):
        html_to_article(page)
