"""newsweave: from many outlets' news articles to verified stories.

The Python API is small::

    import newsweave

    with newsweave.open_store("news.db") as store:
        summary = newsweave.ingest(store, ["examples/"])
        for article in store.articles(limit=10):
            print(article.id, article.title)
        newsweave.export_articles(store, "articles.jsonl", fmt="jsonl")
        for story in newsweave.story_summaries(store, limit=10):
            print(story.id, story.article_count, story.headline)

``extract`` reads and cleans inputs without a store; ``compare`` says whether
two articles report the same story; ``cluster_articles`` clusters a collection
in memory.
"""

from newsweave.export import export_articles
from newsweave.model import Article, Failure
from newsweave.pipeline import IngestSummary, extract, ingest
from newsweave.readers.options import ReadOptions
from newsweave.store import Store, open_store
from newsweave.stories import cluster_articles
from newsweave.stories.compare import Comparison, compare
from newsweave.stories.report import StoryDetail, StorySummary, story_detail, story_summaries
from newsweave.version import __version__

__all__ = [
    "Article",
    "Comparison",
    "Failure",
    "IngestSummary",
    "ReadOptions",
    "Store",
    "StoryDetail",
    "StorySummary",
    "__version__",
    "cluster_articles",
    "compare",
    "export_articles",
    "extract",
    "ingest",
    "open_store",
    "story_detail",
    "story_summaries",
]
