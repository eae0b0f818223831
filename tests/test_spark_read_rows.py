"""The read and clean stages' row functions give what ``newsweave ingest`` gives."""

from __future__ import annotations

import gzip
import json

import pandas as pd

from newsweave.pipeline import extract, identify, prepare
from newsweave.readers import ReadOptions
from newsweave.readers.records import record_to_article
from newsweave.spark import read_rows
from support import DEV_DATA, EXAMPLES

DEV_ARTICLES = DEV_DATA / "news_cluster_dev" / "articles.jsonl"


def dev_lines(count: int) -> list[str]:
    return DEV_ARTICLES.read_text(encoding="utf-8").splitlines()[:count]


def line_frame(lines: list[str], origin: str = "in.jsonl") -> pd.DataFrame:
    return pd.DataFrame(
        [(0, origin, number, line) for number, line in enumerate(lines, start=1)],
        columns=["file", "origin", "number", "line"],
    )


def test_arrival_orders_by_file_then_record():
    assert read_rows.arrival_of(0, 5) < read_rows.arrival_of(1, 1) < read_rows.arrival_of(1, 2)


def test_read_lines_maps_records_as_the_reader_does():
    lines = dev_lines(3)
    [frame] = read_rows.read_lines(iter([line_frame(lines)]))
    assert frame["failure"].isna().all()
    expected = identify(record_to_article(json.loads(lines[1]), origin="in.jsonl", position="2"))
    row = frame.iloc[1]
    assert (row["id"], row["title"], row["text"], row["position"]) == (
        expected.id, expected.title, expected.text, "2")


def test_read_lines_turns_bad_lines_into_failures_naming_file_and_line():
    lines = [dev_lines(1)[0], "{not json", "[1, 2]", '{"title": "no text"}', "   "]
    [frame] = read_rows.read_lines(iter([line_frame(lines)]))
    failures = frame[frame["failure"].notna()]
    assert list(failures["origin"]) == ["in.jsonl:2", "in.jsonl:3", "in.jsonl:4"]
    assert "malformed JSON" in failures["failure"].iloc[0]
    assert "expected a JSON object" in failures["failure"].iloc[1]
    assert "no article text" in failures["failure"].iloc[2]
    assert len(frame) == 4  # the blank line is no record


def test_read_files_reads_whole_files_by_their_content():
    path = EXAMPLES / "000_5b3158c098db9def.txt"
    frame = pd.DataFrame([(3, str(path), f"file:{path}")], columns=["file", "origin", "uri"])
    [rows] = read_rows.read_files(iter([frame]))
    [expected] = [a for a in extract([str(path)])]
    assert rows["failure"].isna().all()
    assert rows["id"].tolist() == [expected.id]
    assert rows["arrival"].tolist() == [read_rows.arrival_of(3, 1)]


def test_read_files_reports_an_unreadable_file_and_goes_on(tmp_path):
    (tmp_path / "bad.dat").write_bytes(b"\x00\x01\xff")
    example = EXAMPLES / "000_5b3158c098db9def.txt"
    rows = [(0, "bad.dat", f"file:{tmp_path / 'bad.dat'}"), (1, str(example), f"file:{example}"),
            (2, "gone.txt", f"file:{tmp_path / 'gone.txt'}")]
    frame = pd.DataFrame(rows, columns=["file", "origin", "uri"])
    first, second, third = read_rows.read_files(iter([frame]))
    assert first["origin"].tolist() == ["bad.dat"] and "binary file" in first["failure"].iloc[0]
    assert second["failure"].isna().all()
    assert third["origin"].tolist() == ["gone.txt"] and "cannot read" in third["failure"].iloc[0]


def test_clean_equals_prepare():
    [raw] = read_rows.read_lines(iter([line_frame(dev_lines(5))]))
    [cleaned] = read_rows.clean(iter([raw]), {})
    for record, row in zip(raw.to_dict("records"), cleaned.to_dict("records"), strict=True):
        article = prepare(identify(record_to_article(json.loads(dev_lines(5)[int(record["position"]) - 1]),
                                                     origin="in.jsonl", position=record["position"])))
        assert row["text"] == article.text
        assert row["removed_lines"] == article.removed_lines
        assert row["sentences"] == [list(span) for span in article.sentences]


def test_clean_removes_lines_that_recur_in_an_outlet_over_the_whole_run():
    line = "Catch our daily podcast every weekday morning"
    records = [{"maintext": f"Story number {i} has its own long first paragraph about events.\n{line}",
                "source_domain": "example.com", "url": f"https://example.com/{i}"} for i in range(3)]
    [raw] = read_rows.read_lines(iter([line_frame([json.dumps(r) for r in records])]))
    [keys] = read_rows.line_keys(iter([raw]))
    counts: dict[str, dict[str, int]] = {}
    for source, key in keys.itertuples(index=False):
        counts.setdefault(source, {})[key] = counts.get(source, {}).get(key, 0) + 1
    [cleaned] = read_rows.clean(iter([raw]), counts)
    assert all(line not in text for text in cleaned["text"])
    [kept] = read_rows.clean(iter([raw]), {})
    assert all(line in text for text in kept["text"])


def test_clean_fails_an_article_left_empty():
    raw = read_rows.raw_frame([{"arrival": 1, "id": "x", "text": "Advertisement\nRead more", "origin": "f",
                                 "position": "1", "authors": []}])
    [cleaned] = read_rows.clean(iter([raw]), {})
    assert cleaned["failure"].iloc[0] == "no article text left after removing page furniture"
    assert cleaned["origin"].iloc[0] == "f:1"


def test_read_lines_caps_line_size_and_accepts_a_byte_order_mark():
    record = json.dumps({"title": "T", "maintext": "Text of the article."})
    frame = line_frame(["\ufeff" + record, json.dumps({"maintext": "x" * 5000})])
    [rows] = read_rows.read_lines(iter([frame]), ReadOptions(max_bytes=1000))
    assert rows["failure"].iloc[0] is None and rows["title"].iloc[0] == "T"
    assert rows["failure"].iloc[1] == "line longer than the size cap of 1000 bytes"


def test_read_files_reports_a_truncated_gzip_with_the_records_before_the_break(tmp_path):
    lines = "".join(line + "\n" for line in dev_lines(3)).encode()
    packed = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    frame = pd.DataFrame([(0, "cut.jsonl.gz", f"file:{path}")], columns=["file", "origin", "uri"])
    rows = pd.concat(list(read_rows.read_files(iter([frame]))))
    failures = rows[rows["failure"].notna()]
    assert len(failures) == 1 and "truncated or corrupt data" in failures["failure"].iloc[0]
    assert rows["failure"].isna().sum() >= 1
