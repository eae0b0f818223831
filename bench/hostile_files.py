"""Hostile files via the CLI: each refused in one line or read safely, in bounded time and memory.

Every case is one run of ``newsweave --db X -q ingest good.jsonl <hostile file>`` as a
child process under ``RLIMIT_AS`` (``prlimit``, 2 GiB by default), measured from
outside with ``watch.run_watched`` (wall time, and the peak resident size of the
process tree).  The cases: XML entity expansion ("billion laughs") and an external
entity in feeds, gzip bombs (10 GiB of zeros or of ``a`` bytes, as JSON Lines, text,
HTML and inside WARC records), HTML nested 200,000 deep, NUL bytes and invalid UTF-8,
a single 1 GiB line (JSON Lines, text, a WARC header line), and wrong extensions.
A JSON ``"\\u0000"`` and a lone surrogate ``"\\ud800"`` escape are there too: valid JSON,
they are how NUL bytes and invalid Unicode arrive in the commonest format.

Reported per case: the outcome (``stored``, ``refused``, or ``stored+refused`` when
some records of the file were stored and others refused), the lines naming the
hostile file, seconds, peak RSS in MB, whether the good input was stored, the exit
code, and what the store then holds (NUL bytes, a working full-text search).

Bombs are multi-member gzip files: one member of 64 MiB of the same byte, compressed
once in 1 MiB blocks, is repeated, so a 10 GiB bomb (10 MB on disk) takes no time to
build; a gzip reader inflates every member, so it is the same bomb to a reader.

    .venv/bin/python bench/hostile_files.py [--scale 1.0] [--only CASE ...] [--json PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from figures import report
from newsweave.readers.options import DEFAULT_MAX_BYTES as DEFAULT_CAP
from watch import run_watched

MEMORY_LIMIT = 2 << 30
BLOCK = 1 << 20
UNIT = 64 << 20
GOOD_URL = "https://good.example.com/harbour/1"
GOOD_WORD = "harbour"
HOSTILE_WORD = "lighthouse"


@dataclass(frozen=True)
class Sizes:
    """How big the large cases are: bombs (decompressed), single lines, and HTML nesting."""

    bomb: int = 10 << 30
    line: int = 1 << 30
    depth: int = 200_000

    def scaled(self, scale: float) -> Sizes:
        """Bombs and lines times ``scale``, never under twice the size cap (they must exceed it)."""
        floor = 2 * DEFAULT_CAP
        return replace(self, bomb=max(int(self.bomb * scale), floor), line=max(int(self.line * scale), floor))


Builder = Callable[[Path, Sizes], None]


@dataclass(frozen=True)
class Case:
    """One hostile file: its name, the file written, and how to write it.

    ``refusal`` is the reason a line must give for the file (or one of its records),
    None when the file is to be read; ``stored`` says whether articles of it are then stored.
    """

    name: str
    file: str
    build: Builder
    refusal: str | None
    stored: bool
    large: bool = False


# --------------------------------------------------------------------------- text of the inputs


def sentences(topic: str, count: int, start: int = 0) -> str:
    """Article-like prose (trafilatura keeps it) about ``topic``."""
    return " ".join(
        f"The {topic} keeper said on Tuesday, in sentence {n}, that the old {topic} would be "
        f"repaired before winter and that the council had approved the budget for the work."
        for n in range(start, start + count)
    )


def good_record(url: str = GOOD_URL, word: str = GOOD_WORD) -> dict:
    return {
        "title": f"The {word} plan is approved",
        "maintext": f"{sentences(word, 3)}\n{sentences(word, 2)}",
        "url": url,
        "date_publish": "2024-05-06",
    }


def link(path: Path) -> str:
    """The URL of the article in a hostile file: its own, so that no two cases share an article."""
    return f"https://hostile.example.com/{path.name}"


def hostile_record(url: str) -> dict:
    return good_record(url, HOSTILE_WORD)


def json_line(record: dict) -> bytes:
    return json.dumps(record).encode() + b"\n"


def article_page(body: str, title: str = "The lighthouse is repaired") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def paragraphs_html(topic: str, count: int) -> str:
    return "".join(f"<p>{sentences(topic, 2, start=2 * n)}</p>" for n in range(count))


def rss(url: str, description: str, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}'
        '<rss version="2.0"><channel><title>Hostile feed</title><link>https://hostile.example.com/</link>'
        f"<item><title>The lighthouse entry</title><link>{url}</link>"
        f"<description>{description}</description></item></channel></rss>\n"
    )


def atom(url: str, content: str, doctype: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Hostile feed</title>'
        "<id>https://hostile.example.com/</id><updated>2024-05-06T00:00:00Z</updated>"
        f"<entry><title>The lighthouse entry</title><id>{url}</id>"
        f'<link href="{url}"/><updated>2024-05-06T00:00:00Z</updated>'
        f'<content type="text">{content}</content></entry></feed>\n'
    )


def laughs_doctype(root: str) -> str:
    """The classic "billion laughs": ten levels of ten references, 10**9 "lol"s (3 GB) in ``&lol9;``."""
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return f"<!DOCTYPE {root} [\n" + "\n".join(levels) + "\n]>\n"


LAUGHING_TEXT = f"{sentences(HOSTILE_WORD, 2)} &lol9; {sentences(HOSTILE_WORD, 1)}"
XXE_DOCTYPE = '<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
XXE_PARAMETER_DOCTYPE = '<!DOCTYPE rss [\n<!ENTITY % xxe SYSTEM "file:///etc/passwd">\n%xxe;\n]>\n'
WITH_NUL = "The keeper\x00 of the lighthouse\x00 spoke."
AFTER_NUL = sentences(HOSTILE_WORD, 2, start=100)
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(200)
LATIN1 = "Caf\xe9 lighthouse\n\nIt serves cr\xeapes.".encode("latin-1")


# --------------------------------------------------------------------------- streaming writers


def gzip_member(blocks: Iterable[bytes]) -> bytes:
    """One gzip member of ``blocks``, compressed as they come."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    return b"".join(packer.compress(block) for block in blocks) + packer.flush()


@cache
def unit_member(byte: bytes) -> bytes:
    """64 MiB of ``byte`` as one gzip member (about 65 KB)."""
    return gzip_member(byte * BLOCK for _ in range(UNIT // BLOCK))


def units(size: int) -> int:
    return max(1, -(-size // UNIT))


def write_bomb(path: Path, byte: bytes, size: int, prefix: bytes = b"") -> None:
    """A gzip file of ``prefix`` then at least ``size`` bytes of ``byte``."""
    with path.open("wb") as out:
        out.write(gzip.compress(prefix))
        for _ in range(units(size)):
            out.write(unit_member(byte))


def write_long_line(
    path: Path, size: int, prefix: bytes = b"", suffix: bytes = b"", byte: bytes = b"a"
) -> None:
    """``prefix``, ``size`` bytes of ``byte`` with no line break, ``suffix``: written 1 MiB at a time."""
    with path.open("wb") as out:
        out.write(prefix)
        block = byte * (BLOCK // len(byte))
        for _ in range(size // len(block)):
            out.write(block)
        out.write(suffix)


def warc_headers(url: str, length: int) -> bytes:
    return (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-05-06T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def http_headers(length: int, encoding: str = "") -> bytes:
    coding = f"Content-Encoding: {encoding}\r\n" if encoding else ""
    return (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"{coding}Content-Length: {length}\r\n\r\n"
    ).encode()


def warc_record(url: str, body: bytes, encoding: str = "") -> bytes:
    block = http_headers(len(body), encoding) + body
    return warc_headers(url, len(block)) + block + b"\r\n\r\n"


def good_page_record(url: str) -> bytes:
    """A whole response record of an article page, as the record after a hostile one."""
    return warc_record(url, article_page(paragraphs_html(HOSTILE_WORD, 3)).encode())


# --------------------------------------------------------------------------- the cases


def build_content(content: Callable[[str], str | bytes]) -> Builder:
    """A builder writing ``content(url)``, ``url`` being the file's own (``link``)."""

    def build(path: Path, sizes: Sizes) -> None:
        data = content(link(path))
        path.write_bytes(data.encode() if isinstance(data, str) else data)

    return build


def build_bomb(byte: bytes, prefix: bytes = b"") -> Builder:
    return lambda path, sizes: write_bomb(path, byte, sizes.bomb, prefix)


def build_record_bomb(path: Path, sizes: Sizes) -> None:
    """A gzipped WARC whose first record inflates to the bomb's size, a good record after it."""
    prefix, suffix = b"<html><body><p>", b"</p></body></html>"
    count = units(sizes.bomb)
    body = len(prefix) + count * UNIT + len(suffix)
    head = http_headers(body)
    with path.open("wb") as out:
        out.write(gzip.compress(warc_headers(link(path), len(head) + body) + head + prefix))
        for _ in range(count):
            out.write(unit_member(b"a"))
        out.write(gzip.compress(suffix + b"\r\n\r\n"))
        out.write(gzip.compress(good_page_record(link(path) + "/after")))


def build_encoded_bomb(path: Path, sizes: Sizes) -> None:
    """A WARC record whose HTTP body is a gzip bomb (``Content-Encoding: gzip``), a good record after it."""
    first = gzip_member([b"<html><body><p>", *(b"a" * BLOCK for _ in range(2 * DEFAULT_CAP // BLOCK))])
    payload = first + unit_member(b"a") * max(0, units(sizes.bomb) - 1)
    record = warc_record(link(path), payload, encoding="gzip")
    path.write_bytes(gzip.compress(record) + gzip.compress(good_page_record(link(path) + "/after")))


def build_deep_html(path: Path, sizes: Sizes) -> None:
    path.write_text(article_page("<div>" * sizes.depth + paragraphs_html(HOSTILE_WORD, 3)))


def build_late_nul_text(path: Path, sizes: Sizes) -> None:
    """NUL bytes after the 8 KiB the sniffer checks, with text after them (``AFTER_NUL``)."""
    body = sentences(HOSTILE_WORD, 60)
    path.write_text(f"The lighthouse is repaired\n\n{body}\n\x00{WITH_NUL}\n{AFTER_NUL}\n")


def build_late_nul_html(path: Path, sizes: Sizes) -> None:
    body = paragraphs_html(HOSTILE_WORD, 30)
    path.write_text(article_page(f"{body}<p>{WITH_NUL}</p><p>{AFTER_NUL}</p>"))


def build_nul_escape(path: Path, sizes: Sizes) -> None:
    """A record with ``"\\u0000"`` escapes in every field, its URL included."""
    record = hostile_record(link(path) + "/\u0000x")
    record["title"] = "The lighthouse\u0000 is repaired"
    record["maintext"] = record["maintext"].replace(" keeper", "\u0000 keeper\u0000")
    record["authors"] = ["Ann\u0000 Smith"]
    record["source_domain"] = "hostile\u0000.example.com"
    record["description"] = "A\u0000 description"
    record["id"] = "id\u0000"
    path.write_bytes(json_line(record))


def build_surrogate_escape(path: Path, sizes: Sizes) -> None:
    """A record with a lone surrogate escape (``"\\ud800"``): valid JSON, yet no valid Unicode."""
    record = hostile_record(link(path))
    record["maintext"] = record["maintext"].replace(" keeper", " \ud800keeper", 1)
    path.write_bytes(json_line(record))


def build_bad_utf8_line(path: Path, sizes: Sizes) -> None:
    bad = json_line(good_record(link(path) + "/2", "quay")).replace(b"quay", b"qu\xe9y", 1)
    path.write_bytes(json_line(hostile_record(link(path))) + bad)


def build_long_jsonl(path: Path, sizes: Sizes) -> None:
    write_long_line(path, sizes.line, b'{"maintext": "', b'"}\n' + json_line(hostile_record(link(path))))


def build_long_text(path: Path, sizes: Sizes) -> None:
    write_long_line(path, sizes.line, b"The lighthouse is repaired\n\n", byte=b"word ")


def build_long_warc_header(path: Path, sizes: Sizes) -> None:
    start = f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {link(path)}\r\nX-Pad: ".encode()
    after = good_page_record(link(path) + "/after")
    write_long_line(path, sizes.line, start, b"\r\nContent-Length: 0\r\n\r\n\r\n\r\n" + after)


NUL_REFUSAL = "binary file (contains NUL bytes)"
BOMB_REFUSAL = "decompression bomb"
CAP_REFUSAL = "larger than the size cap"


def cases() -> list[Case]:
    """Every case, in the order they run."""
    laughs = build_content(lambda url: rss(url, LAUGHING_TEXT, laughs_doctype("rss")))
    laughs_atom = build_content(lambda url: atom(url, LAUGHING_TEXT, laughs_doctype("feed")))
    xxe = build_content(lambda url: rss(url, f"{LAUGHING_TEXT[:300]} &xxe;", XXE_DOCTYPE))
    xxe_parameter = build_content(lambda url: rss(url, LAUGHING_TEXT[:300], XXE_PARAMETER_DOCTYPE))
    latin1 = build_content(lambda url: LATIN1)
    page = build_content(lambda url: article_page(paragraphs_html(HOSTILE_WORD, 3)))
    feed = build_content(lambda url: rss(url, sentences(HOSTILE_WORD, 3)))
    png = build_content(lambda url: PNG)
    records = build_content(lambda url: json_line(hostile_record(url)))
    return [
        Case("laughs-rss", "laughs.rss", laughs, None, True),
        Case("laughs-xml", "laughs.xml", laughs, None, True),
        Case("laughs-atom", "laughs.atom", laughs_atom, None, True),
        Case("laughs-as-txt", "laughs.txt", laughs, None, True),
        Case("xxe-rss", "xxe.rss", xxe, None, True),
        Case("xxe-parameter", "xxe-parameter.xml", xxe_parameter, None, True),
        Case("bomb-zeros-jsonl", "zeros.jsonl.gz", build_bomb(b"\0"), NUL_REFUSAL, False),
        Case("bomb-zeros-txt", "zeros.txt.gz", build_bomb(b"\0"), NUL_REFUSAL, False),
        Case("bomb-zeros-html", "zeros.html.gz", build_bomb(b"\0"), NUL_REFUSAL, False),
        Case("bomb-a-jsonl", "a.jsonl.gz", build_bomb(b"a", b'{"maintext": "'), BOMB_REFUSAL, False),
        Case("bomb-a-txt", "a.txt.gz", build_bomb(b"a"), BOMB_REFUSAL, False),
        Case("bomb-a-html", "a.html.gz", build_bomb(b"a", b"<html><body><p>"), BOMB_REFUSAL, False),
        Case("bomb-warc-record", "record-bomb.warc.gz", build_record_bomb, BOMB_REFUSAL, False),
        Case("bomb-warc-encoded", "encoded-bomb.warc.gz", build_encoded_bomb, CAP_REFUSAL, True),
        Case("html-deep", "deep.html", build_deep_html, "nested over 255 elements deep", False),
        Case("nul-late-txt", "nul-late.txt", build_late_nul_text, None, True),
        Case("nul-late-html", "nul-late.html", build_late_nul_html, None, True),
        Case("nul-escape-jsonl", "nul-escape.jsonl", build_nul_escape, None, True),
        Case("utf8-invalid-file", "latin1.txt", latin1, "not UTF-8 text", False),
        Case("utf8-invalid-line", "bad-line.jsonl", build_bad_utf8_line, "not UTF-8 text", True),
        Case("surrogate-escape-jsonl", "surrogate.jsonl", build_surrogate_escape, None, True),
        Case("line-jsonl", "long-line.jsonl", build_long_jsonl, "line longer than the size cap", True, True),
        Case("line-txt", "long-line.txt", build_long_text, CAP_REFUSAL, False, True),
        Case("line-warc-header", "long-header.warc", build_long_warc_header, "header line is", False, True),
        Case("ext-html-as-jsonl", "page.jsonl", page, None, True),
        Case("ext-feed-as-txt", "feed.txt", feed, None, True),
        Case("ext-png-as-html", "image.html", png, "binary file (a PNG image)", False),
        Case("ext-jsonl-as-html", "records.html", records, None, True),
    ]


# --------------------------------------------------------------------------- running cases


@dataclass
class FileOutcome:
    """What became of one hostile file: the lines naming it, and the texts stored from it."""

    outcome: str
    lines: list[str]
    texts: list[str]


@dataclass
class Run:
    """One ``newsweave ingest`` of the good input and hostile files: as measured, and what the store holds."""

    seconds: float
    peak_rss_mb: int
    exit_code: int
    good_stored: bool
    nul_in_store: bool
    search_works: bool
    traceback: bool
    files: dict[str, FileOutcome]

    def figures(self, case: str) -> dict:
        """The figures of ``case`` in this run (its stored texts summed up: they can be huge)."""
        file = self.files[case]
        run = {name: value for name, value in vars(self).items() if name != "files"}
        return run | {
            "outcome": file.outcome,
            "message": file.lines[0] if file.lines else None,
            "lines": len(file.lines),
            "articles": len(file.texts),
            "longest_text_chars": max((len(text) for text in file.texts), default=0),
        }


def run_cases(chosen: list[Case], folder: Path, sizes: Sizes, memory: int | None = MEMORY_LIMIT) -> Run:
    """Build ``chosen`` in ``folder`` and ingest them, after a good input, in one command."""
    folder.mkdir(parents=True, exist_ok=True)
    good = folder / "good.jsonl"
    good.write_bytes(json_line(good_record()))
    paths = {case.name: folder / case.file for case in chosen}
    for case in chosen:
        case.build(paths[case.name], sizes)
    db, log = folder / "news.db", folder / "stderr.txt"
    command = [sys.executable, "-m", "newsweave", "--db", str(db), "-q", "ingest", str(good)]
    env = {**os.environ, "NEWSWEAVE_MAX_BYTES": ""}
    watched = run_watched(limited(command + [str(path) for path in paths.values()], memory), log=log, env=env)
    for path in paths.values():
        path.unlink()  # a large case must not hold its disk for the next one
    stderr = log.read_text(encoding="utf-8", errors="replace")
    stored = stored_articles(db)
    return Run(
        seconds=watched.wall_s,
        peak_rss_mb=watched.peak_mb_total,
        exit_code=watched.returncode,
        good_stored=any(origin == str(good) for origin, _ in stored),
        nul_in_store=nul_in_store(db),
        search_works=search_works(db),
        traceback="Traceback" in stderr,
        files={name: file_outcome(path, stderr, stored) for name, path in paths.items()},
    )


def file_outcome(path: Path, stderr: str, stored: list[tuple[str, str]]) -> FileOutcome:
    """The lines naming ``path`` (alone, or with a line, record or entry) and the texts stored from it."""
    named = (f"newsweave: {path}:", f"newsweave: {path}#", f"newsweave: {path}[")
    lines = [line for line in stderr.splitlines() if line.startswith(named)]
    texts = [text for origin, text in stored if origin == str(path)]
    if texts and lines:
        outcome = "stored+refused"
    else:
        outcome = "stored" if texts else "refused" if lines else "nothing"
    return FileOutcome(outcome, lines, texts)


def limited(command: list[str], memory: int | None) -> list[str]:
    """``command`` under an address-space limit of ``memory`` bytes (prlimit), when given."""
    if memory is None:
        return command
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise SystemExit("prlimit (util-linux) is needed to limit the address space; pass --no-limit")
    return [prlimit, f"--as={memory}", "--", *command]


def stored_articles(db: Path) -> list[tuple[str, str]]:
    """``(origin, text)`` of every stored article; none when there is no store."""
    if not db.exists():
        return []
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT origin, text FROM articles").fetchall()


def nul_in_store(db: Path) -> bool:
    """Whether any stored text column holds a NUL character."""
    if not db.exists():
        return False
    columns = ("text", "title", "url", "source", "description", "authors", "origin", "position")
    test = " OR ".join(f"instr({column}, char(0)) > 0" for column in columns)
    with sqlite3.connect(db) as connection:
        return connection.execute(f"SELECT count(*) FROM articles WHERE {test}").fetchone()[0] > 0


def search_works(db: Path) -> bool:
    """The full-text index passes its integrity check and finds the good article."""
    return (GOOD_URL,) in search(db, GOOD_WORD)


def search(db: Path, word: str) -> list[tuple[str]]:
    """The URLs of the articles the full-text index finds for ``word``, after its integrity check."""
    if not db.exists():
        return []
    with sqlite3.connect(db) as connection:
        connection.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        return connection.execute(
            "SELECT a.url FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ?",
            (word,),
        ).fetchall()


def as_expected(case: Case, run: Run) -> bool:
    """Whether the case went as the issue asks.

    One clear line naming the file with the expected reason (or none, for a file
    read safely), the good input stored and found by search, no NUL stored, no
    traceback, exit code 1 on a refusal, and memory under the limit.
    """
    file = run.files[case.name]
    if case.refusal is None:
        refused_right = not file.lines
    else:
        refused_right = len(file.lines) == 1 and case.refusal in file.lines[0]
    return (
        refused_right
        and bool(file.texts) == case.stored
        and run.good_stored
        and run.search_works
        and not run.nul_in_store
        and not run.traceback
        and run.exit_code == (1 if case.refusal else 0)
        and run.peak_rss_mb <= MEMORY_LIMIT >> 20
    )


def selected(names: list[str] | None) -> list[Case]:
    every = cases()
    unknown = set(names or []) - {case.name for case in every}
    if unknown:
        raise SystemExit(f"unknown cases: {', '.join(sorted(unknown))}")
    return [case for case in every if not names or case.name in names]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="bombs and long lines times this (1: 10 GiB / 1 GiB)"
    )
    parser.add_argument("--only", nargs="+", metavar="CASE", help="run only these cases")
    parser.add_argument(
        "--memory-mb", type=int, default=MEMORY_LIMIT >> 20, help="address-space limit per run"
    )
    parser.add_argument(
        "--no-limit", action="store_true", help="no address-space limit (RSS is still measured)"
    )
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = Sizes().scaled(args.scale)
    memory = None if args.no_limit else args.memory_mb << 20
    results = {}
    with tempfile.TemporaryDirectory(prefix="newsweave-hostile-") as folder:
        baseline = run_cases([], Path(folder) / "baseline", sizes, memory)
        for case in selected(args.only):
            run = run_cases([case], Path(folder) / case.name, sizes, memory)
            results[case.name] = run.figures(case.name) | {"as_expected": as_expected(case, run)}
            print(
                f"{case.name}: {run.files[case.name].outcome} in {run.seconds} s, {run.peak_rss_mb} MB",
                flush=True,
            )
    figures = {
        "sizes": vars(sizes),
        "memory_limit_mb": None if memory is None else memory >> 20,
        "baseline_seconds": baseline.seconds,  # the good input alone: start-up and one article
        "baseline_peak_rss_mb": baseline.peak_rss_mb,
        "all_as_expected": all(result["as_expected"] for result in results.values()),
        "max_seconds": max(result["seconds"] for result in results.values()),
        "max_peak_rss_mb": max(result["peak_rss_mb"] for result in results.values()),
    }
    report(figures, None)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures | {"cases": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
