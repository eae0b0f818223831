from newsweave.clean.language import detect_language


def test_detects_english_and_german():
    english = "North Korean leader Kim Jong Un said Wednesday that his country supported Russia."
    german = "Die Bundesregierung hat am Mittwoch neue Regeln für den Handel beschlossen."
    assert detect_language(english) == "en"
    assert detect_language(german) == "de"


def test_too_little_text_has_no_language():
    assert detect_language("OK 12") is None
    assert detect_language("") is None
