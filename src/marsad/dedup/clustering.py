"""Which reports describe the same real event, and what the merged event says.

Pure functions over report dicts (the store's `reports` rows with `record` parsed): no I/O, so
the store's incremental ingest, `marsad dedup --rebuild` and a Spark job run the same logic.

Two reports can be one event only when every gate holds:

- neither is an aggregate, or both are (aggregates never add to individual events);
- they come from different articles (one article's events are already distinct);
- same event type;
- dates agree within the time precision (same day for two day-precise dates; a date that only
  fell back to the publication day may be one day late; a week or month holds the other date);
- places agree within a distance set by the coarser geo precision (same place id, or within
  `radius_km` for precision 1/2/3; a governorate-only report must be in the same governorate);
- actors are compatible: equal, or one side unnamed ("Unidentified ...", none); two different
  named actors need similar evidence text.

Among the events that pass, the report joins the closest (same place first, then distance, actor
agreement and evidence similarity). The merge explanation records each gate's value.
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from ..data import outlet_scale
from ..geo.linking import km, placed_by_countryside
from ..model import Event, event_from_dict
from ..text.normalize import normalize

CLAIM_STRENGTH = {"confirmed": 3, "claimed": 2, "reported": 1}
DEFAULTS = {"radius_km": [10.0, 30.0, 100.0], "date_tolerance_days": [0, 7, 31],
            "published_fallback_slack_days": 1, "conflicting_actor_min_similarity": 0.35}


def _generic(actor: str | None) -> bool:
    return not actor or actor.startswith(("Unidentified", "Civilians", "Protesters", "Rioters"))


def _days(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)  # type: ignore[index]
    except (TypeError, ValueError):
        return None


def record(r: dict) -> dict:
    """The report's full record; stored reports carry it as JSON text, parsed on first use.

    A report loaded without it (light columns) gives {}: only the evidence similarity reads it,
    and such reports are compared on dates and places first."""
    rec = r.get("record")
    if rec is None:
        return {}
    if isinstance(rec, str):
        rec = r["record"] = json.loads(rec)
    return rec


@lru_cache(maxsize=8192)
def _trigrams(text: str) -> frozenset[str]:
    t = normalize(text or "")
    return frozenset(t[i:i + 3] for i in range(max(0, len(t) - 2)))


def similarity(a: str, b: str) -> float:
    """Character-trigram Jaccard similarity of two evidence texts (normalised Arabic)."""
    x, y = _trigrams(a), _trigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def _from_fallback(r: dict) -> bool:
    """The date only fell back to the publication day (the text states none)."""
    if r.get("date_stated") is not None:
        return not r["date_stated"]
    return str(record(r).get("provenance", {}).get("date", "")).startswith("date.published")


@dataclass
class Match:
    score: tuple
    why: dict[str, Any]


def match(r: dict, m: dict, cfg: dict | None = None) -> Match | None:
    """Whether report `r` and report `m` can be the same event; None when a gate fails."""
    c = DEFAULTS | (cfg or {})
    if bool(r["aggregate"]) != bool(m["aggregate"]) or r["article_id"] == m["article_id"]:
        return None
    if r["event_type"] != m["event_type"] and not _loose_types(r, m):
        return None
    # dates
    gap = _days(r["event_date"], m["event_date"])
    if gap is None:
        return None
    prec = max(r.get("time_precision") or 1, m.get("time_precision") or 1)
    tol = c["date_tolerance_days"][min(prec, 3) - 1]
    if gap > tol and not (prec == 1 and gap <= c["published_fallback_slack_days"]
                          and (_from_fallback(r) or _from_fallback(m))):
        return None
    # how: a bomb planted and a shell fired are two events unless the wording is close
    if _mechanism(r) and _mechanism(m) and _mechanism(r) != _mechanism(m):
        if similarity(record(r).get("evidence", ""), record(m).get("evidence", "")) \
                < c["conflicting_actor_min_similarity"]:
            return None
    # places
    place = place_gap(r, m, c)
    if place is None:
        return None
    same_place, dist = place
    # actors: two different named attackers are two events unless the wording is close; the other
    # side (actor2) is often only partly named, so a difference there only ranks candidates
    sim = similarity(record(r).get("evidence", ""), record(m).get("evidence", ""))
    conflict1 = not _generic(r.get("actor1")) and not _generic(m.get("actor1")) and r["actor1"] != m["actor1"]
    if conflict1 and sim < c["conflicting_actor_min_similarity"]:
        return None
    conflicts = [k for k in ("actor1", "actor2") if not _generic(r.get(k)) and not _generic(m.get(k))
                 and r.get(k) != m.get(k)]
    agree = sum(1 for k in ("actor1", "actor2") if r.get(k) and r.get(k) == m.get(k))
    why = {"with_report": m["id"], "date_gap_days": gap, "same_place": same_place,
           "distance_km": None if dist is None else round(dist, 1), "actors_agree": agree,
           "actor_conflicts": conflicts, "evidence_similarity": round(sim, 3)}
    return Match((same_place, -(dist or 0.0), agree, -len(conflicts), sim), why)


MECHANISM = {"Shelling/artillery/missile attack": "fired", "Air/drone strike": "fired",
             "Remote explosive/landmine/IED": "planted", "Suicide bomb": "planted", "Grenade": "planted"}


def _mechanism(r: dict) -> str | None:
    return MECHANISM.get(r.get("sub_event_type") or "")


VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
RELATED_TYPES = VIOLENT | {"Strategic developments"}    # the types `_loose_types` may pair


def _loose_types(r: dict, m: dict) -> bool:
    """An untyped 'attack' (no sub-event type) may be another outlet's clash or bombing; an
    intercepted drone or missile ("Disrupted weapons use") another outlet's strike."""
    types = {r["event_type"], m["event_type"]}
    if types <= VIOLENT:
        return not r.get("sub_event_type") or not m.get("sub_event_type")
    subs = {r.get("sub_event_type"), m.get("sub_event_type")}
    return types == {"Explosions/Remote violence", "Strategic developments"} and "Disrupted weapons use" in subs


def _countryside(r: dict) -> bool:
    """Placed by "ريف X" (the countryside of X): as wide as X's governorate for matching."""
    if (r.get("geo_precision") or 3) < 2:
        return False
    if r.get("place_area") is not None:
        return bool(r["place_area"])
    return placed_by_countryside(record(r).get("provenance", {}))


def place_gap(r: dict, m: dict, cfg: dict | None = None) -> tuple[bool, float | None] | None:
    """(same place, distance km) when two reports' places are compatible, else None."""
    c = DEFAULTS | (cfg or {})
    if r.get("place_id") and r.get("place_id") == m.get("place_id"):
        return True, 0.0
    if r.get("country") != m.get("country"):
        return None
    gp = max(r.get("geo_precision") or 3, m.get("geo_precision") or 3)
    if _countryside(r) or _countryside(m):
        gp = 3
    if None in (r.get("latitude"), r.get("longitude"), m.get("latitude"), m.get("longitude")) or gp >= 3:
        if not r.get("admin1") or r.get("admin1") != m.get("admin1"):
            return None
        if None in (r.get("latitude"), r.get("longitude"), m.get("latitude"), m.get("longitude")):
            return False, None
    dist = km(r["latitude"], r["longitude"], m["latitude"], m["longitude"])
    if gp < 3 and dist > c["radius_km"][min(gp, 3) - 1]:
        return None
    return False, dist


class Clusterer:
    """Incremental clustering: `add(report)` attaches a report to the best event or starts one.

    `members` maps event id -> its reports; callers load the candidates the gates could accept
    (same type and aggregate flag, dates in the widest window) before adding.
    """

    def __init__(self, cfg: dict | None = None):
        self.cfg = cfg or {}
        self.members: dict[str, list[dict]] = {}
        self._seen: set[str] = set()          # report ids already in `members`

    def load(self, reports: Iterable[dict]) -> None:
        for r in reports:
            if r.get("event_id") and r["id"] not in self._seen:
                self._seen.add(r["id"])
                self.members.setdefault(r["event_id"], []).append(r)

    def _conflicts(self, r: dict, group: list[dict]) -> bool:
        """A report that matches a vague member (a governorate, a week) must not contradict the
        precise ones: "an IED in Diyala" may not chain an IED in Baqubah to one in Muqdadiya."""
        c = DEFAULTS | self.cfg
        for g in group:
            if (r.get("geo_precision") or 3) <= 2 and (g.get("geo_precision") or 3) <= 2 \
                    and not _countryside(r) and not _countryside(g) and place_gap(r, g, c) is None:
                return True
            gap = _days(r.get("event_date"), g.get("event_date"))
            slack = c["published_fallback_slack_days"] if _from_fallback(r) or _from_fallback(g) else 0
            if (r.get("time_precision") or 1) == 1 and (g.get("time_precision") or 1) == 1 and gap is not None \
                    and gap > slack:
                return True     # two stated days that differ: the publication-day slack does not chain them
        return False

    def add(self, r: dict) -> tuple[str, dict]:
        best: tuple[tuple, str, dict] | None = None
        for eid, group in self.members.items():
            if any(g["article_id"] == r["article_id"] for g in group):
                continue
            found = [x for x in (match(r, g, self.cfg) for g in group) if x is not None]
            if not found or self._conflicts(r, group):
                continue
            top = max(found, key=lambda x: x.score)
            if best is None or top.score > best[0]:
                best = (top.score, eid, top.why)
        if best is None:
            eid = "evc-" + r["id"].split("-", 1)[-1]
            note = {"founded": True}
        else:
            eid, note = best[1], {"joined": True, **best[2]}
        r["event_id"] = eid
        r["merge_note"] = note
        self.members.setdefault(eid, []).append(r)
        self._seen.add(r["id"])
        return eid, note


def summarize(event_id: str, members: list[dict]) -> Event:
    """The merged event: most precise place and date, all sources, conservative fatalities."""
    reps = sorted(members, key=lambda r: (r.get("geo_precision") or 9, r.get("time_precision") or 9,
                                          r.get("published") or "9999", r.get("seq") or 0))
    main = reps[0]
    ev = event_from_dict(record(main))
    ev.event_id = event_id
    for role in ("actor1", "actor2"):
        named = Counter(r[role] for r in members if not _generic(r.get(role)))
        if named:
            setattr(ev, role, named.most_common(1)[0][0])
    figures = [r["fatalities"] for r in members if r.get("fatalities") is not None]
    ev.fatalities = min(figures) if figures else None
    claims = [r.get("claim_status") or "reported" for r in members]
    denials = [r["id"] for r, c in zip(members, claims) if c == "denied"]
    strongest = max((c for c in claims if c != "denied"), key=lambda c: CLAIM_STRENGTH.get(c, 0), default="denied")
    ev.claim_status = strongest
    ev.weapons = sorted({w for r in members for w in record(r).get("weapons", [])})
    ev.doc_ids = sorted({r["article_id"] for r in members})
    outlets = sorted({r["outlet"] for r in members if r.get("outlet")})
    scales = sorted({s for s in (outlet_scale(r.get("outlet"), r.get("url")) for r in members) if s},
                    key=["Other", "New media", "Subnational", "National", "Regional", "International"].index)
    ev.outlet = "; ".join(outlets) or None
    ev.source_url = main.get("url")
    ev.published = min((r["published"] for r in members if r.get("published")), default=None)
    ev.cluster = {
        "reports": len(members), "outlets": outlets, "source_scale": "-".join(scales) or None,
        "first_reported": ev.published,
        "fatalities_rule": "lowest figure any report gives (ACLED's conservative rule)"
                           + (f"; figures {sorted(figures)}" if len(set(figures)) > 1 else ""),
        "denials": denials,
        "sources": [{"report_id": r["id"], "article_id": r["article_id"], "outlet": r.get("outlet"),
                     "url": r.get("url"), "published": r.get("published"), "claim_status": r.get("claim_status"),
                     "fatalities": r.get("fatalities"), "evidence": record(r).get("evidence"),
                     "merge": r.get("merge_note")} for r in sorted(members, key=lambda r: r.get("seq") or 0)],
    }
    return ev
