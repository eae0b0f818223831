"""A story's running sums: mean evidence against them is average linkage over the members."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from newsweave.model import Article
from newsweave.stories.embed import DIMENSIONS
from newsweave.stories.features import Features, featurize
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.profile import Profile
from newsweave.stories.score import Evidence, pair_evidence
from newsweave.stories.sparse import MAX_TERMS, Probe
from newsweave.stories.terms import BUCKETS
from support import DEV_DATA

# Electricity bill of $284 billion (three reports), the Erie snowfall record, and a German report.
BILL = ("96107f45", "d184a1e4", "f0ca1c96")
ERIE = "136fdf3b"
LEAD_WORDS = 45


@pytest.fixture(scope="module")
def items() -> dict[str, Features]:
    """Features of the openings of a few real articles (short, so story sums are never pruned)."""
    wanted = {*BILL, ERIE}
    records = {}
    with (DEV_DATA / "news_cluster_dev/articles.jsonl").open(encoding="utf-8") as stream:
        for record in map(json.loads, stream):
            if record["id"][:8] in wanted:
                records[record["id"][:8]] = record
    articles = {
        key: Article(" ".join(record["maintext"].split()[:LEAD_WORDS]), title=record["title"], language="en",
                     published=record["date_publish"])
        for key, record in records.items()
    }
    articles["de"] = Article(
        "Eine Frau in Pennsylvania hat eine Stromrechnung über 284 Milliarden Dollar bekommen. Der Versorger "
        "Penelec sprach von einem Fehler.", title="Frau bekommt Stromrechnung über 284 Milliarden Dollar",
        language="de", published="2017-12-27T09:00:00",
    )
    keys = list(articles)
    return dict(zip(keys, featurize([articles[k] for k in keys], DocumentFrequencies()), strict=True))


def probes(features: Features) -> tuple[Probe, Probe]:
    return Probe(BUCKETS).load(features.words), Probe(BUCKETS).load(features.names)


def profile_of(items: dict[str, Features], keys) -> Profile:
    profile = Profile.new("story", DIMENSIONS)
    for key in keys:
        profile.add(key, items[key], 0.5)
    return profile


def mean_pairwise(features: Features, others: list[Features]) -> Evidence:
    pairs = [pair_evidence(features, other) for other in others]
    return Evidence(*(float(np.mean([getattr(p, name) for p in pairs]))
                      for name in ("embedding", "words", "names", "cross_language")))


def assert_same(got: Evidence, expected: Evidence) -> None:
    for name in ("embedding", "words", "names", "cross_language"):
        assert getattr(got, name) == pytest.approx(getattr(expected, name), abs=1e-5), name


def test_sums_are_not_pruned_here(items):
    profile = profile_of(items, [*BILL, "de"])
    assert len(profile.words) < MAX_TERMS


def test_mean_evidence_equals_mean_pairwise_evidence(items):
    members = [*BILL, "de"]
    profile = profile_of(items, members)
    outsider = items[ERIE]
    expected = mean_pairwise(outsider, [items[k] for k in members])
    assert_same(profile.evidence(outsider, probes(outsider)), expected)
    # A member scored without leaving itself out counts itself among the members.
    member = items[BILL[0]]
    assert_same(profile.evidence(member, probes(member)), mean_pairwise(member, [items[k] for k in members]))


def test_exclude_self_equals_the_story_without_the_member(items):
    members = [*BILL, "de"]
    profile = profile_of(items, members)
    for key in members:
        rest = profile_of(items, [k for k in members if k != key])
        me = items[key]
        assert_same(profile.evidence(me, probes(me), exclude_self=True), rest.evidence(me, probes(me)))
        assert_same(profile.evidence(me, probes(me), exclude_self=True),
                    mean_pairwise(me, [items[k] for k in members if k != key]))


def test_cross_language_share(items):
    profile = profile_of(items, [*BILL, "de"])
    german, english = items["de"], items[BILL[0]]
    def cross(item, exclude_self=False):
        return profile.evidence(item, probes(item), exclude_self).cross_language

    assert cross(german) == pytest.approx(3 / 4)
    assert cross(german, exclude_self=True) == pytest.approx(1.0)
    assert cross(english, exclude_self=True) == pytest.approx(1 / 3)
    unknown = replace(english, language=None)
    assert profile.evidence(unknown, probes(unknown)).cross_language == 0.0


def test_against_is_mean_pairwise_evidence_between_two_stories(items):
    first, second = profile_of(items, BILL[:2]), profile_of(items, [BILL[2], "de", ERIE])
    pairs = [pair_evidence(items[a], items[b]) for a in BILL[:2] for b in (BILL[2], "de", ERIE)]
    expected = Evidence(*(float(np.mean([getattr(p, name) for p in pairs]))
                          for name in ("embedding", "words", "names", "cross_language")))
    assert_same(first.against(second), expected)
    assert_same(second.against(first), expected)
    assert_same(first.against(Profile.new("empty", DIMENSIONS)), Evidence(0.0, 0.0, 0.0, 0.0))


def test_remove_takes_a_member_back_out(items):
    profile = profile_of(items, BILL)
    profile.add("de", items["de"], 0.4)
    profile.remove("de", items["de"])
    expected = profile_of(items, BILL)
    assert profile.size == 3 and set(profile.members) == set(BILL)
    assert np.allclose(profile.embedding, expected.embedding, atol=1e-6)
    assert profile.words.ids.tolist() == expected.words.ids.tolist()
    assert np.allclose(profile.words.weights, expected.words.weights, atol=1e-6)
    assert profile.languages["de"] == 0
    assert +profile.labels == +expected.labels  # pending name counts: the member's are taken back
    outsider = items[ERIE]
    assert_same(profile.evidence(outsider, probes(outsider)), expected.evidence(outsider, probes(outsider)))


def test_absorb_equals_one_story_of_all_members(items):
    merged = profile_of(items, BILL[:2])
    merged.absorb(profile_of(items, [BILL[2], "de"]))
    whole = profile_of(items, [*BILL, "de"])
    assert merged.members == whole.members
    assert np.allclose(merged.embedding, whole.embedding, atol=1e-6)
    assert merged.languages == whole.languages and merged.labels == whole.labels
    assert (merged.first, merged.last) == (whole.first, whole.last)
    outsider = items[ERIE]
    assert_same(merged.evidence(outsider, probes(outsider)), whole.evidence(outsider, probes(outsider)))


def test_span_labels_and_representative(items):
    profile = profile_of(items, [*BILL, "de"])
    days = [items[k].day for k in (*BILL, "de")]
    assert (profile.first, profile.last) == (min(days), max(days))
    assert profile.labels["284"] >= 4  # every member names the $284 billion
    assert profile.representative in profile.members
    centroid_scores = {k: float(items[k].embedding @ profile.embedding) for k in profile.members}
    assert min(centroid_scores, key=centroid_scores.get) == "de"
    assert profile.representative != "de"  # the member farthest from the centroid never heads it
    profile.remove(profile.representative, items[profile.representative])
    assert profile.representative is None and profile.representative_vector is None


def test_labels_count_mentions_up_to_three_per_member(items):
    profile = profile_of(items, [*BILL, "de"])
    per_member = [min(items[key].labels.count("284"), 3) for key in [*BILL, "de"]]
    assert profile.labels["284"] == sum(per_member) >= 4
