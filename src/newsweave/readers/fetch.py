"""Fetching pages over http(s) politely and within limits.

Every request carries newsweave's User-Agent, a timeout, a redirect cap and a
size cap that is enforced while streaming, so a huge or endless body costs no
more than the cap.  robots.txt is read once per host and honoured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit
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


@dataclass
class Fetcher:
    """An HTTP client with a robots.txt cache, shared by all fetches of one run."""

    options: ReadOptions
    _client: httpx.Client | None = None
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=True,
                max_redirects=self.options.max_redirects,
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
        check_scheme(url)
        if self.options.honour_robots and not self.allowed(url):
            raise ReadError("disallowed by the site's robots.txt")
        return self._get(url, self.options.max_bytes)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets newsweave's User-Agent fetch ``url``."""
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(self.options.user_agent, url)

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """Parsed robots.txt; None (allow all) when absent; deny all on 401/403."""
        rules = RobotFileParser()
        try:
            page = self._get(f"{origin}/robots.txt", ROBOTS_MAX_BYTES, accept_errors=True)
        except ReadError:
            return None
        if page.content_type == "status:401" or page.content_type == "status:403":
            rules.disallow_all = True
            return rules
        if page.content_type.startswith("status:"):
            return None
        rules.parse(page.body.decode("utf-8", "replace").splitlines())
        return rules

    def _get(self, url: str, max_bytes: int, accept_errors: bool = False) -> Page:
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code >= 400:
                    if accept_errors:
                        return Page(str(response.url), f"status:{response.status_code}", b"")
                    raise ReadError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                check_scheme(str(response.url))
                body = _read_capped(response, max_bytes)
                content_type = response.headers.get("content-type", "")
                return Page(str(response.url), content_type, body)
        except httpx.TooManyRedirects as error:
            raise ReadError(f"more than {self.options.max_redirects} redirects") from error
        except httpx.TimeoutException as error:
            raise ReadError(f"timed out after {self.options.timeout:g} s") from error
        except httpx.HTTPError as error:
            raise ReadError(f"fetch failed ({type(error).__name__}: {error})") from error


def check_scheme(url: str) -> None:
    """Refuse anything but http and https."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise ReadError(f"refusing to fetch a {scheme or 'schemeless'} URL; only http(s) is allowed")


def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ReadError(f"response larger than the size cap of {describe_bytes(max_bytes)}")
    chunks, total = [], 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise ReadError(f"response larger than the size cap of {describe_bytes(max_bytes)}")
        chunks.append(chunk)
    return b"".join(chunks)
