"""Reading article pairs: ids, languages, titles, and one failure per bad line with its place."""

from __future__ import annotations

import json

from newsweave.model import Failure
from newsweave.stories.pairs import Pair, plain_article, read_pairs
from support import DEV_DATA

PAIRS = DEV_DATA / "article_pairs_dev/pairs.jsonl"
TEXT1 = "Storm closes schools\nThe storm closed every school in the county on Monday, officials said."
TEXT2 = "Schools shut by storm\nAll county schools stayed closed on Monday because of the storm."


def write_lines(path, lines: list[str]) -> str:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


def test_real_pairs_file_reads_whole(tmp_path):
    items = list(read_pairs(PAIRS))
    assert len(items) == sum(1 for line in PAIRS.open(encoding="utf-8") if line.strip())
    assert all(isinstance(item, Pair) for item in items)
    first = json.loads(PAIRS.open(encoding="utf-8").readline())
    assert items[0].id == first["pair_id"]
    assert (items[0].a.language, items[0].b.language) == (first["lang1"], first["lang2"])
    records = [json.loads(line) for line in PAIRS.open(encoding="utf-8") if line.strip()]
    titled = 0
    for item, record in zip(items, records, strict=True):
        title, _, body = record["text1"].strip().partition("\n")
        if body.strip():  # a title line, then the body
            assert (item.a.title, item.a.text) == (title.strip(), body.strip())
            titled += 1
        else:  # one line: all body
            assert (item.a.title, item.a.text) == (None, title.strip())
    assert titled > 0


def test_ids_come_from_id_else_pair_id(tmp_path):
    path = write_lines(tmp_path / "p.jsonl", [
        json.dumps({"id": 7, "text1": TEXT1, "text2": TEXT2}),
        json.dumps({"pair_id": "a_b", "text1": TEXT1, "text2": TEXT2}),
        json.dumps({"id": "wins", "pair_id": "loses", "text1": TEXT1, "text2": TEXT2}),
        json.dumps({"text1": TEXT1, "text2": TEXT2}),
    ])
    assert [item.id for item in read_pairs(path)] == [7, "a_b", "wins", None]


def test_plain_article_title_is_the_first_line_and_language_given_or_found():
    article = plain_article(TEXT1, "en")
    assert article.title == "Storm closes schools"
    assert article.text == "The storm closed every school in the county on Monday, officials said."
    assert article.language == "en"
    detected = plain_article("Sturm schließt Schulen\nDer Sturm hat am Montag alle Schulen im Landkreis "
                             "geschlossen, teilten die Behörden mit.")
    assert detected.language == "de"
    one_line = plain_article("  Storm closes schools across the county on Monday  ")
    assert (one_line.title, one_line.text) == (None, "Storm closes schools across the county on Monday")
    assert plain_article("Title\n   \n").title is None
    assert plain_article(TEXT1, 42).language == "en"  # a non-string language is identified instead


def test_bad_lines_are_reported_with_file_and_line_and_the_rest_read(tmp_path):
    good = json.dumps({"id": "ok", "text1": TEXT1, "text2": TEXT2})
    path = write_lines(tmp_path / "p.jsonl", [
        good,
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": "x", "text1": TEXT1}),
        json.dumps({"id": "y", "text1": TEXT1, "text2": "   "}),
        json.dumps({"id": "z", "text1": 5, "text2": TEXT2}),
        good.replace('"ok"', '"last"'),
    ])
    items = list(read_pairs(path))
    assert [item.id for item in items if isinstance(item, Pair)] == ["ok", "last"]
    failures = [item for item in items if isinstance(item, Failure)]
    assert [failure.where for failure in failures] == [f"{path}:{n}" for n in (2, 4, 5, 6, 7)]
    assert failures[0].reason.startswith("not a JSON object (")
    assert failures[1].reason == "not a JSON object"
    assert all("'text1' and 'text2'" in failure.reason for failure in failures[2:])
    assert [type(item) for item in items] == [Pair, Failure, Failure, Failure, Failure, Failure, Pair]


def test_missing_and_undecodable_files_are_one_failure(tmp_path):
    missing = tmp_path / "missing.jsonl"
    (failure,) = list(read_pairs(missing))
    assert isinstance(failure, Failure) and failure.where == str(missing)
    assert failure.reason.startswith("cannot read pairs file")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(json.dumps({"text1": "Caf\u00e9", "text2": "x"}, ensure_ascii=False).encode("latin-1"))
    (failure,) = list(read_pairs(latin))
    assert failure == Failure(str(latin), "pairs file is not UTF-8 text")


def test_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": 1, "text1": TEXT1, "text2": TEXT2}).encode() + b"\n")
    (pair,) = list(read_pairs(path))
    assert isinstance(pair, Pair) and pair.id == 1
