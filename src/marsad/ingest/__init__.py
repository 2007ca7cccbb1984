"""Continuous ingestion: files, directories, WARC archives and RSS/Atom feeds into the event store."""
from .runner import ingest_items, run_ingest  # noqa: F401
