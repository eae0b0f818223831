"""The story stage of ingest: copies share their original's story, merges carry copies along,
given embeddings are used, and many chunks (with background embedding) give one story per event."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from newsweave import pipeline
from newsweave.copies import CopyStage
from newsweave.model import Article
from newsweave.pipeline import extract, ingest
from newsweave.store import Store
from newsweave.stories import StoryStage, default_model, story_id_for
from newsweave.stories.embed import DIMENSIONS, embed
from newsweave.stories.features import leads
from newsweave.stories.storage import StoryStore
from support import DEV_DATA

SILVERMAN = ("03f08e59", "10dbb299", "3580cf4b", "676d97de", "b548ea66", "b7013f8e")
WIRE = ("96107f45", "d184a1e4", "f0ca1c96")  # one AP text on the $284 billion bill, as three outlets ran it
BILL = ("0dc536fd", "c7805f71")  # the same event in the outlets' own words
UNRELATED = ("136fdf3b", "371d1b64")
STRICT = replace(default_model(), threshold=1.01)  # above any score: every article founds a story
LOOSE = replace(default_model(), threshold=0.0)  # every article joins the first story
CALLISTER = "371d1b64"  # a Black Mirror episode: nothing to do with an electricity bill


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    with (DEV_DATA / "news_cluster_dev/articles.jsonl").open(encoding="utf-8") as stream:
        return {record["id"][:8]: record for record in map(json.loads, stream)}


def reprint(base: dict, name: str, published: str | None = None) -> dict:
    """``base`` word for word on another site."""
    return {**base, "id": name, "url": f"https://{name}.example/story", "source_domain": f"{name}.example",
            "date_publish": published or base["date_publish"]}


def write(folder, records: list[dict], name: str) -> str:
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def run(store: Store, folder, records: list[dict], name: str):
    return ingest(store, [write(folder, records, name)])


def rows(store: Store) -> dict[str, dict]:
    """Each article by its record id's first 8 characters (or the reprint's name)."""
    query = ("SELECT a.external_id, a.story, a.story_score, o.external_id, f.seq IS NOT NULL "
             "FROM articles a LEFT JOIN articles o ON o.id = a.copy_of "
             "LEFT JOIN story_features f ON f.seq = a.seq")
    return {
        external[:8]: {"story": story, "score": score, "copy_of": original and original[:8], "placed": placed}
        for external, story, score, original, placed in store.db.execute(query)
    }


def commit(store: Store, stage: StoryStage, copies: CopyStage, articles: list[Article]) -> None:
    """Store one chunk as ingest does: articles, copy links, stories, in one transaction."""
    with store.transaction():
        new = store.insert_articles(articles)
        copies.process((new[a.id], a) for a in articles if a.id in new)
        stage.process([a for a in articles if a.id in new])


def test_real_wire_copies_share_the_story_and_are_placed_once(tmp_path, records):
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [records[k] for k in (*WIRE, *BILL, UNRELATED[0])], "a.jsonl")
        found = rows(store)
    assert found["d184a1e4"]["copy_of"] == found["f0ca1c96"]["copy_of"] == "96107f45"
    story = found["96107f45"]["story"]
    assert {found[k]["story"] for k in (*WIRE, *BILL)} == {story}
    assert found["136fdf3b"]["story"] != story
    assert [k for k in WIRE if found[k]["placed"]] == ["96107f45"]  # a wire text weighs once
    assert found["d184a1e4"]["score"] == found["96107f45"]["score"]


@pytest.mark.parametrize("later", [False, True], ids=["same-ingest", "later-ingest"])
def test_verbatim_reprint_with_another_url_shares_its_original_story(tmp_path, records, later):
    base = records[SILVERMAN[0]]
    copy = reprint(base, "reprint", published="2018-02-07T08:00:00")
    with Store(tmp_path / "s.db") as store:
        if later:
            run(store, tmp_path, [base, records[UNRELATED[0]]], "a.jsonl")
            run(store, tmp_path, [copy, records[UNRELATED[1]]], "b.jsonl")
        else:
            run(store, tmp_path, [copy, base, *(records[k] for k in UNRELATED)], "a.jsonl")
        found = rows(store)
        assert found["reprint"]["copy_of"] == "03f08e59"
        assert found["reprint"]["story"] == found["03f08e59"]["story"]
        assert not found["reprint"]["placed"]
        assert len({found[k]["story"] for k in found}) == 3
        (profile,) = [p for p in StoryStore(store).profiles() if p.id == found["reprint"]["story"]]
        assert profile.size == 1


def test_an_earlier_original_arriving_later_joins_its_reprint_story(tmp_path, records):
    base = records[SILVERMAN[1]]
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [reprint(base, "reprint", published="2018-02-08T00:00:00")], "a.jsonl")
        first = rows(store)["reprint"]["story"]
        run(store, tmp_path, [base], "b.jsonl")
        found = rows(store)
    assert found["reprint"]["copy_of"] == "10dbb299"  # the earliest published is the original
    assert found["10dbb299"]["story"] == found["reprint"]["story"] == first
    assert first == story_id_for(next(iter(_ids(tmp_path / "s.db", "reprint"))))


def _ids(path, external: str) -> list[str]:
    with Store(path) as store:
        rows = store.db.execute("SELECT id FROM articles WHERE external_id = ?", (external,))
        return [row[0] for row in rows]


def test_an_article_bridging_two_copy_groups_merges_their_stories(tmp_path, records):
    bill, snow = records[WIRE[0]], records[UNRELATED[0]]
    bridge = {**reprint(bill, "bridge"), "maintext": bill["maintext"] + "\n" + snow["maintext"]}
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [bill, snow], "a.jsonl")
        before = rows(store)
        assert before["96107f45"]["story"] != before["136fdf3b"]["story"]
        run(store, tmp_path, [bridge], "b.jsonl")
        after = rows(store)
        stories = {after[k]["story"] for k in after}
        assert len(stories) == 1
        assert [row[0] for row in store.db.execute("SELECT id FROM stories")] == list(stories)


def test_copies_follow_their_original_when_repair_merges_stories(tmp_path, records):
    wire = list(extract([write(tmp_path, [records[k] for k in WIRE[:2]], "w.jsonl")]))
    own = list(extract([write(tmp_path, [records[k] for k in BILL], "o.jsonl")]))
    with Store(tmp_path / "s.db") as store:
        copies = CopyStage(store)
        strict = StoryStage(store, STRICT)  # a wrong early decision: everything founds a story
        commit(store, strict, copies, wire)
        commit(store, strict, copies, own[:1])
        split = rows(store)
        assert split["d184a1e4"]["copy_of"] == "96107f45"
        assert split["96107f45"]["story"] != split["0dc536fd"]["story"]
        commit(store, StoryStage(store), copies, own[1:])  # a fresh session with the learned model
        found = rows(store)
        assert len({found[k]["story"] for k in found}) == 1
        (story,) = {found[k]["story"] for k in found}
        assert story != split["d184a1e4"]["story"]  # the wire story was merged away: its copy moved too
        assert [row[0] for row in store.db.execute("SELECT id FROM stories")] == [story]
        assert StoryStore(store).unplaced() == []


def test_given_embeddings_are_stored(tmp_path, records):
    articles = list(extract([write(tmp_path, [records[k] for k in UNRELATED], "a.jsonl")]))
    marker = np.zeros(DIMENSIONS, dtype=np.float32)
    marker[7] = 1.0
    with Store(tmp_path / "s.db") as store:
        stage = StoryStage(store)
        with store.transaction():
            store.insert_articles(articles)
            stage.process(articles, {a.id: marker for a in articles})
        stored = [StoryStore(store).features(a.id) for a in articles]
    assert all(f is not None and f.embedding[7] == 1.0 and f.embedding.sum() == 1.0 for f in stored)


def test_many_chunks_with_background_embeddings(tmp_path, records, monkeypatch):
    """Chunks of 3: from the second chunk on the leads are embedded in a worker process."""
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 3)
    chosen = [records[k] for k in (*SILVERMAN, *BILL, WIRE[0], *UNRELATED)]
    with Store(tmp_path / "s.db") as store:
        summary = run(store, tmp_path, chosen, "a.jsonl")
        assert summary.new == len(chosen)
        found = rows(store)
        assert len({found[k]["story"] for k in SILVERMAN}) == 1
        assert len({found[k]["story"] for k in (*BILL, WIRE[0])}) == 1
        assert len({found[k]["story"] for k in found}) == 4
        # Each stored embedding is its own article's (not a neighbour's from the worker's batch).
        articles = list(store.iter_articles())
        expected = embed(leads(articles))
        for article, vector in zip(articles, expected, strict=True):
            stored = StoryStore(store).features(article.id)
            assert stored is not None
            assert float(stored.embedding @ vector) == pytest.approx(1.0, abs=2e-3)


def test_the_worker_is_not_asked_to_embed_foreseen_copies(tmp_path, records, monkeypatch):
    """Chunks of 3 with reprints: only articles that may found a story go to the worker."""
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 3)
    sent: list[str] = []
    submit = pipeline.BackgroundEmbedder.submit

    def recording(self, texts):
        sent.extend(texts)
        return submit(self, texts)

    monkeypatch.setattr(pipeline.BackgroundEmbedder, "submit", recording)
    originals = [records[k] for k in (*SILVERMAN[:3], *UNRELATED)]
    copied = (SILVERMAN[0], UNRELATED[1])
    with Store(tmp_path / "s.db") as store:
        copies = [reprint(records[k], f"copy-{k}") for k in copied]
        assert run(store, tmp_path, [*originals, *copies], "a.jsonl").new == 7
        found = rows(store)
        assert_consistent(store)
    assert len(sent) == len(originals)  # one lead per original, none for the two copies
    for key in copied:
        copy = found[f"copy-{key}"[:8]]
        assert copy["story"] == found[key]["story"] and not copy["placed"]


def assert_consistent(store: Store) -> None:
    """Every story row has members and every placed article counts in exactly its story's profile."""
    stories = {row[0] for row in store.db.execute("SELECT id FROM stories")}
    used = {row[0] for row in store.db.execute("SELECT DISTINCT story FROM articles")}
    assert stories == used
    placed = dict(store.db.execute(
        "SELECT a.id, a.story FROM articles a JOIN story_features f ON f.seq = a.seq").fetchall())
    for profile in StoryStore(store).profiles():
        assert set(profile.members) == {key for key, story in placed.items() if story == profile.id}


def split_in_a_later_session(tmp_path, records) -> Store:
    """A loose first session lets the Black Mirror article into the bill story; the next session's
    repair, touching that story, splits it out again with features read back from the store."""
    first = list(extract([write(tmp_path, [records[k] for k in (WIRE[0], BILL[0], CALLISTER)], "a.jsonl")]))
    second = list(extract([write(tmp_path, [records[BILL[1]]], "b.jsonl")]))
    store = Store(tmp_path / "s.db")
    copies = CopyStage(store)
    commit(store, StoryStage(store, LOOSE), copies, first)
    assert len({row["story"] for row in rows(store).values()}) == 1
    commit(store, StoryStage(store), copies, second)
    return store


def test_a_member_that_no_longer_fits_is_split_out_in_a_later_session(tmp_path, records):
    with split_in_a_later_session(tmp_path, records) as store:
        found = rows(store)
        bill = found[WIRE[0]]["story"]
        assert found[BILL[0]]["story"] == found[BILL[1]]["story"] == bill
        assert found[CALLISTER]["story"] != bill
        assert found[CALLISTER]["score"] == 1.0  # it founded a story of its own
        assert_consistent(store)


def test_split_out_member_takes_its_names_along(tmp_path, records):
    with split_in_a_later_session(tmp_path, records) as store:
        found = rows(store)
        labels = dict(store.db.execute("SELECT id, labels FROM stories").fetchall())
        bill = json.loads(labels[found[WIRE[0]]["story"]])
        episode = json.loads(labels[found[CALLISTER]["story"]])
        assert "shatner" not in bill and "plemons" not in bill
        assert "shatner" in episode


def sessions(tmp_path, steps) -> Store:
    """Commit each ``(records, model)`` step in a session of its own (one StoryStage each)."""
    store = Store(tmp_path / "s.db")
    copies = CopyStage(store)
    for number, (batch, model) in enumerate(steps):
        articles = list(extract([write(tmp_path, batch, f"step{number}.jsonl")]))
        commit(store, StoryStage(store, model), copies, articles)
    return store


def test_an_original_that_arrived_after_its_reprint_follows_it_into_a_merge(tmp_path, records):
    original, first, close = (records[k] for k in ("3580cf4b", "03f08e59", "676d97de"))
    early = reprint(original, "reprint", published="2018-02-08T00:00:00")
    with sessions(tmp_path, [
        ([early], None),  # the reprint comes first and founds the story
        ([original], None),  # the original, published earlier, becomes the group's original
        ([first], STRICT),  # a wrong early decision: one report of the same event founds another story
        ([close], None),  # a third report joins that one; repair merges the reprint's story into it
    ]) as store:
        found = rows(store)
        assert found["reprint"]["copy_of"] == "3580cf4b" and found["reprint"]["placed"]
        assert not found["3580cf4b"]["placed"]
        stories = {row[0] for row in store.db.execute("SELECT id FROM stories")}
        assert len(stories) == 1 and found["reprint"]["story"] in stories
        assert found["3580cf4b"]["story"] == found["reprint"]["story"]


def test_copies_stay_with_their_original_after_a_bridge_and_a_split(tmp_path, records):
    original, money, more_money = (records[k] for k in ("10dbb299", "22f61b23", "8f5bf843"))
    early = reprint(original, "reprint", published="2018-02-08T00:00:00")
    bridge = {**reprint(original, "bridge", published="2018-02-09T00:00:00"),
              "maintext": original["maintext"] + "\n" + money["maintext"]}
    with sessions(tmp_path, [([early], None), ([original], None), ([money, more_money], None),
                             ([bridge], None)]) as store:
        found = rows(store)
        for key, row in found.items():
            if row["copy_of"]:
                assert row["story"] == found[row["copy_of"]]["story"], key
