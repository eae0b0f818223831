"""The records of corroboration: claims placed in their source, groups and verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsweave.reading.model import Claim


@dataclass(frozen=True)
class SourcedClaim:
    """A claim with the article it comes from and that article's independent source.

    ``source`` is the key shared by copies of one text and articles of one
    outlet; ``outlet`` is the name a reader sees; ``evidence`` is the part of
    the claim that matched the rest of its group (the whole text by default).
    """

    article: str
    index: int
    claim: Claim
    source: str
    outlet: str | None = None
    published: str | None = None
    evidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "claim": self.index, "text": self.claim.text,
                "evidence": self.evidence or self.claim.text, "outlet": self.outlet,
                "published": self.published, "stance": self.claim.stance,
                "attribution": self.claim.attribution}


@dataclass(frozen=True)
class Conflict:
    """Two claims about one fact that disagree, and how."""

    a: SourcedClaim
    b: SourcedClaim
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "why": self.why}


@dataclass
class ClaimGroup:
    """Claims from different articles that state the same fact, with the verdict on it.

    ``sources`` counts independent sources (a copy group or an outlet counts
    once); ``score`` is the weakest link that joined the group; ``echo`` the
    best score of its claims against another source's claims outside it (a
    single-source group that another source nearly repeats has a high echo).
    """

    claims: list[SourcedClaim]
    verdict: str = "single-source"
    conflicts: list[Conflict] = field(default_factory=list)
    score: float = 1.0
    echo: float = 0.0

    @property
    def sources(self) -> int:
        return len({claim.source for claim in self.claims})

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "sources": self.sources, "score": round(self.score, 4),
                "claims": [claim.to_dict() for claim in self.claims],
                "conflicts": [conflict.to_dict() for conflict in self.conflicts]}
