"""Helpers shared by the reader tests: article pages, WARC files, loopback HTTP servers.

Everything here makes real inputs (files on disk, a server on 127.0.0.1) so the
readers are exercised exactly as on the command line.
"""

from __future__ import annotations

import gzip
import io
import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

LOOPBACK = "127.0.0.1"


def paragraphs(topic: str, count: int = 4) -> list[str]:
    """Distinct, sentence-like paragraphs that trafilatura keeps as article text."""
    return [
        f"The {topic} report, paragraph {n}, says that officials met on Tuesday to discuss "
        f"the {topic} plan in detail, and that a decision on the {topic} budget is expected "
        f"before the end of the month, according to people familiar with the talks."
        for n in range(1, count + 1)
    ]


def article_html(title: str, topic: str, date: str = "2024-06-19") -> str:
    """A news page with a headline, a publication date and a body of paragraphs."""
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs(topic))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='article:published_time' content='{date}'>"
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
        f"{body}</article><footer>Copyright</footer></body></html>"
    )


EMPTY_HTML = "<html><head><title>Gallery</title></head><body><script>var a = 1;</script></body></html>"


def jsonl(records: list[dict]) -> str:
    """JSON Lines text for ``records``."""
    return "".join(json.dumps(record) + "\n" for record in records)


def news_record(n: int, **extra: object) -> dict:
    """A news-please style record with distinct text and URL."""
    record = {
        "title": f"Headline number {n}",
        "maintext": "\n".join(paragraphs(f"topic{n}", 2)),
        "url": f"https://news{n}.example.com/story/{n}",
        "date_publish": "2018-02-06 05:13:15",
    }
    record.update(extra)
    return record


@dataclass
class WarcPage:
    """One response record: a URL, its HTTP status, content type and body."""

    url: str
    body: str | bytes
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    extra_headers: list[tuple[str, str]] = field(default_factory=list)


def make_warc(path: Path, pages: list[WarcPage], gzipped: bool, with_requests: bool = True) -> Path:
    """Write a WARC file (per-record gzip when ``gzipped``) of request/response pairs."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsweave-tests"}))
        for page in pages:
            if with_requests:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
                writer.write_record(writer.create_warc_record(page.url, "request", http_headers=request))
            body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
            headers = StatusAndHeaders(
                page.status, [("Content-Type", page.content_type), *page.extra_headers], protocol="HTTP/1.1"
            )
            response = writer.create_warc_record(
                page.url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(response)
    return path


def gzip_bytes(data: bytes) -> bytes:
    """gzip-compressed ``data``."""
    return gzip.compress(data)


# --- loopback HTTP servers ------------------------------------------------------------

Route = Callable[["Handler"], None]


@dataclass
class Served:
    """A running server: its base URL and every request it saw (path, headers)."""

    base: str
    requests: list[tuple[str, dict[str, str]]]

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])


class Handler(BaseHTTPRequestHandler):
    """Dispatches each GET to the route registered for its path; 404 otherwise."""

    routes: ClassVar[dict[str, Route]] = {}
    seen: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def do_GET(self) -> None:
        self.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = self.routes.get(self.path)
        if route is None:
            self.reply(404, b"not found", "text/plain")
        else:
            route(self)

    def reply(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


def page(
    body: str | bytes,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Route:
    """A route answering with a fixed body."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return lambda handler: handler.reply(status, data, content_type, headers)


def redirect(location: str, status: int = 302) -> Route:
    """A route answering with a redirect."""
    return lambda handler: handler.reply(status, b"", "text/plain", {"Location": location})


class QuietServer(ThreadingHTTPServer):
    """A test server that does not print a traceback when a client hangs up early.

    The size-cap and timeout tests close connections mid-response on purpose.
    """

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class QuietServer6(QuietServer):
    address_family = socket.AF_INET6


@contextmanager
def serve(routes: dict[str, Route], host: str = LOOPBACK) -> Iterator[Served]:
    """Run an HTTP server on ``host`` (127.0.0.1, or ::1 and the like) and a free port during the block.

    Fetching from it needs ``ReadOptions(allow_private=True)``: loopback is refused by default.
    """
    seen: list[tuple[str, dict[str, str]]] = []
    handler = type("RouteHandler", (Handler,), {"routes": routes, "seen": seen})
    server = (QuietServer6 if ":" in host else QuietServer)((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    netloc = f"[{host}]" if ":" in host else host
    try:
        yield Served(f"http://{netloc}:{server.server_address[1]}", seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
