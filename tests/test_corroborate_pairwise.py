from newsweave.corroborate.pairwise import compare_claims
from support import example_articles


def test_the_examples_share_five_claims_and_keep_the_rest_apart():
    a, b = example_articles().values()
    result = compare_claims(a, b)
    assert set(result) == {"shared", "only_a", "only_b", "conflicts"}
    assert len(result["shared"]) == 5 and result["conflicts"] == []
    assert all({"a", "b", "score"} == set(pair) for pair in result["shared"])
    assert any("lavish ceremony" in text for text in result["only_a"])
    assert any("Kumsusan State Guest House" in text for text in result["only_b"])
    shared_a = {pair["a"] for pair in result["shared"]}
    assert not shared_a & set(result["only_a"])
