import json

from newsweave.model import Article, Failure


def test_to_dict_is_json_ready():
    article = Article(text="One. Two.", title="T", sentences=[(0, 4), (5, 9)], authors=["A"])
    data = article.to_dict()
    assert json.loads(json.dumps(data))["sentences"] == [[0, 4], [5, 9]]
    assert data["authors"] == ["A"]


def test_sentence_texts_follow_spans():
    assert Article(text="One. Two.", sentences=[(0, 4), (5, 9)]).sentence_texts() == ["One.", "Two."]


def test_failure_reads_as_one_line():
    assert str(Failure("feed.jsonl:3", "malformed JSON")) == "feed.jsonl:3: malformed JSON"
