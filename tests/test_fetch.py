"""Fetching over http against real servers on 127.0.0.1: limits, robots.txt, User-Agent."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from newsweave.errors import ReadError
from newsweave.model import Article, Failure
from newsweave.readers import read_inputs
from newsweave.readers.fetch import Fetcher, check_scheme
from newsweave.readers.options import ReadOptions
from readers_support import Handler, article_html, page, redirect, serve

ROBOTS = "User-agent: *\nDisallow: /private/\n"
OWN_GROUP = "User-agent: *\nDisallow: /private/\n\nUser-agent: newsweave\nDisallow: /no-newsweave/\n"


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback requests must never be sent to a proxy from the environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    fetcher = Fetcher(ReadOptions(timeout=2.0, max_redirects=3, max_bytes=64 * 1024))
    yield fetcher
    fetcher.close()


def test_page_is_fetched_with_a_clear_user_agent(fetcher: Fetcher) -> None:
    with serve(
        {"/a": page("<html>hello</html>"), "/robots.txt": page(ROBOTS, content_type="text/plain")}
    ) as site:
        fetched = fetcher.fetch(f"{site.base}/a")
    assert fetched.body == b"<html>hello</html>"
    assert fetched.url == f"{site.base}/a"
    assert fetched.content_type.startswith("text/html")
    assert site.paths() == ["/robots.txt", "/a"]
    agents = {headers["user-agent"] for _, headers in site.requests}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("newsweave/") and "robots.txt" in agent


@pytest.mark.parametrize(("robots", "path"), [(ROBOTS, "/private/a"), (OWN_GROUP, "/no-newsweave/b")])
def test_robots_disallow_is_honoured(fetcher: Fetcher, robots: str, path: str) -> None:
    with (
        serve({path: page("secret"), "/robots.txt": page(robots, content_type="text/plain")}) as site,
        pytest.raises(ReadError, match=r"disallowed by the site's robots\.txt"),
    ):
        fetcher.fetch(site.base + path)
    assert path not in site.paths()


def test_a_group_for_newsweave_replaces_the_star_group(fetcher: Fetcher) -> None:
    """RFC 9309: the most specific user-agent group is the only one that applies."""
    routes = {"/private/a": page("ok"), "/robots.txt": page(OWN_GROUP, content_type="text/plain")}
    with serve(routes) as site:
        assert fetcher.fetch(f"{site.base}/private/a").body == b"ok"


def test_robots_is_read_once_per_host(fetcher: Fetcher) -> None:
    routes = {"/a": page("a"), "/b": page("b"), "/robots.txt": page(ROBOTS, content_type="text/plain")}
    with serve(routes) as site:
        fetcher.fetch(f"{site.base}/a")
        fetcher.fetch(f"{site.base}/b")
    assert site.paths().count("/robots.txt") == 1


def test_missing_robots_allows_everything(fetcher: Fetcher) -> None:
    with serve({"/private/a": page("ok")}) as site:
        assert fetcher.fetch(f"{site.base}/private/a").body == b"ok"


@pytest.mark.parametrize(("status", "reason"), [(403, "forbidden"), (503, "unavailable")])
def test_forbidden_or_failing_robots_blocks_the_site(fetcher: Fetcher, status: int, reason: str) -> None:
    with (
        serve({"/a": page("x"), "/robots.txt": page("no", status=status)}) as site,
        pytest.raises(ReadError, match=reason),
    ):
        fetcher.fetch(f"{site.base}/a")
    assert "/a" not in site.paths()


def test_redirect_into_a_disallowed_path_is_refused(fetcher: Fetcher) -> None:
    routes = {
        "/open": redirect("/private/x"),
        "/private/x": page("secret"),
        "/robots.txt": page(ROBOTS, content_type="text/plain"),
    }
    with serve(routes) as site, pytest.raises(ReadError, match=r"redirected to .*/private/x: disallowed"):
        fetcher.fetch(f"{site.base}/open")
    assert "/private/x" not in site.paths()


def test_redirects_within_the_cap_are_followed(fetcher: Fetcher) -> None:
    routes = {
        "/r1": redirect("/r2", 301),
        "/r2": redirect("/r3", 307),
        "/r3": redirect("/end"),
        "/end": page("done"),
    }
    with serve(routes) as site:
        fetched = fetcher.fetch(f"{site.base}/r1")
    assert (fetched.body, fetched.url) == (b"done", f"{site.base}/end")


def test_redirects_over_the_cap_fail(fetcher: Fetcher) -> None:
    routes = {f"/r{n}": redirect(f"/r{n + 1}") for n in range(10)}
    with serve(routes) as site, pytest.raises(ReadError, match="more than 3 redirects"):
        fetcher.fetch(f"{site.base}/r0")
    assert "/r4" not in site.paths()


def test_redirect_to_another_scheme_is_refused(fetcher: Fetcher) -> None:
    with (
        serve({"/r": redirect("file:///etc/passwd")}) as site,
        pytest.raises(ReadError, match="refusing to fetch a file URL"),
    ):
        fetcher.fetch(f"{site.base}/r")


def test_size_cap_by_content_length(fetcher: Fetcher) -> None:
    with (
        serve({"/big": page(b"x" * (64 * 1024 + 1))}) as site,
        pytest.raises(ReadError, match="response larger than the size cap of 64 KiB"),
    ):
        fetcher.fetch(f"{site.base}/big")


def _chunked_endless(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    try:
        for _ in range(200):  # 200 x 1 KiB without a Content-Length
            handler.wfile.write(b"y" * 1024)
    except (BrokenPipeError, ConnectionResetError):
        pass


def test_size_cap_while_streaming(fetcher: Fetcher) -> None:
    with (
        serve({"/stream": _chunked_endless}) as site,
        pytest.raises(ReadError, match="larger than the size cap"),
    ):
        fetcher.fetch(f"{site.base}/stream")


def _slow(handler: Handler) -> None:
    time.sleep(1.5)
    handler.reply(200, b"late")


def _drip(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    try:
        for _ in range(20):
            handler.wfile.write(b"z" * 10)
            handler.wfile.flush()
            time.sleep(0.15)
    except (BrokenPipeError, ConnectionResetError):
        pass


@pytest.mark.parametrize("route", [_slow, _drip], ids=["silent", "dripping"])
def test_timeout(route) -> None:
    quick = Fetcher(ReadOptions(timeout=0.5, honour_robots=False))
    started = time.monotonic()
    with serve({"/slow": route}) as site, pytest.raises(ReadError, match=r"timed out after 0.5 s"):
        quick.fetch(f"{site.base}/slow")
    quick.close()
    assert time.monotonic() - started < 1.4


def test_http_error_status(fetcher: Fetcher) -> None:
    with serve({}) as site, pytest.raises(ReadError, match="HTTP 404 Not Found"):
        fetcher.fetch(f"{site.base}/missing")


def test_connection_refused_is_a_read_error(fetcher: Fetcher) -> None:
    with serve({}) as site:
        base = site.base
    with pytest.raises(ReadError, match=r"could not be read|fetch failed"):
        fetcher.fetch(f"{base}/gone")


@pytest.mark.parametrize(("url", "words"), [("ftp://127.0.0.1/x", "ftp URL"), ("127.0.0.1/x", "schemeless")])
def test_only_http_schemes(url: str, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        check_scheme(url)


def test_url_input_is_fetched_and_extracted() -> None:
    html = article_html("Harbour Bridge Reopens After Repairs", "harbour")
    with serve({"/news/bridge": page(html)}) as site:
        results = list(read_inputs([f"{site.base}/news/bridge"], ReadOptions(timeout=2.0)))
    (article,) = results
    assert isinstance(article, Article), results
    assert article.title == "Harbour Bridge Reopens After Repairs"
    assert "harbour report, paragraph 2" in article.text
    assert article.url == f"{site.base}/news/bridge"


def test_url_failures_name_the_url() -> None:
    with serve({"/robots.txt": page("User-agent: *\nDisallow: /\n", content_type="text/plain")}) as site:
        url = f"{site.base}/story"
        results = list(read_inputs([url, "http://[::1"], ReadOptions(timeout=2.0)))
    assert results[0] == Failure(url, "disallowed by the site's robots.txt")
    assert results[1].where == "http://[::1" and "invalid URL" in results[1].reason
