from newsweave.reading.model import Claim, DateMention, Entity, NumberMention, Quote, Reading


def test_a_reading_survives_its_dict_form():
    reading = Reading(
        title="T", published="2024-06-19", language="en", analysis="full", notes=["n"],
        entities=[Entity("Kim", "person", "Kim Jong Un", ((4, 7), (20, 23)))],
        quotes=[Quote("Kim Jong Un", "said", "We agree.", 30, 39, "direct"),
                Quote("Kim Jong Un", "said", "We agree, all of us.", 40, 90, "direct", ((40, 50), (70, 90)))],
        claims=[Claim("Kim said 2 things on Wednesday.", 0, 31, ("Kim Jong Un",),
                      (NumberMention("2 things", 2.0, "things"),),
                      (DateMention("Wednesday", "2024-06-19", "day"),), "Kim Jong Un", "reported")],
    )
    data = reading.to_dict()
    assert data["entities"][0] == {"text": "Kim", "label": "person", "canonical": "Kim Jong Un",
                                   "mentions": [[4, 7], [20, 23]]}
    assert data["claims"][0]["numbers"] == [{"text": "2 things", "value": 2.0, "unit": "things"}]
    assert data["quotes"][0]["parts"] == [[30, 39]] and data["quotes"][1]["parts"] == [[40, 50], [70, 90]]
    assert Reading.from_dict(data) == reading
