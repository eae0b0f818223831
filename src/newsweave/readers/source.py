"""Where an input's bytes come from: a file, standard input or a fetched page.

Readers see one interface: ``open()`` gives the content, gzip undone; ``head()``
the first bytes for sniffing; ``read_all()`` the whole document within the size
cap.  Decompression is streamed, so a gzip bomb stops at the cap instead of
filling memory, and gzip data that expands like a bomb is refused as it is
read, also where a reader skips data rather than keeping it (a JSON Lines line
over the cap, a WARC record passed over), which would otherwise cost time in
proportion to the inflated size.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsweave.errors import ReadError
from newsweave.model import Article

GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 64 * 1024
# Text compresses 3-20 fold; deflate reaches ~1000 fold only on long runs of repeated bytes.
MAX_EXPANSION = 100
# The expansion is judged over each stretch of this much inflated data.
EXPANSION_WINDOW = 16 << 20
_GZIP_ERRORS = (EOFError, OSError, zlib.error, gzip.BadGzipFile)
_UNSAFE = re.compile("[\0\ud800-\udfff]")


@dataclass(frozen=True)
class Source:
    """One input: ``name`` as the user gave it, and its bytes on disk or in memory."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    url: str | None = None

    def open_raw(self) -> BinaryIO:
        """The bytes as stored, compressed or not."""
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return self.path.open("rb")

    @contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """The content with gzip undone."""
        with self.open_raw() as raw:
            if raw.read(2) == GZIP_MAGIC:
                raw.seek(0)
                with gzip.GzipFile(fileobj=raw) as unzipped:
                    yield io.BufferedReader(_BombGuard(unzipped, raw), 1 << 16)  # type: ignore[misc]
            else:
                raw.seek(0)
                yield raw

    def head(self, size: int = HEAD_BYTES) -> bytes:
        """Up to ``size`` leading bytes of the content, for sniffing.

        A truncated gzip file yields what decompresses before the break, so that
        the reader (not the sniffer) keeps the whole records and reports the
        break, as it does for a large truncated file.
        """
        chunks: list[bytes] = []
        with self.open() as stream:  # a file that cannot be opened is an OSError, not bad gzip
            try:
                while size > 0 and (chunk := stream.read1(min(size, 8192))):
                    chunks.append(chunk)
                    size -= len(chunk)
            except _GZIP_ERRORS as error:
                if not chunks:
                    raise ReadError(f"corrupt gzip data ({_reason(error)})") from error
        return b"".join(chunks)

    def read_all(self, max_bytes: int) -> bytes:
        """The whole content, or ReadError when it exceeds ``max_bytes``."""
        with self.open() as stream:
            try:
                data = stream.read(max_bytes + 1)
            except _GZIP_ERRORS as error:
                raise ReadError(f"truncated or corrupt gzip data ({_reason(error)})") from error
        if len(data) > max_bytes:
            raise ReadError(f"larger than the size cap of {describe_bytes(max_bytes)}")
        return data


class _BombGuard(io.RawIOBase):
    """Inflated bytes that raise ReadError where a stretch expands over MAX_EXPANSION fold.

    Judged per stretch, not from the start, so that good data before a bomb
    cannot dilute it.
    """

    def __init__(self, unzipped: gzip.GzipFile, compressed: BinaryIO) -> None:
        self._unzipped = unzipped
        self._compressed = compressed
        self._inflated = 0
        self._start = compressed.tell()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._unzipped.read1(len(buffer))  # read1 keeps what inflates before a break
        count = len(data)
        buffer[:count] = data
        self._inflated += count
        if self._inflated >= EXPANSION_WINDOW:
            read = self._compressed.tell() - self._start
            if self._inflated > MAX_EXPANSION * read:
                raise ReadError(
                    f"gzip data expands over {MAX_EXPANSION} fold (a decompression bomb); not read further"
                )
            self._inflated, self._start = 0, self._compressed.tell()
        return count


def describe_bytes(count: int) -> str:
    """A human size: '20 MiB', '512 KiB', '37 bytes'; exact bytes when not a whole unit.

    A cap given as ``--max-bytes 10000`` is then reported as 10000 bytes, the
    number the user typed, not a rounded 9.8 KiB.
    """
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale and count % scale == 0:
            return f"{count // scale} {unit}"
    return f"{count} bytes"


def _reason(error: BaseException) -> str:
    text = str(error).strip()
    return text or type(error).__name__


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16 text; ReadError otherwise.

    Guessing a legacy code page silently would store mojibake, so bytes that are
    not valid in a declared or default encoding are refused with the offset.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ReadError(f"invalid UTF-16 text at byte {error.start}") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(
            f"not UTF-8 text (invalid byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from error


def safe_text(text: str) -> str:
    """``text`` without NUL characters, each lone surrogate replaced by U+FFFD.

    Both come in as JSON escapes (``"\\u0000"``, ``"\\ud800"``) or character
    references (``&#0;``), but C libraries and terminals cut text at a NUL, and
    a lone surrogate cannot be encoded, so not stored.
    """
    return _UNSAFE.sub(lambda match: "" if match.group() == "\0" else "\ufffd", text)


def safe_article(article: Article) -> Article:
    """``article`` with ``safe_text`` applied to every string field and list item."""
    for name, value in vars(article).items():
        if isinstance(value, str):
            setattr(article, name, safe_text(value))
        elif isinstance(value, list):
            setattr(article, name, [safe_text(item) if isinstance(item, str) else item for item in value])
    return article
