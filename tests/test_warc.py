"""WARC and WARC.gz (CC-News style) crawls made with warcio's WARCWriter."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsweave.errors import ReadError
from newsweave.model import Article, Failure
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import Source
from newsweave.readers.warc import read_warc
from readers_support import EMPTY_HTML, WarcPage, article_html, make_warc

URLS = [f"https://news.example.com/2024/story-{n}" for n in range(3)]


def pages() -> list[WarcPage]:
    return [
        WarcPage(url, article_html(f"Story number {n} headline", f"harbour{n}")) for n, url in enumerate(URLS)
    ]


def warc_results(path: Path, options: ReadOptions | None = None) -> list[Article | Failure]:
    return list(read_warc(Source(name=str(path), path=path), options or ReadOptions()))


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_each_html_response_becomes_an_article(tmp_path: Path, gzipped: bool) -> None:
    path = make_warc(tmp_path / ("c.warc.gz" if gzipped else "c.warc"), pages(), gzipped)
    results = warc_results(path)
    assert [r.url for r in results] == URLS
    assert all(isinstance(r, Article) for r in results)
    first = results[0]
    assert first.title == "Story number 0 headline"
    assert "harbour0 report, paragraph 1" in first.text
    assert "harbour1" not in first.text
    assert (first.origin, first.position, first.source) == (str(path), URLS[0], "news.example.com")
    assert first.published and first.published.startswith("2024-06-19")


def test_other_records_are_passed_over(tmp_path: Path) -> None:
    mixed = [
        *pages()[:1],
        WarcPage("https://news.example.com/logo.png", b"\x89PNG\r\n", content_type="image/png"),
        WarcPage("https://news.example.com/gone", "<html><body>gone</body></html>", status="404 Not Found"),
        WarcPage(
            "https://news.example.com/moved",
            "",
            status="301 Moved",
            extra_headers=[("Location", "https://news.example.com/")],
        ),
        WarcPage("https://news.example.com/tag/x", EMPTY_HTML),
    ]
    results = warc_results(make_warc(tmp_path / "m.warc.gz", mixed, gzipped=True))
    assert [r.url for r in results] == URLS[:1]


def test_record_over_the_cap_fails_alone(tmp_path: Path) -> None:
    big = WarcPage(
        "https://news.example.com/huge", article_html("Huge", "huge") + "<!--" + "x" * 9000 + "-->"
    )
    path = make_warc(tmp_path / "b.warc", [big, *pages()[1:]], gzipped=False)
    results = warc_results(path, ReadOptions(max_bytes=8192))
    assert results[0] == Failure(
        f"{path}#https://news.example.com/huge", "record larger than the size cap of 8 KiB"
    )
    assert [r.url for r in results[1:]] == URLS[1:]


def test_archive_without_any_article_is_a_failure(tmp_path: Path) -> None:
    path = make_warc(tmp_path / "e.warc", [WarcPage("https://x.example.com/", EMPTY_HTML)], gzipped=False)
    with pytest.raises(ReadError, match="no article found in 3 WARC records"):
        warc_results(path)


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("fraction", [0.45, 0.7, 0.97])
def test_truncated_archive_keeps_whole_records_and_reports(
    tmp_path: Path, gzipped: bool, fraction: float
) -> None:
    whole = make_warc(tmp_path / "w", pages(), gzipped).read_bytes()
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(whole[: int(len(whole) * fraction)])
    source = Source(name=str(path), path=path)
    articles: list[Article] = []
    with pytest.raises(ReadError, match="truncated"):
        for result in read_warc(source, ReadOptions()):
            assert isinstance(result, Article)
            articles.append(result)
    expected_text = {a.url: a.text for a in warc_results(tmp_path / "w")}
    assert articles, "the records before the break are kept"
    for article in articles:
        assert article.text == expected_text[article.url], "no half page becomes an article"


def test_whole_file_gzip_is_read_too(tmp_path: Path) -> None:
    """Some tools gzip the whole WARC as one member rather than record by record."""
    plain = make_warc(tmp_path / "p.warc", pages(), gzipped=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    assert [r.url for r in warc_results(path)] == URLS


def test_corrupt_gzip_in_the_middle_is_reported(tmp_path: Path) -> None:
    whole = bytearray(make_warc(tmp_path / "w.warc.gz", pages(), gzipped=True).read_bytes())
    middle = len(whole) * 2 // 3
    whole[middle : middle + 40] = b"\xff" * 40
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(bytes(whole))
    with pytest.raises(ReadError, match="corrupt"):
        warc_results(path)


def test_content_encoded_payloads(tmp_path: Path) -> None:
    """A gzip Content-Encoding is undone; a body that cannot be decoded fails alone."""
    html = article_html("Encoded Story", "encoded").encode()
    broken = bytearray(gzip.compress(html))
    broken[len(broken) // 2 : len(broken) // 2 + 64] = b"\0" * 64
    encoded = [("Content-Encoding", "gzip")]
    good = WarcPage("https://e.example.com/good", gzip.compress(html), extra_headers=encoded)
    bad = WarcPage("https://e.example.com/bad", bytes(broken), extra_headers=encoded)
    path = make_warc(tmp_path / "enc.warc", [good, bad, *pages()[:1]], gzipped=False)
    good_article, failure, last = warc_results(path)
    assert isinstance(good_article, Article) and good_article.title == "Encoded Story"
    assert failure == Failure(
        f"{path}#https://e.example.com/bad", "record body could not be decoded (corrupt Content-Encoding)"
    )
    assert last.url == URLS[0]


def test_an_endless_header_line_is_refused_after_the_records_before_it(tmp_path: Path) -> None:
    """warcio would read such a line whole, growing it by concatenation: hours for 1 GiB."""
    path = tmp_path / "long-header.warc"
    whole = make_warc(tmp_path / "one.warc", pages()[:1], gzipped=False).read_bytes()
    path.write_bytes(whole + b"WARC/1.0\r\nWARC-Type: response\r\nX-Pad: " + b"a" * (3 << 20) + b"\r\n\r\n")
    results: list[Article | Failure] = []
    with pytest.raises(ReadError, match="a header line is longer than 1 MiB"):
        for result in read_warc(Source(name=str(path), path=path), ReadOptions()):
            results.append(result)
    assert [r.url for r in results if isinstance(r, Article)] == URLS[:1]


def test_a_long_http_header_line_under_the_cap_is_read(tmp_path: Path) -> None:
    """Real responses carry header lines of tens of KiB; only a line over 1 MiB is refused."""
    cookie = ("Set-Cookie", "c=" + "x" * 600_000)
    page = WarcPage(URLS[0], article_html("A story with a big cookie", "quay"), extra_headers=[cookie])
    path = make_warc(tmp_path / "cookie.warc", [page, *pages()[1:]], gzipped=False)
    results = warc_results(path)
    assert [r.url for r in results] == URLS
    assert all(isinstance(r, Article) for r in results)


def test_a_response_without_a_target_uri_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = make_warc(tmp_path / "crawl.warc", pages(), gzipped=False)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>"
    nameless = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n" % (len(http), http)
    path.write_bytes(nameless + path.read_bytes())
    results = warc_results(path)
    assert [article.url for article in results] == URLS
