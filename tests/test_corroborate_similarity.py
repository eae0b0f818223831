import numpy as np

from newsweave.corroborate.similarity import content_words, similarity_matrix, word_overlap


def test_content_words_are_stems_without_stopwords():
    assert content_words("The leaders supported the treaty") == {"leade", "suppo", "treat"}
    assert word_overlap(content_words("strong support"), content_words("supported strongly")) == 1.0
    assert word_overlap(frozenset(), content_words("x y z")) == 0.0


def test_paraphrases_score_above_unrelated_claims():
    scores = similarity_matrix([
        "Kim Jong Un said his country fully supported Russia's invasion of Ukraine.",
        "Kim Jong Un affirmed his full support for Russia's military actions in Ukraine.",
        "The bakery on Main Street sells bread every morning.",
    ])
    assert scores.shape == (3, 3) and np.allclose(np.diag(scores), 1.0, atol=1e-3)
    assert scores[0, 1] > 0.6 > 0.3 > scores[0, 2]


def test_blocks_combine_the_cosine_and_the_pairwise_overlap():
    from newsweave.corroborate.similarity import EMBEDDING_WEIGHT, WORDS_WEIGHT, PieceSpace

    texts = ["strong support for the treaty", "supported strongly", "the bakery sells bread", "treaty"]
    space = PieceSpace(texts)
    words = [content_words(text) for text in texts]
    block = space.block(slice(0, 2), slice(2, 4))
    cosine = np.clip(space.vectors[0:2] @ space.vectors[2:4].T, 0, 1)
    overlap = np.array([[word_overlap(a, b) for b in words[2:]] for a in words[:2]])
    assert np.allclose(block, EMBEDDING_WEIGHT * cosine + WORDS_WEIGHT * overlap, atol=1e-5)
