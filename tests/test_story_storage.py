"""What stories keep in the store: reopening, continuing, the schema upgrade and backfill."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import numpy as np
import pytest

from newsweave.pipeline import extract, ingest
from newsweave.store import MIGRATIONS, SCHEMA_VERSION, Store
from newsweave.stories import StoryStage
from newsweave.stories.features import Features
from newsweave.stories.profile import Profile
from newsweave.stories.sparse import Sparse
from newsweave.stories.storage import StoryStore
from newsweave.stories.terms import term_id
from support import DEV_DATA, EXAMPLE_A, EXAMPLE_B, EXAMPLES

SILVERMAN = ("03f08e59", "10dbb299", "3580cf4b", "676d97de", "b548ea66", "b7013f8e")
BILL = ("96107f45", "0dc536fd", "c7805f71")  # no two of them copies
UNRELATED = ("136fdf3b", "371d1b64", "37caa6e4", "fecc175c", "e82fa937")  # snow, TV, football, crypto, rap


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    with (DEV_DATA / "news_cluster_dev/articles.jsonl").open(encoding="utf-8") as stream:
        return {record["id"][:8]: record for record in map(json.loads, stream)}


def write(folder, records: list[dict], name: str = "w.jsonl"):
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def run(store: Store, folder, records: list[dict], name: str):
    summary = ingest(store, [str(write(folder, records, name))])
    assert summary.failed == 0
    return summary


def stories_by_record(store: Store) -> dict[str, tuple[str, float]]:
    rows = store.db.execute("SELECT external_id, story, story_score FROM articles")
    return {external[:8]: (story, score) for external, story, score in rows}


def test_every_article_gets_a_story_and_the_tables_agree(tmp_path, records):
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [records[k] for k in (*SILVERMAN[:3], *BILL[:2], UNRELATED[0])], "a.jsonl")
        placed = stories_by_record(store)
        assert all(story and 0.0 < score <= 1.0 for story, score in placed.values())
        assert len({placed[k][0] for k in SILVERMAN[:3]}) == 1
        assert len({placed[k][0] for k in BILL[:2]}) == 1
        assert len({story for story, _ in placed.values()}) == 3
        stored = {row[0] for row in store.db.execute("SELECT id FROM stories")}
        assert stored == {story for story, _ in placed.values()}
        assert store.db.execute("SELECT count(*) FROM story_features").fetchone()[0] == 6
        # Founders score 1.
        founders = [score for story, score in placed.values() if score == 1.0]
        assert len(founders) >= 3


def test_reopened_profiles_are_the_sums_of_their_members(tmp_path, records):
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [records[k] for k in (*SILVERMAN[:4], *BILL[:3], UNRELATED[0])], "a.jsonl")
    with Store(tmp_path / "s.db") as store:
        records_ = StoryStore(store)
        profiles = {profile.id: profile for profile in records_.profiles()}
        rows = store.db.execute("SELECT id, story FROM articles").fetchall()
        assert set(profiles) == {story for _, story in rows}
        for story, profile in profiles.items():
            assert set(profile.members) == {key for key, s in rows if s == story}  # no copies here
            members = [records_.features(key) for key in profile.members]
            total = np.sum([m.embedding for m in members], axis=0)
            assert np.allclose(profile.embedding, total, atol=5e-3)
            words = Sparse.empty()
            for m in members:
                words = words.plus(m.words)
            # Sums are pruned to their heaviest terms as they grow, so they agree closely, not exactly.
            assert profile.words.dot(profile.words) == pytest.approx(words.dot(profile.words), rel=2e-2)
            days = [m.day for m in members]
            assert (profile.first, profile.last) == pytest.approx((min(days), max(days)))
            assert profile.representative in profile.members
            assert profile.representative_vector is not None
            for key, score in profile.members.items():
                row = store.db.execute("SELECT story_score FROM articles WHERE id = ?", (key,)).fetchone()
                assert score == pytest.approx(row[0])


def test_reopened_stage_holds_the_stories_the_session_had(tmp_path, records):
    chosen = [records[k] for k in (*SILVERMAN[:4], *BILL, *UNRELATED[:2])]
    articles = list(extract([str(write(tmp_path, chosen))]))
    with Store(tmp_path / "s.db") as store:
        stage = StoryStage(store)
        with store.transaction():
            store.insert_articles(articles)
            stage.process(articles)
        live = stage.clusterer.profiles
    with Store(tmp_path / "s.db") as store:
        loaded = StoryStage(store).clusterer.profiles
        saved = dict(store.db.execute("SELECT id, labels FROM stories"))
    assert set(loaded) == set(live) and len(live) == 4
    for story, profile in live.items():
        back = loaded[story]
        assert back.members == pytest.approx(profile.members)
        assert np.array_equal(back.embedding, profile.embedding)
        assert back.words.ids.tolist() == profile.words.ids.tolist()
        assert back.names.weights.tolist() == profile.names.weights.tolist()
        assert back.languages == profile.languages
        assert (back.first, back.last) == (profile.first, profile.last)
        counts = json.loads(saved[story])
        assert counts and min(counts.values()) > 0 and not back.labels and not profile.labels
        assert back.representative == profile.representative
        assert np.allclose(back.representative_vector, profile.representative_vector, atol=1e-3)


def test_features_and_frequencies_are_stored(tmp_path, records):
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [records[k] for k in (*SILVERMAN[:3], UNRELATED[0])], "a.jsonl")
        records_ = StoryStore(store)
        frequencies = records_.frequencies()
        assert frequencies.documents == 4
        assert int(frequencies.counts[term_id("silverman")]) == 3
        assert int(frequencies.counts[term_id("erie")]) == 1
        key = store.db.execute("SELECT id FROM articles WHERE external_id LIKE '136fdf3b%'").fetchone()[0]
        features = records_.features(key)
        assert isinstance(features, Features)
        assert features.language == "en" and features.day is not None
        assert float(np.linalg.norm(features.embedding)) == pytest.approx(1.0, abs=1e-2)
        assert records_.features("no-such-article") is None
        assert records_.unplaced() == []


def test_saved_profile_loads_back(tmp_path):
    with Store(tmp_path / "s.db") as store:
        records_ = StoryStore(store)
        profile = Profile.new("abcd", 512)
        profile.embedding[:3] = (1.0, 2.0, 3.0)
        profile.words, profile.names = Sparse.of({5: 0.5, 9: 1.5}), Sparse.of({7: 1.0})
        profile.languages, profile.first, profile.last = Counter({"en": 2, "de": 1}), 100.5, 102.0
        profile.labels = Counter({"common": 3, "rare": 2, "9999": 1})
        profile.representative = "x"
        rarity = {"common": 1.0, "rare": 4.0, "9999": 1.0}
        with store.transaction():
            records_.save_profiles([profile], [], lambda names: np.array([rarity[n] for n in names]))
        (back,) = list(records_.profiles())
        assert back.id == "abcd" and back.embedding[:3].tolist() == [1.0, 2.0, 3.0]
        assert back.words.ids.tolist() == [5, 9] and back.names.ids.tolist() == [7]
        assert back.languages == profile.languages and (back.first, back.last) == (100.5, 102.0)
        saved = store.db.execute("SELECT labels FROM stories WHERE id = 'abcd'").fetchone()[0]
        assert list(json.loads(saved)) == ["rare", "common", "9999"]  # count times rarity, heaviest first
        assert not back.labels and not profile.labels  # counts live in the store, not in memory
        assert back.representative == "x" and back.members == {}
        with store.transaction():
            records_.save_profiles([], ["abcd"], lambda names: np.array([rarity[n] for n in names]))
        assert list(records_.profiles()) == []


FEATURE_ROWS = "SELECT seq, CAST(embedding || words || names AS BLOB) FROM story_features"


def test_ingesting_more_continues_without_reprocessing(tmp_path, records):
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [records[k] for k in (*SILVERMAN[:3], *BILL[:2])], "a.jsonl")
        before = stories_by_record(store)
        stories_before = store.db.execute("SELECT * FROM stories ORDER BY id").fetchall()
        features_before = dict(store.db.execute(FEATURE_ROWS))
    with Store(tmp_path / "s.db") as store:  # a later session
        run(store, tmp_path, [records[k] for k in UNRELATED], "b.jsonl")
        after = stories_by_record(store)
        assert {k: after[k] for k in before} == before  # old articles untouched
        assert not {after[k][0] for k in UNRELATED} & {story for story, _ in before.values()}
        features_after = dict(store.db.execute(FEATURE_ROWS))
        assert {seq: features_after[seq] for seq in features_before} == features_before
        old = {row[0] for row in stories_before}
        assert [row for row in store.db.execute("SELECT * FROM stories ORDER BY id") if row[0] in old] == \
            stories_before
        assert StoryStore(store).frequencies().documents == 10
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [records[k] for k in (*SILVERMAN[3:], *BILL[2:])], "c.jsonl")
        final = stories_by_record(store)
        assert {final[k][0] for k in SILVERMAN} == {before[SILVERMAN[0]][0]}
        assert {final[k][0] for k in BILL} == {before[BILL[0]][0]}
        assert {k: final[k] for k in UNRELATED} == {k: after[k] for k in UNRELATED}


def test_reingest_changes_nothing(tmp_path, records):
    chosen = [records[k] for k in (*SILVERMAN[:3], UNRELATED[0])]
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, chosen, "a.jsonl")
        before = stories_by_record(store)
        stories = store.db.execute("SELECT * FROM stories ORDER BY id").fetchall()
        summary = run(store, tmp_path, chosen, "a.jsonl")
        assert summary.new == 0
        assert stories_by_record(store) == before
        assert store.db.execute("SELECT * FROM stories ORDER BY id").fetchall() == stories


def make_schema_2_store(path) -> None:
    """A store as newsweave made it before stories existed, holding the two examples."""
    db = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:
        for statement in migration:
            db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    for seq, article in enumerate(extract([str(EXAMPLE_A), str(EXAMPLE_B)]), start=1):
        db.execute(
            "INSERT INTO articles (seq, id, title, published, language, text, sentences, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, '2024-06-20T00:00:00+00:00')",
            (seq, article.id, article.title, article.published, article.language, article.text,
             json.dumps([list(span) for span in article.sentences])),
        )
    db.commit()
    db.close()


def test_schema_2_store_is_upgraded_and_backfilled_on_the_next_ingest(tmp_path):
    path = tmp_path / "old.db"
    make_schema_2_store(path)
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [row[0] for row in store.db.execute("SELECT story FROM articles")] == [None, None]
        assert len(StoryStore(store).unplaced()) == 2
        summary = ingest(store, [str(EXAMPLES)])
        assert (summary.new, summary.known) == (0, 2)
        rows = store.db.execute("SELECT story, story_score FROM articles ORDER BY seq").fetchall()
        assert rows[0][0] is not None and rows[0][0] == rows[1][0]  # the examples are one story
        assert rows[0][1] == 1.0 and 0.0 < rows[1][1] <= 1.0
        assert StoryStore(store).unplaced() == []
        assert store.db.execute("SELECT count(*) FROM story_features").fetchone()[0] == 2


def test_backfill_places_what_has_no_story(tmp_path):
    path = tmp_path / "old.db"
    make_schema_2_store(path)
    with Store(path) as store:
        stage = StoryStage(store)
        assert stage.backfill(store) == 2
        assert stage.backfill(store) == 0
        assert len({row[0] for row in store.db.execute("SELECT story FROM articles")}) == 1
