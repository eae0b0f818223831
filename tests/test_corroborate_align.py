import json
from collections import defaultdict

import pytest

from newsweave.corroborate.align import SAME_FACT, Source, corroborate, pieces
from newsweave.model import Article
from newsweave.pipeline import extract
from newsweave.reading import read_article, read_articles
from newsweave.reading.model import Claim
from support import DEV_DATA, ROOT, assert_floors, example_articles, gold


@pytest.fixture(scope="module")
def example_groups():
    sources = [
        Source(key, key, key, article.published, read_article(article))
        for key, article in example_articles().items()
    ]
    return corroborate(sources)


def _holds(group, article: str, fragment: str) -> bool:
    return any(
        c.article == article and fragment[:30] in c.claim.text + " ".join(c.claim.facts) for c in group.claims
    )


def test_the_five_gold_facts_are_corroborated(example_groups):
    shared = [g for g in example_groups if g.verdict == "corroborated"]
    for pair in gold()["corroborated"]:
        assert any(_holds(g, "A", pair["A"]) and _holds(g, "B", pair["B"]) for g in shared), pair
    assert len(shared) == 5


def test_no_single_source_fact_is_marked_shared_and_no_conflict_is_invented(example_groups):
    shared = [g for g in example_groups if g.verdict != "single-source"]
    for article, key in (("A", "only_in_A"), ("B", "only_in_B")):
        for fragment in gold()[key]:
            assert not any(
                c.article == article and fragment[:25] in c.evidence for g in shared for c in g.claims
            ), fragment
    assert not any(g.verdict == "conflicting" for g in example_groups)


def test_every_verdict_lists_its_sentences_with_article_and_source(example_groups):
    for group in example_groups:
        data = group.to_dict()
        assert data["claims"] and all(
            {"article", "text", "evidence", "outlet"} <= set(c) for c in data["claims"]
        )


def _source(article: str, source: str, text: str) -> Source:
    return Source(article, source, source, "2024-03-04", read_article(Article(text=text, language="en")))


def test_copies_count_once_and_numbers_that_differ_conflict():
    a = _source(
        "a", "wire", "The storm killed 12 people in the coastal town of Brest on Monday, officials said."
    )
    copy = _source(
        "c", "wire", "The storm killed 12 people in the coastal town of Brest on Monday, officials said."
    )
    other = _source(
        "o", "paper", "The storm killed 15 people in the coastal town of Brest on Monday, officials said."
    )
    (group,) = corroborate([a, copy])
    assert group.verdict == "single-source" and group.sources == 1
    (group,) = corroborate([a, other])
    assert group.verdict == "conflicting" and group.conflicts[0].why.startswith("numbers differ: 12 people")


def test_a_denial_of_what_another_states_is_a_conflict():
    said = _source("a", "x", "The company paid the fine of two million euros to the regulator last year.")
    denied = _source(
        "b", "y", "The company denied that it paid the fine of two million euros to the regulator."
    )
    (group,) = corroborate([said, denied])
    assert group.verdict == "conflicting" and group.conflicts[0].why == "denied by The company"


def test_a_claim_is_matched_by_its_facts_too():
    claim = Claim(
        'He called it a "new document for the long term," and left.',
        0,
        60,
        facts=("new document for the long term,",),
    )
    assert pieces(claim) == [claim.text, "new document for the long term,"]


def test_corroboration_quality_on_the_labelled_dev_pairs():
    """Floors in bench/floors.toml; tests/data/claim_pairs_dev.md says how the pairs were labelled."""
    pairs = [json.loads(line) for line in (ROOT / "tests/data/claim_pairs_dev.jsonl").open(encoding="utf-8")]
    data = DEV_DATA / "news_cluster_dev"
    rows = {
        json.loads(line)["url"]: json.loads(line) for line in (data / "articles.jsonl").open(encoding="utf-8")
    }
    events = {json.loads(line)["id"]: json.loads(line)["event"] for line in (data / "gold.jsonl").open()}
    wanted = {pair["event"] for pair in pairs}
    articles = [a for a in extract([str(data / "articles.jsonl")]) if events[rows[a.url]["id"]] in wanted]
    grouped = defaultdict(list)
    for article, reading in zip(articles, read_articles(articles), strict=True):
        row = rows[article.url]
        grouped[events[row["id"]]].append(
            Source(row["id"], row["source_domain"], row["source_domain"], article.published, reading)
        )
    groups = {event: corroborate(sources, SAME_FACT) for event, sources in grouped.items()}

    def together(pair):
        return any(
            {(pair["a"], pair["claim_a"]), (pair["b"], pair["claim_b"])}
            <= {(c.article, c.claim.text) for c in g.claims}
            for g in groups[pair["event"]]
        )

    found = [pair for pair in pairs if together(pair)]
    right = [pair for pair in found if pair["label"] in ("same", "conflict")]
    positives = [pair for pair in pairs if pair["label"] in ("same", "conflict")]
    assert_floors("corroboration", {"precision": len(right) / len(found),
                                    "recall": len(right) / len(positives)})


def test_two_different_claims_of_one_article_never_share_a_group():
    a = _source("a", "x", "The storm killed 12 people in Brest on Monday. "
                          "The mayor declared a state of emergency in the whole region on Monday.")
    b = _source("b", "y", "The storm killed 12 people in Brest on Monday, and the mayor declared a state "
                          "of emergency in the whole region.")
    for group in corroborate([a, b]):
        assert len({c.index for c in group.claims if c.article == "a"}) <= 1


def test_a_group_score_is_its_weakest_accepted_link():
    text = "The storm killed 12 people in the coastal town of Brest on Monday, officials said."
    a = _source("a", "x", f"{text} {text}")
    b = _source("b", "y", text)
    (group,) = [g for g in corroborate([a, b]) if g.verdict == "corroborated"]
    assert group.score >= SAME_FACT
