"""RSS and Atom feeds: entries become articles; with fetch, each entry's page is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import ReadError
from newsweave.model import Article, Failure
from newsweave.readers import read_inputs, read_source
from newsweave.readers.feed import html_fragment_to_text, read_feed
from newsweave.readers.fetch import Fetcher
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import Source
from readers_support import article_html, page, serve

FETCH_LOCAL = ReadOptions(fetch=True, timeout=2.0, allow_private=True)  # the test servers are on loopback

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour News</title><link>https://harbour.example.com/</link><language>en</language>
{items}
</channel></rss>"""

ITEM = """<item><title>{title}</title><link>{link}</link><guid isPermaLink="false">{guid}</guid>
<pubDate>Wed, 19 Jun 2024 08:30:00 GMT</pubDate><dc:creator>Ann Lee</dc:creator>
<description>{description}</description>{content}</item>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Atom News</title>
<entry><title>Atom &amp; entry one</title><link href="https://atom.example.org/one"/>
<id>urn:uuid:1</id><updated>2023-03-04T10:00:00Z</updated><author><name>Bo Kim</name></author>
<content type="html">&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</content></entry>
</feed>"""


def rss(*items: str) -> str:
    return RSS.format(items="\n".join(items))


def item(n: int, link: str | None = None, description: str = "", content: str = "") -> str:
    return ITEM.format(
        title=f"Entry {n} title",
        link=link or f"https://harbour.example.com/{n}",
        guid=f"g{n}",
        description=description,
        content=content,
    )


def feed_results(
    data: str, options: ReadOptions | None = None, fetcher: Fetcher | None = None, url: str | None = None
) -> list[Article | Failure]:
    source = Source(name="feed.xml", data=data.encode(), url=url)
    return list(read_feed(source, options or ReadOptions(), fetcher))


def test_rss_entries_become_articles() -> None:
    content = "<content:encoded><![CDATA[<p>Full one.</p><p>Full two.</p>]]></content:encoded>"
    results = feed_results(
        rss(item(1, description="Summary one."), item(2, description="<b>Short</b>", content=content))
    )
    first, second = results
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.title, first.text, first.url) == (
        "Entry 1 title",
        "Summary one.",
        "https://harbour.example.com/1",
    )
    assert first.published == "2024-06-19T08:30:00"
    assert first.authors == ["Ann Lee"]
    assert (first.language, first.source, first.external_id) == ("en", "harbour.example.com", "g1")
    assert (first.origin, first.position) == ("feed.xml", "https://harbour.example.com/1")
    assert second.text == "Full one.\nFull two.", "full content wins over the summary"


def test_atom_entry() -> None:
    (article,) = feed_results(ATOM)
    assert article.title == "Atom & entry one"
    assert article.text == "First paragraph.\nSecond paragraph."
    assert (article.published, article.language, article.authors) == ("2023-03-04T10:00:00", "de", ["Bo Kim"])


def test_feed_is_chosen_by_content_even_when_named_html(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text(ATOM)
    (article,) = read_source(Source(name=str(path), path=path), ReadOptions())
    assert article.url == "https://atom.example.org/one"


def test_entry_without_text_needs_fetch() -> None:
    results = feed_results(rss(item(1, description="Has text."), item(2)))
    assert isinstance(results[0], Article)
    assert results[1] == Failure(
        "feed.xml#https://harbour.example.com/2", "feed entry has no text of its own (--fetch reads its page)"
    )


def laughs(root: str) -> str:
    """The "billion laughs" DOCTYPE: ``&lol9;`` would expand to 10**9 "lol"s (3 GB)."""
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return f"<!DOCTYPE {root} [{''.join(levels)}]>"


@pytest.mark.parametrize(
    "feed",
    [
        rss(item(1, description="Before &lol9; after.")).replace("<rss", laughs("rss") + "<rss", 1),
        ATOM.replace("<feed", laughs("feed") + "<feed", 1).replace("Second paragraph.", "&lol9;"),
    ],
    ids=["rss", "atom"],
)
def test_nested_entities_are_not_expanded(feed: str) -> None:
    (article,) = feed_results(feed)
    assert isinstance(article, Article)
    assert "lollol" not in article.text and len(article.text) < 100


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7f3a")
    doctype = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY % p SYSTEM "file://{secret}">%p;]>'
    feed = rss(item(1, description="Text &xxe; here.")).replace("<rss", doctype + "<rss", 1)
    (article,) = feed_results(feed)
    assert "SECRET" not in article.text
    assert "SECRET" not in str(article.to_dict())


def test_feed_without_entries_and_malformed_feed() -> None:
    with pytest.raises(ReadError, match="feed has no entries"):
        feed_results(rss())
    with pytest.raises(ReadError, match=r"malformed feed .*unclosed token"):
        feed_results("<rss><channel><title>x</titl")
    assert feed_results("<rss><channel><item><title>x</titl") == [
        Failure("feed.xml#1", "feed entry has neither text nor a link")
    ]


def test_fetch_reads_each_entry_page_with_feed_metadata_as_fallback() -> None:
    routes = {
        "/robots.txt": page("User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/news/1": page(article_html("Page Headline One", "harbour")),
        "/private/2": page(article_html("Hidden", "hidden")),
    }
    with serve(routes) as site:
        feed = rss(
            item(1, f"{site.base}/news/1", "Feed summary."),
            item(2, f"{site.base}/private/2"),
            item(3, f"{site.base}/missing/3", "x"),
        )
        routes["/feed.xml"] = page(feed, content_type="application/rss+xml")
        results = list(read_inputs([f"{site.base}/feed.xml"], FETCH_LOCAL))
    first, second, third = results
    assert isinstance(first, Article), first
    assert first.title == "Page Headline One"
    assert "harbour report, paragraph 3" in first.text and "Feed summary." not in first.text
    assert (first.url, first.external_id, first.authors) == (f"{site.base}/news/1", "g1", ["Ann Lee"])
    assert first.origin == f"{site.base}/feed.xml"
    assert second == Failure(
        f"{site.base}/feed.xml#{site.base}/private/2", "disallowed by the site's robots.txt"
    )
    assert third == Failure(f"{site.base}/feed.xml#{site.base}/missing/3", "HTTP 404 Not Found")
    assert "/private/2" not in site.paths()


def test_relative_links_resolve_against_the_feed_url() -> None:
    routes = {"/story/1": page(article_html("Relative Link Story", "relative"))}
    with serve(routes) as site:
        routes["/feed.xml"] = page(rss(item(1, "/story/1")), content_type="application/rss+xml")
        (article,) = read_inputs([f"{site.base}/feed.xml"], FETCH_LOCAL)
    assert isinstance(article, Article), article
    assert article.url == f"{site.base}/story/1"
    assert article.title == "Relative Link Story"


def test_fetch_refuses_entries_that_link_into_the_machine() -> None:
    """A feed from anywhere must not make newsweave request its own host's services."""
    options = ReadOptions(fetch=True, timeout=2.0)
    with serve({"/admin": page(article_html("Internal", "internal"))}) as site:
        link = f"{site.base}/admin"
        fetcher = Fetcher(options)
        results = feed_results(rss(item(1, link, "Summary.")), options, fetcher)
        fetcher.close()
    assert results == [
        Failure(
            f"feed.xml#{link}",
            f"refusing to fetch {link}: 127.0.0.1 is a loopback address (pass --allow-private to allow)",
        )
    ]
    assert site.requests == []


def test_without_fetch_nothing_is_requested() -> None:
    with serve({}) as site:
        results = feed_results(
            rss(item(1, f"{site.base}/news/1", "Summary.")), fetcher=Fetcher(ReadOptions())
        )
    assert results[0].text == "Summary."
    assert site.requests == []


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("plain words", "plain words"),
        ("<p>a</p><p>b</p>", "a\nb"),
        ("x<br>y", "x\ny"),
        ("", ""),
        ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
    ],
)
def test_html_fragment_to_text(fragment: str, text: str) -> None:
    assert html_fragment_to_text(fragment) == text


@pytest.mark.parametrize("reference", ["&#x110000;", "&#99999999999;", "&#xD800;", "&#XDFFF;"])
def test_a_reference_to_no_character_reads_as_the_replacement_character(reference: str) -> None:
    data = rss(item(1, description="Talks resumed.")).replace("Entry 1 title", f"Entry {reference} title")
    [article] = feed_results(data)
    assert article.title == "Entry \ufffd title" and article.text == "Talks resumed."


def test_control_characters_in_escaped_html_are_read_around() -> None:
    [article] = feed_results(rss(item(1, description="&lt;p&gt;Talks&lt;/p&gt;\x01resumed.")))
    assert article.text == "Talks\nresumed."


def test_a_fragment_of_forbidden_characters_only_is_no_text() -> None:
    assert html_fragment_to_text("<p>\x00\x01\ud800</p>") == "\ufffd"
    assert html_fragment_to_text("<p>\x00\x02</p>") == ""


def test_an_entry_dated_year_zero_is_read_without_a_date() -> None:
    data = rss(item(1, description="Talks resumed.")).replace("Wed, 19 Jun 2024 08:30:00 GMT", "0000-01-01")
    [article] = feed_results(data)
    assert article.published is None and article.text == "Talks resumed."
