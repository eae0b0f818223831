"""mark_furniture: which blocks of a page's markup are marked for trafilatura to prune."""

from __future__ import annotations

from lxml import html as lxml_html

from newsweave.readers.prune import (
    MAX_BLOCK_PARAGRAPHS,
    MAX_CAPTION_CHARS,
    MAX_CAPTIONS,
    PRUNE_MARK,
    PRUNE_XPATH,
    mark_furniture,
    marked_texts,
)

STORY = (
    "<p>The city council voted on Tuesday to rebuild the old harbour bridge, ending a debate "
    "that had divided residents for more than a decade.</p>"
    "<p>Engineers say the new bridge will carry twice the traffic of the current one.</p>"
)


def tree_of(body: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><body>{body}</body></html>")


def marked_classes(tree: lxml_html.HtmlElement) -> list[str | None]:
    return [element.get("class") for element in tree.xpath(PRUNE_XPATH)]


def test_a_figcaption_is_marked_and_the_story_is_not() -> None:
    tree = tree_of(f"<article>{STORY}<figure><img src='a.jpg'><figcaption>The bridge at dusk. "
                   "Photo: Jane Doe</figcaption></figure></article>")
    assert mark_furniture(tree) == 1
    assert tree.xpath(f"//figcaption[@{PRUNE_MARK}]")
    assert not tree.xpath(f"//p[@{PRUNE_MARK}]")
    assert marked_texts(tree) == ["The bridge at dusk. Photo: Jane Doe"]


def test_gallery_pages_keep_their_captions() -> None:
    slides = "".join(f"<figure><img src='{i}.jpg'><figcaption>Slide {i} of the gallery</figcaption></figure>"
                     for i in range(MAX_CAPTIONS + 1))
    tree = tree_of(slides)
    assert mark_furniture(tree) == 0
    few = tree_of("".join(f"<figure><figcaption>{i}</figcaption></figure>" for i in range(MAX_CAPTIONS)))
    assert mark_furniture(few) == MAX_CAPTIONS


def test_a_long_caption_block_is_a_lead_and_is_kept() -> None:
    lead = "word " * (MAX_CAPTION_CHARS // 5 + 10)
    tree = tree_of(f"<div class='caption'>{lead}</div><div class='image-caption'>Short credit</div>")
    assert marked_classes(tree) == [] and mark_furniture(tree) == 1
    assert marked_classes(tree) == ["image-caption"]


def test_class_and_id_words_name_furniture_kinds() -> None:
    tree = tree_of(
        "<div class='related_links'><a>Other story</a></div>"
        "<aside id='newsletter-signup'><p>Get the briefing</p></aside>"
        "<div class='td-social-share'><a>Share</a></div>"
        "<div class='author-bio'><p>Jane writes about cities.</p></div>"
        "<div class='ad-slot'>Advertisement</div>"
    )
    assert mark_furniture(tree) == 5


def test_class_words_match_whole_words_only() -> None:
    """"shared", "unrelated" or "creditcard" name no furniture kind."""
    tree = tree_of(
        "<div class='shared-content'><p>Story text</p></div>"
        "<div class='unrelated'><p>More story text</p></div>"
        "<div class='creditcard-offers'><p>Text</p></div>"
        "<div class='promotional'><p>Text</p></div>"
    )
    assert mark_furniture(tree) == 0


def test_long_blocks_many_paragraphs_or_the_headline_are_kept() -> None:
    """The guard: a story container whose class happens to name a furniture kind stays."""
    many = "".join(f"<p>Paragraph {i}.</p>" for i in range(MAX_BLOCK_PARAGRAPHS + 1))
    tree = tree_of(
        f"<div class='story social-enabled'>{STORY * 10}</div>"
        f"<div class='related'>{many}</div>"
        "<div class='promo'><h1>Council backs bridge</h1><p>Short</p></div>"
        "<div class='promo'><p>Win a trip</p></div>"
    )
    assert mark_furniture(tree) == 1
    assert [text for text in marked_texts(tree)] == ["Win a trip"]


def test_blocks_inside_a_marked_block_are_not_marked_again() -> None:
    tree = tree_of("<div class='related'><ul class='related-list'><li class='promo'>A</li></ul></div>")
    assert mark_furniture(tree) == 1
    assert marked_classes(tree) == ["related"]


def test_other_tags_are_never_marked() -> None:
    tree = tree_of("<table class='share'><tr><td>Cell</td></tr></table><h2 class='related'>Heading</h2>")
    assert mark_furniture(tree) == 0
