"""One exception hierarchy and the rejection reason codes.

Every input record ends up either extracted or rejected with one of the
`REASONS` codes; the CLI maps `MarsadError` subclasses to exit codes
(see `EXIT_CODES`, documented in the README).
"""
from __future__ import annotations

REASONS: dict[str, str] = {
    "empty": "the record has no text",
    "binary": "the file looks binary (NUL bytes or mostly control characters)",
    "encoding": "the bytes could not be decoded as text in any known encoding",
    "malformed_json": "the line is not a JSON object",
    "missing_text": "the record has neither `text` nor `html`",
    "bad_field": "a field has the wrong type (e.g. `published` is not YYYY-MM-DD)",
    "too_large": "the document exceeds the configured size limit",
    "html_extraction_failed": "no main text could be extracted from the HTML",
    "unsupported_language": "the language is not supported yet (Arabic only)",
    "unreadable": "the file could not be read",
    "unknown_field": "(warning) a field marsad does not know was ignored",
    "stage_error": "a pipeline stage failed on this document (bug: please report it)",
    "fetch_error": "the page or feed could not be fetched (network or HTTP error, redirect loop)",
    "not_html": "the fetched page is not HTML (e.g. a PDF or an image)",
    "feed_error": "the feed could not be parsed as RSS or Atom",
    "robots_disallowed": "the site's robots.txt does not allow marsad to fetch this page",
    "warc_error": "a WARC record could not be read",
}


class MarsadError(Exception):
    """Base class of every error marsad raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def to_dict(self) -> dict[str, str]:
        d = {"code": type(self).__name__, "message": self.message}
        if self.hint:
            d["hint"] = self.hint
        return d


class ConfigError(MarsadError):
    exit_code = 2


class InputError(MarsadError):
    """The input as a whole is unusable (missing path, nothing readable)."""

    exit_code = 3


class DataError(MarsadError):
    """A packaged or user-supplied knowledge file is missing or invalid."""

    exit_code = 4


class StoreError(MarsadError):
    """The event store cannot be opened, migrated or written (bad URL, missing driver, server down)."""

    exit_code = 6


class FetchError(MarsadError):
    """A feed or page could not be fetched (network error, HTTP error, redirect loop)."""

    exit_code = 7


class AllRejectedError(MarsadError):
    """Every input record was rejected: nothing was extracted."""

    exit_code = 5


class RecordRejected(MarsadError):
    """One record cannot be processed; the run goes on."""

    def __init__(self, reason: str, message: str, *, stage: str = "read"):
        if reason not in REASONS:
            raise ValueError(f"unknown rejection reason {reason!r}")
        super().__init__(message)
        self.reason = reason
        self.stage = stage


EXIT_CODES = {
    0: "success: at least one record was extracted (some may be rejected: see rejected.jsonl)",
    1: "unexpected internal error",
    2: "bad configuration or command-line usage",
    3: "input unusable (path missing or unreadable)",
    4: "a knowledge data file is missing or invalid",
    5: "every input record was rejected",
    6: "the event store cannot be opened or written (--db URL, driver, server)",
    7: "a feed could not be fetched at all (with ingest: only when every source failed)",
}
