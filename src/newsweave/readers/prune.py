"""HTML-level furniture pruning: mark the blocks trafilatura should not read.

trafilatura already drops much of a page's chrome by class names, but captions,
photo credits, author boxes, "also read" and newsletter boxes often survive,
above all when its fallback extractors take over.  ``mark_furniture`` tags such
blocks with an attribute and ``PRUNE_XPATH`` (trafilatura's ``prune_xpath``)
removes them.  trafilatura prunes after reading the metadata, so a byline block
still gives the author and date.

Blocks are recognised by markup, never by words:

* a ``figcaption`` (a photo caption or credit), except on gallery pages whose
  many captions are the story itself;
* an element whose ``class`` or ``id`` names a furniture kind as a whole word
  (``article-caption``, ``related_links``, ``td-social-share``).

A guard keeps anything long, with many paragraphs or holding the headline, so a
class on the story's own container (``"story social-enabled"``) never costs the story.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

PRUNE_MARK = "data-newsweave-prune"
PRUNE_XPATH = f"//*[@{PRUNE_MARK}]"

# Furniture kinds as words of a class or id (split at spaces, "-" and "_").
# Not "read-more" or "teaser": sites use them for the collapsed story text and its lead.
_FURNITURE_NAME = re.compile(
    r"(?:^|[\s_-])(?:"
    r"(?:wp-|image-?|photo-?|img-?|media-?|item-?)?captions?(?:-?text)?|credits?|photo-?credits?|copyright|"
    r"bylines?|author-?(?:bio|box|info|card|details)|about-?(?:the-?)?author|"
    r"newsletters?|newsletter-?signup|subscribe|subscription|signup|paywall|"
    r"related|related-?(?:articles?|stories|posts?|links?|content|news)|also-?read|read-?also|"
    r"more-?(?:stories|articles)|recommended|recommendations?|promo|"
    r"share|sharing|sharebar|share-?(?:bar|buttons?|tools|links?)|social|social-?(?:bar|buttons?|share)|"
    r"follow-?us|adverts?|advertisement|ad-?(?:slot|container|wrapper|unit)|sponsored"
    r")(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    {"div", "section", "aside", "ul", "ol", "li", "p", "span", "small", "figure", "figcaption", "footer"}
)

# Furniture blocks are short; larger ones, or ones holding the headline, are kept.
MAX_BLOCK_CHARS = 1200
MAX_BLOCK_PARAGRAPHS = 4
# A page with more captions than this is a gallery: its captions tell the story.
MAX_CAPTIONS = 5
# A caption runs a sentence or two; a longer "caption" block is a lead or teaser text.
MAX_CAPTION_CHARS = 250


def mark_furniture(tree: HtmlElement) -> int:
    """Mark furniture blocks of ``tree`` with PRUNE_MARK; return how many."""
    captions = tree.xpath("//figcaption")
    gallery = len(captions) > MAX_CAPTIONS
    marked = 0
    for element in tree.iter(*_BLOCK_TAGS):
        if element.get(PRUNE_MARK) is not None or any(a.get(PRUNE_MARK) is not None
                                                       for a in element.iterancestors()):
            continue
        if _is_furniture(element, gallery) and _is_small(element, _is_caption(element)):
            element.set(PRUNE_MARK, "")
            marked += 1
    return marked


def marked_texts(tree: HtmlElement) -> list[str]:
    """The text of every marked block, in single spaces (blocks without text left out)."""
    texts = (" ".join(element.text_content().split()) for element in tree.xpath(PRUNE_XPATH))
    return [text for text in texts if text]


def _is_caption(element: HtmlElement) -> bool:
    return element.tag == "figcaption" or "caption" in _names(element).lower()


def _names(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _is_furniture(element: HtmlElement, gallery: bool) -> bool:
    if _is_caption(element):
        return not gallery
    return bool(_FURNITURE_NAME.search(_names(element)))


def _is_small(element: HtmlElement, caption: bool) -> bool:
    """The guard: no headline, few paragraphs, little text (less still for a caption)."""
    if element.find(".//h1") is not None:
        return False
    if sum(1 for _ in element.iter("p")) > MAX_BLOCK_PARAGRAPHS:
        return False
    limit = MAX_CAPTION_CHARS if caption else MAX_BLOCK_CHARS
    return len(" ".join(element.text_content().split())) <= limit
