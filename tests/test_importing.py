"""Importing a Spark result: the store it gives equals one built by ``ingest`` from the same
articles, lists, briefs and ingests on, and a bad result or a used store is refused whole.

Spark is not needed: ``spark_result`` writes the result folder with pyarrow from real
articles run through the single-machine stages the Spark job calls (read, identify,
prepare with learned lines, fingerprint and compare, featurize and cluster).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsweave.brief.stored import story_brief
from newsweave.clean import LineStats, raw_lines
from newsweave.clean.recurring import article_line_keys
from newsweave.copies import compare, fingerprint
from newsweave.importing import FORMAT, ImportSummary, SparkImportError, import_spark, open_result
from newsweave.model import Article
from newsweave.pipeline import identify, ingest, prepare
from newsweave.readers import read_inputs
from newsweave.store import Store
from newsweave.stories.cluster import Clusterer, publication_order
from newsweave.stories.features import featurize
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.report import Member as StoryMember
from newsweave.stories.report import independent_sources, story_summaries
from newsweave.stories.storage import StoryStore
from newsweave.version import __version__
from support import DEV_DATA

WIRE = ("96107f45", "d184a1e4", "f0ca1c96")  # one AP text on the $284 billion bill, as three outlets ran it
BILL = ("0dc536fd", "c7805f71")  # the same event in the outlets' own words
SILVERMAN = ("03f08e59", "10dbb299", "3580cf4b", "676d97de", "b548ea66")
LATE_SILVERMAN = "b7013f8e"  # held out: ingested after the import, it joins the imported story
UNRELATED = ("136fdf3b", "371d1b64")
IMPORTED = (*WIRE, *BILL, *SILVERMAN, *UNRELATED)
PART_ROWS = 5  # articles per part file: the result has several, as Spark writes it

STRINGS = pa.list_(pa.string())
ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("external_id", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("title", pa.string()),
        ("description", pa.string()),
        ("authors", STRINGS),
        ("published", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("removed_lines", STRINGS),
        ("related_headlines", STRINGS),
        ("subheadings", STRINGS),
        ("sentences", pa.list_(pa.list_(pa.int32()))),
        ("origin", pa.string()),
        ("position", pa.string()),
        ("arrival", pa.int64()),
        ("copy_of", pa.string()),
        ("copy_kind", pa.string()),
        ("copy_similarity", pa.float64()),
        ("copy_containment", pa.float64()),
        ("copy_match", pa.string()),
        ("story", pa.string()),
        ("story_score", pa.float64()),
        ("copy_keys", pa.binary()),
        ("embedding", pa.binary()),
        ("words", pa.binary()),
        ("names", pa.binary()),
        ("labels", STRINGS),
    ]
)
STORY_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("articles", pa.int64()),
        ("placed", pa.int64()),
        ("sources", pa.int64()),
        ("outlets", pa.int64()),
        ("first_published", pa.string()),
        ("last_published", pa.string()),
        ("headline", pa.string()),
        ("representative", pa.string()),
    ]
)
TERM_SCHEMA = pa.schema([("bucket", pa.int32()), ("documents", pa.int64())])
LINE_SCHEMA = pa.schema([("source", pa.string()), ("line_key", pa.string()), ("articles", pa.int64())])
FAILURE_SCHEMA = pa.schema([("input", pa.string()), ("reason", pa.string())])


# -- a Spark result, computed by the single-machine stages ------------------------------------


def dev_records() -> dict[str, dict]:
    """The news_cluster_dev records by their id's first 8 characters."""
    with (DEV_DATA / "news_cluster_dev/articles.jsonl").open(encoding="utf-8") as stream:
        return {record["id"][:8]: record for record in map(json.loads, stream)}


def write_jsonl(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def cleaned(inputs: list[str]) -> tuple[list[Article], dict[tuple[str, str], int]]:
    """The inputs' articles cleaned as one ingest chunk cleans them, with the line counts learned."""
    articles, seen = [], set()
    for record in read_inputs(inputs):
        article = identify(record)
        if article.id not in seen:
            seen.add(article.id)
            articles.append(article)
    stats = LineStats()
    lines = [raw_lines(article.text) for article in articles]
    for article, article_lines in zip(articles, lines, strict=True):
        if article.source:
            stats.add(article.source, article_line_keys(article_lines))
    prepared = [prepare(a, stats, a_lines) for a, a_lines in zip(articles, lines, strict=True)]
    return prepared, stats.take_pending()


def link_copies(articles: list[Article]) -> dict[str | None, bytes]:
    """Set each copy's link to its group's original (earliest published, else first seen); the band keys."""
    prints = {a.id: fingerprint(a.text) for a in articles}
    arrival = {a.id: n for n, a in enumerate(articles)}
    parent = {a.id: a.id for a in articles}
    matches: dict[str | None, list] = {a.id: [] for a in articles}

    def root(key):
        while parent[key] != key:
            key = parent[key]
        return key

    for i, a in enumerate(articles):
        for b in articles[:i]:
            if prints[a.id] and prints[b.id]:
                match = compare(prints[a.id].shingles, prints[b.id].shingles)
                if match:
                    parent[root(a.id)] = root(b.id)
                    matches[a.id].append((match, b.id))
                    matches[b.id].append((match, a.id))
    groups: dict[str | None, list[Article]] = {}
    for article in articles:
        groups.setdefault(root(article.id), []).append(article)
    for members in groups.values():
        original = min(members, key=lambda a: (a.published is None, a.published or "", arrival[a.id]))
        for member in members:
            if member is not original:
                match, other = max(matches[member.id], key=lambda m: (m[0].jaccard, m[0].containment))
                member.copy_of, member.copy_kind, member.copy_match = original.id, match.kind, other
                member.copy_similarity, member.copy_containment = match.jaccard, match.containment
    return {key: found.keys.to_bytes() for key, found in prints.items() if found}


def place_stories(articles: list[Article]) -> tuple[dict, DocumentFrequencies, Clusterer]:
    """Cluster the originals as one ingest chunk does; copies take their original's story."""
    originals = publication_order([a for a in articles if a.copy_of is None])
    frequencies = DocumentFrequencies()
    features = dict(zip([a.id for a in originals], featurize(originals, frequencies), strict=True))
    clusterer = Clusterer()
    clusterer.place_many(list(features.items()))
    clusterer.repair()
    scores = {key: score for profile in clusterer.profiles.values() for key, score in profile.members.items()}
    for article in articles:
        root = article.copy_of or article.id
        article.story, article.story_score = clusterer.story_of[root], scores[root]
    return features, frequencies, clusterer


def spark_result(folder: Path, records: list[dict]) -> Path:
    """The Spark job's result folder for ``records``, written as the job writes it."""
    source = write_jsonl(folder / "input.jsonl", records)
    articles, line_counts = cleaned([source])
    keys = link_copies(articles)
    features, frequencies, clusterer = place_stories(articles)
    out = folder / "result"
    rows = []
    for arrival, article in enumerate(articles):
        row = {**article.to_dict(), "arrival": arrival * 10, "copy_keys": keys.get(article.id)}
        placed = features.get(article.id)
        row.update(
            zip(("embedding", "words", "names"), placed.to_row() if placed else (None,) * 3, strict=True)
        )
        row["labels"] = list(placed.labels) if placed else None
        rows.append(row)
    for start in range(0, len(rows), PART_ROWS):
        write_part(out / "articles", start // PART_ROWS, rows[start : start + PART_ROWS], ARTICLE_SCHEMA)
    stories = story_rows(articles, clusterer)
    write_part(out / "stories", 0, stories, STORY_SCHEMA)
    buckets = np.flatnonzero(frequencies.counts)
    terms = [{"bucket": int(b), "documents": int(frequencies.counts[b])} for b in buckets]
    write_part(out / "terms", 0, terms, TERM_SCHEMA)
    lines = [{"source": s, "line_key": k, "articles": n} for (s, k), n in line_counts.items()]
    write_part(out / "source_lines", 0, lines, LINE_SCHEMA)
    write_part(out / "failures", 0, [], FAILURE_SCHEMA)
    manifest = {
        "format": FORMAT,
        "newsweave": __version__,
        "created": "2026-11-30T12:00:00+00:00",
        "inputs": [source],
        "options": {},
        "counts": {
            "articles": len(articles),
            "copies": sum(1 for a in articles if a.copy_of),
            "stories": len(stories),
            "failures": 0,
        },
        "documents": frequencies.documents,
    }
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return out


def story_rows(articles: list[Article], clusterer: Clusterer) -> list[dict]:
    rows = []
    for story, profile in sorted(clusterer.profiles.items()):
        members = [a for a in articles if a.story == story]
        dates = sorted(a.published for a in members if a.published)
        listed = [
            StoryMember(a.id, a.source, a.published, a.title, a.story_score, a.copy_of) for a in members
        ]
        rows.append(
            {
                "id": story,
                "articles": len(members),
                "placed": profile.size,
                "sources": independent_sources(listed),
                "outlets": len({a.source for a in members if a.source}),
                "first_published": dates[0] if dates else None,
                "last_published": dates[-1] if dates else None,
                "headline": next(a.title for a in members if a.id == profile.representative),
                "representative": profile.representative,
            }
        )
    return rows


def write_part(table: Path, number: int, rows: list[dict], schema: pa.Schema) -> None:
    """One Spark part file, with the ``_SUCCESS`` marker and checksum file Spark leaves beside it."""
    table.mkdir(parents=True, exist_ok=True)
    name = f"part-{number:05d}-0f1e2d3c-c000.snappy.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), table / name)
    (table / f".{name}.crc").write_bytes(b"not parquet")
    (table / "_SUCCESS").write_bytes(b"")


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return dev_records()


@pytest.fixture(scope="module")
def result(tmp_path_factory, records) -> Path:
    return spark_result(tmp_path_factory.mktemp("spark"), [records[key] for key in IMPORTED])


@pytest.fixture(scope="module")
def imported(tmp_path_factory, result) -> Path:
    """A store made by importing the result (read only: tests that write copy it first)."""
    path = tmp_path_factory.mktemp("imported") / "news.db"
    with Store(path) as store:
        summary = import_spark(store, result)
    assert summary == ImportSummary(len(IMPORTED), 2, summary.stories) and summary.stories >= 3
    return path


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, records) -> Path:
    """The same articles in a store built by ``ingest``."""
    folder = tmp_path_factory.mktemp("ingested")
    with Store(folder / "news.db") as store:
        ingest(store, [write_jsonl(folder / "input.jsonl", [records[key] for key in IMPORTED])])
    return folder / "news.db"


def copy_store(path: Path, folder: Path) -> Path:
    target = folder / "copy.db"
    with Store(path) as store:
        store.db.execute("VACUUM INTO ?", (str(target),))
    return target


def broken(result: Path, folder: Path) -> Path:
    return Path(shutil.copytree(result, folder / "broken"))


# -- the imported store ---------------------------------------------------------------------


ARTICLE_QUERY = (
    "SELECT external_id, id, title, text, published, source, removed_lines, sentences, copy_of, copy_kind, "
    "story, story_score FROM articles ORDER BY seq"
)
TABLE_QUERIES = {
    "copy_keys": "SELECT a.id, k.keys FROM copy_keys k JOIN articles a USING (seq) ORDER BY a.id",
    "story_features": "SELECT a.id, f.embedding, f.words, f.names FROM story_features f JOIN articles a "
    "USING (seq) ORDER BY a.id",
    "story_terms": "SELECT bucket, documents FROM story_terms ORDER BY bucket",
    "source_lines": "SELECT source, line_key, articles FROM source_lines ORDER BY source, line_key",
    "stories": "SELECT id, languages, first_day, last_day, labels, representative FROM stories ORDER BY id",
}


def test_the_import_equals_an_ingest_of_the_same_articles(imported, ingested):
    """Articles, copy links, stories and every story table as ``ingest`` leaves them."""
    with Store(imported) as mine, Store(ingested) as theirs:
        assert mine.db.execute(ARTICLE_QUERY).fetchall() == theirs.db.execute(ARTICLE_QUERY).fetchall()
        for name, query in TABLE_QUERIES.items():
            assert mine.db.execute(query).fetchall() == theirs.db.execute(query).fetchall(), name
        sums = "SELECT id, embedding, words, names FROM stories ORDER BY id"
        for (story, *blobs), (_, *expected) in zip(
            mine.db.execute(sums), theirs.db.execute(sums), strict=True
        ):
            # Sums of the members' stored (float16) embeddings, added in arrival order: equal within rounding.
            vectors = [np.frombuffer(blob, "<f4") for blob in (blobs[0], expected[0])]
            assert np.allclose(*vectors, atol=2e-3), story
        assert mine.search("billion")[0].article.id == theirs.search("billion")[0].article.id
        assert StoryStore(mine).frequencies().documents == StoryStore(theirs).frequencies().documents


def test_copies_share_their_original_story_and_only_originals_are_placed(imported, records):
    with Store(imported) as store:
        rows = {
            external[:8]: (key, copy_of, story)
            for external, key, copy_of, story in store.db.execute(
                "SELECT external_id, id, copy_of, story FROM articles"
            )
        }
        placed = {
            row[0]
            for row in store.db.execute(
                "SELECT a.external_id FROM story_features JOIN articles a USING (seq)"
            )
        }
    assert rows[WIRE[1]][1] == rows[WIRE[2]][1] == rows[WIRE[0]][0]
    assert len({rows[key][2] for key in (*WIRE, *BILL)}) == 1
    assert len({rows[key][2] for key in SILVERMAN}) == 1
    assert {key[:8] for key in placed} == set(IMPORTED) - set(WIRE[1:])


def test_stories_list_and_brief_on_the_imported_store(imported, result):
    stories = {row["id"]: row for row in pq.read_table(result / "stories").to_pylist()}
    with Store(imported) as store:
        summaries = story_summaries(store)
        assert {s.id for s in summaries} == set(stories)
        for summary in summaries:
            assert summary.headline == stories[summary.id]["headline"]
            assert summary.article_count == stories[summary.id]["articles"]
            assert summary.source_count == stories[summary.id]["sources"]
        wire = next(s for s in summaries if s.article_count == len(WIRE) + len(BILL))
        assert wire.entities
        brief = story_brief(store, wire.id[:6])
        assert brief is not None and brief.story == wire.id and brief.summary["article_count"] == 5


def test_a_later_ingest_joins_imported_stories_and_copies(imported, records, tmp_path):
    path = copy_store(imported, tmp_path)
    reprint = {
        **records[WIRE[0]],
        "id": "reprint",
        "url": "https://reprint.example/bill",
        "source_domain": "reprint.example",
    }
    with Store(path) as store:
        stories = {row[0] for row in store.db.execute("SELECT id FROM stories")}
        silverman = store.db.execute(
            "SELECT story FROM articles WHERE external_id LIKE ?", (SILVERMAN[0] + "%",)
        ).fetchone()[0]
        wire_id, wire_story = store.db.execute(
            "SELECT id, story FROM articles WHERE external_id LIKE ?", (WIRE[0] + "%",)
        ).fetchone()
        summary = ingest(store, [write_jsonl(tmp_path / "late.jsonl", [records[LATE_SILVERMAN], reprint])])
        assert summary.new == 2 and summary.ok
        late = store.db.execute(
            "SELECT story FROM articles WHERE external_id LIKE ?", (LATE_SILVERMAN + "%",)
        ).fetchone()[0]
        copy = store.db.execute(
            "SELECT copy_of, story FROM articles WHERE external_id = 'reprint'"
        ).fetchone()
        assert late == silverman
        assert copy == (wire_id, wire_story)
        assert {row[0] for row in store.db.execute("SELECT id FROM stories")} == stories
        assert StoryStore(store).frequencies().documents == len(IMPORTED) - 2 + 1


# -- refusals ---------------------------------------------------------------------------------


def remove_manifest(folder: Path) -> None:
    (folder / "manifest.json").unlink()


def wrong_format(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "format": "newsweave.spark/0"}))


def lack_counts(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "counts": {"failures": 0}}))


def truncate_last_part(folder: Path) -> None:
    """The last articles part cut short: the first parts are stored before it fails."""
    part = sorted((folder / "articles").glob("part-*"))[-1]
    part.write_bytes(part.read_bytes()[:200])


def lose_a_part(folder: Path) -> None:
    sorted((folder / "articles").glob("part-*"))[1].unlink()


def drop_a_column(folder: Path) -> None:
    part = sorted((folder / "articles").glob("part-*"))[0]
    pq.write_table(pq.read_table(part).drop_columns(["embedding"]), part)


def shuffle_arrival(folder: Path) -> None:
    parts = sorted((folder / "articles").glob("part-*"))
    first, second = parts[0].read_bytes(), parts[1].read_bytes()
    parts[0].write_bytes(second)
    parts[1].write_bytes(first)


def remove_stories(folder: Path) -> None:
    shutil.rmtree(folder / "stories")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (remove_manifest, "not a newsweave Spark result (no manifest.json)"),
        (
            wrong_format,
            "not a newsweave Spark result (format 'newsweave.spark/0', expected 'newsweave.spark/1')",
        ),
        (lack_counts, "manifest.json lacks counts.articles, counts.copies, counts.stories"),
        (truncate_last_part, "articles/part-00002-0f1e2d3c-c000.snappy.parquet is not readable Parquet ("),
        (
            lose_a_part,
            f"manifest.json counts {len(IMPORTED)} articles, the tables hold {len(IMPORTED) - PART_ROWS}",
        ),
        (drop_a_column, "articles/part-00000-0f1e2d3c-c000.snappy.parquet lacks column(s) embedding"),
        (shuffle_arrival, "articles/ is not in arrival order at article "),
        (remove_stories, "stories/ missing"),
    ],
)
def test_a_bad_result_is_refused_in_one_line_and_leaves_the_store_empty(result, tmp_path, damage, reason):
    folder = broken(result, tmp_path)
    damage(folder)
    with Store(tmp_path / "news.db") as store:
        with pytest.raises(SparkImportError) as raised:
            import_spark(store, folder)
        message = str(raised.value)
        assert message.startswith(f"{folder}: {reason}") and "\n" not in message
        for table in ("articles", "copy_keys", "story_features", "stories", "story_terms", "source_lines"):
            assert store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        assert not store.db.in_transaction


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(SparkImportError, match="no such folder"):
        open_result(tmp_path / "nowhere")


def test_a_store_that_holds_articles_is_refused(imported, result, tmp_path):
    path = copy_store(imported, tmp_path)
    with Store(path) as store:
        with pytest.raises(SparkImportError) as raised:
            import_spark(store, result)
        assert str(raised.value) == (
            f"{result}: the store already holds {len(IMPORTED)} articles; import into a new store"
        )
        assert store.count() == len(IMPORTED)


def test_progress_counts_every_article(result, tmp_path):
    counted = Counter()
    with Store(tmp_path / "news.db") as store:
        import_spark(store, open_result(result), on_progress=lambda n: counted.update(articles=n))
    assert counted["articles"] == len(IMPORTED)
