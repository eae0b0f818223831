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


def test_the_overlap_matrix_equals_the_pairwise_overlap():
    from newsweave.corroborate.similarity import overlap_matrix

    texts = ["strong support for the treaty", "supported strongly", "the bakery sells bread", "", "treaty"]
    words = [content_words(text) for text in texts]
    expected = np.array([[word_overlap(a, b) for b in words] for a in words], dtype=np.float32)
    assert np.allclose(overlap_matrix(words), expected)
