"""What two articles say alike, what only one says, and where they disagree."""

from __future__ import annotations

from typing import Any

from newsweave.corroborate.align import Source, corroborate
from newsweave.model import Article
from newsweave.reading.reader import read_articles


def compare_claims(a: Article, b: Article) -> dict[str, Any]:
    """``shared`` [{a, b, score}], ``only_a``, ``only_b`` (claims) and ``conflicts`` [{a, b, why}].

    Each article is its own source; a claim of A and a claim of B are shared
    when they land in one claim group.
    """
    reading_a, reading_b = read_articles([a, b])
    groups = corroborate([Source("a", "a", a.source, a.published, reading_a),
                          Source("b", "b", b.source, b.published, reading_b)])
    shared, conflicts, paired = [], [], set()
    for group in groups:
        sides = {claim.article: claim for claim in group.claims}
        if len(sides) < 2:
            continue
        paired.update((claim.article, claim.index) for claim in group.claims)
        if group.conflicts:
            conflicts += [{"a": c.a.claim.text, "b": c.b.claim.text, "why": c.why} for c in group.conflicts]
        else:
            score = round(group.score, 4)
            shared.append({"a": sides["a"].claim.text, "b": sides["b"].claim.text, "score": score})
    return {
        "shared": sorted(shared, key=lambda pair: -pair["score"]),
        "only_a": [c.text for n, c in enumerate(reading_a.claims) if ("a", n) not in paired],
        "only_b": [c.text for n, c in enumerate(reading_b.claims) if ("b", n) not in paired],
        "conflicts": conflicts,
    }
