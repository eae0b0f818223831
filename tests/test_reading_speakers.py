from newsweave.reading import entities as rules
from newsweave.reading.speakers import Speakers, noun_phrase, subject_of
from support import parsed


def speakers_of(text: str) -> tuple[Speakers, object]:
    doc = parsed(text)
    return Speakers(doc, rules.with_canonical_names(rules.mentions(doc), None, doc)), doc


def cue(doc, word: str):
    return next(token for token in doc if token.text == word)


def test_a_pronoun_is_the_last_person_in_subject_position_not_the_nearest():
    speakers, doc = speakers_of("Vladimir Putin has thanked Kim for the support, which he said was vital.")
    assert speakers.of_cue(cue(doc, "said")) == "Vladimir Putin"


def test_quoted_as_saying_takes_the_passive_subject_and_quoting_the_object():
    speakers, doc = speakers_of('"It works," Putin was quoted as saying by news agencies.')
    assert speakers.of_cue(cue(doc, "quoted")) == "Putin"
    speakers, doc = speakers_of("The newspaper quoted Uma Thurman as saying that it happened.")
    assert speakers.of_cue(cue(doc, "quoted")) == "Uma Thurman"


def test_according_to_names_its_object():
    speakers, doc = speakers_of("The talks failed, according to officials in Brussels.")
    assert speakers.of_cue(cue(doc, "according")) == "officials in Brussels"


def test_a_participle_takes_the_subject_of_its_verb():
    _, doc = speakers_of('The leaders opposed the sanctions, describing them as "illegal."')
    assert subject_of(cue(doc, "describing")).text == "leaders"


def test_an_apposition_names_a_common_noun_speaker():
    speakers, doc = speakers_of("A representative for the actress, Leslie Sloane, said the article speaks.")
    assert speakers.of_cue(cue(doc, "said")) == "Leslie Sloane"


def test_a_common_noun_speaker_is_its_noun_phrase():
    _, doc = speakers_of("A spokesman for the company said prices would rise.")
    assert noun_phrase(subject_of(cue(doc, "said"))) == "A spokesman for the company"


def test_a_pronoun_skips_people_of_the_other_gender():
    text = ("Uma Thurman said she was afraid. Harvey Weinstein denied it and his lawyer spoke. "
            "She said that he pushed her down.")
    speakers, doc = speakers_of(text)
    said = [token for token in doc if token.text == "said"][-1]
    assert speakers.of_cue(said) == "Uma Thurman"
