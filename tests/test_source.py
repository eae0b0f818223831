"""Source: bytes from files or memory, gzip undone, size caps, text decoding."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from newsweave.errors import ReadError
from newsweave.readers.source import Source, decode_text, describe_bytes


def test_plain_file_reads_as_is(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello world")
    source = Source(name="a.txt", path=path)
    assert source.head() == b"hello world"
    assert source.read_all(100) == b"hello world"


def test_gzip_is_undone_for_files_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"compressed text"))
    assert Source(name="a", path=path).read_all(100) == b"compressed text"
    assert Source(name="b", data=gzip.compress(b"in memory")).head() == b"in memory"


def test_head_is_limited(tmp_path: Path) -> None:
    source = Source(name="m", data=b"x" * 100_000)
    assert len(source.head()) == 64 * 1024
    assert source.head(10) == b"x" * 10


def test_read_all_refuses_content_over_the_cap() -> None:
    source = Source(name="m", data=b"x" * 101)
    assert source.read_all(101) == b"x" * 101
    with pytest.raises(ReadError, match="larger than the size cap of 100 bytes"):
        source.read_all(100)


def test_cap_applies_after_decompression() -> None:
    """A small gzip bomb is refused by its decompressed size."""
    bomb = gzip.compress(b"\0" * 5_000_000)
    assert len(bomb) < 10_000
    with pytest.raises(ReadError, match="size cap of 1 MiB"):
        Source(name="bomb.gz", data=bomb).read_all(1 << 20)


def test_truncated_gzip_fails_whole_read_but_head_keeps_what_decompresses() -> None:
    text = b"".join(b"line %d of a longer text\n" % n for n in range(5000))
    packed = gzip.compress(text)
    source = Source(name="cut.gz", data=packed[: len(packed) // 2])
    head = source.head()
    assert head and text.startswith(head)
    with pytest.raises(ReadError, match="truncated or corrupt gzip"):
        source.read_all(10 << 20)


def test_gzip_cut_inside_its_header_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="corrupt gzip"):
        Source(name="x.gz", data=gzip.compress(b"abc")[:5]).head()


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"caf\xc3\xa9", "café"),
        (b"\xef\xbb\xbfwith bom", "with bom"),
        ("utf16 text".encode("utf-16"), "utf16 text"),
    ],
)
def test_decode_text_accepts_utf8_and_marked_utf16(data: bytes, text: str) -> None:
    assert decode_text(data) == text


def test_decode_text_names_the_bad_byte_and_offset() -> None:
    with pytest.raises(ReadError, match=r"not UTF-8 text \(invalid byte 0xe9 at offset 3\)"):
        decode_text("Café".encode("latin-1"))


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (20 * 1024 * 1024, "20 MiB"),
        (512 * 1024, "512 KiB"),
        (37, "37 bytes"),
        (10_000, "10000 bytes"),
        (1 << 30, "1 GiB"),
    ],
)
def test_describe_bytes(count: int, words: str) -> None:
    assert describe_bytes(count) == words


def test_a_file_that_cannot_be_opened_is_an_os_error_not_bad_gzip(tmp_path: Path) -> None:
    """The dispatcher reports OSError as 'cannot read', which is the true reason."""
    source = Source(name="d", path=tmp_path)
    with pytest.raises(IsADirectoryError):
        source.head()
    with pytest.raises(IsADirectoryError):
        source.read_all(10)


def test_gzip_expanding_like_a_bomb_is_refused_as_it_is_read() -> None:
    """Also when the reader skips the data instead of keeping it: inflating it would take the time."""
    bomb = gzip.compress(b"a" * (1 << 20)) * 40  # 40 MiB from 40 KB
    refused = pytest.raises(ReadError, match="decompression bomb")
    with Source(name="b.gz", data=bomb).open() as stream, refused:
        while stream.read1(1 << 16):
            pass


def test_ordinary_gzip_reads_whole_and_a_bomb_after_it_is_still_refused() -> None:
    """The expansion is judged per stretch, so ordinary data first cannot dilute a bomb."""
    ordinary = os.urandom(9 << 20).hex().encode()  # 18 MiB that compresses about 2 fold
    packed = gzip.compress(ordinary, compresslevel=1)
    assert Source(name="o.gz", data=packed).read_all(128 << 20) == ordinary
    with pytest.raises(ReadError, match=r"expands over 100 fold \(a decompression bomb\)"):
        Source(name="ob.gz", data=packed + gzip.compress(b"a" * (48 << 20))).read_all(128 << 20)
