"""Typed plain data that flows through the pipeline.

An `Article` is created by a reader, then every stage adds annotations that
point into `Article.text` by character offsets (`Span`). The final stages turn
annotations into `Event` and `Statement` records, each carrying its evidence
spans and the provenance of every derived field.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) in `Article.text`."""

    start: int
    end: int

    def text(self, doc: str) -> str:
        return doc[self.start:self.end]


@dataclass(slots=True)
class Mention:
    """A lexicon hit in the text: an actor, a place, a trigger, a weapon, a cue."""

    kind: str                 # "actor", "place", "trigger", "weapon", "cue:<group>", ...
    span: Span                # offsets into Article.text (original, not normalised)
    key: str                  # lexicon entry id (e.g. "actor:irq-islamic-resistance")
    surface: str              # the text as written
    prefix: str = ""          # clitic prefix stripped by the matcher (normalised)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class DateMention:
    span: Span
    surface: str
    date: str | None          # ISO day (first day of the span for weeks/months)
    precision: int | None     # 1 day, 2 week, 3 month or longer
    method: str               # how it was resolved (rule id)
    future: bool = False
    speech: bool = False      # attached to a reporting verb ("announced today")


@dataclass(slots=True)
class Sentence:
    span: Span
    paragraph: int
    index: int


@dataclass(slots=True)
class Place:
    """A resolved gazetteer entry."""

    id: str                   # "geonames:98182", "site:ain-al-asad", "admin1:IQ.01", "country:IQ"
    name: str
    country: str
    admin1: str | None
    latitude: float | None
    longitude: float | None
    kind: str                 # "site", "city", "admin1", "country", "region"
    precision: int            # geo_precision this place gives when named
    population: int = 0
    admin2: str | None = None


@dataclass(slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # annotations added by stages
    norm: str = ""
    norm_map: list[int] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list["Event"] = field(default_factory=list)
    statements: list["Statement"] = field(default_factory=list)
    stage_log: list[str] = field(default_factory=list)
    domain: str | None = None

    def mentions_of(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


@dataclass(slots=True)
class Evidence:
    text: str
    start: int
    end: int


def record_with_evidence(rec: Any) -> dict[str, Any]:
    """A record as a dict: `evidence` joined as the guidelines' string, the spans kept apart.

    Shallow (lists and the provenance dict are the record's own, not copies): records are
    serialised right away, and `dataclasses.asdict`'s deep copy was the writers' largest cost.
    """
    d = {f: getattr(rec, f) for f in _field_names(type(rec)) if f != "evidence"}
    d["evidence_spans"] = [{"text": e.text, "start": e.start, "end": e.end} for e in rec.evidence]
    d["evidence"] = " … ".join(e.text for e in rec.evidence)
    return d


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        from dataclasses import fields
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls))
    return names


@dataclass(slots=True)
class Event:
    event_date: str | None
    time_precision: int | None
    event_type: str
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    country: str | None
    admin1: str | None
    location: str | None
    geo_precision: int | None
    latitude: float | None
    longitude: float | None
    weapons: list[str]
    count: int | None
    fatalities: int | None
    claim_status: str
    aggregate: bool
    evidence: list[Evidence]
    doc_ids: list[str]
    inter1: int | None = None
    inter2: int | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    admin2: str | None = None
    admin3: str | None = None       # an Iraqi sub-district (nahiya) when the event is placed at one
    place_id: str | None = None
    source_url: str | None = None
    outlet: str | None = None
    published: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    event_id: str = ""
    cluster: dict[str, Any] | None = None   # set on a deduplicated event: its sources and merge notes

    def to_dict(self) -> dict[str, Any]:
        return record_with_evidence(self)


@dataclass(slots=True)
class Statement:
    date: str | None
    type: str
    actor1: str | None
    actor2: str | None
    evidence: list[Evidence]
    doc_ids: list[str]
    source_url: str | None = None
    outlet: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    statement_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return record_with_evidence(self)


@dataclass(slots=True)
class Rejection:
    record: str               # record id or "file:line"
    stage: str
    reason: str               # a reason code from errors.REASONS
    message: str
    level: str = "error"      # "error": the record was not processed; "warning": processed, see message

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def event_from_dict(d: dict[str, Any]) -> Event:
    """The inverse of `Event.to_dict` (as stored in the event store)."""
    from dataclasses import fields
    names = {f.name for f in fields(Event)}
    kw = {k: v for k, v in d.items() if k in names and k != "evidence"}
    kw["evidence"] = [Evidence(**e) for e in d.get("evidence_spans", [])]
    return Event(**kw)
