"""The one exception readers raise for input they cannot use."""

from __future__ import annotations


class ReadError(Exception):
    """An input, or a record of it, cannot be read; the message says why in one line."""
