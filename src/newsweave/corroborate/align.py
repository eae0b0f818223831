"""Claim groups: claims of different articles that state the same fact, and their verdicts.

Each claim is compared with every claim of the other articles through its
text and its facts (quoted and reported words, second predicates), keeping the
best pair of pieces.  Pairs at or above the threshold join greedily, strongest
first, and a group takes a second claim of one article only when the two
claims say nearly the same words, so a chain of loose matches cannot pull
different facts of one article together.  A group is **corroborated** when two or more
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
from newsweave.corroborate.similarity import similarity_matrix
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
    groups = _join(claims, scores.by_claim, threshold)
    return [_verdict(group, claims, scores) for group in groups]


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

    Each claim also gets its text without the words it quotes, not for scoring
    (alone it is often a bare attribution, "Putin said") but as the evidence to
    show when it matches nearly as well: then a quote's words are not counted as
    shared when only the sentence around them is ("Putin has thanked Kim …, part
    of what he said was a “…”").
    """

    def __init__(self, claims: Sequence[SourcedClaim]) -> None:
        self.pieces: list[str] = []
        self.ranges: list[tuple[int, int]] = []
        self.unquoted: dict[int, int] = {}
        scoring: list[bool] = []
        for number, item in enumerate(claims):
            start = len(self.pieces)
            own = pieces(item.claim)
            self.pieces.extend(own)
            scoring.extend([True] * len(own))
            unquoted = _without_quotes(item.claim)
            if unquoted != item.claim.text and len(unquoted.split()) >= MIN_CLAIM_WORDS:
                self.unquoted[number] = len(self.pieces)
                self.pieces.append(unquoted)
                scoring.append(False)
            self.ranges.append((start, len(self.pieces)))
        self.by_piece = similarity_matrix(self.pieces)
        mask = np.array(scoring)
        scored = np.where(mask[:, None] & mask[None, :], self.by_piece, 0.0)
        starts = np.array([start for start, _ in self.ranges])
        by_claim = np.maximum.reduceat(np.maximum.reduceat(scored, starts, axis=0), starts, axis=1)
        articles = np.array([item.article for item in claims])
        by_claim[articles[:, None] == articles[None, :]] = 0.0
        self.by_claim = by_claim
        self._scored = scored

    def evidence(self, i: int, j: int) -> tuple[str, str]:
        """The pieces of claims ``i`` and ``j`` that matched best."""
        (a0, a1), (b0, b1) = self.ranges[i], self.ranges[j]
        block = self._scored[a0:a1, b0:b1]
        left, right = (int(n) for n in np.unravel_index(int(block.argmax()), block.shape))
        left, right = a0 + left, b0 + right
        bar = EVIDENCE_SHARE * self.by_piece[left, right]
        if left == a0 and i in self.unquoted and self.by_piece[self.unquoted[i], right] >= bar:
            left = self.unquoted[i]
        if right == b0 and j in self.unquoted and self.by_piece[left, self.unquoted[j]] >= bar:
            right = self.unquoted[j]
        return self.pieces[left], self.pieces[right]


def _join(claims: Sequence[SourcedClaim], scores: np.ndarray, threshold: float) -> list[list[int]]:
    group_of = list(range(len(claims)))
    members = {number: [number] for number in range(len(claims))}
    first, second = np.nonzero(np.triu(scores >= threshold, k=1))
    for i, j in sorted(zip(first, second, strict=True), key=lambda pair: -scores[pair]):
        left, right = group_of[i], group_of[j]
        if left == right:
            continue
        if scores[i, j] < CONFLICTING_FACT and disagreement(claims[i].claim, claims[j].claim):
            continue
        if scores[i, j] < SAME_WORDS and \
                {claims[n].article for n in members[left]} & {claims[n].article for n in members[right]}:
            continue
        for number in members[right]:
            group_of[number] = left
        members[left].extend(members.pop(right))
    return sorted((sorted(group) for group in members.values()), key=lambda group: group[0])


def _verdict(group: list[int], claims: Sequence[SourcedClaim], scores: ClaimScores) -> ClaimGroup:
    conflicts = [
        Conflict(claims[i], claims[j], why)
        for position, i in enumerate(group) for j in group[position + 1:]
        if claims[i].source != claims[j].source and (why := disagreement(claims[i].claim, claims[j].claim))
    ]
    links = [(scores.by_claim[i, j], i, j) for position, i in enumerate(group) for j in group[position + 1:]]
    evidence: dict[int, str] = {}
    for _, i, j in sorted(links, reverse=True):
        left, right = scores.evidence(i, j)
        evidence.setdefault(i, left)
        evidence.setdefault(j, right)
    items = [replace(claims[n], evidence=evidence.get(n, claims[n].claim.text)) for n in group]
    result = ClaimGroup(items, conflicts=conflicts, score=float(min((s for s, _, _ in links), default=1.0)))
    if conflicts:
        result.verdict = "conflicting"
    elif result.sources >= 2:
        result.verdict = "corroborated"
    return result
