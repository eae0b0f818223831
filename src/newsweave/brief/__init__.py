"""The brief of a story: what independent sources confirm, what rests on one, where they conflict."""

from newsweave.brief.build import build_brief
from newsweave.brief.model import Brief

__all__ = ["Brief", "build_brief"]
