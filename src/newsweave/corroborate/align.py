"""Claim groups: claims of different articles that state the same fact, and their verdicts.

Each claim is compared with every claim of the other articles through its
text and its facts (quoted and reported words, second predicates), keeping the
best pair of pieces.  Pairs at or above the threshold join greedily, strongest
first.  A group takes a second claim of one article only when the two claims
say nearly the same words, and a loose link never joins claims that
disagree, so a chain of matches cannot pull different facts together.

A group is **corroborated** when two or more
independent sources (a copy group or an outlet counts once) state it and none
disagrees, **conflicting** when two of its claims disagree on numbers, dates or
a denial, and **single-source** otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from newsweave.corroborate.agreement import disagreement
from newsweave.corroborate.model import ClaimGroup, Conflict, SourcedClaim
from newsweave.corroborate.similarity import PieceSpace
from newsweave.reading.claims import MIN_CLAIM_WORDS
from newsweave.reading.marks import MARKS, SINGLE
from newsweave.reading.model import Claim, Reading

SAME_FACT = 0.5
# Saying that sources disagree is a strong statement: the two claims must be
# closer than for agreeing.
CONFLICTING_FACT = 0.7
EVIDENCE_SHARE = 0.85
# Claims this close say the same words: they join even when the group already
# holds a claim of the same article (an article that repeats itself).
SAME_WORDS = 0.75
BLOCK_PIECES = 1024


@dataclass(frozen=True)
class Source:
    """One article as corroboration sees it: who published it and its reading."""

    article: str
    source: str
    outlet: str | None
    published: str | None
    reading: Reading


def corroborate(sources: Sequence[Source], threshold: float = SAME_FACT) -> list[ClaimGroup]:
    """Group the claims of ``sources`` by fact and give each group its verdict."""
    claims = [SourcedClaim(item.article, index, claim, item.source, item.outlet, item.published)
              for item in sources for index, claim in enumerate(item.reading.claims)]
    if not claims:
        return []
    scores = ClaimScores(claims)
    groups = _join(claims, scores, threshold)
    roots = sorted(groups.members, key=lambda root: min(groups.members[root]))
    return [_verdict(root, groups, claims, scores) for root in roots]


def pieces(claim: Claim) -> list[str]:
    """What of a claim can match another: its text and its facts."""
    return [claim.text] + [fact for fact in claim.facts if fact != claim.text]


def _without_quotes(claim: Claim) -> str:
    text = claim.text
    for fact in claim.facts:
        at = text.find(fact)
        if at > 0 and text[at - 1] in MARKS + SINGLE:
            text = text[:at - 1] + " " + text[at + len(fact) + 1:]
    return " ".join(text.split())


class ClaimScores:
    """The best similarity between any piece of one claim and any piece of another.

    Computed a block of claims at a time from the pieces' embeddings and words,
    so memory grows with the claims, not with the square of the pieces.  Each
    claim also gets its text without the words it quotes, not for scoring
    (alone it is often a bare attribution, "Putin said") but as the evidence to
    show when it matches nearly as well: then a quote's words are not counted as
    shared when only the sentence around them is ("Putin has thanked Kim …, part
    of what he said was a “…”").  ``by_claim`` is zero between claims of one
    article; ``between`` gives their similarity.
    """

    def __init__(self, claims: Sequence[SourcedClaim]) -> None:
        texts: list[str] = []
        self.ranges: list[tuple[int, int]] = []
        self.unquoted: dict[int, int] = {}
        scoring: list[bool] = []
        for number, item in enumerate(claims):
            start = len(texts)
            own = pieces(item.claim)
            texts.extend(own)
            scoring.extend([True] * len(own))
            unquoted = _without_quotes(item.claim)
            if unquoted != item.claim.text and len(unquoted.split()) >= MIN_CLAIM_WORDS:
                self.unquoted[number] = len(texts)
                texts.append(unquoted)
                scoring.append(False)
            self.ranges.append((start, len(texts)))
        self.pieces = texts
        self.space = PieceSpace(texts)
        self.scoring = np.array(scoring)
        self.by_claim = self._by_claim()
        articles = np.array([item.article for item in claims])
        self.by_claim[articles[:, None] == articles[None, :]] = 0.0

    def _by_claim(self) -> np.ndarray:
        starts = np.array([start for start, _ in self.ranges])
        scored_columns = np.flatnonzero(self.scoring)
        result = np.zeros((len(self.ranges), len(self.ranges)), dtype=np.float32)
        first = 0
        while first < len(self.ranges):
            last = first
            while last < len(self.ranges) and self.ranges[last][1] - self.ranges[first][0] <= BLOCK_PIECES:
                last += 1
            last = max(last, first + 1)
            rows = slice(self.ranges[first][0], self.ranges[last - 1][1])
            block = np.zeros((rows.stop - rows.start, len(self.pieces)), dtype=np.float32)
            block[:, scored_columns] = self.space.block(rows, scored_columns)
            block[~self.scoring[rows]] = 0.0
            local = starts[first:last] - rows.start
            by_row = np.maximum.reduceat(block, local, axis=0)
            result[first:last] = np.maximum.reduceat(by_row, starts, axis=1)
            first = last
        return result

    def between(self, i: int, j: int) -> float:
        """The similarity of claims ``i`` and ``j`` (also of one article)."""
        (a0, a1), (b0, b1) = self.ranges[i], self.ranges[j]
        rows, columns = np.arange(a0, a1)[self.scoring[a0:a1]], np.arange(b0, b1)[self.scoring[b0:b1]]
        return float(self.space.block(rows, columns).max())

    def evidence(self, i: int, j: int) -> tuple[str, str]:
        """The pieces of claims ``i`` and ``j`` that matched best."""
        (a0, a1), (b0, b1) = self.ranges[i], self.ranges[j]
        block = self.space.block(slice(a0, a1), slice(b0, b1))
        block[~self.scoring[a0:a1]] = 0.0
        block[:, ~self.scoring[b0:b1]] = 0.0
        left, right = (int(n) for n in np.unravel_index(int(block.argmax()), block.shape))
        bar = EVIDENCE_SHARE * block[left, right]
        full = self.space.block(slice(a0, a1), slice(b0, b1))
        if left == 0 and i in self.unquoted and full[self.unquoted[i] - a0, right] >= bar:
            left = self.unquoted[i] - a0
        if right == 0 and j in self.unquoted and full[left, self.unquoted[j] - b0] >= bar:
            right = self.unquoted[j] - b0
        return self.pieces[a0 + left], self.pieces[b0 + right]


class _Groups:
    """Groups being joined: their members and the scores of the links that joined them."""

    def __init__(self, count: int) -> None:
        self.group_of = list(range(count))
        self.members = {number: [number] for number in range(count)}
        self.links: dict[int, list[float]] = {number: [] for number in range(count)}

    def merge(self, left: int, right: int, score: float) -> None:
        for number in self.members[right]:
            self.group_of[number] = left
        self.members[left].extend(self.members.pop(right))
        self.links[left] += [*self.links.pop(right), score]


def _join(claims: Sequence[SourcedClaim], scores: ClaimScores, threshold: float) -> _Groups:
    groups = _Groups(len(claims))
    by_claim = scores.by_claim
    first, second = np.nonzero(np.triu(by_claim >= threshold, k=1))
    for i, j in sorted(zip(first, second, strict=True), key=lambda pair: -by_claim[pair]):
        left, right = groups.group_of[i], groups.group_of[j]
        if left != right and _may_join(claims, scores, groups.members[left], groups.members[right],
                                       float(by_claim[i, j])):
            groups.merge(left, right, float(by_claim[i, j]))
    return groups


def _may_join(claims: Sequence[SourcedClaim], scores: ClaimScores, left: list[int], right: list[int],
              score: float) -> bool:
    """No loose link may join claims that disagree, nor two claims of one article that differ."""
    for m in left:
        for n in right:
            if claims[m].article == claims[n].article:
                if scores.between(m, n) < SAME_WORDS:
                    return False
            elif score < CONFLICTING_FACT and claims[m].source != claims[n].source \
                    and disagreement(claims[m].claim, claims[n].claim):
                return False
    return True


def _verdict(root: int, groups: _Groups, claims: Sequence[SourcedClaim], scores: ClaimScores) -> ClaimGroup:
    group = sorted(groups.members[root])
    by_claim = scores.by_claim
    conflicts = [
        Conflict(claims[i], claims[j], why)
        for position, i in enumerate(group) for j in group[position + 1:]
        if claims[i].source != claims[j].source and by_claim[i, j] >= CONFLICTING_FACT
        and (why := disagreement(claims[i].claim, claims[j].claim))
    ]
    evidence: dict[int, str] = {}
    pairs = [(by_claim[i, j], i, j) for position, i in enumerate(group) for j in group[position + 1:]]
    for _, i, j in sorted(pairs, reverse=True):
        left, right = scores.evidence(i, j)
        evidence.setdefault(i, left)
        evidence.setdefault(j, right)
    items = [replace(claims[n], evidence=evidence.get(n, claims[n].claim.text)) for n in group]
    result = ClaimGroup(items, conflicts=conflicts, score=min(groups.links[root], default=1.0),
                        echo=_echo(group, claims, by_claim))
    if conflicts:
        result.verdict = "conflicting"
    elif result.sources >= 2:
        result.verdict = "corroborated"
    return result


def _echo(group: list[int], claims: Sequence[SourcedClaim], by_claim: np.ndarray) -> float:
    """The best score of the group's claims against another source's claims outside it."""
    own = {claims[n].source for n in group}
    outside = [n for n in range(len(claims)) if n not in group and claims[n].source not in own]
    return float(by_claim[np.ix_(group, outside)].max()) if outside else 0.0
