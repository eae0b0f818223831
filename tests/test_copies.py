"""The copy stage through real ingests into real stores: each reprint edit, never same-event
articles, short texts, re-ingest, restart, the choice of the original and merging groups."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from functools import cache

import pytest

from newsweave.copies import MIN_WORDS, CopyStage, copy_groups
from newsweave.pipeline import extract, ingest
from newsweave.store import Store
from support import DEV_DATA, ROOT

DEV_ARTICLES = DEV_DATA / "news_cluster_dev/articles.jsonl"
REAL_PAIRS = ROOT / "bench/data/copies/real_pairs.jsonl"
BIRD = "2bb89b70"  # Washington Post feature: 37 paragraphs, curly quotes, "said" six times
RIHANNA = "96a0d67b"  # an AP story, 246 words
BILL = "f0ca1c96"  # another AP story, 123 words, published a day earlier
OTHER = "1778efb0"  # an unrelated article, for the outlet's own paragraph


@cache
def _dev() -> dict[str, dict]:
    with DEV_ARTICLES.open(encoding="utf-8") as stream:
        return {record["id"]: record for record in map(json.loads, stream)}


def dev(prefix: str) -> dict:
    """A copy of the dev article whose id starts with ``prefix``."""
    return dict(next(r for key, r in _dev().items() if key.startswith(prefix)))


def reprint(base: dict, name: str, published: str | None = "2018-01-05T10:00:00", **changes: str) -> dict:
    """``base`` as another outlet publishes it: its own URL, domain and date."""
    return {**base, "id": name, "url": f"https://{name}.example/story", "source_domain": f"{name}.example",
            "date_publish": published, **changes}


def paragraphs(record: dict) -> list[str]:
    return [line for line in record["maintext"].split("\n") if line.strip()]


def run(store: Store, folder, records: list[dict], name: str = "in.jsonl"):
    """Ingest ``records`` as one news-please JSON Lines file."""
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return ingest(store, [str(path)])


def links(store: Store) -> dict[str, tuple[str, str]]:
    """Each linked article's record id -> (its original's record id, the kind of copy)."""
    rows = store.db.execute(
        "SELECT a.external_id, o.external_id, a.copy_kind FROM articles a JOIN articles o ON o.id = a.copy_of"
    )
    return {copy: (original, kind) for copy, original, kind in rows}


def stored_text(store: Store, external_id: str) -> str:
    return store.db.execute("SELECT text FROM articles WHERE external_id = ?", (external_id,)).fetchone()[0]


# --------------------------------------------------------------------------- each edit kind


def new_headline(record: dict) -> dict:
    return {"title": "Passengers stuck for hours as bird takes over Delta jet"}


def trim_end(record: dict) -> dict:
    return {"maintext": "\n".join(paragraphs(record)[:12])}


def top_only(record: dict) -> dict:
    return {"maintext": "\n".join(paragraphs(record)[:3])}


def furniture(record: dict) -> dict:
    lines = paragraphs(record)
    lines.insert(2, "ADVERTISEMENT")
    lines.insert(6, "Also Read | Delta flight diverted after passenger dispute")
    lines.insert(10, "Share this article")
    return {"maintext": "\n".join(lines)}


def dateline(record: dict) -> dict:
    return {"maintext": "DETROIT (AP) — " + record["maintext"]}


def straight_quotes(record: dict) -> dict:
    return {"maintext": re.sub("[“”]", '"', re.sub("[‘’]", "'", record["maintext"]))}


def said_says(record: dict) -> dict:
    return {"maintext": re.sub(r"\bsaid\b", "says", record["maintext"])}


def own_paragraph(record: dict) -> dict:
    lines = paragraphs(record)
    lines.insert(4, paragraphs(dev(OTHER))[1])
    return {"maintext": "\n".join(lines)}


def combined(record: dict) -> dict:
    top = paragraphs(record)[:8]
    top[0] = "DETROIT (AP) — " + top[0]
    top.insert(3, paragraphs(dev(OTHER))[1])
    return {"title": "Bird on board", "maintext": re.sub(r"\bsaid\b", "says", "\n".join(top))}


EDITS: list[tuple[Callable[[dict], dict], str | None]] = [
    (new_headline, "exact"), (trim_end, "contains"), (top_only, "contains"), (furniture, None),
    (dateline, "near"), (straight_quotes, "exact"), (said_says, "near"), (own_paragraph, "near"),
    (combined, "contains"),
]


@pytest.mark.parametrize(("edit", "kind"), EDITS, ids=[edit.__name__ for edit, _ in EDITS])
def test_each_reprint_edit_is_detected(tmp_path, edit, kind):
    base = dev(BIRD)
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [base, reprint(base, "reprint", **edit(base))])
        if kind is None:  # furniture: exact when cleaning removed every inserted line
            kind = "exact" if stored_text(store, "reprint") == stored_text(store, base["id"]) else "near"
        assert links(store) == {"reprint": (base["id"], kind)}


# --------------------------------------------------------------------------- real data


def _gold_copies() -> dict[str, str]:
    """Each real article in a labelled copy pair -> one id of its copy group."""
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        while parent.setdefault(item, item) != item:
            item = parent[item]
        return item

    with REAL_PAIRS.open(encoding="utf-8") as stream:
        for pair in map(json.loads, stream):
            if pair["label"] == "copy":
                parent[find(pair["a"])] = find(pair["b"])
    return {item: find(item) for item in parent}


def test_real_wire_copies_are_grouped_and_same_event_articles_are_not(tmp_path):
    """All of news_cluster_dev: every link is a labelled copy, and every labelled copy is linked."""
    gold = _gold_copies()
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, list(_dev().values()))
        group = {external: original or external for external, original in store.db.execute(
            "SELECT a.external_id, o.external_id FROM articles a LEFT JOIN articles o ON o.id = a.copy_of")}
    for copy, original in ((c, o) for c, o in group.items() if o != c):
        assert gold.get(copy) is not None and gold.get(copy) == gold.get(original), (copy, original)
    for a, b in itertools.combinations(gold, 2):
        assert (group[a] == group[b]) == (gold[a] == gold[b]), (a, b)


def test_same_event_articles_sharing_quotes_stay_apart(tmp_path):
    """Eight outlets on one break-up share the same tweet; Engadget quotes Newsweek at length."""
    records = [r for r in _dev().values() if "Silverman" in r["title"] or "Sheen" in r["title"]]
    records += [dev("108638b8"), dev("7433ca33"), dev("526efa9d")]
    assert len(records) >= 10
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, records)
        assert links(store) == {}
        assert copy_groups(store) == []


# --------------------------------------------------------------------------- short texts

STORY = (
    "The city council voted on Tuesday to close the old bridge over the river for repairs while "
    "the mayor said the work would take at least six months and cost the city about four million dollars"
)


@pytest.mark.parametrize(("size", "linked"), [(MIN_WORDS - 1, False), (MIN_WORDS, True)])
def test_very_short_texts_are_never_linked(tmp_path, size, linked):
    text = " ".join(STORY.split()[:size])
    first = {"id": "a", "url": "https://a.example/1", "title": "Bridge", "maintext": text,
             "date_publish": "2018-01-01T00:00:00"}
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [first, reprint(first, "b")])
        assert stored_text(store, "b") == text
        assert links(store) == ({"b": ("a", "exact")} if linked else {})


# --------------------------------------------------------------------------- store lifecycle


def test_reingest_changes_nothing(tmp_path):
    base = dev(BIRD)
    records = [base, reprint(base, "r1", **dateline(base)), reprint(base, "r2", **top_only(base))]
    query = "SELECT id, copy_of, copy_kind, copy_similarity, copy_containment, copy_match FROM articles"
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, records)
        before = sorted(store.db.execute(query).fetchall())
        keys = store.db.execute("SELECT count(*) FROM copy_keys").fetchone()[0]
        again = run(store, tmp_path, records)
        assert (again.new, again.known) == (0, 3)
        assert sorted(store.db.execute(query).fetchall()) == before
        assert store.db.execute("SELECT count(*) FROM copy_keys").fetchone()[0] == keys == 3
        assert set(links(store)) == {"r1", "r2"}


def test_restart_keeps_the_links_and_finds_new_copies_of_old_articles(tmp_path):
    base = dev(BIRD)
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [base, reprint(base, "r1", **dateline(base))])
    with Store(tmp_path / "s.db") as store:
        assert links(store) == {"r1": (base["id"], "near")}
        assert len(CopyStage(store).index) == 2
        run(store, tmp_path, [reprint(base, "r2", **trim_end(base))], "later.jsonl")
        assert links(store) == {"r1": (base["id"], "near"), "r2": (base["id"], "contains")}


def test_index_is_rebuilt_from_the_stored_keys(tmp_path):
    """Without its stored band keys an old article is not found again: texts are not re-read."""
    base = dev(BIRD)
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [base])
        store.db.execute("DELETE FROM copy_keys")
    with Store(tmp_path / "s.db") as store:
        assert len(CopyStage(store).index) == 0
        run(store, tmp_path, [reprint(base, "r1", **dateline(base))], "later.jsonl")
        assert links(store) == {}


# --------------------------------------------------------------------------- the original


def test_earlier_published_original_demotes_a_copy_seen_first(tmp_path):
    base = dev(BIRD)  # published 2017-12-31
    first = reprint(base, "early-copy", "2018-01-02T08:00:00", **dateline(base))
    second = reprint(base, "later-copy", "2018-01-03T08:00:00", **top_only(base))
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [first, second])
        assert links(store) == {"later-copy": ("early-copy", "contains")}
        run(store, tmp_path, [base], "original.jsonl")
        assert links(store) == {"early-copy": (base["id"], "near"), "later-copy": (base["id"], "contains")}
        [group] = copy_groups(store)
        assert group.original == store.db.execute(
            "SELECT id FROM articles WHERE external_id = ?", (base["id"],)).fetchone()[0]
        assert [m.kind for m in group.members] == [None, "near", "contains"]


def test_undated_group_keeps_the_first_seen(tmp_path):
    base = {**dev(BIRD), "date_publish": None}
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [base])
        run(store, tmp_path, [reprint(base, "r1", None, **dateline(base))], "two.jsonl")
        run(store, tmp_path, [reprint(base, "r2", None, **said_says(base))], "three.jsonl")
        assert links(store) == {"r1": (base["id"], "near"), "r2": (base["id"], "near")}


def test_bridging_article_merges_two_groups(tmp_path):
    rihanna, bill = dev(RIHANNA), dev(BILL)  # the bill story is a day older
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [rihanna, reprint(rihanna, "r-copy", **dateline(rihanna)),
                              bill, reprint(bill, "b-copy", **dateline(bill))])
        assert {original for original, _ in links(store).values()} == {rihanna["id"], bill["id"]}
        bridge = reprint(rihanna, "roundup", maintext=bill["maintext"] + "\n" + rihanna["maintext"])
        run(store, tmp_path, [bridge], "bridge.jsonl")
        assert {copy: original for copy, (original, _) in links(store).items()} == {
            "r-copy": bill["id"], "b-copy": bill["id"], rihanna["id"]: bill["id"], "roundup": bill["id"]}
        [group] = copy_groups(store)
        assert len(group.members) == 5


# --------------------------------------------------------------------------- foreseen before storing


def test_copies_are_foreseen_before_the_chunk_is_stored(tmp_path):
    """Stored, earlier-pending and same-chunk originals all make a likely copy; unrelated text does not."""
    bird, rihanna, bill, other = dev(BIRD), dev(RIHANNA), dev(BILL), dev(OTHER)
    with Store(tmp_path / "s.db") as store:
        run(store, tmp_path, [bird])
        records = [rihanna, bill, other, reprint(bird, "of-stored", **new_headline(bird)),
                   reprint(rihanna, "of-earlier"), reprint(bill, "of-same-chunk", **trim_end(bill))]
        path = tmp_path / "next.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        by_record = {a.external_id: a for a in extract([str(path)])}
        stage = CopyStage(store)
        earlier = [by_record[rihanna["id"]]]
        copies = ("of-stored", "of-earlier", "of-same-chunk")
        chunk = [by_record[key] for key in (bill["id"], other["id"], *copies)]
        assert stage.likely_copies(chunk, earlier) == {by_record[key].id for key in copies}
