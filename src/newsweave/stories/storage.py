"""What story clustering reads and writes in the store, behind one small interface.

Per placed article its features (``story_features``); per story the running
sums that clustering needs (``stories``); the document frequencies of terms
(``story_terms``); and on every article its ``story`` and ``story_score``.
Reopening a store loads the story sums, never the article texts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from newsweave.store import Store, rows_in
from newsweave.stories.embed import DIMENSIONS
from newsweave.stories.features import Features
from newsweave.stories.frequencies import DocumentFrequencies
from newsweave.stories.profile import Profile
from newsweave.stories.sparse import Sparse
from newsweave.stories.terms import names

MAX_LABELS = 64
_PROFILE_COLUMNS = "id, embedding, words, names, languages, first_day, last_day, labels, representative"
# An article's copy group is every article sharing its root (``copy_of``, else itself).
_GROUP_STORIES = (
    "SELECT coalesce(copy_of, id), story, story_score FROM articles "
    "WHERE story IS NOT NULL AND (id IN ({marks}) OR copy_of IN ({marks}))"
)
_MOVE_GROUP = "UPDATE articles SET story = ? WHERE id = ? OR copy_of = ?"


class StoryStore:
    """The story tables of one store."""

    def __init__(self, store: Store) -> None:
        self.db = store.db

    def frequencies(self) -> DocumentFrequencies:
        """The stored document frequencies (documents = articles with features)."""
        documents = self.db.execute("SELECT count(*) FROM story_features").fetchone()[0]
        return DocumentFrequencies(self.db.execute("SELECT bucket, documents FROM story_terms"), documents)

    def save_frequencies(self, pending: list[tuple[int, int]]) -> None:
        """Add the new documents' term counts to the stored ones."""
        self.db.executemany(
            "INSERT INTO story_terms (bucket, documents) VALUES (?, ?) "
            "ON CONFLICT (bucket) DO UPDATE SET documents = documents + excluded.documents",
            pending,
        )

    def profiles(self) -> Iterator[Profile]:
        """Every stored story with its placed members and their scores."""
        members: dict[str, dict[str, float]] = {}
        rows = self.db.execute(
            "SELECT a.story, a.id, a.story_score FROM story_features f JOIN articles a ON a.seq = f.seq "
            "WHERE a.story IS NOT NULL ORDER BY f.seq"
        )
        for story, key, score in rows:
            members.setdefault(story, {})[key] = score if score is not None else 1.0
        vectors = dict(self.db.execute(
            "SELECT s.id, f.embedding FROM stories s JOIN articles a ON a.id = s.representative "
            "JOIN story_features f ON f.seq = a.seq"
        ))
        for row in self.db.execute(f"SELECT {_PROFILE_COLUMNS} FROM stories"):
            profile = _profile(row, members.get(row[0], {}))
            if profile.id in vectors:
                profile.representative_vector = np.frombuffer(vectors[profile.id], "<f2").copy()
            yield profile

    def save_profiles(
        self, profiles: Iterable[Profile], removed: Iterable[str], weight: Callable[[list[str]], np.ndarray]
    ) -> None:
        """Write changed stories and forget removed ones.

        Name counts are the saved ones plus those of the stories absorbed, plus
        the changes held in memory; they are kept ordered by count times
        ``weight`` (rarity), the heaviest ``MAX_LABELS`` only.
        """
        rows = []
        for profile in profiles:
            labels = self._saved_labels([profile.id, *profile.absorbed])
            labels.update(profile.labels)
            rows.append(_profile_row(profile, _ranked(labels, weight)))
            profile.labels, profile.absorbed = Counter(), []
        self.db.executemany("DELETE FROM stories WHERE id = ?", [(story,) for story in removed])
        self.db.executemany(
            f"INSERT OR REPLACE INTO stories ({_PROFILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )

    def _saved_labels(self, stories: list[str]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for story in stories:
            row = self.db.execute("SELECT labels FROM stories WHERE id = ?", (story,)).fetchone()
            if row:
                counts.update(json.loads(row[0]))
        return counts

    def save_features(self, rows: Iterable[tuple[str, Features]]) -> None:
        """Store the features of placed articles, by article id."""
        self.db.executemany(
            "INSERT OR REPLACE INTO story_features (seq, embedding, words, names) "
            "SELECT seq, ?, ?, ? FROM articles WHERE id = ?",
            [(*features.to_row(), key) for key, features in rows],
        )

    def features(self, key: str) -> Features | None:
        """The stored features of a placed article, by article id (without its names: see ``labels``)."""
        row = self.db.execute(
            "SELECT f.embedding, f.words, f.names, a.language, a.published "
            "FROM story_features f JOIN articles a ON a.seq = f.seq WHERE a.id = ?", (key,)
        ).fetchone()
        return Features.from_row(*row) if row else None

    def labels(self, key: str) -> tuple[str, ...]:
        """The name mentions of a stored article, read again from its text."""
        row = self.db.execute("SELECT title, text FROM articles WHERE id = ?", (key,)).fetchone()
        return tuple(names(row[0], row[1])) if row else ()

    def shared_groups(self, roots: Iterable[str] | None = None) -> set[str]:
        """Placed articles whose copy group holds another placed article (in the groups of ``roots``)."""
        sql = (
            "SELECT group_concat(a.id, ' ') FROM story_features f JOIN articles a ON a.seq = f.seq {where} "
            "GROUP BY coalesce(a.copy_of, a.id) HAVING count(*) > 1"
        )
        if roots is None:
            rows = list(self.db.execute(sql.format(where="")))
        else:
            wanted, rows = sorted(set(roots)), []
            for start in range(0, len(wanted), 400):
                chunk = wanted[start:start + 400]
                marks = ",".join("?" for _ in chunk)
                where = f"WHERE a.id IN ({marks}) OR a.copy_of IN ({marks})"
                rows += self.db.execute(sql.format(where=where), chunk + chunk).fetchall()
        return {key for (keys,) in rows for key in keys.split()}

    def copy_roots(self, ids: list[str]) -> dict[str, str | None]:
        """``copy_of`` of each of ``ids`` as stored now."""
        return dict(rows_in(self.db, "SELECT id, copy_of FROM articles WHERE id IN ({marks})", ids))

    def group_stories(self, roots: Iterable[str]) -> dict[str, list[tuple[str, float | None]]]:
        """The stories (with scores) already held by members of each copy group, by group root."""
        wanted = sorted(set(roots))
        found: dict[str, list[tuple[str, float | None]]] = {}
        for start in range(0, len(wanted), 400):
            chunk = wanted[start:start + 400]
            marks = ",".join("?" for _ in chunk)
            for root, story, score in self.db.execute(_GROUP_STORIES.format(marks=marks), chunk + chunk):
                found.setdefault(root, []).append((story, score))
        return found

    def assign(self, rows: Iterable[tuple[str, str, float]]) -> None:
        """Set ``story`` and ``story_score`` of articles: ``(id, story, score)``."""
        self.db.executemany(
            "UPDATE articles SET story = ?, story_score = ? WHERE id = ?",
            [(story, score, key) for key, story, score in rows],
        )

    def move_groups(self, moves: dict[str, str]) -> None:
        """Move the copy group of each placed article in ``moves`` to its new story."""
        roots = self.copy_roots(list(moves))
        rows = []
        for key, story in moves.items():
            root = roots.get(key) or key
            rows.append((story, root, root))
        self.db.executemany(_MOVE_GROUP, rows)

    def unplaced(self) -> list[tuple[int, str]]:
        """Stored articles without a story (a store from before stories existed), by arrival."""
        return list(self.db.execute("SELECT seq, id FROM articles WHERE story IS NULL ORDER BY seq"))


def _ranked(labels: Counter[str], weight: Callable[[list[str]], np.ndarray]) -> dict[str, int]:
    kept = [(name, count) for name, count in labels.items() if count > 0]
    if not kept:
        return {}
    scores = np.array([count for _, count in kept]) * weight([name for name, _ in kept])
    order = sorted(range(len(kept)), key=lambda i: (-scores[i], kept[i][0]))
    return dict(kept[i] for i in order[:MAX_LABELS])


def _profile_row(profile: Profile, labels: dict[str, int]) -> tuple:
    return (
        profile.id, profile.embedding.astype("<f4").tobytes(), profile.words.to_bytes(),
        profile.names.to_bytes(), json.dumps(dict(profile.languages)), profile.first, profile.last,
        json.dumps(labels, ensure_ascii=False), profile.representative,
    )


def _profile(row: tuple, members: dict[str, float]) -> Profile:
    story, embedding, words, names, languages, first, last, _labels, representative = row
    vector = np.frombuffer(embedding, dtype="<f4").astype(np.float32)
    return Profile(
        story, vector if len(vector) == DIMENSIONS else np.zeros(DIMENSIONS, np.float32),
        Sparse.from_bytes(words), Sparse.from_bytes(names), Counter(json.loads(languages)), first, last,
        members, Counter(), representative,
    )
