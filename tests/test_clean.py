from newsweave.clean import LineStats, clean_article
from newsweave.clean.recurring import MIN_ARTICLES, article_line_keys
from newsweave.model import Article
from newsweave.readers.text import parse_text
from support import EXAMPLE_A, EXAMPLE_B, gold


def cleaned_example(path) -> Article:
    return clean_article(parse_text(path.read_text(encoding="utf-8"), origin=str(path)))


def test_example_a_furniture_removed_and_kept_on_record():
    article = cleaned_example(EXAMPLE_A)
    expected = gold()["articles"]["A"]["boilerplate_lines"]
    assert article.removed_lines == expected
    assert article.related_headlines == [line.split("|", 1)[1].strip() for line in expected]
    assert "Also Read" not in article.text


def test_example_a_subheading_separated_and_not_a_sentence():
    article = cleaned_example(EXAMPLE_A)
    heading = gold()["articles"]["A"]["glued_subheading"]
    assert article.subheadings == [heading]
    assert f"\n\n{heading}\n\nPutin\u2019s visit comes amid" in article.text
    assert heading not in article.sentence_texts()


def test_example_b_keeps_everything_and_detects_english():
    article = cleaned_example(EXAMPLE_B)
    assert article.removed_lines == []
    assert article.language == "en"
    assert article.text.startswith("North Korean leader Kim Jong Un has affirmed")
    assert article.sentence_texts()[0].endswith("in Pyongyang.")


def test_display_text_keeps_curly_quotes():
    article = cleaned_example(EXAMPLE_A)
    assert "Putin has thanked Kim for North Korea\u2019s support" in article.text


def test_repeated_title_line_is_dropped():
    raw = Article(title="Big News Today", text="Section\nBig News Today\nThe body sentence.")
    article = clean_article(raw)
    assert article.text == "Section\n\nThe body sentence."
    assert article.removed_lines == ["Big News Today"]


def test_declared_language_is_normalised():
    assert clean_article(Article(text="Hallo Welt.", language="de_DE")).language == "de"


def test_learned_furniture_removed_for_its_source_only():
    prompt = "Catch our daily podcast every weekday morning"
    stats = LineStats()
    for _ in range(MIN_ARTICLES):
        stats.add("example.com", article_line_keys([prompt]))
    text = f"The council voted on Monday.\nThe mayor objected strongly.\n{prompt}"
    assert prompt not in clean_article(Article(text=text, source="example.com"), stats).text
    assert prompt in clean_article(Article(text=text, source="other.org"), stats).text


def test_cleaning_is_idempotent_on_the_examples():
    for path in (EXAMPLE_A, EXAMPLE_B):
        once = cleaned_example(path)
        twice = clean_article(Article(text=once.text, title=once.title))
        assert twice.text == once.text


def test_every_repeat_of_the_title_among_the_first_lines_is_dropped():
    raw = Article(title="Big News Today", text="Big News Today\nBig News Today\nThe body sentence.")
    article = clean_article(raw)
    assert article.text == "The body sentence."
    assert clean_article(Article(text=article.text, title=article.title)).text == article.text


def test_every_glued_heading_is_split_and_the_rest_judged_alone():
    text = "Economic Impact Market Reaction The article was originally published on Monday by the agency."
    article = clean_article(Article(text=f"{text}\nThe body sentence."))
    assert article.subheadings == ["Economic Impact Market Reaction"]
    assert article.removed_lines == ["The article was originally published on Monday by the agency."]
    doubled = clean_article(Article(text="Economic Impact Economic Impact The deal will be signed soon."))
    assert doubled.subheadings == ["Economic Impact", "Economic Impact"]
    assert doubled.text.endswith("\n\nThe deal will be signed soon.")


def test_a_title_given_over_two_lines_is_one_line():
    article = clean_article(Article(title="Big News\nToday", text="The body sentence."))
    assert article.title == "Big News Today"
