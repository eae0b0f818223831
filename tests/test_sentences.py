from newsweave.clean.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_splits_on_terminal_punctuation_before_capital():
    assert sentences("Kim met Putin. They signed a treaty! Was it new? Yes.") == [
        "Kim met Putin.", "They signed a treaty!", "Was it new?", "Yes.",
    ]


def test_keeps_abbreviations_and_initials_inside_sentences():
    text = "Mr. Smith met Dr. Jones in Washington, D.C. on Monday. J. R. Smith agreed."
    assert sentences(text) == [
        "Mr. Smith met Dr. Jones in Washington, D.C. on Monday.", "J. R. Smith agreed.",
    ]


def test_closing_quote_stays_with_its_sentence():
    text = "\u201cWe are ready,\u201d he said. \u201cWe will win.\u201d The crowd cheered."
    assert sentences(text) == [
        "\u201cWe are ready,\u201d he said.", "\u201cWe will win.\u201d", "The crowd cheered.",
    ]


def test_paragraph_break_ends_a_sentence_without_punctuation():
    assert sentences("A heading\n\nThe body starts here.") == ["A heading", "The body starts here."]


def test_no_split_before_lower_case_or_decimal():
    text = "Shares rose 3.5 percent. shares of rivals fell."
    assert sentences(text) == [text]


def test_spans_point_into_the_original_text():
    text = "  First one.   Second one.  "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one."]
    assert spans[0][0] == 2


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


def test_contraction_before_full_stop_is_not_an_initial():
    assert sentences("And it wasn\u2019t. I was wrong.") == ["And it wasn\u2019t.", "I was wrong."]
