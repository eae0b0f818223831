"""Fetching pages over http(s) politely and within limits.

Every request carries newsweave's User-Agent, a timeout, a redirect cap and a
size cap that is enforced while streaming, so a huge or endless body costs no
more than the cap.  Redirects are followed here, one hop at a time, so that
robots.txt (read once per host) is honoured for every URL actually requested,
not only for the one given.  The timeout bounds each network wait and also the
whole download of one response, so a server dripping bytes cannot hold a run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsweave.errors import ReadError
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import describe_bytes

ROBOTS_MAX_BYTES = 512 * 1024


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
        """The connection pool, made on first use (most runs fetch nothing)."""
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=False,
                timeout=httpx.Timeout(self.options.timeout),
                headers={"User-Agent": self.options.user_agent},
            )
        return self._client

    def close(self) -> None:
        """Release the connection pool."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str) -> Page:
        """GET ``url``; ReadError on refusal by robots.txt, HTTP errors or limits."""
        page = self._follow(url, self.options.max_bytes, check_robots=self.options.honour_robots)
        if page.status >= 400:
            raise ReadError(f"HTTP {page.status} {page.reason}".strip())
        return page

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets newsweave's User-Agent fetch ``url``."""
        return self._robots_refusal(url) is None

    def _robots_refusal(self, url: str) -> str | None:
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        robots = self._robots[origin]
        if robots.refusal:
            return robots.refusal
        if robots.rules is not None and not robots.rules.can_fetch(self.options.user_agent, url):
            return "disallowed by the site's robots.txt"
        return None

    def _load_robots(self, origin: str) -> Robots:
        """The host's rules, following RFC 9309 for the cases without a file.

        A missing file (4xx) allows everything, except 401/403 which, like
        Python's robotparser, deny everything; a server error or an unreachable
        robots.txt means the site is not to be crawled now.
        """
        try:
            page = self._follow(f"{origin}/robots.txt", ROBOTS_MAX_BYTES, check_robots=False)
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

    def _follow(self, url: str, max_bytes: int, check_robots: bool) -> Page:
        """Request ``url``, following up to ``max_redirects`` redirects, each one checked."""
        for hop in range(self.options.max_redirects + 1):
            check_scheme(url)
            refusal = self._robots_refusal(url) if check_robots else None
            if refusal:
                raise ReadError(f"redirected to {url}: {refusal}" if hop else refusal)
            page, url_next = self._get(url, max_bytes)
            if url_next is None:
                return page
            url = url_next
        raise ReadError(f"more than {self.options.max_redirects} redirects")

    def _get(self, url: str, max_bytes: int) -> tuple[Page, str | None]:
        """One request: the page, or the URL a redirect points to."""
        try:
            with self.client.stream("GET", url) as response:
                if response.is_redirect and response.headers.get("location"):
                    return Page(url, "", b"", response.status_code), _redirect_target(response)
                if response.status_code >= 400:
                    return Page(url, "", b"", response.status_code, response.reason_phrase), None
                body = _read_capped(response, max_bytes, self.options.timeout)
                return Page(url, response.headers.get("content-type", ""), body, response.status_code), None
        except httpx.TimeoutException as error:
            raise ReadError(f"timed out after {self.options.timeout:g} s") from error
        except httpx.HTTPError as error:
            raise ReadError(f"fetch failed ({type(error).__name__}: {error})") from error
        except (httpx.InvalidURL, ValueError) as error:
            raise ReadError(f"invalid URL ({error})") from error


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


def _read_capped(response: httpx.Response, max_bytes: int, timeout: float) -> bytes:
    """The body, refused as soon as it passes ``max_bytes`` or takes longer than ``timeout``."""
    too_large = f"response larger than the size cap of {describe_bytes(max_bytes)}"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ReadError(too_large)
    deadline = time.monotonic() + timeout
    chunks, total = [], 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise ReadError(too_large)
        if time.monotonic() > deadline:
            raise ReadError(f"timed out after {timeout:g} s (download too slow)")
        chunks.append(chunk)
    return b"".join(chunks)
