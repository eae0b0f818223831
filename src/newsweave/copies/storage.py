"""What the copy stage reads and writes in the store, behind one small interface.

The band keys of every article are kept (``copy_keys``), so the in-memory index
is rebuilt from them after a restart instead of re-reading every text; links are
columns of ``articles`` so that exports and queries see them directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsweave.store import Store


@dataclass(frozen=True)
class Member:
    """An article as the grouping needs it."""

    seq: int
    id: str
    published: str | None
    copy_of: str | None

    @property
    def group(self) -> str:
        """The id of the original heading this article's copy group."""
        return self.copy_of or self.id

    def seniority(self) -> tuple[bool, str, int]:
        """Sort key of "the original": the earliest published, else the first seen."""
        return (self.published is None, self.published or "", self.seq)


@dataclass(frozen=True)
class Link:
    """A stored copy link: ``id`` is a copy of ``copy_of``, verified against ``match``."""

    id: str
    copy_of: str
    kind: str
    similarity: float
    containment: float
    match: str


class CopyStore:
    """The copy tables of one store."""

    def __init__(self, store: Store) -> None:
        self.db = store.db

    def all_keys(self) -> Iterator[tuple[int, bytes]]:
        """Every article's stored band keys, by arrival number."""
        yield from self.db.execute("SELECT seq, keys FROM copy_keys ORDER BY seq")

    def save_keys(self, rows: Iterable[tuple[int, bytes]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO copy_keys (seq, keys) VALUES (?, ?)", rows)

    def text(self, seq: int) -> str | None:
        row = self.db.execute("SELECT text FROM articles WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else None

    def members(self, seqs: Iterable[int]) -> list[Member]:
        wanted = list(seqs)
        marks = ",".join("?" for _ in wanted)
        rows = self.db.execute(
            f"SELECT seq, id, published, copy_of FROM articles WHERE seq IN ({marks})", wanted
        )
        return [Member(*row) for row in rows]

    def member_by_id(self, article_id: str) -> Member | None:
        row = self.db.execute(
            "SELECT seq, id, published, copy_of FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return Member(*row) if row else None

    def save_link(self, link: Link) -> None:
        self.db.execute(
            "UPDATE articles SET copy_of = ?, copy_kind = ?, copy_similarity = ?, copy_containment = ?, "
            "copy_match = ? WHERE id = ?",
            (link.copy_of, link.kind, link.similarity, link.containment, link.match, link.id),
        )

    def move_group(self, old_original: str, new_original: str) -> None:
        """Point every copy of ``old_original`` at ``new_original`` instead."""
        self.db.execute("UPDATE articles SET copy_of = ? WHERE copy_of = ?", (new_original, old_original))

    def groups(self) -> list[tuple[str, list[tuple]]]:
        """Every copy group: the original's id, then its members (original first)."""
        rows = self.db.execute(
            "SELECT coalesce(copy_of, id) AS grp, id, source, published, title, copy_kind, "
            "copy_similarity, copy_containment, copy_match FROM articles "
            "WHERE copy_of IS NOT NULL OR id IN (SELECT copy_of FROM articles WHERE copy_of IS NOT NULL) "
            "ORDER BY grp, copy_of IS NOT NULL, published IS NULL, published, seq"
        )
        grouped: dict[str, list[tuple]] = {}
        for row in rows:
            grouped.setdefault(row[0], []).append(row[1:])
        return list(grouped.items())
