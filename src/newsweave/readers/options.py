"""Limits and switches shared by every reader.

One size cap applies to every single document or record (a text or HTML file, a
JSON Lines line, a WARC record, a fetched page, after decompression): it bounds
memory whatever the input, while corpora of any size still stream through.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from newsweave.version import __version__

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_BYTES_ENV = "NEWSWEAVE_MAX_BYTES"


def default_max_bytes() -> int:
    """The cap from ``$NEWSWEAVE_MAX_BYTES`` when set to a positive integer, else 20 MiB."""
    value = os.environ.get(MAX_BYTES_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read.

    ``fetch`` makes the feed reader download each entry's page; the network
    limits apply to every request, robots.txt included.  ``timeout`` bounds
    each request and its download, ``total_timeout`` one fetch with all its
    redirects.  ``allow_private`` lets URLs reach loopback, private and
    link-local addresses (an intranet or a test server), refused by default so
    that a URL from a feed cannot probe the machine or its network.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    fetch: bool = False
    timeout: float = 20.0
    total_timeout: float = 60.0
    max_redirects: int = 5
    user_agent: str = f"newsweave/{__version__} (news article reader; respects robots.txt)"
    honour_robots: bool = True
    allow_private: bool = False
