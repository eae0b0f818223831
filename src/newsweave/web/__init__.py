"""The web UI and JSON API over a store: stories, briefs, articles and search."""

from newsweave.web.app import create_app

__all__ = ["create_app"]
