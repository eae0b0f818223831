"""Streaming, time-aware story clustering with an incremental repair pass.

Each placed article joins the story it scores best against (its mean score
against the story's members, decayed by the time gap) when that score reaches
the model's threshold, else it founds a new story.  Candidates come from the
story centroids: one matrix product per chunk against the stories whose time
span is within reach, plus the stories changed inside the chunk.

A greedy stream can go wrong early: a story founded by an off-topic article,
or one event split in two because its first reports differed.  After each
chunk, ``repair`` revisits the stories the chunk touched (after Miranda et al.,
2018, "Multilingual Clustering of Streaming News"):

- split: a member whose score against the rest of its story has fallen below
  the threshold leaves it and is placed again;
- merge: two stories whose average-linkage score reaches the threshold become
  one, the larger (else older) keeping its id.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from newsweave.model import Article
from newsweave.stories.embed import DIMENSIONS
from newsweave.stories.features import Features, featurize
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.index import CentroidIndex, Span
from newsweave.stories.profile import Profile
from newsweave.stories.score import Model, default_model, gap_days, span_gap
from newsweave.stories.sparse import Probe
from newsweave.stories.terms import BUCKETS

CANDIDATES = 8
SPLIT_CHECK = 8
MERGE_ROUNDS = 4
FEATURE_CACHE = 8192


@dataclass(frozen=True)
class Placement:
    """Where one article went: its story and its score there (1.0 for a founder)."""

    key: str
    story: str
    score: float


def story_id_for(founder: str) -> str:
    """A story's id: stable, derived from the article that founded it."""
    return hashlib.blake2b(founder.encode("utf-8"), digest_size=8).hexdigest()


class Clusterer:
    """The stories of a stream, held in memory; the store layer persists what changes.

    ``features_of`` returns the features of an already placed article; the
    repair pass needs it for members placed in earlier chunks (``labels_of``
    gives their names, needed only when one leaves its story).  Keys in
    ``pinned`` are never split out of their story (the store pins articles
    that share a copy group with another placed article: copies stay together).
    """

    def __init__(self, model: Model | None = None,
                 features_of: Callable[[str], Features | None] | None = None,
                 labels_of: Callable[[str], tuple[str, ...]] | None = None) -> None:
        self.model = model or default_model()
        self._labels_of = labels_of
        self._cache: OrderedDict[str, Features] = OrderedDict()
        self.profiles: dict[str, Profile] = {}
        self.story_of: dict[str, str] = {}
        self._features: dict[str, Features] = {}
        self._features_of = features_of
        self._index = CentroidIndex()
        self._probes = (Probe(BUCKETS), Probe(BUCKETS))
        self._probed: Features | None = None
        self._touched: set[str] = set()
        self._neighbours: dict[str, set[str]] = {}
        self.pinned: set[str] = set()
        self.changed: set[str] = set()
        self.removed: set[str] = set()
        self.moved: dict[str, str] = {}

    # -- loading ---------------------------------------------------------

    def load(self, profile: Profile) -> None:
        """Add a stored story (when reopening a store)."""
        self.profiles[profile.id] = profile
        for key in profile.members:
            self.story_of[key] = profile.id
        self._sync(profile)

    # -- placing ---------------------------------------------------------

    def place_many(self, items: Sequence[tuple[str, Features]]) -> list[Placement]:
        """Place a chunk of articles, in the order given (publication order)."""
        shortlist = self._shortlists([features for _, features in items])
        placements = []
        for (key, features), candidates in zip(items, shortlist, strict=True):
            placements.append(self._place(key, features, candidates | self._nearest_touched(features)))
        return placements

    def _nearest_touched(self, features: Features) -> set[str]:
        """The touched stories (changed since the chunk's shortlists) nearest to ``features``."""
        return self._index.nearest_among(self._touched, features.embedding, CANDIDATES)

    def place(self, key: str, features: Features) -> Placement:
        """Place one article against every story within reach."""
        return self.place_many([(key, features)])[0]

    def _place(self, key: str, features: Features, candidates: set[str]) -> Placement:
        self._features[key] = features
        placement = self._choose(key, features, candidates)
        self._neighbours.setdefault(placement.story, set()).update(candidates)
        return placement

    def _choose(self, key: str, features: Features, candidates: Iterable[str]) -> Placement:
        best, best_score = None, -1.0
        for story in candidates:
            profile = self.profiles.get(story)
            if profile is None or not profile.size:
                continue
            score = self.score(features, profile)
            if score > best_score or (score == best_score and best is not None and story < best):
                best, best_score = story, score
        if best is not None and best_score >= self.model.threshold:
            self._join(best, key, features, best_score)
            return Placement(key, best, best_score)
        story = self._unused_id(key)
        self.profiles[story] = Profile.new(story, DIMENSIONS)
        self._join(story, key, features, 1.0)
        return Placement(key, story, 1.0)

    def _unused_id(self, founder: str) -> str:
        """The founder's story id; salted when the founder's first story still lives (a split)."""
        story, attempt = story_id_for(founder), 0
        while story in self.profiles:
            attempt += 1
            story = story_id_for(f"{founder}#{attempt}")
        return story

    def score(self, features: Features, profile: Profile, exclude_self: bool = False) -> float:
        """The article's decayed mean score against the story's members."""
        if self._probed is not features:
            self._probes[0].load(features.words)
            self._probes[1].load(features.names)
            self._probed = features
        content = self.model.content(profile.evidence(features, self._probes, exclude_self))
        return content * self.model.decay(gap_days(features.day, profile.first, profile.last))

    def _join(self, story: str, key: str, features: Features, score: float) -> None:
        profile = self.profiles[story]
        profile.add(key, features, score)
        self.story_of[key] = story
        self.moved[key] = story
        self._mark(profile)

    def _mark(self, profile: Profile) -> None:
        self._touched.add(profile.id)
        self.changed.add(profile.id)
        self._sync(profile)

    # -- candidates ------------------------------------------------------

    def _shortlists(self, batch: Sequence[Features], spans: list[Span] | None = None) -> list[set[str]]:
        """The best ``CANDIDATES`` stories by centroid cosine for each item, within reach in time."""
        if not batch:
            return []
        vectors = np.stack([f.embedding for f in batch])
        spans = spans or [(f.day, f.day) for f in batch]
        return self._index.nearest(vectors, spans, self.model.max_gap(), CANDIDATES)

    def _sync(self, profile: Profile) -> None:
        self._index.update(profile)

    def _drop(self, story: str) -> None:
        self._index.remove(story)
        del self.profiles[story]
        self.removed.add(story)
        self.changed.discard(story)
        self._touched.discard(story)

    # -- repair ----------------------------------------------------------

    def repair(self) -> None:
        """Split, then merge, the stories touched since the last repair."""
        leaving = []
        for story in sorted(self._touched):
            if story in self.profiles:
                leaving += self._split(self.profiles[story])
        if leaving:
            self._place_again(leaving)
        pending = set(self._touched)
        for _ in range(MERGE_ROUNDS):
            pending = self._merge_round(pending)
            if not pending:
                break
        self._touched.clear()
        self._neighbours.clear()

    def _merge_round(self, stories: set[str]) -> set[str]:
        """Merge each of ``stories`` into its best partner; the stories that grew by a merge.

        A story's merge candidates are the candidates its new members were
        judged against (the stories near them) and the other stories the batch
        touched that are nearest to it: no search over every story again.
        """
        grown = set()
        for story in sorted(stories):
            profile = self.profiles.get(story)
            if profile is None:
                continue
            centroid = profile.embedding / max(profile.size, 1)
            candidates = self._neighbours.get(story, set()) | self._index.nearest_among(
                self._touched, centroid, CANDIDATES
            )
            merged = self._merge_into_best(profile, candidates - {story})
            if merged is not None:
                grown.add(merged)
        return {story for story in grown if story in self.profiles}

    def _split(self, profile: Profile) -> list[tuple[str, Features, str]]:
        """Take out the weakest members that no longer reach the threshold against the rest."""
        if profile.size < 3:
            return []
        members = sorted(profile.members, key=lambda key: (profile.members[key], key))[:SPLIT_CHECK]
        leaving = []
        for key in members:
            features = self._lookup(key) if key not in self.pinned else None
            if features is None:
                continue
            if self.score(features, profile, exclude_self=True) < self.model.threshold:
                leaving.append((key, features))
        if not leaving or len(leaving) >= profile.size - 1:
            return []
        leaving = [(key, self._with_labels(key, features)) for key, features in leaving]
        for key, features in leaving:
            profile.remove(key, features)
        self._mark(profile)
        return [(key, features, profile.id) for key, features in leaving]

    def _place_again(self, leaving: list[tuple[str, Features, str]]) -> None:
        """Place split-out members anywhere but the story they left (one matrix product for all)."""
        shortlists = self._shortlists([features for _, features, _ in leaving])
        for (key, features, left), candidates in zip(leaving, shortlists, strict=True):
            self._place(key, features, (candidates | self._nearest_touched(features)) - {left})

    def _merge_into_best(self, profile: Profile, candidates: set[str]) -> str | None:
        best, best_score = None, self.model.threshold
        self._probes[0].load(profile.words)
        self._probes[1].load(profile.names)
        self._probed = None
        for story in sorted(candidates):
            other = self.profiles.get(story)
            if other is None or not other.size:
                continue
            gap = span_gap(profile.first, profile.last, other.first, other.last)
            score = self.model.content(profile.against(other, self._probes)) * self.model.decay(gap)
            if score >= best_score:
                best, best_score = other, score
        if best is None:
            return None
        neighbours = self._neighbours.get(profile.id, set()) | self._neighbours.get(best.id, set())
        kept = self.merge(profile.id, best.id)
        self._neighbours[kept] = neighbours
        return kept

    def merge(self, a: str, b: str) -> str:
        """Merge two stories; the larger survives (on a tie, the smaller id), keeping its id."""
        first, second = self.profiles[a], self.profiles[b]
        keep, gone = (first, second) if (first.size, b) >= (second.size, a) else (second, first)
        keep.absorb(gone)
        for key in gone.members:
            self.story_of[key] = keep.id
            self.moved[key] = keep.id
        self._drop(gone.id)
        self._mark(keep)
        return keep.id

    def _lookup(self, key: str) -> Features | None:
        features = self._features.get(key) or self._cache.get(key)
        if features is None and self._features_of is not None:
            features = self._features_of(key)
            if features is not None:
                self._cache[key] = features
                if len(self._cache) > FEATURE_CACHE:
                    self._cache.popitem(last=False)
        return features

    def _with_labels(self, key: str, features: Features) -> Features:
        """Features with their names, read again when they were loaded without."""
        if features.labels or self._labels_of is None:
            return features
        return replace(features, labels=self._labels_of(key))

    def take_changes(self) -> tuple[dict[str, str], set[str], set[str]]:
        """Articles whose story changed, stories changed, stories removed; since the last call."""
        changes = (self.moved, self.changed, self.removed)
        self.moved, self.changed, self.removed = {}, set(), set()
        self._features.clear()
        return changes


def publication_order(articles: Sequence[Article]) -> list[Article]:
    """Dated articles by date, then the undated ones in arrival order."""
    dated = sorted((a for a in articles if a.published), key=lambda a: a.published or "")
    return dated + [a for a in articles if not a.published]


def cluster_articles(
    articles: Sequence[Article], model: Model | None = None, chunk: int = 256,
    features: dict[str, Features] | None = None,
) -> dict[str, str]:
    """Cluster a whole collection as a stream (publication order); article id -> story id.

    Every article needs an id; an id given twice is clustered once.
    ``features`` may hold precomputed features by article id (benchmarks reuse
    them across parameter grids); missing ones are computed per chunk.
    """
    if any(not article.id for article in articles):
        raise ValueError("cluster_articles needs an id on every article")
    known: dict[str, Features] = dict(features or {})
    clusterer = Clusterer(model, features_of=known.get)
    frequencies = DocumentFrequencies()
    unique: dict[str | None, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)
    ordered = publication_order(list(unique.values()))
    for start in range(0, len(ordered), chunk):
        part = ordered[start:start + chunk]
        missing = [a for a in part if a.id not in known]
        known.update(zip([a.id or "" for a in missing], featurize(missing, frequencies), strict=True))
        clusterer.place_many([(a.id or "", known[a.id or ""]) for a in part])
        clusterer.repair()
        clusterer.take_changes()
    return dict(clusterer.story_of)
