"""The brief of a stored story: its articles read (from the cache when current), then built."""

from __future__ import annotations

from newsweave.brief.build import build_brief
from newsweave.brief.model import Brief
from newsweave.reading.stored import story_readings
from newsweave.store import Store
from newsweave.stories.report import source_keys, story_detail


def story_brief(store: Store, story_id: str) -> Brief | None:
    """The brief of the story ``story_id`` (or a unique prefix), else None."""
    detail = story_detail(store, story_id)
    if detail is None:
        return None
    items = story_readings(store, detail.summary.id)
    return build_brief(detail.summary.id, items, source_keys(detail.members),
                       detail.summary.headline, detail.to_dict())
