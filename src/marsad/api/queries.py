"""Read queries behind the REST API: filters, keyset pagination, statistics.

Every value from a request reaches the database as a bound parameter (LIKE patterns are
escaped); nothing is formatted into SQL text.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.engine import Connection

from ..store import schema as t

E = t.events.c


def _like(value: str) -> str:
    """A LIKE pattern that matches `value` literally (\\ escapes % and _)."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass
class EventFilter:
    since: str | None = None
    until: str | None = None
    country: str | None = None
    admin1: str | None = None
    location: str | None = None
    actor: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    claim_status: str | None = None
    weapon: str | None = None
    bbox: tuple[float, float, float, float] | None = None    # min lon, min lat, max lon, max lat
    q: str | None = None
    aggregates: str = "include"                              # include | exclude | only

    def where(self):
        c = []
        if self.since:
            c.append(E.event_date >= self.since)
        if self.until:
            c.append(E.event_date <= self.until)
        for col, v in ((E.country, self.country), (E.admin1, self.admin1), (E.location, self.location)):
            if v:
                # exact match keeps the indexes usable; the app maps "iraq" to the stored "Iraq" first
                c.append(col == v)
        if self.actor:
            c.append(or_(E.actor1 == self.actor, E.actor2 == self.actor))
        for col, v in ((E.event_type, self.event_type), (E.sub_event_type, self.sub_event_type),
                       (E.claim_status, self.claim_status)):
            if v:
                c.append(col == v)
        if self.weapon:
            c.append(E.weapons.like(_like(f"|{self.weapon}|"), escape="\\"))
        if self.bbox:
            x0, y0, x1, y1 = self.bbox
            c.append(and_(E.longitude.between(x0, x1), E.latitude.between(y0, y1)))
        if self.q:
            c.append(E.evidence.like(_like(self.q), escape="\\"))
        if self.aggregates == "exclude":
            c.append(E.aggregate.is_(False))
        elif self.aggregates == "only":
            c.append(E.aggregate.is_(True))
        return and_(true(), *c)


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """Raises ValueError on anything that is not a cursor this API made."""
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    values = json.loads(raw)
    if not (isinstance(values, list) and len(values) == 2 and isinstance(values[1], str)
            and (values[0] is None or isinstance(values[0], str))):
        raise ValueError("bad cursor")
    return values


def list_item(record: dict) -> dict:
    """An event for a list page: everything but the sources' texts (GET /api/events/{id} has them)."""
    out = dict(record)
    cl = out.get("cluster") or {}
    out["cluster"] = {k: v for k, v in cl.items() if k != "sources"} | {"sources": len(cl.get("sources", []))}
    out.pop("evidence_spans", None)
    return out


def page_events(conn: Connection, f: EventFilter, *, limit: int, cursor: str | None, sort: str) -> dict:
    desc = sort.startswith("-")
    order = [E.event_date.desc().nulls_last(), E.id.desc()] if desc else [E.event_date.asc().nulls_last(), E.id.asc()]
    cond = f.where()
    if cursor:
        d, i = decode_cursor(cursor)
        if d is None:      # already among the undated events, which come last
            cond = and_(cond, E.event_date.is_(None), E.id < i if desc else E.id > i)
        elif desc:
            cond = and_(cond, or_(E.event_date < d, and_(E.event_date == d, E.id < i), E.event_date.is_(None)))
        else:
            cond = and_(cond, or_(E.event_date > d, and_(E.event_date == d, E.id > i), E.event_date.is_(None)))
    rows = conn.execute(select(E.id, E.event_date, E.record).where(cond).order_by(*order).limit(limit + 1)).all()
    items = [list_item(json.loads(r.record)) for r in rows[:limit]]
    nxt = encode_cursor([rows[limit - 1].event_date, rows[limit - 1].id]) if len(rows) > limit else None
    return {"items": items, "next_cursor": nxt}


def event_detail(conn: Connection, event_id: str) -> dict | None:
    row = conn.execute(select(E.record).where(E.id == event_id)).first()
    if row is None:
        return None
    rec = json.loads(row.record)
    R = t.reports.c
    reports = []
    for r in conn.execute(select(R.id, R.record, R.merge_note, t.articles.c.url, t.articles.c.outlet,
                                 t.articles.c.published, t.articles.c.title)
                          .join(t.articles, t.articles.c.id == R.article_id)
                          .where(R.event_id == event_id).order_by(R.seq)):
        rep = json.loads(r.record)
        reports.append({"report_id": r.id, "url": r.url, "outlet": r.outlet, "published": r.published,
                        "title": r.title, "evidence": rep.get("evidence"), "evidence_spans": rep.get("evidence_spans"),
                        "provenance": rep.get("provenance"), "claim_status": rep.get("claim_status"),
                        "fatalities": rep.get("fatalities"),
                        "merge": json.loads(r.merge_note) if r.merge_note else None})
    rec["reports"] = reports
    return rec


def article_context(conn: Connection, report_id: str, pad: int = 400) -> dict | None:
    """The evidence of one report inside its article's text (for highlighting in context)."""
    R = t.reports.c
    row = conn.execute(select(R.record, t.articles.c.text).join(t.articles, t.articles.c.id == R.article_id)
                       .where(R.id == report_id)).first()
    if row is None:
        return None
    spans = json.loads(row.record).get("evidence_spans") or []
    text = row.text
    start = max(0, min((s["start"] for s in spans), default=0) - pad)
    end = min(len(text), max((s["end"] for s in spans), default=0) + pad)
    return {"report_id": report_id, "offset": start, "text": text[start:end],
            "spans": [{"start": s["start"] - start, "end": s["end"] - start} for s in spans]}


def stats(conn: Connection, f: EventFilter, interval: str = "day", top: int = 20) -> dict:
    """Counts by day or week, type, actor and country (GROUP BY in the database)."""
    cond = f.where()

    def by(col, limit=None):
        q = select(col, func.count()).where(cond).group_by(col).order_by(func.count().desc(), col)
        return [{"key": k, "count": n} for k, n in conn.execute(q.limit(limit) if limit else q)]
    series = {k: n for k, n in conn.execute(select(E.event_date, func.count()).where(cond, E.event_date.is_not(None))
                                            .group_by(E.event_date).order_by(E.event_date))}
    if interval == "week":
        weeks: dict[str, int] = {}
        for d, n in series.items():
            try:
                dd = date.fromisoformat(d)
            except ValueError:
                continue
            monday = (dd - timedelta(days=dd.weekday())).isoformat()
            weeks[monday] = weeks.get(monday, 0) + n
        series = weeks
    by_type = by(E.event_type)
    total, fat = conn.execute(select(func.count(), func.coalesce(func.sum(E.fatalities), 0)).where(cond)).one()
    return {"total": total, "fatalities": int(fat), "interval": interval,
            "series": [{"period": k, "count": v} for k, v in series.items()],
            "by_type": by_type, "by_actor": by(E.actor1, top), "by_country": by(E.country)}


def actors(conn: Connection, f: EventFilter, limit: int) -> list[dict]:
    cond = f.where()
    counts: dict[str, dict[str, int]] = {}
    for role, col in (("as_actor1", E.actor1), ("as_actor2", E.actor2)):
        for name, n in conn.execute(select(col, func.count()).where(cond, col.is_not(None)).group_by(col)):
            counts.setdefault(name, {"as_actor1": 0, "as_actor2": 0})[role] = n
    out = [{"actor": k, "events": v["as_actor1"] + v["as_actor2"], **v} for k, v in counts.items()]
    out.sort(key=lambda x: (-x["events"], x["actor"]))
    return out[:limit]


def page_statements(conn: Connection, *, since: str | None, until: str | None, type_: str | None,
                    actor: str | None, limit: int, cursor: str | None) -> dict:
    S = t.statements.c
    c = [true()]
    if since:
        c.append(S.date >= since)
    if until:
        c.append(S.date <= until)
    if type_:
        c.append(S.type == type_)
    if actor:
        c.append(or_(S.actor1 == actor, S.actor2 == actor))
    if cursor:
        _, seq = decode_cursor(cursor)
        c.append(S.seq > int(seq))
    rows = conn.execute(select(S.seq, S.record).where(*c).order_by(S.seq).limit(limit + 1)).all()
    items = [json.loads(r.record) for r in rows[:limit]]
    nxt = encode_cursor([None, str(rows[limit - 1].seq)]) if len(rows) > limit else None
    return {"items": items, "next_cursor": nxt}
