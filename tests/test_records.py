"""JSON Lines and JSON records with news-please / CC-News field names."""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest

from newsweave.errors import ReadError
from newsweave.model import Article, Failure
from newsweave.readers.options import ReadOptions
from newsweave.readers.records import read_json, read_jsonl, record_to_article
from newsweave.readers.source import Source
from readers_support import jsonl, news_record

DEV = Path("/work/shared/data/news_cluster_dev/articles.jsonl")


def jsonl_results(path: Path, options: ReadOptions | None = None) -> list[Article | Failure]:
    return list(read_jsonl(Source(name=str(path), path=path), options or ReadOptions()))


def test_news_please_record_maps_every_field() -> None:
    record = {
        "id": "abc123",
        "title": " Storm hits coast ",
        "maintext": "Body text.",
        "text": "ignored, maintext wins",
        "date_publish": "2018-02-06 05:13:15",
        "url": "https://www.example.com/a",
        "source_domain": "www.example.com",
        "language": "en",
        "description": "A summary.",
        "authors": ["Ann Lee", "Bo Kim"],
    }
    article = record_to_article(record, origin="f.jsonl", position="3")
    assert article.text == "Body text."
    assert article.title == "Storm hits coast"
    assert article.published == "2018-02-06T05:13:15"
    assert (article.url, article.source) == ("https://www.example.com/a", "www.example.com")
    assert (article.language, article.description) == ("en", "A summary.")
    assert article.authors == ["Ann Lee", "Bo Kim"]
    assert article.external_id == "abc123"
    assert (article.origin, article.position) == ("f.jsonl", "3")


def test_a_record_gives_no_nul_or_lone_surrogate_in_any_field() -> None:
    """Spark reads JSON Lines through record_to_article alone, so it is made safe here too."""
    record = {"maintext": "Te\u0000xt \ud800.", "title": "T\u0000", "url": "https://a.example/\u0000"}
    record["id"] = "\u0000"
    article = record_to_article(json.loads(json.dumps(record)))
    assert (article.text, article.title, article.url, article.external_id) == (
        "Text \ufffd.", "T", "https://a.example/", None
    )
    with pytest.raises(ReadError, match="no article text"):
        record_to_article({"maintext": "\u0000 \u0000"})


def test_cc_news_alternatives() -> None:
    article = record_to_article(
        {
            "text": "Body.",
            "published": "2020-01-02",
            "url": "https://www.bbc.co.uk/x",
            "id": 42,
            "authors": "Ann Lee; Bo Kim",
        }
    )
    assert article.text == "Body."
    assert article.published == "2020-01-02"
    assert article.source == "bbc.co.uk"
    assert article.external_id == "42"
    assert article.authors == ["Ann Lee", "Bo Kim"]


def test_date_falls_back_in_order() -> None:
    record = {"maintext": "B", "date_publish": None, "published": "not a date", "date": "2019-03-04"}
    assert record_to_article(record).published == "2019-03-04"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"title": "only a title"}, "no article text"),
        ({"maintext": "   ", "text": ""}, "no article text"),
        ([1, 2], "expected a JSON object, found list"),
        ("a string", "expected a JSON object, found str"),
    ],
)
def test_unusable_records(record: object, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        record_to_article(record)


@pytest.mark.skipif(not DEV.exists(), reason="shared dev sample not present")
def test_real_dev_sample(tmp_path: Path) -> None:
    lines = list(islice(DEV.open(encoding="utf-8"), 25))
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    results = jsonl_results(path)
    assert all(isinstance(r, Article) for r in results)
    assert len(results) == 25
    first = json.loads(lines[0])
    assert results[0].external_id == first["id"]
    assert results[0].title == first["title"]
    assert results[0].url == first["url"]
    assert results[0].position == "1" and results[24].position == "25"


def test_bad_lines_are_named_by_line_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        jsonl([news_record(1)]) + "{broken\n\n" + "[1, 2]\n" + jsonl([{"title": "no text"}, news_record(2)])
    )
    results = jsonl_results(path)
    failures = {f.where: f.reason for f in results if isinstance(f, Failure)}
    assert set(failures) == {f"{path}:2", f"{path}:4", f"{path}:5"}
    assert "malformed JSON at column 2" in failures[f"{path}:2"]
    assert "expected a JSON object" in failures[f"{path}:4"]
    assert [a.position for a in results if isinstance(a, Article)] == ["1", "6"]


def test_invalid_utf8_in_one_line_fails_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "enc.jsonl"
    path.write_bytes(
        jsonl([news_record(1)]).encode() + b'{"maintext": "caf\xe9"}\n' + jsonl([news_record(2)]).encode()
    )
    results = jsonl_results(path)
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article"]
    assert results[1].where == f"{path}:2" and "not UTF-8" in results[1].reason


def test_line_over_the_cap_is_skipped_and_named(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    long_record = news_record(2, maintext="word " * 2000)
    path.write_text(jsonl([news_record(1), long_record, news_record(3)]))
    results = jsonl_results(path, ReadOptions(max_bytes=4096))
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article"]
    assert results[1] == Failure(f"{path}:2", "line longer than the size cap of 4 KiB")
    assert results[2].position == "3"


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl([news_record(n) for n in range(3)]).encode()))
    assert [r.title for r in jsonl_results(path)] == [f"Headline number {n}" for n in range(3)]


def test_truncated_gzip_keeps_whole_lines_and_reports_the_break(tmp_path: Path) -> None:
    packed = gzip.compress(jsonl([news_record(n) for n in range(400)]).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    results = []
    with pytest.raises(ReadError, match=r"truncated or corrupt data after line \d+"):
        for result in read_jsonl(Source(name=str(path), path=path), ReadOptions()):
            results.append(result)
    assert results and all(isinstance(r, Article) for r in results)
    assert [r.title for r in results] == [f"Headline number {n}" for n in range(len(results))]


def test_a_gzip_bomb_in_a_line_over_the_cap_is_not_skipped_to_its_end(tmp_path: Path) -> None:
    """Skipping the rest of the line would inflate all of it: the bomb is refused as it is read."""
    path = tmp_path / "bomb.jsonl.gz"
    start = gzip.compress(jsonl([news_record(1)]).encode() + b'{"maintext": "')
    path.write_bytes(start + gzip.compress(b"a" * (48 << 20)))
    results = []
    with pytest.raises(ReadError, match="decompression bomb"):
        for result in read_jsonl(Source(name=str(path), path=path), ReadOptions(max_bytes=1 << 20)):
            results.append(result)
    assert [r.title for r in results] == ["Headline number 1"]


def test_json_array_and_single_object(tmp_path: Path) -> None:
    array = tmp_path / "a.json"
    array.write_text(json.dumps([news_record(1), {"title": "no text"}, news_record(2)], indent=2))
    results = list(read_json(Source(name="a.json", path=array), ReadOptions()))
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article"]
    assert results[1].where == "a.json[2]"
    assert results[2].position == "3"
    single = tmp_path / "s.json"
    single.write_text(json.dumps(news_record(7), indent=2))
    (article,) = read_json(Source(name="s.json", path=single), ReadOptions())
    assert article.title == "Headline number 7"


def test_malformed_json_document_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "title": "x",\n  "maintext": \n}\n')
    with pytest.raises(ReadError, match="malformed JSON at line 4 column 1"):
        list(read_json(Source(name="bad.json", path=path), ReadOptions()))


def test_json_scalar_document_is_refused() -> None:
    with pytest.raises(ReadError, match="neither an object nor a list"):
        list(read_json(Source(name="n.json", data=b"42"), ReadOptions()))


def test_author_string_splits_on_semicolons_and_and_not_commas() -> None:
    assert record_to_article({"text": "B", "authors": "Smith, John"}).authors == ["Smith, John"]
    assert record_to_article({"text": "B", "authors": "Ann Lee and Bo Kim"}).authors == ["Ann Lee", "Bo Kim"]


def test_an_over_long_number_fails_its_line_and_the_next_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"maintext": "Council met.", "id": ' + "9" * 5000 + '}\n{"maintext": "Kept."}\n')
    failure, kept = jsonl_results(path)
    assert isinstance(failure, Failure) and failure.where == f"{path}:1"
    assert failure.reason == "malformed JSON: a number of 5,000 digits"
    assert isinstance(kept, Article) and kept.text == "Kept."


def test_an_over_long_number_in_a_json_document_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text('[{"maintext": "Council met.", "id": -' + "1" * 4400 + "}]")
    with pytest.raises(ReadError, match="a number of 4,401 digits"):
        list(read_json(Source(name=str(path), path=path), ReadOptions()))
