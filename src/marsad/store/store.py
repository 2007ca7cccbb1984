"""The event store: one interface over SQLite (default) and PostgreSQL.

Library first: `Store.open(db)` then `write_batch`, `events`, `stats`, `rebuild_clusters`.
Every batch is one transaction: its articles, their reports and statements, the rejections,
and the clustering of the new reports commit together or not at all, so a run killed at any
point resumes with nothing lost and nothing counted twice (ids are content hashes).
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Iterator

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, true, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from .. import __version__
from ..dedup.clustering import DEFAULTS as DEDUP_DEFAULTS
from ..dedup.clustering import RELATED_TYPES, Clusterer, summarize
from ..geo.linking import placed_by_countryside
from ..errors import StoreError
from ..model import Article, Event, Rejection, event_from_dict
from ..pipeline import DocResult, content_id
from . import schema as t
from .database import database_url, lock_for_write, make_engine, migrate


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def article_id(text: str) -> str:
    """An article's id: a hash of its text, so the same article always gets the same id."""
    return content_id("ar", {"text": " ".join(text.split())})


def rejection_id(rej: Rejection) -> str:
    return content_id("rj", {"record": rej.record, "stage": rej.stage, "reason": rej.reason})


@dataclass
class BatchResult:
    stored: int = 0            # new articles written
    already_stored: int = 0    # articles the store had: skipped
    rejected: int = 0
    warnings: int = 0
    reports: int = 0
    statements: int = 0
    new_events: int = 0
    merged_reports: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)

    def add(self, other: "BatchResult") -> None:
        for k, v in other.__dict__.items():
            if isinstance(v, dict):
                for kk, vv in v.items():
                    self.rejected_by_reason[kk] = self.rejected_by_reason.get(kk, 0) + vv
            else:
                setattr(self, k, getattr(self, k) + v)


def _report_row(ev: Event, art: Article) -> dict[str, Any]:
    rec = ev.to_dict()
    return {"id": ev.event_id, "article_id": art.id, "event_id": None, "event_type": ev.event_type,
            "sub_event_type": ev.sub_event_type, "event_date": ev.event_date, "time_precision": ev.time_precision,
            "country": ev.country, "admin1": ev.admin1, "location": ev.location, "place_id": ev.place_id,
            "latitude": ev.latitude, "longitude": ev.longitude, "geo_precision": ev.geo_precision,
            "actor1": ev.actor1, "actor2": ev.actor2, "fatalities": ev.fatalities,
            "claim_status": ev.claim_status, "aggregate": bool(ev.aggregate), "outlet": art.outlet,
            "url": art.url, "published": art.published, "record": json.dumps(rec, ensure_ascii=False),
            "merge_note": None, "date_stated": not str(ev.provenance.get("date", "")).startswith("date.published"),
            "place_area": placed_by_countryside(ev.provenance)}


def _as_report(row: Any) -> dict[str, Any]:
    d = dict(row._mapping)
    # d["record"] stays JSON text until the clustering needs it (dedup.clustering.record); light
    # rows have none
    if isinstance(d.get("merge_note"), str):
        d["merge_note"] = json.loads(d["merge_note"])
    return d


class Store:
    def __init__(self, engine: Engine, url: str, dedup: dict | None = None):
        self.engine = engine
        self.url = url
        self.dedup_cfg = DEDUP_DEFAULTS | (dedup or {})

    # -- opening ---------------------------------------------------------------
    @classmethod
    def open(cls, db: str | None = None, *, write: bool = True, config: dict | None = None) -> "Store":
        url = database_url(db)
        engine = make_engine(url, write=write)
        migrate(make_engine(url, write=True) if not write else engine)
        return cls(engine, url, (config or {}).get("dedup"))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self):
        """A write transaction holding the store's writer lock."""
        return _WriteTxn(self.engine)

    # -- runs ----------------------------------------------------------------------
    def start_run(self, command: str, sources: list[str], config: dict) -> str:
        run_id = f"run-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        with self._write() as conn:
            conn.execute(insert(t.runs).values(
                id=run_id, command=command, started=now(), status="running",
                sources=json.dumps(sources, ensure_ascii=False), config=json.dumps(config, ensure_ascii=False, default=str),
                counts="{}", marsad_version=__version__))
        return run_id

    def finish_run(self, run_id: str, status: str, counts: dict) -> None:
        with self._write() as conn:
            conn.execute(update(t.runs).where(t.runs.c.id == run_id).values(
                finished=now(), status=status, counts=json.dumps(counts, ensure_ascii=False)))

    def runs(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(t.runs).order_by(t.runs.c.started))]

    # -- articles ----------------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(set(ids))
        out: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                out |= set(conn.execute(select(t.articles.c.id).where(t.articles.c.id.in_(ids[i:i + 500]))).scalars())
        return out

    def write_batch(self, items: list[tuple[Article, DocResult] | Rejection], run_id: str | None = None) -> BatchResult:
        """Write one batch atomically: articles, reports, statements, rejections, clustering.

        Rows are written with one executemany per table: the batch costs a handful of statements,
        not one per record.
        """
        res = BatchResult()
        stamp = now()
        art_rows: list[dict] = []
        report_rows: dict[str, dict] = {}
        st_rows: dict[str, dict] = {}
        rejs: list[Rejection] = []
        fetched: dict[str, dict] = {}
        with self._write() as conn:
            have = _existing(conn, t.articles, [x[0].id for x in items if not isinstance(x, Rejection)])
            for x in items:
                if isinstance(x, Rejection):
                    rejs.append(x)
                    continue
                art, dr = x
                item = art.extra.get("feed_item")
                if item:
                    fetched.setdefault(item["url"], {
                        "url": item["url"], "feed": item["feed"], "article_id": art.id, "fetched_at": stamp,
                        "status": "stored" if dr.rejection is None else f"rejected:{dr.rejection.reason}"})
                if art.id in have:
                    res.already_stored += 1
                    continue
                have.add(art.id)
                if dr.rejection is not None:
                    rejs.append(dr.rejection)
                    continue
                art_rows.append({"id": art.id, "source_id": art.extra.get("source_id", art.id), "url": art.url,
                                 "outlet": art.outlet, "published": art.published, "language": art.language,
                                 "title": art.title, "text_hash": content_id("tx", {"t": art.text})[3:],
                                 "text": art.text, "ingested_at": stamp, "run_id": run_id})
                for ev in dr.events:
                    report_rows.setdefault(ev.event_id, _report_row(ev, art))
                for st in dr.statements:
                    st_rows.setdefault(st.statement_id, {
                        "id": st.statement_id, "article_id": art.id, "type": st.type, "date": st.date,
                        "actor1": st.actor1, "actor2": st.actor2,
                        "record": json.dumps(dict(st.to_dict(), doc_id=art.id, source_url=art.url,
                                                  outlet=art.outlet), ensure_ascii=False)})
            res.stored = len(art_rows)
            if art_rows:
                conn.execute(insert(t.articles), art_rows)
            if report_rows:
                conn.execute(insert(t.reports), list(report_rows.values()))
                res.reports = len(report_rows)
            if st_rows:
                taken = _existing(conn, t.statements, list(st_rows))
                fresh = [v for k, v in st_rows.items() if k not in taken]
                if fresh:
                    conn.execute(insert(t.statements), fresh)
                res.statements = len(fresh)
            if fetched:
                taken = _existing(conn, t.fetched, list(fetched), t.fetched.c.url)
                fresh = [v for k, v in fetched.items() if k not in taken]
                if fresh:
                    conn.execute(insert(t.fetched), fresh)
            self._reject_all(conn, rejs, run_id, stamp, res)
            if report_rows:
                self._cluster(conn, [dict(r) for r in report_rows.values()], res)
        return res

    def _reject_all(self, conn: Connection, rejs: list[Rejection], run_id: str | None, stamp: str,
                    res: BatchResult) -> None:
        rows: dict[str, dict] = {}
        for rej in rejs:
            if rej.level == "warning":
                res.warnings += 1
            else:
                res.rejected += 1
                res.rejected_by_reason[rej.reason] = res.rejected_by_reason.get(rej.reason, 0) + 1
            rows.setdefault(rejection_id(rej), {"record": rej.record, "stage": rej.stage, "reason": rej.reason,
                                                "message": rej.message, "level": rej.level, "run_id": run_id,
                                                "created": stamp})
        if rows:
            taken = _existing(conn, t.rejections, list(rows))
            fresh = [dict(v, id=k) for k, v in rows.items() if k not in taken]
            if fresh:
                conn.execute(insert(t.rejections), fresh)

    # -- clustering -------------------------------------------------------------
    def _candidates(self, conn: Connection, r: dict) -> list[dict]:
        """Stored reports that the dedup gates could accept for `r` (one indexed range query).

        Blocking: same type family, aggregate flag and date window, and the same governorate (or
        the same place). Two towns on either side of a governorate border within the distance
        radius are the one case the gates alone would allow and the blocking leaves apart.
        """
        tol = self.dedup_cfg["date_tolerance_days"]
        slack = max(tol[0], self.dedup_cfg["published_fallback_slack_days"])
        try:
            d = date.fromisoformat(r["event_date"][:10])
        except (TypeError, ValueError):
            return []

        def day(n: int) -> str:
            return (d + timedelta(days=n)).isoformat()
        params = {"types": sorted(RELATED_TYPES) if r["event_type"] in RELATED_TYPES else [r["event_type"]],
                  "agg": bool(r["aggregate"]), "lo3": day(-max(tol)), "hi3": day(max(tol)),
                  "lo2": day(-max(tol[1], slack)), "hi2": day(max(tol[1], slack)), "lo1": day(-slack),
                  "hi1": day(slack), "country": r["country"], "admin1": r.get("admin1"), "place": r.get("place_id")}
        return [_as_report(x) for x in conn.execute(_CANDIDATES, params)]

    def _cluster(self, conn: Connection, new_reports: list[dict], res: BatchResult | None = None) -> None:
        """Attach each new report to an event (stored, or founded earlier in this batch) or found one."""
        batch: dict[str, list[dict]] = {}       # event id -> this batch's reports in it
        for r in new_reports:
            cl = Clusterer(self.dedup_cfg)
            cands = self._candidates(conn, r)
            ids = {x["event_id"] for x in cands}
            cl.load(cands)
            if ids:
                # every member of those events (light columns): one article never gives two reports
                # of one event, and a report may not contradict an event's precise members
                cl.load(_as_report(x) for x in conn.execute(_MEMBERS, {"ids": sorted(ids)}))
            for group in batch.values():
                cl.load(group)
            eid, note = cl.add(r)
            batch.setdefault(eid, []).append(r)
            if res is not None:
                if note.get("founded"):
                    res.new_events += 1
                else:
                    res.merged_reports += 1
        conn.execute(update(t.reports).where(t.reports.c.id == bindparam("rid")).values(
            event_id=bindparam("eid"), merge_note=bindparam("note")),
            [{"rid": r["id"], "eid": r["event_id"], "note": json.dumps(r["merge_note"], ensure_ascii=False)}
             for g in batch.values() for r in g])
        touched = sorted(batch)
        members: dict[str, list[dict]] = {eid: [] for eid in touched}
        for i in range(0, len(touched), 500):
            q = select(t.reports).where(t.reports.c.event_id.in_(touched[i:i + 500])).order_by(t.reports.c.seq)
            for x in conn.execute(q):
                rep = _as_report(x)
                members[rep["event_id"]].append(rep)
        self._save_events(conn, [summarize(eid, members[eid]) for eid in touched])

    def _save_events(self, conn: Connection, evs: list[Event]) -> None:
        stamp = now()
        rows = []
        for ev in evs:
            rows.append({"id": ev.event_id, "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
                         "event_date": ev.event_date, "country": ev.country, "admin1": ev.admin1,
                         "location": ev.location, "latitude": ev.latitude, "longitude": ev.longitude,
                         "actor1": ev.actor1, "actor2": ev.actor2, "claim_status": ev.claim_status,
                         "fatalities": ev.fatalities, "aggregate": bool(ev.aggregate),
                         "n_reports": ev.cluster["reports"], "n_outlets": len(ev.cluster["outlets"]),
                         "first_reported": ev.cluster["first_reported"], "updated_at": stamp,
                         "record": json.dumps(ev.to_dict(), ensure_ascii=False),
                         "weapons": "|" + "|".join(ev.weapons) + "|",
                         "evidence": "\n".join(x.get("evidence") or "" for x in ev.cluster["sources"])})
        have = _existing(conn, t.events, [r["id"] for r in rows])
        if have:
            cols = [c for c in rows[0] if c != "id"]
            conn.execute(update(t.events).where(t.events.c.id == bindparam("_id")).values(
                {c: bindparam("v_" + c) for c in cols}),
                [{"_id": r["id"], **{"v_" + c: r[c] for c in cols}} for r in rows if r["id"] in have])
        fresh = [r for r in rows if r["id"] not in have]
        if fresh:
            conn.execute(insert(t.events), fresh)

    def rebuild_clusters(self) -> dict[str, int]:
        """Recompute every event from the reports, in ingestion order (`marsad dedup --rebuild`)."""
        with self._write() as conn:
            conn.execute(delete(t.events))
            conn.execute(update(t.reports).values(event_id=None, merge_note=None))
            reports = [_as_report(x) for x in conn.execute(select(t.reports).order_by(t.reports.c.seq))]
            res = BatchResult()
            for i in range(0, len(reports), 200):
                self._cluster(conn, reports[i:i + 200], res)
        return {"reports": len(reports), "events": res.new_events, "merged_reports": res.merged_reports}

    # -- reading ----------------------------------------------------------------
    def events(self, *, since: str | None = None, until: str | None = None, country: str | None = None,
               include_aggregates: bool = True) -> Iterator[Event]:
        """Deduplicated events (cluster level, with their sources), by date then id."""
        c = t.events.c
        conds = []
        if since:
            conds.append(c.event_date >= since)
        if until:
            conds.append(c.event_date <= until)
        if country:
            conds.append(func.lower(c.country) == country.lower())
        if not include_aggregates:
            conds.append(c.aggregate.is_(False))
        q = select(c.record).where(and_(true(), *conds)).order_by(c.event_date, c.id)
        with self.engine.connect() as conn:
            for (rec,) in conn.execution_options(yield_per=1000).execute(q):
                yield event_from_dict(json.loads(rec))

    def statements(self, *, since: str | None = None, until: str | None = None) -> Iterator[dict]:
        c = t.statements.c
        conds = [x for x in (c.date >= since if since else None, c.date <= until if until else None) if x is not None]
        with self.engine.connect() as conn:
            for (rec,) in conn.execute(select(c.record).where(and_(true(), *conds)).order_by(c.seq)):
                yield json.loads(rec)

    def table_ids(self, name: str) -> list[str]:
        """Every id of a table, sorted (used to compare two stores)."""
        tab = getattr(t, name)
        with self.engine.connect() as conn:
            return sorted(conn.execute(select(tab.c.id)).scalars())

    def count(self, name: str) -> int:
        tab = getattr(t, name)
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(tab)).scalar_one()

    def stats(self, *, since: str | None = None, until: str | None = None) -> dict[str, Any]:
        """Counts by day, event type, actor and country (individual events), rejections by reason."""
        c = t.events.c
        conds = [c.aggregate.is_(False)]
        if since:
            conds.append(c.event_date >= since)
        if until:
            conds.append(c.event_date <= until)
        out: dict[str, Any] = {}
        with self.engine.connect() as conn:
            def by(col, limit=None):
                q = select(col, func.count()).where(*conds).group_by(col).order_by(func.count().desc(), col)
                return {("unknown" if k is None else str(k)): n for k, n in conn.execute(q.limit(limit) if limit else q)}
            out["totals"] = {
                "articles": conn.execute(select(func.count()).select_from(t.articles)).scalar_one(),
                "reports": conn.execute(select(func.count()).select_from(t.reports)).scalar_one(),
                "events": conn.execute(select(func.count()).select_from(t.events).where(*conds)).scalar_one(),
                "aggregates": conn.execute(select(func.count()).select_from(t.events)
                                           .where(c.aggregate.is_(True))).scalar_one(),
                "statements": conn.execute(select(func.count()).select_from(t.statements)).scalar_one(),
                "rejections": conn.execute(select(func.count()).select_from(t.rejections)
                                           .where(t.rejections.c.level == "error")).scalar_one(),
            }
            out["by_day"] = dict(sorted(by(c.event_date).items()))
            out["by_type"] = by(c.event_type)
            out["by_actor"] = by(c.actor1, 50)
            out["by_country"] = by(c.country)
            r = t.rejections.c
            out["rejections_by_reason"] = {k: n for k, n in conn.execute(
                select(r.reason, func.count()).where(r.level == "error").group_by(r.reason).order_by(r.reason))}
        return out

    # -- feeds ------------------------------------------------------------------------
    def feed_state(self, url: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.feeds).where(t.feeds.c.url == url)).first()
        return dict(row._mapping) if row else None

    def save_feed_state(self, url: str, **values: Any) -> None:
        with self._write() as conn:
            values["last_polled"] = now()
            if conn.execute(update(t.feeds).where(t.feeds.c.url == url).values(**values)).rowcount == 0:
                conn.execute(insert(t.feeds).values(url=url, **values))

    def fetched_urls(self, urls: Iterable[str]) -> set[str]:
        return _existing_keys(self.engine, t.fetched, t.fetched.c.url, list(urls))

    def mark_fetched(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        with self._write() as conn:
            have = _existing(conn, t.fetched, [r["url"] for r in rows], t.fetched.c.url)
            new = {r["url"]: dict(r, fetched_at=now()) for r in rows if r["url"] not in have}
            if new:
                conn.execute(insert(t.fetched), list(new.values()))


_R = t.reports.c
_LIGHT = [c for c in t.reports.c if c.name not in ("record", "merge_note")]
# built once: the clustering runs these for every new report
_CANDIDATES = select(*_LIGHT, _R.record).where(
    _R.event_type.in_(bindparam("types", expanding=True)), _R.aggregate == bindparam("agg"),
    _R.event_date.between(bindparam("lo3"), bindparam("hi3")), _R.event_id.is_not(None),
    or_(and_(_R.country == bindparam("country"), _R.admin1 == bindparam("admin1")), _R.place_id == bindparam("place")),
    or_(_R.time_precision >= 3, _R.event_date.between(bindparam("lo2"), bindparam("hi2"))),
    or_(_R.time_precision >= 2, _R.event_date.between(bindparam("lo1"), bindparam("hi1"))))
_MEMBERS = select(*_LIGHT).where(_R.event_id.in_(bindparam("ids", expanding=True)))


class _WriteTxn:
    """`with store._write() as conn`: one transaction with the writer lock; DB errors become StoreError."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def __enter__(self) -> Connection:
        self._cm = self.engine.begin()
        try:
            conn = self._cm.__enter__()
            lock_for_write(conn)
        except DBAPIError as e:
            raise StoreError(f"cannot write to the store: {str(e.orig).strip()}",
                             hint="is another program holding a long write lock?") from e
        return conn

    def __exit__(self, et, ev, tb):
        try:
            return self._cm.__exit__(et, ev, tb)
        except DBAPIError as e:
            raise StoreError(f"writing to the store failed: {str(e.orig).strip()}") from e


def _existing(conn: Connection, table, keys: list[str], col=None) -> set[str]:
    col = col if col is not None else table.c.id
    out: set[str] = set()
    for i in range(0, len(keys), 500):
        out |= set(conn.execute(select(col).where(col.in_(keys[i:i + 500]))).scalars())
    return out


def _existing_keys(engine: Engine, table, col, keys: list[str]) -> set[str]:
    with engine.connect() as conn:
        return _existing(conn, table, keys, col)
