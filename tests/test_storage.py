import pytest

from newsweave.copies.storage import CopyStore, Link, Member
from newsweave.model import Article
from newsweave.store import Store


@pytest.fixture
def records(tmp_path):
    with Store(tmp_path / "n.db") as store:
        store.add_articles([
            Article(id="a", text="Text A.", published="2024-01-02", source="one.com", title="A"),
            Article(id="b", text="Text B.", published="2024-01-01", source="two.com", title="B"),
            Article(id="c", text="Text C.", source="three.com", title="C"),
        ])
        yield CopyStore(store)


def test_keys_round_trip_in_arrival_order(records):
    records.save_keys([(2, b"\x01\x02"), (1, b"\x03\x04")])
    assert list(records.all_keys()) == [(1, b"\x03\x04"), (2, b"\x01\x02")]


def test_members_and_seniority(records):
    members = {m.id: m for m in records.members([1, 2, 3])}
    assert members["a"] == Member(1, "a", "2024-01-02", None)
    oldest = min(members.values(), key=Member.seniority)
    assert oldest.id == "b"
    undated_last = sorted(members.values(), key=Member.seniority)[-1]
    assert undated_last.id == "c"
    assert records.text(3) == "Text C."
    assert records.member_by_id("zzz") is None


def test_links_groups_and_moving_a_group(records):
    records.save_link(Link("c", "a", "contains", 0.4, 0.9, "a"))
    assert [row[0] for row in dict(records.groups())["a"]] == ["a", "c"]
    records.move_group("a", "b")
    records.save_link(Link("a", "b", "near", 0.9, 0.95, "b"))
    groups = dict(records.groups())
    assert list(groups) == ["b"]
    assert [row[0] for row in groups["b"]] == ["b", "a", "c"]
    assert records.member_by_id("c").group == "b"
