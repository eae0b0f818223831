"""Who is speaking: the subject of a cue verb, named, pronoun or noun phrase.

A speaker is named by the entity that covers the cue's subject, mapped to its
canonical name.  "He" and "she" are resolved to the most recent person in
subject position before them: the nearest named person is often the wrong one
("Putin has thanked Kim …, part of what he said" means Putin).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsweave.reading.entities import Mention
from newsweave.reading.vocabulary import PERSONAL_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECTS = ("nsubj", "nsubjpass")
_PHRASE_PARTS = ("det", "amod", "compound", "poss", "case", "nmod", "nummod", "prep", "pobj", "npadvmod")
_MAX_PHRASE_TOKENS = 8
_QUOTING = frozenset({"quote", "quotes", "quoted", "quoting"})
_SUBJECT_CLIMB = ("conj", "advcl", "xcomp", "pcomp", "prep")


class Speakers:
    """Names for the subjects of one document's cue verbs."""

    def __init__(self, doc: Doc, found: Sequence[Mention]) -> None:
        self.doc = doc
        self.by_token: dict[int, Mention] = {}
        for mention in found:
            for index in range(mention.first_token, mention.last_token + 1):
                self.by_token[index] = mention
        self._subjects = _person_subjects(doc, found)
        self._people = [(m.first_token, m) for m in found if m.label == "person"]
        self._genders = genders(doc, found)

    @staticmethod
    def name(mention: Mention) -> str:
        return mention.canonical or mention.text

    def of_cue(self, cue: Token) -> str | None:
        """The speaker of a cue verb, or None when no one is named."""
        subject = subject_of(cue)
        return None if subject is None else self.of_token(subject)

    def of_token(self, token: Token) -> str | None:
        """The name of the speaker that ``token`` heads."""
        mention = self._mention_in(token)
        if mention is not None:
            joined = [self.by_token[child.i] for child in token.children
                      if child.dep_ == "conj" and child.i in self.by_token]
            return " and ".join(self.name(item) for item in [mention, *joined])
        if token.lower_ in PERSONAL_PRONOUNS:
            return self.resolve_pronoun(token.i, "f" if token.lower_ == "she" else "m")
        if token.lower_ in _OTHER_PRONOUNS:
            return None
        return noun_phrase(token)

    def _mention_in(self, token: Token) -> Mention | None:
        """The entity the subject names: itself, or a named apposition ("a representative, Leslie Sloane")."""
        for descendant in token.subtree:
            if descendant.dep_ == "appos" and descendant.i in self.by_token \
                    and self.by_token[descendant.i].label == "person":
                return self.by_token[descendant.i]
        if token.i in self.by_token:
            return self.by_token[token.i]
        for child in token.children:
            if child.dep_ == "compound" and self.by_token.get(child.i, _NOBODY).label == "person":
                return self.by_token[child.i]
        return None

    def resolve_pronoun(self, position: int, gender: str | None = None) -> str | None:
        """The most recent person in subject position, else the nearest person named before.

        People whose pronouns the article shows to be the other gender are passed over.
        """
        for candidates in (self._subjects, self._people):
            for start, mention in reversed(candidates):
                if start < position and self._genders.get(self.name(mention), gender) == gender:
                    return self.name(mention)
        return None


_NOBODY = Mention("", "", 0, 0, 0, 0)
_OTHER_PRONOUNS = frozenset("i me we us you they them it this that who which what".split())


_MALE = frozenset("he him his himself mr mr. sir king prince father brother son husband".split())
_FEMALE = frozenset(
    "she her hers herself mrs mrs. ms ms. miss dame queen princess mother sister daughter wife".split())


def genders(doc: Doc, found: Sequence[Mention]) -> dict[str, str]:
    """Each person's gender as the article shows it: "m" or "f", by the pronouns and titles
    in sentences that name that person alone; people with no or mixed evidence are left out."""
    votes: dict[str, Counter[str]] = {}
    by_sentence: dict[int, set[str]] = {}
    for mention in found:
        if mention.label == "person":
            by_sentence.setdefault(doc[mention.first_token].sent.start, set()).add(Speakers.name(mention))
            before = doc[mention.first_token - 1].lower_ if mention.first_token else ""
            _vote(votes, Speakers.name(mention), before)
    for start, people in by_sentence.items():
        if len(people) == 1:
            (person,) = people
            for token in doc[start].sent:
                _vote(votes, person, token.lower_)
    return {person: counts.most_common(1)[0][0] for person, counts in votes.items()
            if len(counts) == 1 or counts.most_common(2)[0][1] >= 3 * counts.most_common(2)[1][1]}


def _vote(votes: dict[str, Counter[str]], person: str, word: str) -> None:
    gender = "m" if word in _MALE else "f" if word in _FEMALE else None
    if gender is not None:
        votes.setdefault(person, Counter())[gender] += 1


def _person_subjects(doc: Doc, found: Sequence[Mention]) -> list[tuple[int, Mention]]:
    subjects = []
    for mention in found:
        if mention.label != "person":
            continue
        tokens = doc[mention.first_token:mention.last_token + 1]
        if any(token.dep_ in SUBJECTS for token in tokens):
            subjects.append((mention.first_token, mention))
    return subjects


def subject_of(cue: Token) -> Token | None:
    """The token naming who speaks through ``cue``.

    "according to X" gives X; "X was quoted as saying" climbs from "saying" to
    "quoted"; a participle or a second verb without its own subject ("…,
    describing them as", "and said") takes the subject of the verb it hangs on.
    """
    if cue.lower_ == "according":
        return next((grand for child in cue.children if child.lower_ == "to"
                     for grand in child.children if grand.dep_ == "pobj"), None)
    if cue.lower_ in _QUOTING and not any(child.dep_ in ("nsubjpass", "auxpass") for child in cue.children):
        quoted = next((child for child in cue.children if child.dep_ == "dobj"), None)
        if quoted is not None:
            return quoted
    verb = cue
    for _ in range(4):
        subject = next((child for child in verb.children if child.dep_ in SUBJECTS), None)
        if subject is not None:
            return subject
        if verb.dep_ not in _SUBJECT_CLIMB or verb.head is verb:
            return None
        verb = verb.head
    return None


def noun_phrase(token: Token) -> str:
    """A common-noun speaker as written: "a spokesperson for the company"."""
    keep = [token]
    for child in token.children:
        if child.dep_ in _PHRASE_PARTS:
            keep.extend(child.subtree)
    keep = [t for t in keep if not t.is_space]
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    if end - start > _MAX_PHRASE_TOKENS:
        start = max(start, token.i - _MAX_PHRASE_TOKENS + 1)
        end = token.i + 1
    return token.doc[start:end].text.strip(" ,;:")
