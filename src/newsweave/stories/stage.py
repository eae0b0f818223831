"""The story stage of ingest: place new articles into stories and persist the changes.

Copies never found a story of their own: an article whose copy group already
has a story joins it (a bridging article that joins two groups in different
stories merges those stories), and only one article per group is placed and
counted in the story's sums, so a wire text reprinted ten times weighs once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsweave.model import Article
from newsweave.store import Store
from newsweave.stories.cluster import Clusterer, Placement, publication_order
from newsweave.stories.embed import embed
from newsweave.stories.features import Features, featurize, leads
from newsweave.stories.score import Model
from newsweave.stories.storage import StoryStore
from newsweave.stories.terms import name_id

GroupStories = dict[str, list[tuple[str, float | None]]]


class StoryStage:
    """Places new articles into the stories of one store."""

    def __init__(self, store: Store, model: Model | None = None) -> None:
        self.records = StoryStore(store)
        self.frequencies = self.records.frequencies()
        self.clusterer = Clusterer(model, features_of=self.records.features, labels_of=self.records.labels)
        self._new_features: list[tuple[str, Features]] = []
        for profile in self.records.profiles():
            self.clusterer.load(profile)
        self.clusterer.pinned = self.records.shared_groups()

    def process(self, articles: Sequence[Article], embeddings: dict[str, np.ndarray] | None = None) -> None:
        """Place ``articles`` (already stored, copy links set); call inside the chunk's transaction.

        ``embeddings`` may hold the articles' lead embeddings computed ahead, by id.
        """
        if not articles:
            return
        roots = self.records.copy_roots([a.id or "" for a in articles])
        group_of = {a.id: roots.get(a.id or "") or a.id for a in articles}
        existing = self.records.group_stories(group_of.values())
        joined = self._join_existing(articles, group_of, existing)
        founders = [a for a in publication_order(articles) if a.id not in joined and group_of[a.id] == a.id]
        placements = self._place(founders, embeddings)
        if existing:
            self.clusterer.pinned |= self.records.shared_groups(existing)
        self.clusterer.repair()
        self._attach_rest(articles, group_of, joined, placements)
        self._persist()

    def _join_existing(
        self, articles: Sequence[Article], group_of: dict[str | None, str | None], existing: GroupStories
    ) -> dict[str | None, tuple[str, float | None]]:
        """Articles whose copy group already has a story: ``id -> (story, score)``."""
        joined = {}
        for article in articles:
            held = existing.get(group_of[article.id])
            if not held:
                continue
            story, score = held[0]
            for other, _ in held[1:]:
                if other != story and other in self.clusterer.profiles and story in self.clusterer.profiles:
                    story = self.clusterer.merge(story, other)
            joined[article.id] = (self.clusterer.story_of.get(group_of[article.id] or "", story), score)
        return joined

    def _place(self, founders: list[Article], embeddings: dict[str, np.ndarray] | None) -> list[Placement]:
        if not founders:
            return []
        vectors = None if embeddings is None else self._vectors(founders, embeddings)
        features = featurize(founders, self.frequencies, embeddings=vectors)
        self._new_features = [(a.id or "", f) for a, f in zip(founders, features, strict=True)]
        return self.clusterer.place_many(self._new_features)

    @staticmethod
    def _vectors(founders: list[Article], given: dict[str, np.ndarray]) -> np.ndarray:
        """The founders' lead embeddings: those computed ahead, the rest here (copies foreseen wrongly)."""
        missing = [a for a in founders if (a.id or "") not in given]
        if missing:
            given = given | dict(zip([a.id or "" for a in missing], embed(leads(missing)), strict=True))
        return np.stack([given[a.id or ""] for a in founders])

    def _attach_rest(
        self, articles: Sequence[Article], group_of: dict[str | None, str | None],
        joined: dict[str | None, tuple[str, float | None]], placements: list[Placement],
    ) -> None:
        scores = {p.key: p.score for p in placements}
        rows = []
        for article in articles:
            key = article.id or ""
            if key in scores:
                continue  # placed here: ``_persist`` writes it with the other moves
            if key in joined:
                story, score = joined[key]
            else:
                root = group_of[key] or key
                story = self.clusterer.story_of.get(root)
                score = scores.get(root, 1.0)
            if story is not None:
                rows.append((key, story, score if score is not None else 1.0))
        self.records.assign(rows)

    def _persist(self) -> None:
        new, self._new_features = self._new_features, []
        if new:
            self.records.save_features(new)
        moved, changed, removed = self.clusterer.take_changes()
        placed = {key for key, _ in new}
        self.records.assign(
            (key, story, self.clusterer.profiles[story].members.get(key, 1.0)) for key, story in moved.items()
        )
        self.records.move_groups({key: story for key, story in moved.items() if key not in placed})
        self.records.save_profiles(
            (self.clusterer.profiles[s] for s in changed), removed,
            lambda labels: self.frequencies.idf(np.array([name_id(label) for label in labels])),
        )
        self.records.save_frequencies(self.frequencies.take_pending())

    def backfill(self, store: Store, chunk: int = 256) -> int:
        """Place stored articles that have no story yet; how many there were.

        They come from a store made before stories existed, or ingested with
        ``stories=False``.  A copy met before its group's original (an earlier
        arrival demoted by a later, earlier-published one) finds no story in the
        first pass; the second pass attaches it.
        """
        pending = self.records.unplaced()
        total = len(pending)
        for _ in range(2):
            for start in range(0, len(pending), chunk):
                articles = [store.get(key) for _, key in pending[start:start + chunk]]
                with store.transaction():
                    self.process([article for article in articles if article is not None])
            pending = self.records.unplaced()
        return total
