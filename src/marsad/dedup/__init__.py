"""Cross-source deduplication: reports of one real event, from several articles, merged into one event."""
from .clustering import Clusterer, match, summarize  # noqa: F401
