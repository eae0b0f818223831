"""html_to_article on small pages: metadata, date fallback, HTML-level furniture, no article."""

from __future__ import annotations

import pytest

from newsweave.clean import clean_article
from newsweave.errors import ReadError
from newsweave.readers import html as html_reader
from newsweave.readers.html import html_to_article
from newsweave.readers.prune import PRUNE_MARK, mark_furniture

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


def test_a_story_container_with_a_furniture_class_is_not_marked() -> None:
    """The guard: a long block, or one holding the headline, is story whatever its class says."""
    from lxml import html as lxml_html

    long_body = BODY * 3
    tree = lxml_html.fromstring(
        f"<html><body><div class='story promo-free'>{long_body}</div>"
        f"<div class='related'><h1>Headline</h1><p>Short</p></div>"
        f"<div class='promo'><p>Win a trip</p></div></body></html>"
    )
    assert mark_furniture(tree) == 1
    assert [e.get("class") for e in tree.xpath(f"//*[@{PRUNE_MARK}]")] == ["promo"]


def test_gallery_captions_are_kept() -> None:
    from lxml import html as lxml_html

    slides = "".join(f"<figure><img src='{i}.jpg'><figcaption>Slide {i}</figcaption></figure>"
                     for i in range(8))
    tree = lxml_html.fromstring(f"<html><body>{slides}</body></html>")
    assert mark_furniture(tree) == 0
    single = lxml_html.fromstring("<html><body><figure><figcaption>Photo</figcaption></figure></body></html>")
    assert mark_furniture(single) == 1
    assert single.xpath(f"//figcaption[@{PRUNE_MARK}]")


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
