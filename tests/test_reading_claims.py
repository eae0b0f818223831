from datetime import date

import pytest

from newsweave.reading import entities as rules
from newsweave.reading.claims import claims, clauses
from newsweave.reading.quotes import direct_quotes, reported_quotes
from newsweave.reading.reader import read_article
from newsweave.reading.speakers import Speakers
from support import example_articles, parsed


def claims_of(text: str, base: date | None = date(2024, 6, 19), headings=()):
    doc = parsed(text)
    found = rules.with_canonical_names(rules.mentions(doc), None, doc)
    speakers = Speakers(doc, found)
    direct = direct_quotes(doc, speakers)
    quotes = [*direct, *reported_quotes(doc, speakers, direct)]
    return claims(doc, found, speakers, quotes, base, headings)


def test_a_sentence_of_two_clauses_with_their_own_subjects_is_two_claims():
    doc = parsed("Putin was received by Kim Jong Un, and the two leaders traveled to the guest house.")
    assert [span.text for span in clauses(next(doc.sents))] == [
        "Putin was received by Kim Jong Un", "the two leaders traveled to the guest house."]


def test_clauses_sharing_a_subject_stay_one_claim():
    doc = parsed("Kim welcomed Putin at the airport and introduced his sister to the guests.")
    assert len(clauses(next(doc.sents))) == 1


@pytest.mark.parametrize(("text", "stance", "attribution"), [
    ("The treaty was signed in Pyongyang on Wednesday by both leaders.", "stated", None),
    ("Kim Jong Un said that his country fully supported the war in Ukraine.", "reported", "Kim Jong Un"),
    ("Both Pyongyang and Moscow have denied any illegal weapons collaboration.", "denied",
     "Pyongyang and Moscow"),
    ("The company allegedly hid the losses from its investors for years.", "alleged", None),
    ("The ministry announced that the border would reopen next week.", "reported", "The ministry"),
    ("The minister did not deny that the talks had failed in the capital.", "reported", "The minister"),
    ("Smith, who denied any wrongdoing, was elected mayor of the city on Monday.", "stated", None),
])
def test_stance_and_attribution(text, stance, attribution):
    (claim,) = claims_of(text)
    assert (claim.stance, claim.attribution) == (stance, attribution)


def test_claims_carry_canonical_entities_numbers_and_resolved_dates():
    (first, second) = claims_of("Vladimir Putin arrived on Wednesday. Putin met 300 officials "
                                "in 24 years of visits.")
    assert first.entities == ("Vladimir Putin",)
    assert [(d.text, d.date) for d in first.dates] == [("Wednesday", "2024-06-19")]
    assert second.entities == ("Vladimir Putin",)
    assert [(n.value, n.unit) for n in second.numbers] == [(300.0, "officials"), (24.0, "years")]


def test_headings_and_fragments_are_not_claims():
    text = "Putin's visit to North Korea\n\nPutin's visit comes amid growing concerns over arms. Thanks."
    assert [c.text for c in claims_of(text, headings=["Putin's visit to North Korea"])] == [
        "Putin's visit comes amid growing concerns over arms."]


def test_example_claims_point_at_their_text():
    article = example_articles()["A"]
    reading = read_article(article)
    assert reading.claims and all(article.text[c.start:c.end] == c.text for c in reading.claims)
    first = reading.claims[0]
    assert first.attribution == "Kim Jong Un" and first.stance == "reported"
    assert [(d.text, d.date) for d in first.dates] == [("Wednesday", "2024-06-19")]


def test_a_pronoun_subject_names_its_person_among_the_entities():
    reading = read_article(example_articles()["B"])
    claim = next(c for c in reading.claims if c.text.startswith("Furthermore, he expressed"))
    assert "Vladimir Putin" in claim.entities


def test_future_sentences_resolve_weekdays_ahead_and_times_are_not_numbers():
    (claim,) = claims_of("The talks will resume on Thursday at 10:30 a.m. in Geneva with 12 delegates.")
    assert [d.date for d in claim.dates] == ["2024-06-20"]
    assert [(n.value, n.unit) for n in claim.numbers] == [(12.0, "delegates")]
