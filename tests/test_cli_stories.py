"""The story commands end to end: ``stories``, ``story ID``, ``compare`` (files, ids, --pairs) and the
story columns of ``export articles``."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from readers_support import page, serve
from support import DEV_DATA, EXAMPLE_A, EXAMPLE_B, EXAMPLES

SUMMARY_FIELDS = {"id", "headline", "first_seen", "last_seen", "article_count", "source_count", "entities"}
MEMBER_FIELDS = {"id", "source", "published", "title", "story_score", "copy_of"}
TEXT1 = "Storm closes schools\nThe storm closed every school in the county on Monday, officials said."
TEXT2 = "Schools shut by storm\nAll county schools stayed closed on Monday because of the storm."


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """A store with the two examples and an unrelated dev article on Erie's snowfall record."""
    folder = tmp_path_factory.mktemp("cli_stories")
    with (DEV_DATA / "news_cluster_dev/articles.jsonl").open(encoding="utf-8") as stream:
        erie = next(r for r in map(json.loads, stream) if r["id"].startswith("136fdf3b"))
    (folder / "erie.jsonl").write_text(json.dumps(erie) + "\n", encoding="utf-8")
    path = str(folder / "news.db")
    result = invoke("--db", path, "ingest", str(EXAMPLES), str(folder / "erie.jsonl"))
    assert result.exit_code == 0 and result.stdout.strip() == "3 new, 0 already known, 0 failed"
    return path


@pytest.fixture(scope="module")
def listing(db) -> list[dict]:
    return [json.loads(line) for line in invoke("--db", db, "stories", "--json").stdout.splitlines()]


def test_stories_json_fields(listing):
    assert len(listing) == 2
    assert all(set(story) == SUMMARY_FIELDS for story in listing)
    korea = next(s for s in listing if s["article_count"] == 2)
    assert korea["headline"].startswith("Kim Jong Un Affirms Support")
    assert korea["first_seen"] == korea["last_seen"] == "2024-06-19"
    assert korea["source_count"] == 2
    assert "Putin" in korea["entities"] and "Kim Jong Un" in korea["entities"]
    assert listing[0] is korea  # the most recently covered first


def test_stories_text_and_limit(db, listing):
    lines = invoke("--db", db, "stories").stdout.splitlines()
    assert lines[0].startswith(listing[0]["id"]) and "2 articles" in lines[0]
    assert "Kim Jong Un Affirms Support" in lines[0] and "2024-06-19" in lines[0]
    assert "Putin" in lines[1]  # entities on the next line
    assert len(invoke("--db", db, "stories", "--json", "--limit", "1").stdout.splitlines()) == 1
    assert len(invoke("--db", db, "stories", "--json", "--limit", "0").stdout.splitlines()) == 2
    offset = invoke("--db", db, "stories", "--json", "--offset", "1").stdout.splitlines()
    assert [json.loads(line)["id"] for line in offset] == [listing[1]["id"]]


def test_story_json_lists_members_with_scores(db, listing):
    story = listing[0]["id"]
    detail = json.loads(invoke("--db", db, "story", story[:6], "--json").stdout)
    assert detail["id"] == story
    assert set(detail) >= SUMMARY_FIELDS
    members = detail["members"]
    assert len(members) == 2 and all(set(m) == MEMBER_FIELDS for m in members)
    assert members[0]["story_score"] == 1.0
    assert 0.0 < members[1]["story_score"] <= 1.0
    text = invoke("--db", db, "story", story).stdout
    assert "Kim Jong Un Affirms Support" in text and f"{members[1]['story_score']:.2f}" in text


def test_empty_store_lists_no_stories(tmp_path):
    db = str(tmp_path / "empty.db")
    assert invoke("--db", db, "ingest", str(EXAMPLE_A)).exit_code == 0
    (tmp_path / "fresh.db").touch()
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "fresh.db"), "stories", "--json"])
    assert result.exit_code == 0 and result.stdout == ""
    one = [json.loads(line) for line in invoke("--db", db, "stories", "--json").stdout.splitlines()]
    assert len(one) == 1 and one[0]["article_count"] == 1 and one[0]["source_count"] == 1
    # No title: the opening words head it.
    assert one[0]["headline"].startswith("North Korean leader Kim Jong Un said Wednesday")


def test_unknown_story_exits_one_with_one_line(db):
    result = CliRunner().invoke(main, ["--db", db, "story", "zzzz"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"newsweave: no story 'zzzz' in {db}"


def test_compare_the_example_files(tmp_path):
    db = str(tmp_path / "none.db")
    result = json.loads(invoke("--db", db, "compare", "--json", str(EXAMPLE_A), str(EXAMPLE_B)).stdout)
    assert result["same_story"] is True
    assert 0.0 <= result["similarity"] <= 1.0
    evidence = result["evidence"]
    assert {"putin", "kim jong un"} <= set(evidence["shared_entities"])
    assert len(evidence["shared_sentences"]) >= 1
    assert set(evidence) >= {"time_gap_days", "time_factor", "embedding_cosine", "words_cosine",
                             "names_cosine"}
    text = invoke("--db", db, "compare", str(EXAMPLE_A), str(EXAMPLE_B)).stdout
    assert text.startswith(f"same story: similarity {result['similarity']:.2f}")
    assert "shared entities:" in text and "putin" in text
    assert not (tmp_path / "none.db").exists()  # comparing files creates no store


def test_compare_stored_articles_by_id(db):
    records = [json.loads(line) for line in
               invoke("--db", db, "export", "articles", "--format", "jsonl").stdout.splitlines()]
    korea = [r["id"] for r in records if r["title"] is None or r["title"].startswith("Kim")]
    erie = next(r["id"] for r in records if r["id"] not in korea)
    same = json.loads(invoke("--db", db, "compare", "--json", korea[0][:8], korea[1]).stdout)
    assert same["same_story"] is True
    other = json.loads(invoke("--db", db, "compare", "--json", korea[0], erie).stdout)
    assert other["same_story"] is False and other["similarity"] < same["similarity"]


def test_compare_unknown_id_or_missing_file_exits_one_with_one_line(db, tmp_path):
    result = CliRunner().invoke(main, ["--db", db, "compare", str(EXAMPLE_A), "nosuchid"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "newsweave: nosuchid: no such file, and no stored article with this id\n"
    missing = str(tmp_path / "missing.txt")
    db_path = str(tmp_path / "x.db")
    run = subprocess.run(
        [sys.executable, "-m", "newsweave", "--db", db_path, "compare", str(EXAMPLE_A), missing],
        capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr == f"newsweave: {missing}: no such file, and no stored article with this id\n"


def test_compare_a_file_of_several_articles_exits_one(tmp_path):
    many = tmp_path / "two.jsonl"
    many.write_text("".join(json.dumps({"title": t, "maintext": f"{t} happened today in the town."}) + "\n"
                            for t in ("One thing", "Another thing")), encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "compare", str(many), str(EXAMPLE_A)])
    assert result.exit_code == 1
    assert result.stderr == f"newsweave: {many}: holds 2 articles; compare takes one article per input\n"


def test_compare_usage_errors_exit_two(tmp_path):
    db = str(tmp_path / "x.db")
    assert CliRunner().invoke(main, ["--db", db, "compare", str(EXAMPLE_A)]).exit_code == 2
    pairs = tmp_path / "p.jsonl"
    pairs.write_text("", encoding="utf-8")
    both = CliRunner().invoke(main, ["--db", db, "compare", "--pairs", str(pairs), str(EXAMPLE_A)])
    assert both.exit_code == 2 and both.stderr.count("\n") == 1


def test_compare_pairs_prints_json_lines_and_reports_bad_lines(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "same", "text1": TEXT1, "text2": TEXT2}),
        "{broken",
        json.dumps({"pair_id": 42, "text1": TEXT1, "text2": "Cup final\nThe home side won the cup final "
                    "after a penalty shootout in front of a full stadium."}),
    ]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "compare", "--pairs", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"newsweave: {path}:2: not a JSON object")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["same", 42]
    assert all(set(row) == {"id", "similarity", "same_story"} for row in rows)
    assert rows[0]["similarity"] > rows[1]["similarity"]
    assert rows[0]["same_story"] is True and rows[1]["same_story"] is False


def test_compare_pairs_all_good_exits_zero_and_missing_file_one(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps({"id": 1, "text1": TEXT1, "text2": TEXT2}) + "\n", encoding="utf-8")
    good = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "compare", "--pairs", str(path)])
    assert good.exit_code == 0 and good.stderr == "" and len(good.stdout.splitlines()) == 1
    missing = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "compare", "--pairs",
                                        str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 1 and missing.stdout == "" and missing.stderr.count("\n") == 1
    assert "cannot read pairs file" in missing.stderr


def test_export_articles_has_story_and_score(db, listing):
    records = [json.loads(line) for line in
               invoke("--db", db, "export", "articles", "--format", "jsonl").stdout.splitlines()]
    assert {record["story"] for record in records} == {story["id"] for story in listing}
    assert all(isinstance(r["story_score"], float) and 0 < r["story_score"] <= 1 for r in records)
    exported = invoke("--db", db, "export", "articles", "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(exported)))
    assert {row["story"] for row in table} == {story["id"] for story in listing}
    assert sorted(float(row["story_score"]) for row in table) == sorted(r["story_score"] for r in records)


def test_story_prints_the_brief_in_three_formats(db, listing):
    story = next(s["id"] for s in listing if s["article_count"] == 2)
    text = invoke("--db", db, "story", story).stdout
    assert text.startswith("# Kim Jong Un Affirms Support") and "## What independent sources confirm" in text
    assert "## Reported only by" in text and "## Sources" in text and "[1][2]" in text
    brief = json.loads(invoke("--db", db, "story", story, "--format", "json").stdout)
    assert brief["schema"] == "newsweave.brief/1" and len(brief["facts"]) == 4 and brief["conflicts"] == []
    page = invoke("--db", db, "story", story, "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and '<a href="#source-1">[1]</a>' in page


def test_compare_json_aligns_the_claims():
    record = json.loads(invoke("compare", str(EXAMPLE_A), str(EXAMPLE_B), "--json").stdout)
    assert len(record["shared"]) == 5 and record["conflicts"] == []
    assert record["only_a"] and record["only_b"] and record["same_story"] is True
    text = invoke("compare", str(EXAMPLE_A), str(EXAMPLE_B)).stdout
    assert "both say (5):" in text and "only A (" in text


def test_compare_fetches_a_loopback_url_only_with_allow_private(tmp_path):
    db = str(tmp_path / "none.db")
    with serve({"/a.txt": page(EXAMPLE_A.read_bytes(), content_type="text/plain")}) as site:
        url = f"{site.base}/a.txt"
        refused = CliRunner().invoke(main, ["--db", db, "compare", url, str(EXAMPLE_B)])
        assert site.requests == []
        allowed = invoke("--db", db, "compare", "--json", "--allow-private", url, str(EXAMPLE_B))
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        f"newsweave: {url}: refusing to fetch {url}: 127.0.0.1 is a loopback address "
        "(pass --allow-private to allow)"
    ]
    assert json.loads(allowed.stdout)["same_story"] is True
