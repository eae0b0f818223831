"""The dispatcher: inputs expand to sources, each goes to the reader its content calls for."""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsweave.readers as readers
from newsweave.model import Article, Failure
from newsweave.readers import Format, ReadOptions, Source, read_inputs
from readers_support import WarcPage, article_html, jsonl, make_warc, news_record


def results_of(*inputs: str, options: ReadOptions | None = None) -> list[Article | Failure]:
    return list(read_inputs(list(inputs), options))


@pytest.fixture
def spy_html(monkeypatch: pytest.MonkeyPatch) -> list[Source]:
    """Record what reaches the HTML reader (owned elsewhere) instead of extracting."""
    seen: list[Source] = []

    def fake_html(source: Source, options: ReadOptions) -> Iterator[Article]:
        seen.append(source)
        yield Article(text=source.read_all(options.max_bytes).decode(), origin=source.name)

    monkeypatch.setitem(readers.READERS, Format.HTML, fake_html)
    return seen


@pytest.mark.parametrize("name", ["page.html", "page.html.gz", "saved-as.txt", "no_extension"])
def test_html_goes_to_the_html_reader(tmp_path: Path, spy_html: list[Source], name: str) -> None:
    html = b"<!DOCTYPE html><html><body><p>Hello</p></body></html>"
    path = tmp_path / name
    path.write_bytes(gzip.compress(html) if name.endswith(".gz") else html)
    (article,) = results_of(str(path))
    assert [s.name for s in spy_html] == [str(path)]
    assert article.text == html.decode(), "the HTML reader sees the page with gzip undone"


def test_html_page_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(article_html("Council Approves Budget", "budget").encode()))
    (article,) = results_of(str(path))
    assert isinstance(article, Article), article
    assert article.title == "Council Approves Budget"
    assert "budget report, paragraph 1" in article.text


def test_directory_is_read_recursively_in_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("First Story Title\n\nBody of the first story.")
    (tmp_path / "b" / "deep" / "c.jsonl").write_text(jsonl([news_record(1), news_record(2)]))
    (tmp_path / "b" / ".hidden.txt").write_text("never read")
    (tmp_path / ".git" / "config").write_text("never read")
    results = results_of(str(tmp_path))
    assert [type(r).__name__ for r in results] == ["Article"] * 3
    assert [r.origin for r in results] == [str(tmp_path / "a.txt")] + [
        str(tmp_path / "b" / "deep" / "c.jsonl")
    ] * 2
    assert results[0].title == "First Story Title"


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    data = jsonl([news_record(1), news_record(2)]).encode() + b"{bad\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    results = results_of("-")
    assert [r.title for r in results[:2]] == ["Headline number 1", "Headline number 2"]
    assert results[0].origin == "-"
    assert isinstance(results[2], Failure) and results[2].where == "-:3"


def test_standard_input_gzipped_text(monkeypatch: pytest.MonkeyPatch) -> None:
    data = gzip.compress(b"date 2021-02-03\nPiped Story Title\n\nIt came through a pipe.")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (article,) = results_of("-")
    assert (article.published, article.title, article.origin) == ("2021-02-03", "Piped Story Title", "-")


def test_every_format_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("Text Story Title\n\nA plain text body.")
    (tmp_path / "r.jsonl").write_text(jsonl([news_record(1)]))
    (tmp_path / "j.json").write_text(f"[{jsonl([news_record(2)]).strip()}]")
    make_warc(
        tmp_path / "w.warc.gz",
        [WarcPage("https://w.example.com/1", article_html("Warc Story", "warc"))],
        True,
    )
    (tmp_path / "f.xml").write_text(
        '<rss version="2.0"><channel><item><title>Feed story</title><link>https://f.example.com/1</link>'
        "<description>Feed text.</description></item></channel></rss>"
    )
    titles = {r.title for r in results_of(str(tmp_path))}
    assert titles == {
        "Text Story Title",
        "Headline number 1",
        "Headline number 2",
        "Warc Story",
        "Feed story",
    }


def test_missing_and_unusable_inputs_fail_alone(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good Story Title\n\nBody.")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    long_name = "x" * 5000
    results = results_of(str(tmp_path / "nope.txt"), str(empty_dir), long_name, "a\0b", str(good))
    assert results[:2] == [
        Failure(str(tmp_path / "nope.txt"), "no such file or directory"),
        Failure(str(empty_dir), "directory holds no files"),
    ]
    assert results[2].where == long_name and "name too long" in results[2].reason.lower()
    assert isinstance(results[3], Failure) and results[3].where == "a\0b"
    assert isinstance(results[4], Article) and results[4].title == "Good Story Title"


def test_unexpected_reader_error_becomes_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source: Source, options: ReadOptions) -> Iterator[Article]:
        raise KeyError("boom")
        yield  # pragma: no cover

    monkeypatch.setitem(readers.READERS, Format.TEXT, broken)
    (tmp_path / "a.txt").write_text("x y z")
    (tmp_path / "b.jsonl").write_text(jsonl([news_record(1)]))
    first, second = results_of(str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"))
    assert first == Failure(str(tmp_path / "a.txt"), "unexpected KeyError while reading: 'boom'")
    assert isinstance(second, Article)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Locked Story\n\nBody.")
    path.chmod(0)
    try:
        (result,) = results_of(str(path))
    finally:
        path.chmod(0o644)
    assert result == Failure(str(path), "cannot read (Permission denied)")


def test_size_cap_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsweave.readers.options import DEFAULT_MAX_BYTES, default_max_bytes

    monkeypatch.setenv("NEWSWEAVE_MAX_BYTES", "12345")
    assert default_max_bytes() == 12345
    for bad in ("0", "-5", "lots", ""):
        monkeypatch.setenv("NEWSWEAVE_MAX_BYTES", bad)
        assert default_max_bytes() == DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_no_field_of_an_article_keeps_a_nul_or_a_lone_surrogate(tmp_path: Path) -> None:
    """JSON allows "\\u0000" and "\\ud800"; stored, the first cuts text in C, the second cannot be encoded."""
    record = news_record(1, title="Head\u0000line", url="https://nul.example.com/\u0000a", id="x\u0000")
    record.update(maintext="Before\u0000 after \ud800.", authors=["Ann\u0000 Lee"])
    (tmp_path / "nul.jsonl").write_text(jsonl([record]))
    (article,) = results_of(str(tmp_path / "nul.jsonl"))
    assert isinstance(article, Article)
    assert (article.title, article.url) == ("Headline", "https://nul.example.com/a")
    assert article.text == "Before after \ufffd."
    assert (article.authors, article.external_id) == (["Ann Lee"], "x")


def test_a_failure_is_one_line_whatever_its_place_quotes(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    item = "<item><title>T</title><link>https://a.example/\nb</link></item>"
    feed.write_text(f'<rss version="2.0"><channel>{item}</channel></rss>')
    (failure,) = results_of(str(feed))
    assert failure.where == f"{feed}#https://a.example/ b"


def test_text_that_is_only_nul_characters_is_a_failure(tmp_path: Path) -> None:
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"\xff\xfe\x00\x00")
    kept = tmp_path / "kept.txt"
    kept.write_text("The council met on Monday.")
    failure, article = results_of(str(nul), str(kept))
    assert isinstance(failure, Failure) and failure.where == str(nul) and "no article text" in failure.reason
    assert isinstance(article, Article) and article.text == "The council met on Monday."


def test_an_article_left_without_text_by_the_safety_pass_becomes_its_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def nul_articles(source: Source, options: ReadOptions) -> Iterator[Article]:
        yield Article(text="\x00 \x00", origin=source.name, position="7")
        yield Article(text="Te\x00xt.", origin=source.name)

    monkeypatch.setitem(readers.READERS, Format.TEXT, nul_articles)
    path = tmp_path / "any.txt"
    path.write_text("The council met on Monday.")
    failure, article = results_of(str(path))
    assert isinstance(failure, Failure) and failure.where == f"{path}#7"
    assert article.text == "Text."
