from newsweave.reading.harmonise import harmonise
from newsweave.reading.model import Claim, Entity, Quote, Reading


def reading(*people: str, speaker: str | None = None) -> Reading:
    return Reading(
        title=None, published=None, language="en", analysis="full",
        entities=[Entity(name, "person", name) for name in people] + [Entity("Moscow", "place", "Moscow")],
        quotes=[Quote(speaker, "said", "We agree.", 0, 9)],
        claims=[Claim("Putin agreed.", 0, 13, tuple(people), attribution=speaker, stance="reported")],
    )


def test_a_surname_borrows_the_full_name_from_the_story():
    first, second = harmonise([reading("Vladimir Putin", speaker="Vladimir Putin"),
                               reading("Putin", speaker="Putin")])
    assert second.entities[0].canonical == "Vladimir Putin" and second.entities[0].text == "Putin"
    assert second.quotes[0].speaker == "Vladimir Putin"
    assert second.claims[0].attribution == "Vladimir Putin"
    assert second.claims[0].entities == ("Vladimir Putin",)
    assert first == reading("Vladimir Putin", speaker="Vladimir Putin")


def test_stories_without_short_names_are_left_alone():
    readings = [reading("Kim Jong Un"), reading("Kim Yo Jong")]
    assert harmonise(readings) == readings
