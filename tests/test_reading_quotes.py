import json

from newsweave.reading import entities as rules
from newsweave.reading.quotes import direct_quotes, is_title, reported_quotes
from newsweave.reading.reader import read_article, read_articles
from newsweave.reading.scoring import score_quotes
from newsweave.reading.speakers import Speakers
from support import DEV_DATA, ROOT, assert_floors, example_articles, gold, parsed


def quotes_of(text: str):
    doc = parsed(text)
    speakers = Speakers(doc, rules.with_canonical_names(rules.mentions(doc), None, doc))
    direct = direct_quotes(doc, speakers)
    return direct, reported_quotes(doc, speakers, direct)


def test_the_five_gold_quotes_of_the_examples_with_their_speakers():
    readings = {key: read_article(article) for key, article in example_articles().items()}
    for expected in gold()["quotes"]:
        found = [q for q in readings[expected["article"]].quotes
                 if q.kind == "direct" and q.text.startswith(expected["starts"])]
        assert [q.speaker for q in found] == [expected["speaker"]], expected


def test_cues_are_named_as_a_reader_would():
    direct, _ = quotes_of('"The treaty provides for help," Putin was quoted as saying by news agencies.')
    assert [(q.speaker, q.cue) for q in direct] == [("Putin", "was quoted as saying")]


def test_a_split_quote_is_one_quote():
    text = "“We will win,” Kim Jong Un said on Monday. “Nobody can stop us now.”"
    direct, _ = quotes_of(text)
    assert [(q.speaker, q.text) for q in direct] == [("Kim Jong Un", "We will win, Nobody can stop us now.")]
    assert [text[start:end] for start, end in direct[0].parts] == ["We will win,", "Nobody can stop us now."]


def test_a_quote_paragraph_after_an_attributed_one_keeps_its_speaker():
    text = ('"The bird is back," Shane Perry said.\n\n'
            '"It was flying around the cockpit and nobody moved at all."')
    direct, _ = quotes_of(text)
    assert [q.speaker for q in direct] == ["Shane Perry", "Shane Perry"]


def test_reported_forms_without_marks():
    _, reported = quotes_of("Kim Jong Un said Wednesday that his country fully supported the war. "
                            "The visit, according to state media, may last two days.")
    assert [(q.speaker, q.cue, q.text) for q in reported] == [
        ("Kim Jong Un", "said", "his country fully supported the war"),
        ("state media", "according to", "The visit may last two days.")]


def test_titles_and_unattributed_scare_quotes_are_not_quotes():
    direct, _ = quotes_of('She starred in "Kill Bill: Vol. 1," and the so-called "reform" stalled.')
    assert direct == []
    assert is_title("Masters of Sex,") and not is_title("illegal, unilateral restrictions.")


def test_quote_quality_on_the_annotated_dev_articles():
    """Floors in bench/floors.toml [quotes] (tests/data/quotes_dev.md says how the gold was made)."""
    gold_quotes = [json.loads(line) for line in (ROOT / "tests/data/quotes_dev.jsonl").open(encoding="utf-8")]
    from newsweave.pipeline import extract

    articles = list(extract([str(DEV_DATA / "news_cluster_dev/articles.jsonl")]))[:19]
    by_url = {}
    with (DEV_DATA / "news_cluster_dev/articles.jsonl").open(encoding="utf-8") as lines:
        for line in list(lines)[:19]:
            row = json.loads(line)
            by_url[row["url"]] = row["id"]
    found = [{"id": by_url[article.url], **quote.to_dict()}
             for article, reading in zip(articles, read_articles(articles, processes=1), strict=True)
             for quote in reading.quotes]
    direct = score_quotes(gold_quotes, found, "direct")
    reported = score_quotes(gold_quotes, found, "reported")
    assert_floors("quotes", {
        "direct_precision": direct.precision, "direct_recall": direct.recall,
        "direct_speaker_accuracy": direct.speaker_accuracy,
        "reported_precision": reported.precision, "reported_recall": reported.recall,
        "reported_speaker_accuracy": reported.speaker_accuracy,
    })
