"""newsweave: from many outlets' news articles to verified stories.

The Python API is small::

    import newsweave

    with newsweave.open_store("news.db") as store:
        summary = newsweave.ingest(store, ["examples/"])
        for article in store.articles(limit=10):
            print(article.id, article.title)
        newsweave.export_articles(store, "articles.jsonl", fmt="jsonl")

``extract`` reads and cleans inputs without a store.
"""

from newsweave.export import export_articles
from newsweave.model import Article, Failure
from newsweave.pipeline import IngestSummary, extract, ingest
from newsweave.readers.options import ReadOptions
from newsweave.store import Store, open_store
from newsweave.version import __version__

__all__ = [
    "Article",
    "Failure",
    "IngestSummary",
    "ReadOptions",
    "Store",
    "__version__",
    "export_articles",
    "extract",
    "ingest",
    "open_store",
]
