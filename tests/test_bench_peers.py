"""The benchmark's peers and floor (``bench/peers``), each run as the driver runs it: a child process
on a small corpus of real dev articles with a few reprints under new headlines, judged by what it
wrote (the store, the labels, the result JSON)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from support import DEV_ARTICLES, DEV_DATA, ROOT

sys.path.insert(0, str(ROOT / "bench"))

from peers.datasketch_copies import shingles
from peers.measure import memory_available_mb, vm_hwm_mb

PEERS = ROOT / "bench" / "peers"
DEV_PAGES = DEV_DATA / "extraction_dev" / "html"
REPRINTED = (0, 1, 3)  # dev articles of no copy group among the first 40 (33 is a copy of 9)
FIELDS = {"system", "articles", "wall_s", "cpu_s", "peak_mb", "parse_s", "notes"}


def reprint(record: dict, number: int) -> dict:
    """``record`` word for word under another outlet's headline, URL and id."""
    return {
        **record,
        "id": f"reprint-{number}",
        "title": f"Read this: headline {number} rewritten",
        "url": f"https://reprint{number}.example/story",
        "source_domain": f"reprint{number}.example",
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """40 dev articles, then reprints of three of them; the file and its records."""
    with DEV_ARTICLES.open(encoding="utf-8") as stream:
        records = [json.loads(line) for line, _ in zip(stream, range(40), strict=False)]
    records += [reprint(records[index], number) for number, index in enumerate(REPRINTED)]
    path = tmp_path_factory.mktemp("peers") / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path, records


def run_peer(script: str, *args: object, result: Path) -> dict:
    """Run ``bench/peers/SCRIPT ARGS --result RESULT`` as a child process; the result it wrote."""
    command = [sys.executable, str(PEERS / script), *map(str, args), "--result", str(result)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    figures = json.loads(result.read_text(encoding="utf-8"))
    assert figures.keys() >= FIELDS
    return figures


def read_labels(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as stream:
        return {row["id"]: row["label"] for row in map(json.loads, stream)}


def test_floor_stores_every_article_with_its_full_text_index(corpus, tmp_path):
    path, records = corpus
    db = tmp_path / "floor.db"
    figures = run_peer("floor.py", path, "--db", db, result=tmp_path / "floor.json")
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        found = connection.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", ['"headline 1 rewritten"']
        ).fetchone()[0]
    assert stored == figures["articles"] == len(records)
    assert found == 1
    assert figures["system"] == "floor" and figures["wall_s"] > 0 and figures["peak_mb"] > 0


def test_floor_refuses_a_store_that_is_not_fresh(corpus, tmp_path):
    path, _ = corpus
    db = tmp_path / "old.db"
    db.write_bytes(b"")
    command = [
        sys.executable,
        str(PEERS / "floor.py"),
        str(path),
        "--db",
        str(db),
        "--result",
        str(tmp_path / "r.json"),
    ]
    assert subprocess.run(command, capture_output=True, timeout=60).returncode != 0


def test_datasketch_links_reprints_to_their_originals_only(corpus, tmp_path):
    path, records = corpus
    labels_path = tmp_path / "labels.jsonl"
    figures = run_peer("datasketch_copies.py", path, "--labels", labels_path, result=tmp_path / "ds.json")
    labels = read_labels(labels_path)
    assert list(labels) == [r["id"] for r in records]
    for number, index in enumerate(REPRINTED):
        original = records[index]["id"]
        assert labels[f"reprint-{number}"] == original
        assert {key for key, label in labels.items() if label == original} == {original, f"reprint-{number}"}
    assert labels[records[33]["id"]] == records[9]["id"]  # the dev set's own copy
    assert figures["links"] == figures["copies"] == len(REPRINTED) + 1
    assert 0 < figures["parse_s"] < figures["wall_s"]


def test_datasketch_shingles_are_lowercase_word_runs_of_four():
    grams = shingles({"title": "Storm Hits", "maintext": "the COAST, early-today"})
    assert grams == {b"storm hits the coast", b"hits the coast early", b"the coast early today"}
    assert shingles({"title": None, "maintext": "too short"}) == set()


def test_sklearn_labels_every_article_and_puts_a_reprint_with_its_original(corpus, tmp_path):
    path, records = corpus
    labels_path = tmp_path / "labels.jsonl"
    figures = run_peer("sklearn_stories.py", path, "--labels", labels_path, result=tmp_path / "sk.json")
    labels = read_labels(labels_path)
    assert figures["fits"] is True and figures["tuned_on_dev"] is True
    assert list(labels) == [r["id"] for r in records]
    assert labels["reprint-0"] == labels[records[0]["id"]]
    assert figures["stories"] == len(set(labels.values())) > 1


def test_sklearn_reports_a_matrix_that_does_not_fit_instead_of_building_it(corpus, tmp_path):
    path, records = corpus
    labels_path = tmp_path / "labels.jsonl"
    figures = run_peer(
        "sklearn_stories.py",
        path,
        "--labels",
        labels_path,
        "--memory-limit-mb",
        0.01,
        result=tmp_path / "sk.json",
    )
    assert figures["fits"] is False
    assert figures["estimate_mb"] > figures["available_mb"] == 0.01
    assert figures["articles"] == len(records)
    assert not labels_path.exists()


def test_trafilatura_extracts_the_text_of_dev_pages_in_two_workers(tmp_path):
    pages = sorted(DEV_PAGES.glob("*.html.gz"))[:3]
    texts_path = tmp_path / "texts.jsonl"
    figures = run_peer(
        "trafilatura_extract.py", *pages, "--jobs", 2, "--texts", texts_path, result=tmp_path / "tr.json"
    )
    with texts_path.open(encoding="utf-8") as stream:
        texts = [row["text"] for row in map(json.loads, stream)]
    assert figures["pages"] == figures["articles"] == 3 and figures["failed"] == 0
    assert all(len(text) > 200 for text in texts)
    assert figures["peak_mb_children"] > 0 and figures["cpu_s"] > 0


def test_measure_reads_memory_from_proc():
    assert 0 < vm_hwm_mb() < memory_available_mb() + vm_hwm_mb()
