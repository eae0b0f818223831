"""Named entities from spaCy's spans, cleaned, labelled and given canonical names.

The small English model's spans need a little repair before people can rely on
them: a possessive inside the span ("North Korea's"), a span running over a line
break, a name cut before its last word ("Choe Son" of "Choe Son Hui"), and
buildings labelled as organisations.  Canonical names follow the newsroom
convention of naming someone in full first and by surname after.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsweave.reading.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

LABELS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "other", "EVENT": "other", "LAW": "other", "PRODUCT": "other",
    "WORK_OF_ART": "other", "LANGUAGE": "other",
}
PLACE_WORDS = frozenset(
    "house palace square airport hotel stadium arena bridge station street avenue park".split()
)
_POSSESSIVES = ("'s", "’s", "'", "’")
_STRIP = " \t\r\n.,;:!?\"'“”‘’()[]"
_CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today yesterday tomorrow""".split()
)
_ARTICLES = ("the ", "The ")
# Capitalised words that come before a surname without being a first name.
NOT_FIRST_NAMES = frozenset(
    """The A An And But Or So Then When While After Before As If In On At For From With By Of To Not
    Mr Mrs Ms Miss Dr Prof Sir Dame Lord Lady Rev Saint St President Minister Senator Sen Rep
    Representative Governor Gov Mayor Judge Justice General Gen Colonel Col Captain Capt Officer
    Sgt Sergeant Detective Chief Coach Director Secretary Chancellor King Queen Prince Princess Pope
    Father Sister Brother Mother Uncle Aunt Professor Doctor Agent Deputy Speaker Leader Chairman CEO
    Said Says Told Asked Added According Former Late Young Old New Lt Cmdr Adm Sheriff Trooper
    Meanwhile However Also Still Now Earlier Later Instead Yet Why How What Who Where Here There""".split()
)


@dataclass(frozen=True)
class Mention:
    """One entity mention: its cleaned text, label, canonical name and character and token spans."""

    text: str
    label: str
    start: int
    end: int
    first_token: int
    last_token: int
    canonical: str = ""


def mentions(doc: Doc) -> list[Mention]:
    """The entity mentions of ``doc`` worth showing, in text order."""
    found = []
    for span in doc.ents:
        label = LABELS.get(span.label_)
        if label is None:
            continue
        mention = _clean(_extend_name(span) if label == "person" else span, label)
        if mention is not None:
            found.append(mention)
    return found


def _extend_name(span: Span) -> Span:
    """Add a capitalised word that the name's last word hangs on ("Choe Son" + "Hui")."""
    doc = span.doc
    end = span.end
    while end < len(doc) and span[-1].head.i == end and doc[end].is_title and not doc[end].ent_type_:
        end += 1
    return doc[span.start:end]


def _clean(span: Span, label: str) -> Mention | None:
    text = span.text
    start = span.start_char
    cut = min((index for index in (text.find("\n"), text.find("\r")) if index >= 0), default=-1)
    if cut >= 0:
        text = text[:cut]
    for possessive in _POSSESSIVES:
        if text.endswith(possessive) and len(text) > len(possessive) + 1:
            text = text[: -len(possessive)]
            break
    stripped = text.lstrip(_STRIP)
    start += len(text) - len(stripped)
    text = stripped.rstrip(_STRIP)
    for article in _ARTICLES:
        if text.startswith(article):
            text, start = text[len(article):], start + len(article)
    if not _looks_like_name(text):
        return None
    if label == "organization" and text.split()[-1].lower() in PLACE_WORDS:
        label = "place"
    return Mention(text, label, start, start + len(text), span.start, span.end - 1, text)


def _looks_like_name(text: str) -> bool:
    return len(text) > 1 and any(char.isupper() for char in text) and any(char.isalpha() for char in text)


def canonical_names(names: Iterable[str]) -> dict[str, str]:
    """Map each person's name to the first full name that contains all its words.

    ``names`` come in order of first mention.  "Kim" maps to "Kim Jong Un" when
    he is named first, not to "Kim Yo Jong" named later; a name with no longer
    form maps to itself.
    """
    ordered = list(dict.fromkeys(names))
    words = {name: name.split() for name in ordered}
    mapping = {}
    for name in ordered:
        mapping[name] = next(
            (full for full in ordered
             if len(words[full]) > len(words[name]) and _contains_words(words[full], words[name])),
            name,
        )
    return mapping


def _contains_words(full: Sequence[str], short: Sequence[str]) -> bool:
    return all(word in full for word in short)


def with_canonical_names(found: Sequence[Mention], title: str | None, doc: Doc) -> list[Mention]:
    """The mentions with canonical names, and surnames the model took for organisations relabelled.

    A person's short name maps to the article's first full name containing it,
    or to a name in the title ("Felipe Massa retires" names "Massa").  A
    one-word organisation that is a person's surname ("Trouteaud" of "Alex
    Trouteaud") is that person; other organisations map to their longer form
    ("Goldman" -> "Goldman Sachs").
    """
    people = [m.text for m in found if m.label == "person"]
    not_people = {word for m in found if m.label != "person" for word in m.text.split()}
    full_people = [name for name in people if len(name.split()) > 1] + title_names(title, people, not_people)
    full_people += text_names(doc, [name for name in people if not _has_full(name, full_people)])
    people_map = canonical_names([*full_people, *people])
    organisations = canonical_names(m.text for m in found if m.label == "organization")
    resolved = []
    for mention in found:
        if mention.label == "person":
            mention = replace(mention, canonical=people_map.get(mention.text, mention.text))
        elif mention.label == "organization":
            as_person = _first_containing(mention.text, full_people) if " " not in mention.text else None
            if as_person is not None:
                mention = replace(mention, label="person", canonical=as_person)
            else:
                mention = replace(mention, canonical=organisations.get(mention.text, mention.text))
        resolved.append(mention)
    return resolved


def _first_containing(name: str, full_names: Sequence[str]) -> str | None:
    words = name.split()
    return next((full for full in full_names
                 if len(full.split()) > len(words) and _contains_words(full.split(), words)), None)


def _has_full(name: str, full_names: Sequence[str]) -> bool:
    return _first_containing(name, full_names) is not None


def text_names(doc: Doc, surnames: Sequence[str]) -> list[str]:
    """First-and-last names the model missed: "Shane Perry, a minister" for "Perry".

    The first name must be a capitalised word the parse attaches to the surname
    as part of one name, not a word that merely precedes it ("On Monday Smith").
    """
    wanted = {name for name in surnames if " " not in name}
    found: dict[str, str] = {}
    for token in doc[1:]:
        if token.text not in wanted or token.text in found:
            continue
        first = doc[token.i - 1]
        if first.dep_ == "compound" and first.head.i == token.i and _could_be_first_name(first.text) \
                and first.ent_type_ in ("", "PERSON"):
            found[token.text] = f"{first.text} {token.text}"
    return list(found.values())


def _could_be_first_name(word: str) -> bool:
    return word.istitle() and word.isalpha() and word not in NOT_FIRST_NAMES \
        and word.lower() not in _CALENDAR_WORDS


def title_names(title: str | None, people: Sequence[str], not_people: set[str] = frozenset()) -> list[str]:
    """Full names in the title for people the text names by one word only."""
    if not title:
        return []
    words = title.replace("’s", "").replace("'s", "").split()
    found = []
    for name in {person for person in people if len(person.split()) == 1}:
        for index, word in enumerate(words):
            if word.strip(_STRIP) == name and index > 0 and _could_be_first_name(words[index - 1]) \
                    and words[index - 1] not in not_people:
                found.append(f"{words[index - 1]} {name}")
                break
    return found


def entities(found: Sequence[Mention]) -> list[Entity]:
    """Group mentions by name and label, in order of first mention."""
    grouped: dict[tuple[str, str], list[Mention]] = {}
    for mention in found:
        grouped.setdefault((mention.text, mention.label), []).append(mention)
    return [
        Entity(text, label, group[0].canonical or text, tuple((m.start, m.end) for m in group))
        for (text, label), group in grouped.items()
    ]
