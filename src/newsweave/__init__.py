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
in memory; ``read_articles`` says what articles say (entities, quotes, claims),
and ``article_reading`` does so for a stored article, cached; ``story_brief``
builds a story's cited brief (``to_markdown`` renders it).
"""

from newsweave.brief.markdown import to_markdown
from newsweave.brief.model import Brief
from newsweave.brief.stored import story_brief
from newsweave.export import export_articles, export_claims
from newsweave.model import Article, Failure
from newsweave.pipeline import IngestSummary, extract, ingest
from newsweave.readers.options import ReadOptions
from newsweave.reading import Reading, read_article, read_articles
from newsweave.reading.stored import ReadArticle, article_reading, story_readings
from newsweave.store import Store, open_store
from newsweave.stories import cluster_articles
from newsweave.stories.compare import Comparison, compare
from newsweave.stories.report import StoryDetail, StorySummary, story_detail, story_summaries
from newsweave.version import __version__

__all__ = [
    "Article",
    "Brief",
    "Comparison",
    "Failure",
    "IngestSummary",
    "ReadArticle",
    "ReadOptions",
    "Reading",
    "Store",
    "StoryDetail",
    "StorySummary",
    "__version__",
    "article_reading",
    "cluster_articles",
    "compare",
    "export_articles",
    "export_claims",
    "extract",
    "ingest",
    "open_store",
    "read_article",
    "read_articles",
    "story_brief",
    "story_detail",
    "story_readings",
    "story_summaries",
    "to_markdown",
]
