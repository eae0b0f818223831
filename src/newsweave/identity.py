"""Stable article ids: the same article gets the same id however it arrives.

The id comes from the canonical URL when one is known (so the JSON record, the
HTML page and the feed entry of one article agree), else from the normalised
title and text as read, before any cleaning whose result could change as the
store learns.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsweave.clean.normalize import for_matching

_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "cmpid", "ocid", "ito", "sr_share")
_TRACKING_NAMES = frozenset({"ref", "ref_src", "smid", "cid", "ns_source", "ns_mchannel"})
ID_LENGTH = 16


def canonical_url(url: str | None) -> str | None:
    """The URL with tracking parameters, fragment, default port and case noise removed.

    Returns None for anything that is not an http(s) URL with a host.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = urlencode(sorted(q for q in parse_qsl(parts.query, True) if not _is_tracking(q[0])))
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("https" if scheme == "http" else scheme, host, path, query, ""))


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING_NAMES or name.startswith(_TRACKING_PREFIXES)


def source_of(url: str | None) -> str | None:
    """The outlet's host name without ``www.``, from a URL."""
    canonical = canonical_url(url)
    if not canonical:
        return None
    host = urlsplit(canonical).hostname or ""
    return host.removeprefix("www.") or None


def article_id(url: str | None, title: str | None, text: str) -> str:
    """The article's id: a short hash of its canonical URL, else of its content."""
    canonical = canonical_url(url)
    basis = f"url:{canonical}" if canonical else f"text:{for_matching(title or '')}\n{for_matching(text)}"
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:ID_LENGTH]
