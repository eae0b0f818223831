"""judge_line: each kind of page furniture goes, story sentences with the same words stay."""

from __future__ import annotations

import time

import pytest

from newsweave.clean.furniture import judge_line


@pytest.mark.parametrize(
    "line",
    [
        # advertisement markers
        "ADVERTISEMENT",
        "Advertisement - Continue Reading Below",
        "Anzeige",
        "*Werbung. Dieser Beitrag enthält Werbung für eine Marke.",
        # read-more and related-stories labels standing alone
        "Read more",
        "Mehr zum Thema",
        "Lesen Sie auch:",
        "Weitere Themen",
        "NOTAS RELACIONADAS",
        "Czytaj też",
        # newsletter, follow and subscription prompts
        "Sign up for our daily newsletter",
        "Zum Newsletter anmelden",
        "Mit unserem Newsletter erhalten Sie monatlich alle Neuigkeiten",
        "Follow us on Twitter",
        "Follow The Gleaner on Twitter and Instagram @Gleaner",
        "Síguenos en Telegram, Instagram, Facebook y Twitter",
        "Never miss the latest news by signing up to our newsletter",
        "To view the full story, please subscribe to The Daily.",
        # share lines
        "Share",
        "Teilen mit:",
        "Share this article",
        # photo credits and captions ending in a credit
        "Photo: John Doe/AP",
        "Foto: dpa",
        "Bild: picture alliance / dpa",
        "Crédits photos : Bestimage",
        "AFP / MARCO BERTORELLO",
        "Getty Images",
        "The mayor at the opening of the bridge. Foto: Ingo Schneider",
        # copyright, dates and labels
        "© 2020 NYP Holdings, Inc. All Rights Reserved",
        "Alle Rechte vorbehalten.",
        "Aktualisiert am 12.03.2021",
        "23.10.2018",
        "Kategorie: News",
        # related-stories labels with a site or column name
        "Weitere Beiträge aus der Kolumne:",
        "Mehr zum Thema auf example.de",
        "Auch auf example.de",
        "Das Thema könnte dich auch interessieren:",
        "Lesen Sie auch die folgenden Beiträge:",
        "Vorschau auf den nächsten Artikel",
        "Next article",
        "Más sobre Economía",
        # credits in parentheses, after a colon, or ending a caption after "©"
        "(Credit: Jane Doe / Grist)",
        "(Image: Getty Images)",
        "Copyright: Jane Doe",
        "Ski star Marco Odermatt in Beijing. © AFP / Jane Doe",
        # comment, log-in, letters and support prompts; disclosures
        "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
        "Verraten Sie uns in den Kommentaren, was Sie davon halten!",
        "Let us know what you think in the comments below.",
        "You must be logged in to post a comment.",
        "Sie sind aktuell nicht eingeloggt.",
        "Submit a letter to the editor or write to letters@example.com.",
        "We want to hear what you think about this article.",
        "If you enjoyed reading this post, would you consider supporting our work?",
        "This post contains references to products from one or more of our advertisers.",
        "Stand: 2.02.2022 / Bei den Links handelt es sich um Affiliate Links",
    ],
)
def test_furniture_is_removed(line: str) -> None:
    assert judge_line(line).is_furniture


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the plan in the council's report, which was published on Monday.",
        "The newspaper's advertisement revenue fell by a third last year.",
        "Die Anzeige wurde am Montag bei der Polizei erstattet.",
        "Er zeigte mir das Bild: ein altes Haus am See.",
        "Lea: Ich denke, das stimmt so nicht.",
        "Mehr zum Thema Klimaschutz will die Regierung im Herbst vorlegen.",
        "Follow-up talks on the trade deal are due in Geneva next week.",
        "Users can share photos with friends, the company said.",
        "Foto-Ausstellung im Rathaus eröffnet",
        "Tell us more, she said, and he wrote two comments on the draft before the vote on Monday.",
        "The copyright of the song, he said, belonged to the band's first label until 1990 and beyond.",
        "Más sobre el tema, el ministro dijo que no habría cambios en el presupuesto.",
        'Watch "The Crown" on Sunday, she said.',
        "The company said it earns commissions on affiliate links, which critics call a conflict.",
        "Subscribers to the service will pay 5 euros more a month, the company said in a statement "
        "on Tuesday, adding that the price had not changed since 2019.",
    ],
)
def test_story_sentences_with_such_words_are_kept(line: str) -> None:
    assert not judge_line(line).is_furniture


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Also Read | Markets rally as inflation cools", "Markets rally as inflation cools"),
        ("Lesen Sie auch: Die Bahn streikt wieder", "Die Bahn streikt wieder"),
        ("Lea también: Impiden ingreso a Nicaragua a reportero", "Impiden ingreso a Nicaragua a reportero"),
        ("À lire aussi : Le gouvernement recule", "Le gouvernement recule"),
        ("Schon gelesen? Luftwaffe beginnt Training", "Luftwaffe beginnt Training"),
        ("À lire aussi » Le gouvernement recule", "Le gouvernement recule"),
        ("Lesen Sie hier: Spielabbruch in der Kreisliga", "Spielabbruch in der Kreisliga"),
        ("Dowiedz się więcej: Sejm głosuje w piątek", "Sejm głosuje w piątek"),
    ],
)
def test_teaser_gives_the_related_headline(line: str, headline: str) -> None:
    verdict = judge_line(line)
    assert verdict.is_furniture
    assert verdict.headline == headline


def test_a_long_story_sentence_after_a_teaser_label_is_kept() -> None:
    line = ("Watch: the senator said the bill, which passed on Monday after a long debate in the chamber, "
            "would change how schools are funded across the state for the next ten years and beyond.")
    assert not judge_line(line).is_furniture


def test_bracketed_teaser_lines_and_interest_prompts_are_furniture() -> None:
    assert judge_line("[How a wife’s suspicions of infidelity diverted an entire flight]").is_furniture
    assert judge_line(
        "Interested in Weather? Add Weather as an interest to stay up to date on the latest Weather news."
    ).is_furniture
    story = "[The mayor] said the plan would [not] pass this year, officials said."
    assert not judge_line(story).is_furniture


def test_flattened_newsletter_form_is_furniture() -> None:
    form = (
        "Get daily updates directly to your inbox + Subscribe Thank you for subscribing! "
        "Could not subscribe, try again later Invalid Email"
    )
    assert judge_line(form).is_furniture
    story = (
        "The company said it had sent an invalid email to customers by mistake on Monday, "
        "and that it regretted the error and would compensate everyone affected."
    )
    assert not judge_line(story).is_furniture


def test_a_line_of_many_slashes_is_judged_at_once() -> None:
    # The agency-credit pattern once backtracked exponentially here: 7 s for 12 slashes.
    for line in ("a / " * 80, "Berlin / Paris / " * 15 + "x", "Jane Doe / " * 25 + "AP / x"):
        start = time.perf_counter()
        judge_line(line.strip())
        assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Jane Doe / AP", True),
        ("dpa / Jane Doe / AFP", True),
        ("Jae C. Hong/AP", True),
        ("Berlin / Paris", False),
    ],
)
def test_agency_credits_after_slashes(line: str, furniture: bool) -> None:
    assert judge_line(line).is_furniture is furniture
