"""Fetching over http against real servers on 127.0.0.1: limits, robots.txt, User-Agent, and the
refusal of every address that is not public (loopback, private, link-local …) unless allowed.

The servers run on loopback, so the tests of limits and robots.txt pass ``allow_private=True``.
"""

from __future__ import annotations

import gzip
import ipaddress
import re
import socket
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from newsweave.errors import ReadError
from newsweave.model import Article, Failure
from newsweave.readers import fetch, read_inputs
from newsweave.readers.fetch import Fetcher, address_kind, check_scheme
from newsweave.readers.options import ReadOptions
from readers_support import Handler, article_html, page, redirect, serve

ROBOTS = "User-agent: *\nDisallow: /private/\n"
OWN_GROUP = "User-agent: *\nDisallow: /private/\n\nUser-agent: newsweave\nDisallow: /no-newsweave/\n"
LOCAL = ReadOptions(timeout=2.0, allow_private=True)
HINT = re.escape("(pass --allow-private to allow)")


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    fetcher = Fetcher(ReadOptions(timeout=2.0, max_redirects=3, max_bytes=64 * 1024, allow_private=True))
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


def test_a_redirect_loop_ends_at_the_cap(fetcher: Fetcher) -> None:
    with (
        serve({"/a": redirect("/b"), "/b": redirect("/a")}) as site,
        pytest.raises(ReadError, match="more than 3 redirects"),
    ):
        fetcher.fetch(f"{site.base}/a")
    assert site.paths().count("/a") + site.paths().count("/b") == 4


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("file:///etc/passwd", "refusing to fetch a file URL"),
        ("gopher://127.0.0.1:70/_x", "refusing to fetch a gopher URL"),
        ("data:text/html,<p>x", "invalid URL"),  # httpx cannot even parse it as a redirect target
    ],
)
def test_redirect_to_another_scheme_is_refused(fetcher: Fetcher, target: str, words: str) -> None:
    with serve({"/r": redirect(target)}) as site, pytest.raises(ReadError, match=words):
        fetcher.fetch(f"{site.base}/r")
    assert site.paths() == ["/robots.txt", "/r"]


def test_size_cap_by_content_length(fetcher: Fetcher) -> None:
    with (
        serve({"/big": page(b"x" * (64 * 1024 + 1))}) as site,
        pytest.raises(ReadError, match="response larger than the size cap of 64 KiB"),
    ):
        fetcher.fetch(f"{site.base}/big")


def test_a_compressed_page_is_decoded(fetcher: Fetcher) -> None:
    html = b"<html><body><p>Harbour reopens.</p></body></html>"
    routes = {
        "/gzip": page(gzip.compress(html), headers={"Content-Encoding": "gzip"}),
        "/deflate": page(zlib.compress(html), headers={"Content-Encoding": "deflate"}),
    }
    with serve(routes) as site:
        assert [fetcher.fetch(f"{site.base}{path}").body for path in routes] == [html, html]
    assert site.requests[-1][1]["accept-encoding"] == "gzip, deflate"


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzipped piece by piece (never held whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    return b"".join([*(packer.compress(zeros) for _ in range(size >> 20)), packer.flush()])


def test_a_gzip_bomb_is_refused_at_the_size_cap_without_inflating_it(fetcher: Fetcher) -> None:
    bomb = gzip_bomb(32 << 20)  # 32 MiB in about 32 KiB: under the cap, so the body is read
    with serve({"/bomb": page(bomb, headers={"Content-Encoding": "gzip"})}) as site:
        tracemalloc.start()
        try:
            with pytest.raises(ReadError, match="response larger than the size cap of 64 KiB"):
                fetcher.fetch(f"{site.base}/bomb")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 8 << 20, "a raw chunk inflated whole would take tens of MiB"


@pytest.mark.parametrize(
    ("encoding", "body", "words"),
    [
        ("br", b"\x1b\x00", "unsupported Content-Encoding 'br'"),
        ("gzip", b"not gzip at all", "corrupt gzip data in the response"),
    ],
)
def test_an_undecodable_body_is_one_clear_error(
    fetcher: Fetcher, encoding: str, body: bytes, words: str
) -> None:
    with (
        serve({"/odd": page(body, headers={"Content-Encoding": encoding})}) as site,
        pytest.raises(ReadError, match=re.escape(words)),
    ):
        fetcher.fetch(f"{site.base}/odd")


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
    quick = Fetcher(ReadOptions(timeout=0.5, honour_robots=False, allow_private=True))
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


def _slow_redirect(location: str):
    def route(handler: Handler) -> None:
        time.sleep(0.4)
        handler.reply(302, b"", "text/plain", {"Location": location})

    return route


def test_total_deadline_bounds_a_chain_of_slow_redirects() -> None:
    """Each hop is within the per-request timeout; the whole fetch is not."""
    options = ReadOptions(
        timeout=1.0, total_timeout=1.0, max_redirects=10, honour_robots=False, allow_private=True
    )
    routes = {f"/r{n}": _slow_redirect(f"/r{n + 1}") for n in range(8)}
    started = time.monotonic()
    with serve(routes) as site, pytest.raises(ReadError, match=r"timed out: over 1 s in all"):
        Fetcher(options).fetch(f"{site.base}/r0")
    assert time.monotonic() - started < 1.6
    assert site.paths() == ["/r0", "/r1", "/r2"]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://127.0.0.1/x", "ftp URL"),
        ("file:///etc/passwd", "file URL"),
        ("data:text/html,<p>hi</p>", "data URL"),
        ("javascript:alert(1)", "javascript URL"),
        ("gopher://127.0.0.1:70/_GET", "gopher URL"),
        ("127.0.0.1/x", "schemeless"),
    ],
)
def test_only_http_schemes(url: str, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        check_scheme(url)
    with pytest.raises(ReadError, match=words):
        Fetcher(LOCAL).fetch(url)


def test_url_input_is_fetched_and_extracted() -> None:
    html = article_html("Harbour Bridge Reopens After Repairs", "harbour")
    with serve({"/news/bridge": page(html)}) as site:
        results = list(read_inputs([f"{site.base}/news/bridge"], LOCAL))
    (article,) = results
    assert isinstance(article, Article), results
    assert article.title == "Harbour Bridge Reopens After Repairs"
    assert "harbour report, paragraph 2" in article.text
    assert article.url == f"{site.base}/news/bridge"


def test_url_failures_name_the_url() -> None:
    with serve({"/robots.txt": page("User-agent: *\nDisallow: /\n", content_type="text/plain")}) as site:
        url = f"{site.base}/story"
        results = list(read_inputs([url, "http://[::1"], LOCAL))
    assert results[0] == Failure(url, "disallowed by the site's robots.txt")
    assert results[1].where == "http://[::1" and "invalid URL" in results[1].reason


# --- addresses that are not public ------------------------------------------------------

MACHINE_ITSELF = [
    ("127.0.0.1", "127.0.0.1"),
    ("127.0.0.1", "localhost"),
    ("127.0.0.1", "127.1"),
    ("127.0.0.1", "2130706433"),
    ("127.0.0.1", "0x7f.1"),
    ("127.0.0.1", "0.0.0.0"),
    ("127.0.0.1", "[::ffff:127.0.0.1]"),
    ("::1", "[::1]"),
    ("::1", "[::]"),
]


@pytest.mark.parametrize(("bind", "host"), MACHINE_ITSELF)
def test_the_machine_itself_is_refused_unless_allowed(bind: str, host: str) -> None:
    """Each spelling reaches the server when allowed, so the refusal is the check, not a dead address."""
    with serve({"/a": page("inside")}, bind) as site:
        url = f"http://{host}:{site.port}/a"
        refusing = Fetcher(ReadOptions(timeout=2.0))
        with pytest.raises(ReadError, match=rf"^refusing to fetch {re.escape(url)}: .* address {HINT}$"):
            refusing.fetch(url)
        assert site.requests == []
        assert refusing._client is None
        assert Fetcher(LOCAL).fetch(url).body == b"inside"
    assert site.paths() == ["/robots.txt", "/a"]


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("169.254.169.254", "the cloud metadata address"),
        ("10.1.2.3", "a private address"),
        ("172.16.5.4", "a private address"),
        ("192.168.0.10", "a private address"),
        ("100.64.0.1", "a shared (carrier-grade NAT) address"),
        ("224.0.0.251", "a multicast address"),
        ("[fe80::1]", "a link-local address"),
        ("[fd12:3456::1]", "a private address"),
        ("[fec0::1]", "a site-local address"),
        ("[2002:a00:1::]", "a private address"),  # 6to4 for 10.0.0.1
        ("[64:ff9b::a9fe:a9fe]", "the cloud metadata address"),  # NAT64 for 169.254.169.254
    ],
)
def test_intranet_addresses_are_refused_before_connecting(host: str, kind: str) -> None:
    fetcher = Fetcher(ReadOptions(timeout=2.0))
    with pytest.raises(ReadError, match=rf"{host.strip('[]')} is {re.escape(kind)} {HINT}$"):
        fetcher.fetch(f"http://{host}/latest/meta-data/")
    assert fetcher._client is None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808"])
def test_public_addresses_pass(address: str) -> None:
    assert address_kind(ipaddress.ip_address(address)) is None


def _answers(table: dict[str, list[str]]):
    """A getaddrinfo that answers ``table``'s names and resolves the rest for real."""

    def getaddrinfo(host: str, port: int, *args, **kwargs):
        if host not in table:
            return socket.getaddrinfo(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in table[host]]

    return getaddrinfo


def test_a_name_with_one_private_answer_among_public_ones_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "_getaddrinfo", _answers({"news.example": ["93.184.216.34", "10.0.0.5"]}))
    with pytest.raises(ReadError, match=rf"news\.example resolves to 10\.0\.0\.5, a private address {HINT}"):
        Fetcher(ReadOptions(timeout=2.0)).fetch("http://news.example/a")


def test_an_unresolvable_name_is_one_clear_line() -> None:
    with pytest.raises(ReadError, match=r"^cannot resolve no-such-host\.invalid \("):
        Fetcher(ReadOptions(timeout=2.0)).fetch("http://no-such-host.invalid/a")


@pytest.fixture
def public_127_0_0_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let 127.0.0.2 stand for a public server, so that it can redirect to a private one."""
    judge = fetch.address_kind
    stand_in = ipaddress.ip_address("127.0.0.2")
    monkeypatch.setattr(fetch, "address_kind", lambda ip: None if ip == stand_in else judge(ip))


@pytest.mark.usefixtures("public_127_0_0_2")
def test_a_redirect_to_a_private_address_is_refused_at_the_hop() -> None:
    with serve({"/secret": page("internal")}) as inside:
        target = f"{inside.base}/secret"
        with serve({"/a": redirect(target)}, "127.0.0.2") as outside:
            refused = rf"^refusing to fetch {re.escape(target)}: 127\.0\.0\.1 is a loopback address {HINT}$"
            with pytest.raises(ReadError, match=refused):
                Fetcher(ReadOptions(timeout=2.0)).fetch(f"{outside.base}/a")
    assert outside.paths() == ["/robots.txt", "/a"]
    assert inside.requests == []


@pytest.mark.usefixtures("public_127_0_0_2")
def test_robots_txt_redirecting_to_a_private_address_is_refused() -> None:
    with serve({"/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain")}) as inside:
        robots = f"{inside.base}/robots.txt"
        refused = rf"^robots\.txt could not be read \(refusing to fetch {re.escape(robots)}: .* loopback"
        with (
            serve({"/robots.txt": redirect(robots), "/a": page("ok")}, "127.0.0.2") as outside,
            pytest.raises(ReadError, match=refused),
        ):
            Fetcher(ReadOptions(timeout=2.0)).fetch(f"{outside.base}/a")
    assert outside.paths() == ["/robots.txt"]
    assert inside.requests == []


def test_dns_rebinding_is_caught_by_the_peer_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our lookup says public, httpx's own lookup reaches loopback: the answer's body is never read."""
    monkeypatch.setattr(fetch, "_getaddrinfo", _answers({"localhost": ["93.184.216.34"]}))
    with serve({"/a": page("internal secret")}) as site:
        url = f"http://localhost:{site.port}/a"
        results = list(read_inputs([url], ReadOptions(timeout=2.0, honour_robots=False)))
    assert results == [Failure(url, f"refusing to fetch {url}: localhost connected to 127.0.0.1, "
                                    "a loopback address (pass --allow-private to allow)")]
    assert site.paths() == ["/a"]


def test_proxies_from_the_environment_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a proxy the peer would be the proxy, so the address checks could not hold."""
    with serve({}) as proxy, serve({"/a": page("direct")}) as site:
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy.base)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        assert Fetcher(LOCAL).fetch(f"{site.base}/a").body == b"direct"
    assert proxy.requests == []
