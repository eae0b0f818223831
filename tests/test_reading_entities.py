import pytest

from newsweave.reading import entities as rules
from newsweave.reading.reader import read_article
from support import example_articles, gold, parsed


@pytest.fixture(scope="module")
def readings():
    return {key: read_article(article) for key, article in example_articles().items()}


def test_entity_recall_on_the_examples_is_at_least_nine_in_ten(readings):
    """Each gold entity in each article that names it, with its label (20 such pairs)."""
    articles = example_articles()
    expected = [(key, name, label) for key, article in articles.items()
                for label, names in gold()["entities"].items() for name in names
                if name in article.text or name in (article.title or "")]
    found = {(key, e.text, e.label) for key, reading in readings.items() for e in reading.entities}
    missed = [item for item in expected if item not in found]
    assert len(expected) == 20 and 1 - len(missed) / len(expected) >= 0.9, missed


def test_short_names_map_to_the_full_name_named_first(readings):
    canonical = {e.text: e.canonical for r in readings.values() for e in r.entities if e.label == "person"}
    assert canonical["Kim"] == "Kim Jong Un" and canonical["Putin"] == "Vladimir Putin"
    assert canonical["Kim Yo Jong"] == "Kim Yo Jong"


def test_spans_are_repaired():
    doc = parsed("North Korea’s leader met Foreign Minister Choe Son Hui at the Kumsusan State Guest House.")
    found = {(m.text, m.label) for m in rules.mentions(doc)}
    assert ("North Korea", "place") in found
    assert ("Choe Son Hui", "person") in found
    assert ("Kumsusan State Guest House", "place") in found


def test_line_breaks_never_enter_a_name():
    doc = parsed("The speech by President Joe\r\nBiden was short.")
    assert all("\r" not in m.text and "\n" not in m.text for m in rules.mentions(doc))


def test_every_mention_span_points_at_its_text(readings):
    article = example_articles()["A"]
    for entity in readings["A"].entities:
        assert all(article.text[start:end] == entity.text for start, end in entity.mentions)


def test_canonical_names_prefer_the_first_full_name():
    names = ["Kim Jong Un", "Kim", "Kim Yo Jong", "Yo Jong", "Putin"]
    assert rules.canonical_names(names) == {
        "Kim Jong Un": "Kim Jong Un", "Kim": "Kim Jong Un", "Kim Yo Jong": "Kim Yo Jong",
        "Yo Jong": "Kim Yo Jong", "Putin": "Putin"}


def test_full_names_come_from_the_title_and_from_names_the_model_missed():
    assert rules.title_names("Felipe Massa retires after his last race", ["Massa"]) == ["Felipe Massa"]
    assert rules.text_names(parsed("Shane Perry, a minister, said so. Mr Perry left."), ["Perry"]) == [
        "Shane Perry"]
    assert rules.text_names(parsed("Smith met the board. On Monday Smith said so."), ["Smith"]) == []
    assert rules.text_names(parsed("Prices rose. Meanwhile Johnson said that he agreed."), ["Johnson"]) == []
    assert rules.title_names("Why Britain Johnson plan failed", ["Johnson"], {"Britain"}) == []


def test_a_surname_taken_for_an_organisation_is_the_person():
    doc = parsed("Alex Trouteaud studied the data. Trouteaud said the map was clear.")
    resolved = rules.with_canonical_names(rules.mentions(doc), None, doc)
    assert {(m.text, m.canonical) for m in resolved if m.label == "person"} >= {
        ("Alex Trouteaud", "Alex Trouteaud"), ("Trouteaud", "Alex Trouteaud")}
