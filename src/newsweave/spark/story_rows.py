"""The story stage's work on one partition: features, clustering a time block, scoring merges.

Every function takes and returns pandas DataFrames (or plain values) and
imports no Spark.  They call what ``StoryStage`` calls: ``embed``,
``word_counts``, ``names``, ``DocumentFrequencies``, ``Clusterer`` and the
model's average-linkage score; ``newsweave.spark.stories`` moves the rows.
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pandas as pd

from newsweave.model import Article
from newsweave.spark.read_rows import none_if_missing
from newsweave.stories.cluster import Clusterer
from newsweave.stories.embed import embed
from newsweave.stories.features import Features, day_of, leads
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.profile import Profile
from newsweave.stories.score import default_model, span_gap
from newsweave.stories.sparse import Probe, Sparse
from newsweave.stories.terms import BUCKETS, name_id, names, word_counts

CHUNK = 256

# -- story features ------------------------------------------------------------


def term_counts(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``(id, title, text, ...)`` of placed articles into their features before weighting.

    The lead embedding (the expensive part), the word and name term counts and
    the name mentions; the weighting waits for the document frequencies of the
    whole run.
    """
    for frame in frames:
        articles = [
            Article(text=text, title=none_if_missing(title))
            for title, text in frame[["title", "text"]].itertuples(index=False)
        ]
        days = [day_of(none_if_missing(published)) for published in frame["published"]]
        vectors = embed(leads(articles))
        rows = []
        for key, article, vector, day in zip(frame["id"], articles, vectors, days, strict=True):
            counted = word_counts(article.title, article.text)
            labels = names(article.title, article.text)
            named = Counter(name_id(label) for label in labels)
            rows.append(
                (
                    key,
                    day,
                    vector.astype("<f4").tobytes(),
                    list(counted),
                    list(counted.values()),
                    list(named),
                    list(named.values()),
                    labels,
                )
            )
        yield pd.DataFrame(rows, columns=TERM_COLUMNS)


TERM_COLUMNS = ["id", "day", "vector", "word_ids", "word_counts", "name_ids", "name_counts", "labels"]


def stored_features(
    frames: Iterator[pd.DataFrame], frequencies: DocumentFrequencies
) -> Iterator[pd.DataFrame]:
    """``term_counts`` rows into what the store keeps per placed article (``Features.to_row``)."""
    for frame in frames:
        rows = []
        for record in frame.to_dict("records"):
            embedding, words_blob, names_blob = features_of(record, frequencies).to_row()
            rows.append((record["id"], embedding, words_blob, names_blob))
        yield pd.DataFrame(rows, columns=["id", "embedding", "words", "names"])


def document_frequencies(buckets: list[tuple[int, int]], documents: int) -> DocumentFrequencies:
    """The run's document frequencies, as ``featurize`` would have counted them in one chunk."""
    return DocumentFrequencies(buckets, documents)


def features_of(record: dict, frequencies: DocumentFrequencies) -> Features:
    """One placed article's weighted, normalised features from its ``term_counts`` row."""
    word_weights = frequencies.weigh(
        Counter(dict(zip(record["word_ids"], record["word_counts"], strict=True)))
    )
    name_weights = frequencies.weigh(
        Counter(dict(zip(record["name_ids"], record["name_counts"], strict=True)))
    )
    return Features(
        np.frombuffer(record["vector"], dtype="<f4").copy(),
        Sparse.of(word_weights).normalised(),
        Sparse.of(name_weights).normalised(),
        none_if_missing(record.get("language")),
        none_if_missing(record.get("day")),
        tuple(record["labels"] if record["labels"] is not None else ()),
    )


# -- stories inside a block ----------------------------------------------------


STORY_COLUMNS = ["block", "story", "id", "score", "profile", "first", "last", "keys", "size"]


def cluster_block(frame: pd.DataFrame, frequencies: DocumentFrequencies) -> pd.DataFrame:
    """Cluster one time block as ``cluster_articles`` does: a stream in publication order.

    Rows are placed articles with their ``term_counts`` columns plus ``arrival``,
    ``published``, ``language`` and ``block``.  The result has one row per
    article (``story``, ``score``) and one per story (``id`` None) carrying its
    pickled ``Profile``, time span and merge keys, for the merge across blocks.
    Nothing is pinned: copies are not placed (they join their original's story
    afterwards), so no placed article shares its copy group with another, which
    is what ``StoryStage`` pins.
    """
    block = int(frame["block"].iloc[0])
    records = _publication_order(frame.to_dict("records"))
    features = {record["id"]: features_of(record, frequencies) for record in records}
    clusterer = Clusterer(default_model(), features_of=features.get)
    for start in range(0, len(records), CHUNK):
        part = records[start : start + CHUNK]
        clusterer.place_many([(record["id"], features[record["id"]]) for record in part])
        clusterer.repair()
        clusterer.take_changes()
    rows = [
        (
            block,
            story,
            key,
            float(clusterer.profiles[story].members.get(key, 1.0)),
            None,
            None,
            None,
            None,
            None,
        )
        for key, story in clusterer.story_of.items()
    ]
    return pd.DataFrame(rows + story_rows(block, clusterer.profiles), columns=STORY_COLUMNS)


def _publication_order(records: list[dict]) -> list[dict]:
    """Dated rows by date then arrival, then the undated ones by arrival (``publication_order``)."""
    by_arrival = sorted(records, key=lambda record: record["arrival"])
    dated = sorted(
        (r for r in by_arrival if none_if_missing(r.get("published"))), key=lambda r: r["published"]
    )
    return dated + [r for r in by_arrival if not none_if_missing(r.get("published"))]


# -- merging stories across blocks ---------------------------------------------

# A story's merge keys: its heaviest word and name terms (names offset by BUCKETS).
KEY_WORDS = 8
KEY_NAMES = 8


def story_keys(profile: Profile) -> list[int]:
    """The terms that weigh most in a story's sums: two stories of one event share some of them."""
    return _heaviest(profile.words, KEY_WORDS) + [
        BUCKETS + key for key in _heaviest(profile.names, KEY_NAMES)
    ]


def _heaviest(vector: Sparse, count: int) -> list[int]:
    if not len(vector):
        return []
    order = np.lexsort((vector.ids, -vector.weights))[:count]
    return vector.ids[order].astype(np.int64).tolist()


def story_rows(block: int | None, profiles: dict[str, Profile]) -> list[tuple]:
    """One row per story: its pickled profile, time span, merge keys and size (no ``id`` or ``score``)."""
    return [
        (
            block,
            story,
            None,
            None,
            pickle.dumps(profile),
            profile.first,
            profile.last,
            story_keys(profile),
            profile.size,
        )
        for story, profile in profiles.items()
    ]


def absorb(frame: pd.DataFrame) -> pd.DataFrame:
    """The stories of one merge ``(survivor, story, profile)`` as one story, named after the survivor.

    The survivor absorbs the others as ``Clusterer.merge`` does; the merged
    story has no block (it spans several), so any other story may be scored
    against it in the next round.
    """
    survivor = frame["survivor"].iloc[0]
    profiles = {
        story: pickle.loads(blob) for story, blob in zip(frame["story"], frame["profile"], strict=True)
    }
    kept = profiles.pop(survivor)
    for story in sorted(profiles):
        kept.absorb(profiles[story])
    kept.absorbed = []
    return pd.DataFrame(story_rows(None, {survivor: kept}), columns=STORY_COLUMNS)


MERGE_COLUMNS = ["a", "b", "score"]


def score_pairs(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Candidate story pairs ``(a, b, profile_a, profile_b)`` with their merge score, when it is one.

    The score is the one ``Clusterer.repair`` merges by: the average-linkage
    content score of the two stories, decayed by the gap between their spans;
    pairs below the threshold are dropped.  Rows come sorted by ``a``, so each
    story is unpickled and loaded into the probes once per batch, not per pair.
    """
    model = default_model()
    probes = (Probe(BUCKETS), Probe(BUCKETS))
    for frame in frames:
        profiles: dict[str, Profile] = {}
        rows, loaded = [], None
        for a, b, first, second in frame.itertuples(index=False):
            mine, theirs = _profile(profiles, a, first), _profile(profiles, b, second)
            if loaded != a:
                probes[0].load(mine.words)
                probes[1].load(mine.names)
                loaded = a
            gap = span_gap(mine.first, mine.last, theirs.first, theirs.last)
            score = model.content(mine.against(theirs, probes)) * model.decay(gap)
            if score >= model.threshold:
                rows.append((a, b, float(score)))
        yield pd.DataFrame(rows, columns=MERGE_COLUMNS)


def _profile(cache: dict[str, Profile], story: str, blob: bytes) -> Profile:
    found = cache.get(story)
    if found is None:
        found = cache[story] = pickle.loads(blob)
    return found


def representative(frame: pd.DataFrame) -> pd.DataFrame:
    """The member of one story nearest its centroid ``(story, representative)``, as ``Profile`` picks it."""
    vectors = np.stack([np.frombuffer(blob, dtype="<f4") for blob in frame["vector"]])
    centroid = vectors.sum(axis=0)
    order = np.lexsort((frame["arrival"].to_numpy(), -(vectors @ centroid)))
    return pd.DataFrame({"story": [frame["story"].iloc[0]], "representative": [frame["id"].iloc[order[0]]]})
