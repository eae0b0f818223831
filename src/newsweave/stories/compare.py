"""Are two articles about the same story, how alike are they, and why.

The same scorer as clustering: the learned content score times the time
factor.  The evidence says what drove it: the cosines, the names both use
(rarest first), the sentences both say (by multilingual embedding, so a
translation counts) and the time between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from newsweave.model import Article
from newsweave.stories.embed import embed
from newsweave.stories.features import Features, featurize
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.score import Evidence, Model, default_model, gap_days, pair_evidence
from newsweave.stories.terms import name_id, names

SHARED_SENTENCE = 0.75
MAX_SENTENCES = 80
MAX_SHARED_NAMES = 12


@dataclass(frozen=True)
class Comparison:
    """The verdict on two articles with its evidence, and what they say alike and apart.

    ``claims`` holds ``shared``, ``only_a``, ``only_b`` and ``conflicts`` (see
    ``newsweave.corroborate.pairwise``); it is empty when not asked for.
    """

    same_story: bool
    similarity: float
    evidence: dict
    claims: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        return {**{key: data[key] for key in ("same_story", "similarity", "evidence")}, **data["claims"]}


def compare(a: Article, b: Article, frequencies: DocumentFrequencies | None = None,
            model: Model | None = None, claims: bool = True) -> Comparison:
    """Compare two articles; ``frequencies`` (e.g. a store's) make word and name weights sharper.

    With ``claims`` both articles are read and their claims aligned (shared,
    only in one, conflicting), which takes the reading stage's time.
    """
    model = model or default_model()
    frequencies = frequencies or DocumentFrequencies()
    fa, fb = featurize([a, b], frequencies)
    evidence = pair_evidence(fa, fb)
    content = model.content(evidence)
    gap = gap_days(fa.day, fb.day, fb.day)
    similarity = content * model.decay(gap)
    details = {
        **_measures(evidence), "content_similarity": round(content, 4),
        "languages": [a.language, b.language],
        "shared_entities": _shared_names(a, b, frequencies),
        "shared_sentences": shared_sentences(a, b),
        "time_gap_days": None if gap is None else round(gap, 2),
        "time_factor": round(model.decay(gap), 4),
    }
    aligned = {}
    if claims:
        from newsweave.corroborate.pairwise import compare_claims

        aligned = compare_claims(a, b)
    return Comparison(similarity >= model.threshold, round(similarity, 4), details, aligned)


def pair_similarities(pairs: Sequence[tuple[Article, Article]], model: Model | None = None,
                      threads: int = 1) -> list[tuple[float, bool]]:
    """``(similarity, same_story)`` per pair; word weights come from all texts of the pairs at once.

    The document frequencies of the pair file itself weigh the words, as the
    fitting procedure (``bench/stories_fit.py``) does.
    """
    model = model or default_model()
    flat = [article for pair in pairs for article in pair]
    features = featurize(flat, DocumentFrequencies(), threads)
    results = []
    for fa, fb in zip(features[0::2], features[1::2], strict=True):
        similarity = _similarity(fa, fb, model)
        results.append((round(similarity, 4), similarity >= model.threshold))
    return results


def _similarity(fa: Features, fb: Features, model: Model) -> float:
    return model.content(pair_evidence(fa, fb)) * model.decay(gap_days(fa.day, fb.day, fb.day))


def _measures(evidence: Evidence) -> dict:
    return {
        "embedding_cosine": round(evidence.embedding, 4), "words_cosine": round(evidence.words, 4),
        "names_cosine": round(evidence.names, 4), "cross_language": bool(evidence.cross_language),
    }


def _shared_names(a: Article, b: Article, frequencies: DocumentFrequencies) -> list[str]:
    """Names both articles use, the rarest (most telling) first."""
    mine = dict.fromkeys(names(a.title, a.text))
    theirs = set(names(b.title, b.text))
    shared = [name for name in mine if name in theirs]
    shared.sort(key=lambda name: -frequencies.rarity(name_id(name)))
    return shared[:MAX_SHARED_NAMES]


def shared_sentences(a: Article, b: Article, threshold: float = SHARED_SENTENCE) -> list[dict]:
    """Sentence pairs that say the same, each the best match of the other, with their cosine."""
    left, right = _sentences(a), _sentences(b)
    if not left or not right:
        return []
    vectors = embed(left + right)
    scores = vectors[: len(left)] @ vectors[len(left):].T
    best_right, best_left = scores.argmax(axis=1), scores.argmax(axis=0)
    found = [
        {"a": left[i], "b": right[j], "score": round(float(scores[i, j]), 4)}
        for i, j in enumerate(best_right) if best_left[j] == i and scores[i, j] >= threshold
    ]
    return sorted(found, key=lambda pair: -pair["score"])


def _sentences(article: Article) -> list[str]:
    texts = article.sentence_texts() if article.sentences else [article.text]
    return [" ".join(text.split()) for text in texts if len(text.split()) >= 4][:MAX_SENTENCES]
