"""Stories: which articles report the same real-world event, found as they arrive.

``StoryStage`` places new articles at ingest; ``cluster_articles`` clusters a
collection in memory; ``compare`` says how alike two articles are and why.
"""

from newsweave.stories.cluster import Clusterer, Placement, cluster_articles, story_id_for
from newsweave.stories.features import Features, featurize
from newsweave.stories.score import Evidence, Model, default_model
from newsweave.stories.stage import StoryStage

__all__ = [
    "Clusterer", "Evidence", "Features", "Model", "Placement", "StoryStage", "cluster_articles",
    "default_model", "featurize", "story_id_for",
]
