"""Plain-text articles: date marker, title line, paragraphs; the shared seed files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.errors import ReadError
from newsweave.readers.options import ReadOptions
from newsweave.readers.source import Source
from newsweave.readers.text import looks_like_title, parse_text, read_text

SEEDS = Path("/work/shared/seeds")


def read_one(path: Path, options: ReadOptions | None = None):
    return list(read_text(Source(name=str(path), path=path), options or ReadOptions()))


@pytest.mark.skipif(not (SEEDS / "gold.json").exists(), reason="shared seed files not present")
@pytest.mark.parametrize("key", ["A", "B"])
def test_seed_articles_match_gold(key: str) -> None:
    gold = json.loads((SEEDS / "gold.json").read_text())["articles"][key]
    (article,) = read_one(SEEDS / gold["file"])
    assert article.published == gold["published"]
    assert article.title == gold["title"]
    assert article.origin == str(SEEDS / gold["file"])
    assert not article.text.lstrip().lower().startswith("date ")
    if gold["title"]:
        assert gold["title"] not in article.text


def test_date_on_its_own_line_then_title_then_paragraphs() -> None:
    article = parse_text("date 2024-06-19\nPutin Visits Pyongyang\n\nFirst paragraph.\n\nSecond one.")
    assert article.published == "2024-06-19"
    assert article.title == "Putin Visits Pyongyang"
    assert article.text.strip() == "First paragraph.\n\nSecond one."


def test_date_sharing_its_line_with_the_body() -> None:
    article = parse_text(
        " date 2024-06-19 North Korean leader Kim said on Wednesday that it was so.\n\nMore."
    )
    assert article.published == "2024-06-19"
    assert article.title is None
    assert article.text.startswith("North Korean leader Kim said")


@pytest.mark.parametrize("marker", ["Date: 2023-01-02", "DATE 2023-01-02", "date:2023-01-02"])
def test_date_marker_variants(marker: str) -> None:
    assert parse_text(f"{marker}\nBody text here.").published == "2023-01-02"


def test_date_elsewhere_is_not_a_marker() -> None:
    article = parse_text("Officials said the date 2024-06-19 was chosen.\n\nMore.")
    assert article.published is None
    assert "date 2024-06-19" in article.text


def test_impossible_date_is_dropped_not_invented() -> None:
    assert parse_text("date 2024-13-45\nBody text.").published is None


def test_first_sentence_is_not_taken_for_a_title() -> None:
    article = parse_text("The council met today.\nIt voted on the budget.")
    assert article.title is None
    assert article.text.startswith("The council met today.")


def test_lone_line_is_body_not_title() -> None:
    article = parse_text("Short line without punctuation")
    assert article.title is None
    assert article.text == "Short line without punctuation"


def test_markdown_heading_becomes_title() -> None:
    assert parse_text("# Storm Hits Coast\n\nBody.").title == "Storm Hits Coast"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kim Jong Un Affirms Support for Russia", True),
        ("Storm hits coast: thousands without power", True),
        ("Single", False),
        ("This ends like a sentence.", False),
        ("Does it end with a question?", False),
        ("word " * 31, False),
        ("x" * 120 + " " + "y" * 100, False),
    ],
)
def test_looks_like_title(line: str, expected: bool) -> None:
    assert looks_like_title(line.strip()) is expected


def test_read_text_from_file_with_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(
        "\ufeffdate 2022-05-01\r\nBridge Reopens Downtown\r\n\r\nCars crossed again.\r\n".encode()
    )
    (article,) = read_one(path)
    assert (article.published, article.title) == ("2022-05-01", "Bridge Reopens Downtown")
    assert "Cars crossed again." in article.text
    assert article.url is None and article.position is None


def test_read_text_only_a_date_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("date 2024-06-19\n\n")
    with pytest.raises(ReadError, match="no article text"):
        read_one(path)


def test_read_text_refuses_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "l.txt"
    path.write_bytes("Caf\xe9 news".encode("latin-1"))
    with pytest.raises(ReadError, match="not UTF-8"):
        read_one(path)


def test_read_text_respects_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("A Title Here\n\n" + "word " * 400)
    with pytest.raises(ReadError, match="size cap of 1 KiB"):
        read_one(path, ReadOptions(max_bytes=1024))


def test_a_file_of_nul_characters_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\x00" * 40)
    with pytest.raises(ReadError, match="no article text"):
        read_one(path)
