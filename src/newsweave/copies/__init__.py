"""The copy stage: exact, near-duplicate and syndicated articles, as they arrive.

Each new article is fingerprinted (shingles, MinHash band keys), its candidates
are looked up in the band index (sublinear: one binary search per band), and each
candidate is verified on the exact shingle sets.  Verified copies join one group
whose original is the earliest published member, else the first seen; a group is
one independent source.  An article that links two groups merges them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.copies.index import BandIndex
from newsweave.copies.shingles import LEAD_WORDS, SHINGLE_WORDS, shingle_hashes, shingle_set, words
from newsweave.copies.signature import BANDS, Keys
from newsweave.copies.storage import CopyStore, Link, Member
from newsweave.copies.verify import MIN_WORDS, Match, compare
from newsweave.model import Article
from newsweave.store import Store

__all__ = [
    "MIN_WORDS", "CopyGroup", "CopyStage", "Fingerprint", "GroupMember", "Link", "Match", "compare",
    "copy_groups", "fingerprint",
]

SHINGLE_CACHE = 4096


@dataclass(frozen=True)
class Fingerprint:
    """What copy detection keeps of a text: its shingle set and its band keys."""

    shingles: np.ndarray
    keys: Keys


def fingerprint(text: str) -> Fingerprint | None:
    """The fingerprint of an article's cleaned text; None below ``MIN_WORDS`` words."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    hashes = shingle_hashes(tokens)
    lead = shingle_set(hashes[: LEAD_WORDS - SHINGLE_WORDS + 1])
    shingles = shingle_set(hashes)
    return Fingerprint(shingles, Keys.of(shingles, lead))


def text_shingles(text: str) -> np.ndarray | None:
    """Only the shingle set of a text (what verification needs), None below ``MIN_WORDS``."""
    tokens = words(text)
    return shingle_set(shingle_hashes(tokens)) if len(tokens) >= MIN_WORDS else None


class CopyStage:
    """Finds and stores the copy links of new articles against everything stored."""

    def __init__(self, store: Store) -> None:
        self.records = CopyStore(store)
        self.index = BandIndex(BANDS)
        self._shingles: OrderedDict[int, np.ndarray] = OrderedDict()
        self._foreseen: dict[str, Fingerprint | None] = {}
        self._rebuild()

    def _rebuild(self) -> None:
        """Load the index from the stored band keys: no text is re-read."""
        rows = list(self.records.all_keys())
        if rows:
            numbers = np.array([seq for seq, _ in rows], dtype=np.uint32)
            keys = np.frombuffer(b"".join(blob for _, blob in rows), dtype="<u4").reshape(len(rows), BANDS)
            self.index.add_many(numbers, keys.astype(np.uint32))

    def memory_per_article(self) -> float:
        """Bytes of index memory per indexed article."""
        return self.index.memory_bytes() / max(len(self.index), 1)

    def process(self, new: Iterable[tuple[int, Article]]) -> list[Link]:
        """Check new ``(seq, article)`` pairs in arrival order; store and return their links."""
        links: list[Link] = []
        saved = []
        for seq, article in new:
            found = self._fingerprint(article)
            if found is None:
                continue
            matches = self._verified(found, self.index.query(found.keys.values))
            self.index.add(seq, found.keys.values)
            self._remember(seq, found.shingles)
            saved.append((seq, found.keys.to_bytes()))
            if matches:
                me = Member(seq, article.id or "", article.published, None)
                links.extend(self._link(me, found, matches))
        self.records.save_keys(saved)
        return links

    def likely_copies(self, articles: Sequence[Article], earlier: Sequence[Article] = ()) -> set[str]:
        """Ids of ``articles`` that are copies of a stored article, of ``earlier`` ones or of each other.

        Found before the chunk is stored, so that story placement need not
        embed them: a copy joins its original's story, and embedding costs
        more than anything else per article.  The same fingerprints, index
        and verification as ``process``, so the answer is what ``process``
        will find (a miss costs only an embedding made later).  The
        fingerprints are kept for ``process`` to reuse.
        """
        wanted = {a.id for a in (*earlier, *articles)}
        self._foreseen = {key: found for key, found in self._foreseen.items() if key in wanted}
        arriving: list[np.ndarray] = []
        nearby = BandIndex(BANDS)
        for article in earlier:
            self._note_arriving(self._fingerprint(article, keep=True), arriving, nearby)
        likely = set()
        for article in articles:
            found = self._fingerprint(article, keep=True)
            if found is None:
                continue
            stored = self.index.query(found.keys.values)
            if any(compare(found.shingles, arriving[n]) for n in nearby.query(found.keys.values)) or (
                self._verified(found, stored)
            ):
                likely.add(article.id or "")
            self._note_arriving(found, arriving, nearby)
        return likely

    @staticmethod
    def _note_arriving(found: Fingerprint | None, arriving: list[np.ndarray], nearby: BandIndex) -> None:
        if found is not None:
            nearby.add(len(arriving), found.keys.values)
            arriving.append(found.shingles)

    def _fingerprint(self, article: Article, keep: bool = False) -> Fingerprint | None:
        """The article's fingerprint, computed once whether foreseen first or not."""
        key = article.id or ""
        if key in self._foreseen:
            return self._foreseen[key] if keep else self._foreseen.pop(key)
        found = fingerprint(article.text)
        if keep:
            self._foreseen[key] = found
        return found

    def _verified(self, found: Fingerprint, candidates: set[int]) -> dict[int, Match]:
        matches = {}
        for seq in candidates:
            other = self._shingles_of(seq)
            match = compare(found.shingles, other) if other is not None else None
            if match is not None:
                matches[seq] = match
        return matches

    def _link(self, me: Member, found: Fingerprint, matches: dict[int, Match]) -> list[Link]:
        members = {member.seq: member for member in self.records.members(matches)}
        originals = {m.group: self.records.member_by_id(m.group) for m in members.values()}
        winner = min([*filter(None, originals.values()), me], key=Member.seniority)
        best_seq = max(matches, key=lambda seq: (matches[seq].jaccard, matches[seq].containment, -seq))
        best = matches[best_seq]
        links = []
        for original in filter(None, originals.values()):
            if original.id != winner.id:
                self.records.move_group(original.id, winner.id)
                links.append(self._demoted(original, winner, me, found, matches, best_seq))
        if winner.id != me.id:
            links.append(Link(me.id, winner.id, best.kind, best.jaccard, best.containment,
                              members[best_seq].id))
        for link in links:
            self.records.save_link(link)
        return links

    def _demoted(
        self, original: Member, winner: Member, me: Member, found: Fingerprint,
        matches: dict[int, Match], best_seq: int,
    ) -> Link:
        """The link of a group's former original to the new one, with the best evidence at hand."""
        mine = found.shingles if winner.id == me.id else self._shingles_of(winner.seq)
        theirs = self._shingles_of(original.seq)
        direct = compare(theirs, mine) if theirs is not None and mine is not None else None
        if direct is not None:
            return Link(original.id, winner.id, direct.kind, direct.jaccard, direct.containment, winner.id)
        via = matches.get(original.seq) or matches[best_seq]
        return Link(original.id, winner.id, via.kind, via.jaccard, via.containment, me.id)

    def _shingles_of(self, seq: int) -> np.ndarray | None:
        cached = self._shingles.get(seq)
        if cached is not None:
            self._shingles.move_to_end(seq)
            return cached
        text = self.records.text(seq)
        shingles = text_shingles(text) if text else None
        if shingles is not None:
            self._remember(seq, shingles)
        return shingles

    def _remember(self, seq: int, shingles: np.ndarray) -> None:
        self._shingles[seq] = shingles
        if len(self._shingles) > SHINGLE_CACHE:
            self._shingles.popitem(last=False)


@dataclass(frozen=True)
class GroupMember:
    """One article of a copy group, with the evidence of its link."""

    id: str
    source: str | None
    published: str | None
    title: str | None
    kind: str | None
    similarity: float | None
    containment: float | None
    match: str | None


@dataclass(frozen=True)
class CopyGroup:
    """One independent source: an original and its copies."""

    original: str
    members: list[GroupMember]

    @property
    def outlets(self) -> list[str]:
        return sorted({m.source for m in self.members if m.source})

    @property
    def first_published(self) -> str | None:
        return min((m.published for m in self.members if m.published), default=None)

    @property
    def last_published(self) -> str | None:
        return max((m.published for m in self.members if m.published), default=None)

    def to_dict(self) -> dict:
        return {
            "original": self.original,
            "articles": len(self.members),
            "outlets": self.outlets,
            "first_published": self.first_published,
            "last_published": self.last_published,
            "members": [vars(member) for member in self.members],
        }


def copy_groups(store: Store) -> list[CopyGroup]:
    """Every group of two or more copies, largest first."""
    groups = [
        CopyGroup(original, [GroupMember(*row) for row in rows])
        for original, rows in CopyStore(store).groups()
    ]
    return sorted(
        groups, key=lambda group: (-len(group.members), group.first_published or "", group.original)
    )
