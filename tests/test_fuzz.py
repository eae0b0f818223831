"""Property tests: every reader over fuzzed files, and the cleaning over fuzzed text.

The readers are reached as a user reaches them, a named file read by
``sources_of`` and ``read_source`` (bench/fuzz_readers.py ``check``, which also
runs 10,000 inputs per reader).  Every reader bug fuzzing found stays as an
explicit ``@example`` that reproduced it, so that it cannot come back unseen.
"""

from __future__ import annotations

import gzip
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsweave.clean import clean_article, raw_lines
from newsweave.clean.furniture import judge_lines
from newsweave.clean.language import detect_language
from newsweave.clean.normalize import INVISIBLE_CHARS, fold_typography, for_matching, tidy_line, tidy_lines
from newsweave.clean.recurring import MIN_ARTICLES, LineStats, article_line_keys, line_key
from newsweave.clean.sentences import split_sentences
from newsweave.clean.subheading import split_glued_heading
from newsweave.model import Article
from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from fuzz_inputs import (
    FURNITURE_LINES,
    READER_INPUTS,
    FuzzFile,
    gzip_files,
    sentences,
    text_pieces,
)
from fuzz_readers import check

# The inputs are whole files: large and slow to make by hypothesis's measures, on purpose.
# The same inputs every run (derandomize), so that a failure here is one that anyone reproduces;
# bench/fuzz_readers.py explores, 10,000 inputs per reader under a seed.
SLOW_AND_LARGE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
READER_EXAMPLES = settings(
    max_examples=150, deadline=None, database=None, derandomize=True, suppress_health_check=SLOW_AND_LARGE
)
CLEAN_EXAMPLES = settings(max_examples=150, deadline=None, database=None)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def assert_survives(file: FuzzFile, folder: Path) -> None:
    problems = check(file, folder)
    assert not problems, f"{file!r}: {problems}"


# --- inputs fuzzing found to break a reader: each stays an explicit example -------------------

# A number of over 4,300 digits made json.loads raise a plain ValueError (records.py).
BIG_NUMBER = (
    b'{"maintext": "The council met on Monday.", "id": ' + b"9" * 5000 + b'}\n{"maintext": "Kept."}\n'
)
# Text of NULs only gave an article with empty text (readers/__init__.py): see the text reader.


def rss_item(item: bytes) -> bytes:
    return b"<rss><channel><item>" + item + b"</item></channel></rss>"


# Year 0 dates (dates.py), references to no character (&#x110000;, &#99999999999;, &#xD800;)
# and control characters in escaped HTML (feed.py) crashed the feed reader.
FEED_REPROS = {
    "year-zero.rss": rss_item(
        b"<title>A</title><description>Text.</description><pubDate>0000-01-01</pubDate>"
    ),
    "big-charref.rss": rss_item(b"<title>&#x110000;</title><description>Text.</description>"),
    "huge-charref.rss": rss_item(b"<title>&#99999999999;</title><description>Text.</description>"),
    "surrogate-charref.rss": rss_item(b"<title>&#xD800;</title><description>Text.</description>"),
    "control.rss": rss_item(b"<description>&lt;p&gt;a&lt;/p&gt;\x01b</description>"),
    "nul.rss": rss_item(b"<description>Te&#0;xt.</description>"),  # fixed: NUL in text
    "nul-only.rss": rss_item(b"<description>&#0;</description>"),
    "link.rss": rss_item(b"<link>http://a.example/\nb</link>"),  # fixed: a failure's place on two lines
}
# A response record without WARC-Target-URI crashed warcio (warc.py).
NO_URI_WARC = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 19\r\n\r\nHTTP/1.1 200 OK\r\n\r\n\r\n\r\n"
# fixed: warcio's "Invalid WARC record, first line: x\r\n" put a line break into the reason
LINE_WARC = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 0\r\n\r\n\r\n\r\nx\r\n"


# --- readers -----------------------------------------------------------------------------------


@READER_EXAMPLES
@given(READER_INPUTS["jsonl"])
@example(FuzzFile("big-number.jsonl", BIG_NUMBER))
@example(FuzzFile("escapes.jsonl", b'{"maintext": "Met \\u0000 on \\ud800 Monday."}\n'))  # fixed
def test_json_lines_reader(folder: Path, file: FuzzFile) -> None:
    assert_survives(file, folder)


@READER_EXAMPLES
@given(READER_INPUTS["json"])
@example(FuzzFile("big-number.json", b"[" + BIG_NUMBER.split(b"\n")[0] + b"]"))
def test_json_reader(folder: Path, file: FuzzFile) -> None:
    assert_survives(file, folder)


@READER_EXAMPLES
@given(READER_INPUTS["text"])
@example(FuzzFile("nul-only.txt", b"\xff\xfe\x00\x00"))
def test_text_reader(folder: Path, file: FuzzFile) -> None:
    assert_survives(file, folder)


@READER_EXAMPLES
@given(READER_INPUTS["html"])
def test_html_reader(folder: Path, file: FuzzFile) -> None:
    assert_survives(file, folder)


def with_examples(files: list[FuzzFile]):
    """Each of ``files`` as an explicit example of the property test below it."""

    def decorate(test):
        for file in reversed(files):
            test = example(file)(test)
        return test

    return decorate


@READER_EXAMPLES
@given(READER_INPUTS["feed"])
@with_examples([FuzzFile(name, data) for name, data in FEED_REPROS.items()])
def test_feed_reader(folder: Path, file: FuzzFile) -> None:
    assert_survives(file, folder)


@READER_EXAMPLES
@given(READER_INPUTS["warc"])
@example(FuzzFile("no-uri.warc", NO_URI_WARC))
@example(FuzzFile("line.warc", LINE_WARC))
def test_warc_reader(folder: Path, file: FuzzFile) -> None:
    assert_survives(file, folder)


@READER_EXAMPLES
@given(gzip_files((".txt", ".html")))
def test_gzipped_text_and_html(folder: Path, file: FuzzFile) -> None:
    assert_survives(file, folder)


@READER_EXAMPLES
@given(gzip_files((".jsonl", ".json", ".xml", ".warc")))
@example(FuzzFile("big-number.jsonl.gz", gzip.compress(BIG_NUMBER)))
@example(FuzzFile("year-zero.rss.gz", gzip.compress(FEED_REPROS["year-zero.rss"])))
@example(FuzzFile("no-uri.warc.gz", gzip.compress(NO_URI_WARC)))
def test_gzipped_records_feeds_and_archives(folder: Path, file: FuzzFile) -> None:
    assert_survives(file, folder)


@READER_EXAMPLES
@given(READER_INPUTS["sniff"])
def test_any_bytes_under_any_name(folder: Path, file: FuzzFile) -> None:
    assert_survives(file, folder)


# --- cleaning ----------------------------------------------------------------------------------


def without_surrogates(text: str) -> str:
    """Readers hand over no lone surrogates (the reader properties above); cleaning can rely on it."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


HEADINGS = ("Economic Impact", "Putin's visit to North Korea", "Market Reaction", "What Happens Next")
LINE_BREAKS = ("\n", "\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029")
# Bodies a heading may be glued to, some of them furniture once they stand alone.
GLUED_BODIES = (
    "The deal will be signed by all of them soon.",
    "The article was originally published on Monday by the agency.",
    "The Associated Press contributed to this report.",
    "This post contains affiliate links to products we like.",
)
glued_headings = st.builds(
    lambda headings, body: f"{' '.join(headings)} {body}",
    st.lists(st.sampled_from(HEADINGS), min_size=1, max_size=2),
    st.one_of(sentences, st.sampled_from(GLUED_BODIES)),
)
clean_lines = st.one_of(
    sentences, text_pieces.map(without_surrogates), st.sampled_from(FURNITURE_LINES), glued_headings
)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """An article as a reader hands it to cleaning: lines with furniture, a title, maybe a source."""
    lines = draw(st.lists(clean_lines, max_size=8))
    text = "".join(line + draw(st.sampled_from(LINE_BREAKS)) for line in lines)
    title = draw(st.one_of(st.none(), st.sampled_from(lines or [""]), clean_lines))
    return Article(
        text=text,
        title=title,
        source=draw(st.sampled_from((None, "a.example"))),
        language=draw(st.sampled_from((None, "en", "de_DE", " ", "EN-gb"))),
    )


@st.composite
def articles_with_stats(draw: st.DrawFn) -> tuple[Article, LineStats]:
    """An article and per-source counts that have learned some of its lines as furniture."""
    article = draw(articles())
    lines = raw_lines(article.text)
    learned = draw(st.lists(st.sampled_from(lines), max_size=3)) if lines else []
    stats = LineStats()
    for _ in range(MIN_ARTICLES):
        stats.add("a.example", article_line_keys(learned))
    return article, stats


def is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" or char in INVISIBLE_CHARS


@CLEAN_EXAMPLES
@given(articles_with_stats())
def test_cleaning_keeps_or_records_every_line(case: tuple[Article, LineStats]) -> None:
    article, stats = case
    cleaned = clean_article(article, stats)
    lines = raw_lines(article.text)
    paragraphs = cleaned.text.split("\n\n") if cleaned.text else []
    assert all(paragraph and paragraph == tidy_line(paragraph) for paragraph in paragraphs)
    accounted = {*paragraphs, *cleaned.removed_lines}
    assert all(made_of(line, accounted) for line in lines)
    assert all(any(part in line for line in lines) for part in accounted)


def made_of(line: str, parts: set[str]) -> bool:
    """Whether ``line`` is parts joined by spaces: kept or removed whole, or split at glued headings."""
    return line in parts or any(
        line.startswith(f"{part} ") and made_of(line[len(part) + 1 :], parts) for part in parts
    )


@CLEAN_EXAMPLES
@given(articles_with_stats())
def test_cleaned_article_has_no_control_characters(case: tuple[Article, LineStats]) -> None:
    cleaned = clean_article(*case)
    assert not [char for char in cleaned.text if is_control(char) and char != "\n"]
    assert "\n\n\n" not in cleaned.text
    assert not [char for char in cleaned.title or "" if is_control(char)]
    assert not [char for line in cleaned.removed_lines for char in line if is_control(char)]


@CLEAN_EXAMPLES
@given(articles())
def test_sentence_spans_lie_inside_lines_in_order(article: Article) -> None:
    cleaned = clean_article(article)
    end = 0
    for start, stop in cleaned.sentences:
        sentence = cleaned.text[start:stop]
        assert end <= start < stop <= len(cleaned.text)
        assert sentence == sentence.strip() and "\n" not in sentence
        end = stop


@CLEAN_EXAMPLES
@given(articles())
def test_cleaning_the_cleaned_text_changes_nothing(article: Article) -> None:
    once = clean_article(article)
    twice = clean_article(Article(text=once.text, title=once.title))
    assert twice.text == once.text
    assert twice.title == once.title


text_with_oddities = st.lists(st.one_of(clean_lines, st.sampled_from(LINE_BREAKS)), max_size=10).map("".join)


@CLEAN_EXAMPLES
@given(text_with_oddities)
def test_tidying_is_idempotent_and_line_by_line(text: str) -> None:
    lines = tidy_lines(text)
    assert lines == [tidy_line(line) for line in text.splitlines() if tidy_line(line)]
    assert tidy_lines("\n".join(lines)) == lines
    assert tidy_line(tidy_line(text)) == tidy_line(text)
    assert len(tidy_line(text).splitlines()) <= 1


@CLEAN_EXAMPLES
@given(text_with_oddities)
def test_matching_form_is_idempotent(text: str) -> None:
    assert for_matching(for_matching(text)) == for_matching(text)
    assert fold_typography(fold_typography(text)) == fold_typography(text)


# Words of the furniture patterns joined by their separators: lines like "a / a / a / ...",
# where a pattern with nested quantifiers backtracks for seconds.
# fmt: off
PATTERN_WORDS = (
    "a", "AP", "Jane Doe", "dpa", "Foto", "Photo by", "newsletter", "subscribe", "read more", "x" * 40,
    "all rights reserved", "affiliate links", "©", "(", "[", "12:30", "",
)
# fmt: on
furniture_like = st.builds(
    lambda words, separator, times, end: (separator.join(words * times) + end)[:320],
    st.lists(st.sampled_from(PATTERN_WORDS), min_size=1, max_size=3),
    st.sampled_from((" / ", "/", " | ", ": ", " ", ". ", " - ", " © ", " » ")),
    st.integers(1, 80),
    st.sampled_from(("", "!", "x", " AP", "?")),
)


@CLEAN_EXAMPLES
@given(st.lists(st.one_of(furniture_like, clean_lines), max_size=6))
@example([" / ".join(["AP"] * 14) + "?"])  # an agency credit's nested spaces: 12 s before atomic groups
def test_furniture_judging_is_quick_and_names_headlines_from_the_line(lines: list[str]) -> None:
    lines = [tidy_line(line) for line in lines]
    start = time.perf_counter()
    verdicts = judge_lines(lines)
    # Catastrophic backtracking takes minutes (the test then hangs rather than fails), not seconds.
    assert time.perf_counter() - start < 2.0
    assert len(verdicts) == len(lines)
    for line, verdict in zip(lines, verdicts, strict=True):
        assert verdict.headline is None or (verdict.is_furniture and verdict.headline in line)


@CLEAN_EXAMPLES
@given(st.one_of(glued_headings, clean_lines).map(tidy_line))
def test_glued_heading_split_loses_nothing(paragraph: str) -> None:
    heading, rest = split_glued_heading(paragraph)
    assert (heading is None and rest == paragraph) or (heading and rest and paragraph == f"{heading} {rest}")


@CLEAN_EXAMPLES
@given(text_with_oddities)
def test_sentence_splitting_and_language_take_any_text(text: str) -> None:
    for start, stop in split_sentences(text):
        assert 0 <= start < stop <= len(text)
    language = detect_language(text)
    assert language is None or (language.isalpha() and language.islower())
    key = line_key(text)
    assert key is None or len(key) == 16
