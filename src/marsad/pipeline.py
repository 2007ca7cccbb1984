"""The stage registry and `Pipeline.process(batch)`.

Each stage is a plain function `(Article, Resources, config) -> None` that adds
annotations. The registry states what each stage requires and assigns, and the
pipeline checks the order when it is built, so a misordered custom pipeline
fails at start-up rather than mid-corpus. The same `process` runs under the
local engine, the Spark engine, the ingest runner and the API.
"""
from __future__ import annotations

import hashlib
import json
import time
import traceback
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .config import load_config
from .errors import ConfigError, RecordRejected
from .model import Article, Event, Rejection, Statement
from .stages import dates, events, prepare, statements
from .stages.resources import Resources, default_resources


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Article, Resources, dict], None]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


STAGES: dict[str, Stage] = {s.name: s for s in [
    Stage("normalize", prepare.normalize_stage, ("text",), ("norm",)),
    Stage("language", prepare.language_stage, ("text",), ("language",)),
    Stage("sentences", prepare.sentences_stage, ("text",), ("sentences",)),
    Stage("mentions", prepare.mentions_stage, ("norm",), ("mentions",)),
    Stage("coref", prepare.coref_stage, ("mentions",), ("mentions",)),
    Stage("domain", prepare.domain_stage, ("mentions",), ("domain",)),
    Stage("dates", dates.dates_stage, ("norm",), ("dates",)),
    Stage("events", events.events_stage, ("sentences", "mentions", "dates", "domain"), ("events",)),
    Stage("statements", statements.statements_stage, ("sentences", "mentions", "dates", "events"), ("statements",)),
]}
DEFAULT_ORDER = list(STAGES)


@dataclass
class DocResult:
    article_id: str
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    rejection: Rejection | None = None
    timings: dict[str, float] = field(default_factory=dict)


def content_id(prefix: str, payload: dict) -> str:
    """A stable id from the content that defines a record (same input, same id)."""
    h = hashlib.sha1(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"{prefix}-{h[:16]}"


class Pipeline:
    def __init__(self, config: dict | None = None, stages: Iterable[str] | None = None,
                 resources: Resources | None = None):
        self.config = config or load_config()
        self.stage_names = list(stages or DEFAULT_ORDER)
        self._check_order()
        self._resources = resources

    @property
    def resources(self) -> Resources:
        if self._resources is None:
            self._resources = default_resources()
        return self._resources

    def _check_order(self) -> None:
        have = {"text"}
        for name in self.stage_names:
            if name not in STAGES:
                raise ConfigError(f"unknown stage {name!r}", hint=f"known stages: {', '.join(STAGES)}")
            missing = [r for r in STAGES[name].requires if r not in have]
            if missing:
                raise ConfigError(f"stage {name!r} needs {missing} from an earlier stage")
            have.update(STAGES[name].assigns)

    def process_one(self, doc: Article) -> DocResult:
        res = DocResult(doc.id)
        stage = "start"
        try:
            for stage in self.stage_names:
                t0 = time.perf_counter()
                STAGES[stage].func(doc, self.resources, self.config)
                res.timings[stage] = time.perf_counter() - t0
        except RecordRejected as e:
            res.rejection = Rejection(doc.id, e.stage or stage, e.reason, e.message)
            return res
        except Exception as e:  # one bad document never loses the others
            tb = traceback.format_exc(limit=3).strip().splitlines()[-1]
            res.rejection = Rejection(doc.id, stage, "stage_error", f"{type(e).__name__}: {e} [{tb}]")
            return res
        for ev in doc.events:
            ev.source_url, ev.outlet, ev.published = doc.url, doc.outlet, doc.published
            ev.event_id = content_id("ev", {"doc": doc.id, "type": ev.event_type, "place": ev.place_id or ev.country,
                                            "date": ev.event_date, "agg": ev.aggregate, "count": ev.count,
                                            "start": ev.evidence[0].start if ev.evidence else None})
        for st in doc.statements:
            st.statement_id = content_id("st", {"doc": doc.id, "type": st.type, "a1": st.actor1, "a2": st.actor2})
        res.events, res.statements = doc.events, doc.statements
        return res

    def process(self, batch: Iterable[Article]) -> list[DocResult]:
        """Batch-first entry point used by every engine."""
        return [self.process_one(doc) for doc in batch]
