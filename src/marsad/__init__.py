"""marsad: Arabic news -> sourced, deduplicated political-violence events and statements."""
from __future__ import annotations

__version__ = "0.1.0"

from .model import Article, Event, Statement  # noqa: E402
from .pipeline import Pipeline  # noqa: E402


def extract(texts, published=None, config=None):
    """Extract (events, statements) from an iterable of texts or Articles."""
    from .runner import extract_texts
    return extract_texts(texts, published=published, config=config)


__all__ = ["Article", "Event", "Statement", "Pipeline", "extract", "__version__"]
