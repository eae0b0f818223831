"""Fetching pages over http(s) politely, within limits, and only from the public internet.

Every request carries newsweave's User-Agent, a timeout, a redirect cap and a
size cap that is enforced while streaming, so a huge or endless body costs no
more than the cap.  Redirects are followed here, one hop at a time, so that
robots.txt (read once per host) is honoured for every URL actually requested,
not only for the one given.  The timeout bounds each network wait and also the
whole download of one response, so a server dripping bytes cannot hold a run;
a total deadline bounds one fetch with all its redirects and robots.txt files.

A URL from a feed or a command line must not reach the machine's own services
or its intranet (server-side request forgery), so unless ``allow_private`` is
set every request is refused whose host resolves to an address that is not
public, and the address actually connected to is checked again before the body
is read.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsweave.errors import ReadError
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import describe_bytes

ROBOTS_MAX_BYTES = 512 * 1024
ALLOW_HINT = "(pass --allow-private to allow)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_getaddrinfo = socket.getaddrinfo  # module-level so tests can make a name resolve elsewhere

_CLOUD_METADATA = ipaddress.IPv4Address("169.254.169.254")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT: not global, yet not "private"
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Asked for explicitly: httpx would otherwise offer brotli and zstd when installed.
ACCEPTED_ENCODINGS = "gzip, deflate"
# zlib window bits: gzip's header, or zlib's (the usual meaning of HTTP's "deflate").
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
_KINDS = (
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_unspecified", "an unspecified address"),
    ("is_private", "a private address"),
    ("is_reserved", "a reserved address"),
    ("is_site_local", "a site-local address"),  # fec0::/10: deprecated, still routed inside some networks
)


@dataclass
class Page:
    """A fetched response: the final URL after redirects, its type and body."""

    url: str
    content_type: str
    body: bytes
    status: int = 200
    reason: str = ""


@dataclass
class Robots:
    """What one host's robots.txt says; ``refusal`` is set when the host may not be crawled at all."""

    rules: RobotFileParser | None = None
    refusal: str | None = None


@dataclass
class Fetcher:
    """An HTTP client with a robots.txt cache, shared by all fetches of one run."""

    options: ReadOptions
    _client: httpx.Client | None = None
    _robots: dict[str, Robots] = field(default_factory=dict)

    @property
    def client(self) -> httpx.Client:
        """The connection pool, made on first use (most runs fetch nothing).

        ``trust_env=False``: no proxy from the environment, since through a proxy
        the peer connected to is the proxy and the address checks would judge
        the wrong machine; no ``.netrc`` credentials sent to whatever a feed
        links to.  Certificate locations from ``SSL_CERT_FILE``/``SSL_CERT_DIR``
        are still honoured.
        """
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=False,
                timeout=httpx.Timeout(self.options.timeout),
                headers={"User-Agent": self.options.user_agent, "Accept-Encoding": ACCEPTED_ENCODINGS},
                trust_env=False,
                verify=httpx.create_ssl_context(trust_env=True),
            )
        return self._client

    def close(self) -> None:
        """Release the connection pool."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str) -> Page:
        """GET ``url``; ReadError on refusal by robots.txt or the address checks, HTTP errors or limits."""
        deadline = time.monotonic() + self.options.total_timeout
        page = self._follow(url, self.options.max_bytes, self.options.honour_robots, deadline)
        if page.status >= 400:
            raise ReadError(f"HTTP {page.status} {page.reason}".strip())
        return page

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets newsweave's User-Agent fetch ``url``.

        robots.txt is itself fetched under the same address checks and caps as any page.
        """
        return self._robots_refusal(url, time.monotonic() + self.options.total_timeout) is None

    def _robots_refusal(self, url: str, deadline: float) -> str | None:
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin, deadline)
        robots = self._robots[origin]
        if robots.refusal:
            return robots.refusal
        if robots.rules is not None and not robots.rules.can_fetch(self.options.user_agent, url):
            return "disallowed by the site's robots.txt"
        return None

    def _load_robots(self, origin: str, deadline: float) -> Robots:
        """The host's rules, following RFC 9309 for the cases without a file.

        A missing file (4xx) allows everything, except 401/403 which, like
        Python's robotparser, deny everything; a server error or an unreachable
        robots.txt means the site is not to be crawled now.
        """
        try:
            page = self._follow(f"{origin}/robots.txt", ROBOTS_MAX_BYTES, False, deadline)
        except ReadError as error:
            return Robots(refusal=f"robots.txt could not be read ({error})")
        if page.status in (401, 403):
            return Robots(refusal=f"robots.txt is forbidden (HTTP {page.status}), so the site is off limits")
        if page.status >= 500:
            return Robots(refusal=f"robots.txt unavailable (HTTP {page.status}); not crawling the site now")
        if page.status >= 400:
            return Robots()
        rules = RobotFileParser()
        rules.parse(page.body.decode("utf-8", "replace").splitlines())
        return Robots(rules=rules)

    def _follow(self, url: str, max_bytes: int, check_robots: bool, deadline: float) -> Page:
        """Request ``url``, following up to ``max_redirects`` redirects, each hop checked.

        The address is checked before robots.txt is asked, so that a private
        host is not contacted even for its robots.txt.
        """
        for hop in range(self.options.max_redirects + 1):
            check_scheme(url)
            if not self.options.allow_private:
                check_address(url)
            refusal = self._robots_refusal(url, deadline) if check_robots else None
            if refusal:
                raise ReadError(f"redirected to {url}: {refusal}" if hop else refusal)
            page, url_next = self._get(url, max_bytes, deadline)
            if url_next is None:
                return page
            url = url_next
        raise ReadError(f"more than {self.options.max_redirects} redirects")

    def _get(self, url: str, max_bytes: int, deadline: float) -> tuple[Page, str | None]:
        """One request: the page, or the URL a redirect points to."""
        wait, timed_out = self._time_left(deadline)
        if wait <= 0:
            raise ReadError(timed_out)
        try:
            with self.client.stream("GET", url, timeout=httpx.Timeout(wait)) as response:
                if not self.options.allow_private:
                    check_peer(url, response)
                if response.is_redirect and response.headers.get("location"):
                    return Page(url, "", b"", response.status_code), _redirect_target(response)
                if response.status_code >= 400:
                    return Page(url, "", b"", response.status_code, response.reason_phrase), None
                wait, timed_out = self._time_left(deadline)
                body = _read_capped(response, max_bytes, time.monotonic() + wait, timed_out)
                return Page(url, response.headers.get("content-type", ""), body, response.status_code), None
        except httpx.TimeoutException as error:
            raise ReadError(timed_out) from error
        except httpx.HTTPError as error:
            raise ReadError(f"fetch failed ({type(error).__name__}: {error})") from error
        except (httpx.InvalidURL, ValueError) as error:
            raise ReadError(f"invalid URL ({error})") from error

    def _time_left(self, deadline: float) -> tuple[float, str]:
        """How long the next wait may last, and what to say when it runs out.

        That is the per-request timeout, unless less is left of the whole fetch.
        """
        left = deadline - time.monotonic()
        if left >= self.options.timeout:
            return self.options.timeout, f"timed out after {self.options.timeout:g} s"
        total = self.options.total_timeout
        return left, f"timed out: over {total:g} s in all (redirects and robots.txt included)"


def _redirect_target(response: httpx.Response) -> str:
    return urljoin(str(response.url), response.headers["location"])


def check_scheme(url: str) -> None:
    """Refuse anything but http and https."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as error:
        raise ReadError(f"invalid URL ({error})") from error
    if scheme not in ("http", "https"):
        raise ReadError(f"refusing to fetch a {scheme or 'schemeless'} URL; only http(s) is allowed")


def address_kind(ip: IPAddress) -> str | None:
    """What kind of non-public address ``ip`` is ("a loopback address", …); None when it is public.

    An IPv6 address that carries an IPv4 one (``::ffff:a.b.c.d``, 6to4,
    NAT64) is judged by the IPv4 address it leads to.
    """
    ip = _embedded_ipv4(ip) or ip
    if ip == _CLOUD_METADATA:
        return "the cloud metadata address"
    if ip in _SHARED:
        return "a shared (carrier-grade NAT) address"
    for test, kind in _KINDS:
        if getattr(ip, test, False):  # is_site_local is IPv6's only
            return kind
    return None if ip.is_global else "a non-public address"


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.ipv4_mapped or ip.sixtofour


def check_address(url: str) -> None:
    """Refuse ``url`` when its host resolves to any address that is not public.

    The host is taken as httpx reads it and resolved as httpx will resolve it,
    so numeric forms (``2130706433``, ``0x7f.1``) are judged by the address
    they reach.  One non-public answer refuses the host: a name that resolves
    to both kinds is a rebinding trick.
    """
    host, port = _host_and_port(url)
    for ip in _resolve(host, port):
        kind = address_kind(ip)
        if kind:
            where = f"{host} is" if _literal(host) == ip else f"{host} resolves to {ip},"
            raise ReadError(f"refusing to fetch {url}: {where} {kind} {ALLOW_HINT}")


def check_peer(url: str, response: httpx.Response) -> None:
    """Refuse the response when the address connected to is not public, before its body is read.

    httpx resolves the host again on its own, so a name whose DNS answer
    changes between the two lookups (DNS rebinding) would otherwise slip
    through.  The request line and headers have been sent by then; for a GET
    without credentials that is acceptable, and nothing of the answer is used.
    """
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        raise ReadError(f"refusing to fetch {url}: cannot tell which address answered")
    try:
        ip = ipaddress.ip_address(peer[0])
    except ValueError:
        reason = "cannot tell which address answered"
        raise ReadError(f"refusing to fetch {url}: {reason} ({peer[0]!r})") from None
    kind = address_kind(ip)
    if kind:
        host = _host_and_port(url)[0]
        raise ReadError(f"refusing to fetch {url}: {host} connected to {ip}, {kind} {ALLOW_HINT}")


def _host_and_port(url: str) -> tuple[str, int]:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as error:
        raise ReadError(f"invalid URL ({error})") from error
    host = parsed.raw_host.decode("ascii")
    if not host:
        raise ReadError(f"invalid URL (no host in {url})")
    return host, parsed.port or (443 if parsed.scheme == "https" else 80)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        answers = _getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ReadError(f"cannot resolve {host} ({reason})") from error
    if not answers:
        raise ReadError(f"cannot resolve {host} (no addresses)")
    return [ipaddress.ip_address(answer[4][0]) for answer in answers]


def _read_capped(response: httpx.Response, max_bytes: int, until: float, timed_out: str) -> bytes:
    """The body, refused as soon as it passes ``max_bytes`` or the clock passes ``until``.

    The raw bytes are decoded here rather than by httpx, which inflates each
    network chunk whole: one 64 KiB chunk of a gzip bomb would become tens of
    megabytes before any cap could look at it.
    """
    too_large = f"response larger than the size cap of {describe_bytes(max_bytes)}"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ReadError(too_large)
    decode = _decoder(response.headers.get("content-encoding", ""))
    chunks, total = [], 0
    for raw in response.iter_raw():
        chunk = decode(raw, max_bytes - total + 1)
        total += len(chunk)
        if total > max_bytes:
            raise ReadError(too_large)
        if time.monotonic() > until:
            raise ReadError(f"{timed_out} (download too slow)")
        chunks.append(chunk)
    return b"".join(chunks)


Decoder = Callable[[bytes, int], bytes]


def _decoder(content_encoding: str) -> Decoder:
    """A function giving at most ``limit`` decoded bytes of each raw chunk (more means: over the cap)."""
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return lambda raw, limit: raw
    if encoding not in _WBITS:
        raise ReadError(f"unsupported Content-Encoding {content_encoding.strip()[:40]!r}")
    inflater = zlib.decompressobj(_WBITS[encoding])

    def inflate(raw: bytes, limit: int) -> bytes:
        try:
            return inflater.decompress(raw, max(limit, 1))
        except zlib.error as error:
            raise ReadError(f"corrupt {encoding} data in the response ({error})") from error

    return inflate
