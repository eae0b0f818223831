"""What users see of stories: independent sources, headline, dates, entities, members, id lookup."""

from __future__ import annotations

import json

import pytest

from newsweave.pipeline import extract, ingest
from newsweave.store import Store
from newsweave.stories.report import (
    TOP_ENTITIES,
    Member,
    _entities,
    independent_sources,
    resolve_story,
    story_detail,
    story_summaries,
)
from support import DEV_DATA, EXAMPLE_A, EXAMPLE_B

ERIE = "136fdf3b"


@pytest.fixture(scope="module")
def texts() -> tuple[str, str, str]:
    a, b = extract([str(EXAMPLE_A), str(EXAMPLE_B)])
    return a.text, b.title, b.text


def record(name: str, outlet: str, text: str, title: str | None, published: str) -> dict:
    return {"id": name, "url": f"https://{outlet}/{name}", "source_domain": outlet, "title": title,
            "maintext": text, "date_publish": published}


def erie() -> dict:
    with (DEV_DATA / "news_cluster_dev/articles.jsonl").open(encoding="utf-8") as stream:
        return next(r for r in map(json.loads, stream) if r["id"].startswith(ERIE))


def build(tmp_path, texts, b_outlet: str) -> Store:
    """Example A at outlet one, a word-for-word reprint at outlet two, example B at ``b_outlet``."""
    a_text, b_title, b_text = texts
    records = [
        record("a", "one.example", a_text, None, "2024-06-19T08:00:00"),
        record("a-reprint", "two.example", a_text, None, "2024-06-19T10:00:00"),
        record("b", b_outlet, b_text, b_title, "2024-06-20T12:00:00"),
        erie(),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    store = Store(tmp_path / "s.db")
    assert ingest(store, [str(path)]).new == 4
    return store


def test_independent_sources_count_copies_and_one_outlet_once():
    def row(key, source, copy_of=None):
        return Member(key, source, None, None, None, copy_of)

    assert independent_sources([row("a", "x.com"), row("b", "y.com"), row("c", "z.com")]) == 3
    assert independent_sources([row("a", "x.com"), row("a2", "y.com", "a"), row("c", "z.com")]) == 2
    assert independent_sources([row("a", "x.com"), row("b", "x.com"), row("c", "z.com")]) == 2
    # Copies and outlets link transitively: y.com ran a copy of x.com's text and its own article.
    assert independent_sources([row("a", "x.com"), row("a2", "y.com", "a"), row("b", "y.com")]) == 1
    assert independent_sources([row("a", None), row("b", None), row("b2", None, "b")]) == 2
    assert independent_sources([]) == 0


@pytest.mark.parametrize(("b_outlet", "sources"), [("one.example", 1), ("three.example", 2)])
def test_story_summary_of_the_examples(tmp_path, texts, b_outlet, sources):
    with build(tmp_path, texts, b_outlet) as store:
        summaries = story_summaries(store)
    assert len(summaries) == 2
    korea, snow = summaries  # the most recently covered first
    assert korea.article_count == 3 and snow.article_count == 1
    assert korea.source_count == sources
    assert korea.headline == texts[1]  # the only member with a title
    assert (korea.first_seen, korea.last_seen) == ("2024-06-19T08:00:00", "2024-06-20T12:00:00")
    assert snow.last_seen.startswith("2017-12-27") and "Erie" in snow.headline
    entities = korea.entities
    assert "Putin" in entities and "Kim Jong Un" in entities
    assert "Kim" not in entities  # covered by "Kim Jong Un"
    assert not any(ch.isdigit() for name in entities for ch in name)
    assert 0 < len(entities) <= TOP_ENTITIES
    assert set(korea.to_dict()) == {"id", "headline", "first_seen", "last_seen", "article_count",
                                    "source_count", "entities"}


def test_story_detail_lists_members_best_first_and_copies_last(tmp_path, texts):
    with build(tmp_path, texts, "three.example") as store:
        korea = story_summaries(store)[0]
        detail = story_detail(store, korea.id)
    assert detail is not None and detail.summary == korea
    members = detail.members
    assert [m.source for m in members] == \
        ["one.example", "three.example", "two.example"]
    assert members[0].story_score == 1.0 and 0.0 < members[1].story_score < 1.0
    assert members[2].copy_of == members[0].id
    assert members[1].title == texts[1] and members[0].published == "2024-06-19T08:00:00"
    as_dict = detail.to_dict()
    assert as_dict["id"] == korea.id and len(as_dict["members"]) == 3
    assert set(as_dict["members"][0]) == {"id", "source", "published", "title", "story_score", "copy_of"}


def test_limit_and_offset(tmp_path, texts):
    with build(tmp_path, texts, "three.example") as store:
        everything = story_summaries(store)
        assert story_summaries(store, limit=1) == everything[:1]
        assert story_summaries(store, limit=1, offset=1) == everything[1:]
        assert story_summaries(store, offset=5) == []


def test_story_lookup_by_id_and_unique_prefix(tmp_path, texts):
    with build(tmp_path, texts, "three.example") as store:
        korea = story_summaries(store)[0].id
        assert resolve_story(store, korea) == korea
        assert resolve_story(store, korea[:6]) == korea
        assert resolve_story(store, korea[:3]) is None  # too short to be a prefix
        assert resolve_story(store, "zzzz") is None
        assert story_detail(store, "zzzz") is None
        assert story_detail(store, korea[:5]).summary.id == korea
        # An ambiguous prefix names no story.
        for fake in ("abcd0001", "abcd0002"):
            store.db.execute(
                "INSERT INTO stories (id, embedding, words, names, languages, labels) "
                "VALUES (?, x'', x'00000000', x'00000000', '{}', '{}')", (fake,))
        assert resolve_story(store, "abcd") is None
        assert resolve_story(store, "abcd0001") == "abcd0001"


def test_entities_skip_numbers_and_names_inside_longer_ones():
    labels = {"kim": 9, "2024": 8, "kim jong un": 7, "putin": 6, "jong un": 5, "North Korea": 4}
    assert _entities(labels) == ["Kim Jong Un", "Putin", "North Korea"]
    many = {f"name{chr(97 + i)}": 10 - i for i in range(12)}
    assert len(_entities(many)) == TOP_ENTITIES
