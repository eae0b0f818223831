from newsweave.corroborate.model import ClaimGroup, Conflict, SourcedClaim
from newsweave.reading.model import Claim


def test_sources_count_independent_sources_and_dicts_name_everything():
    a = SourcedClaim("a1", 0, Claim("Twelve died.", 0, 12), "wire", "AP", "2024-03-04", "Twelve died")
    b = SourcedClaim("a2", 3, Claim("Twelve died.", 0, 12), "wire", "AP copy")
    c = SourcedClaim("a3", 1, Claim("Fifteen died.", 0, 13), "paper", "Times")
    group = ClaimGroup([a, b, c], "conflicting", [Conflict(a, c, "numbers differ")], 0.8)
    data = group.to_dict()
    assert group.sources == 2 and data["sources"] == 2 and data["verdict"] == "conflicting"
    assert data["claims"][0] == {
        "article": "a1",
        "claim": 0,
        "text": "Twelve died.",
        "evidence": "Twelve died",
        "outlet": "AP",
        "published": "2024-03-04",
        "stance": "stated",
        "attribution": None,
    }
    assert data["claims"][1]["evidence"] == "Twelve died."
    assert data["conflicts"][0]["why"] == "numbers differ"
