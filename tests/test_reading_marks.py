from newsweave.reading.marks import marked_spans, quote_text


def quotes(text: str) -> list[str]:
    return [quote_text(text, span) for span in marked_spans(text)]


def test_straight_curly_and_mixed_marks_pair_in_order():
    text = 'He said "one two," then “three four” and a “five six" end.'
    assert quotes(text) == ["one two,", "three four", "five six"]


def test_apostrophes_do_not_open_or_close_quotes():
    text = "Russia’s leader said “it’s the Kremlin’s view” and the players' union agreed."
    assert quotes(text) == ["it’s the Kremlin’s view"]


def test_a_quote_continues_into_a_paragraph_that_reopens_with_a_mark():
    text = '"The first paragraph.\n\n"The second one," she said. Later "a third".'
    assert quotes(text) == ["The first paragraph. The second one,", "a third"]


def test_an_unclosed_quote_ends_at_the_paragraph():
    assert quotes('He said "never closed\n\nNext paragraph "closed" here.') == ["closed"]


def test_german_and_french_marks():
    assert quotes("Er sagte: „Das ist gut.“ Elle a dit «oui» hier.") == ["Das ist gut.", "oui"]


def test_single_marks_quote_outside_double_quotes_only():
    text = "Horner said: 'His recovery was amazing.' Then \"I used the word ‘anger,’ but\" rock 'n' roll."
    assert quotes(text) == ["His recovery was amazing.", "I used the word ‘anger,’ but", "n"]


def test_spans_exclude_the_marks():
    text = 'A "b c" d'
    span = marked_spans(text)[0]
    assert text[span.start:span.end] == "b c"


def test_straight_marks_inside_a_curly_quote_are_a_quote_within_it():
    text = "“I told him \"no way\" and then I left the room,” Mary Jones said."
    assert quotes(text) == ['I told him "no way" and then I left the room,']


def test_decades_and_plural_possessives_are_apostrophes():
    assert quotes("In the '90s the country grew and the workers' unions held power.") == []


def test_long_unclosed_quotes_take_linear_time():
    import time

    text = 'Er sagte "hallo und mehr Worte hier\n\n' * 40_000
    started = time.perf_counter()
    assert quotes(text) == []
    assert time.perf_counter() - started < 5
