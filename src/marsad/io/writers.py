"""Writers: events.jsonl, statements.jsonl, events.csv (ACLED layout + extras),
events.geojson, rejected.jsonl, run.json."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Iterable

from ..model import Event, Rejection, Statement

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
EXTRA_COLUMNS = ["event_id", "claim_status", "weapons", "count", "aggregate", "doc_ids", "source_url",
                 "evidence", "provenance"]
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
ISO_NUM = {"Iraq": 368, "Syria": 760, "Jordan": 400, "Lebanon": 422, "Israel": 376, "Palestine": 275,
           "Turkey": 792, "Iran": 364, "Saudi Arabia": 682, "Kuwait": 414, "Yemen": 887}
ISO3 = {"Iraq": "IRQ", "Syria": "SYR", "Jordan": "JOR", "Lebanon": "LBN", "Israel": "ISR", "Palestine": "PSE",
        "Turkey": "TUR", "Iran": "IRN", "Saudi Arabia": "SAU", "Kuwait": "KWT", "Yemen": "YEM"}


def event_record(ev: Event) -> dict[str, Any]:
    d = ev.to_dict()
    d["doc_id"] = ev.doc_ids[0] if ev.doc_ids else None
    return d


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    return n


def acled_row(ev: Event) -> dict[str, Any]:
    country = (ev.country or "").split(";")[0].strip()
    civ = "Civilian targeting" if (ev.actor2 or "").startswith("Civilians") else ""
    inter = f"{ev.inter1 or ''}{ev.inter2 or 0}" if ev.inter1 else ""
    notes = " … ".join(e.text for e in ev.evidence)
    row = {
        "event_id_cnty": f"{ISO3.get(country, 'XXX')}{ev.event_id[3:11].upper()}" if ev.event_id else "",
        "event_date": ev.event_date or "", "year": (ev.event_date or "")[:4],
        "time_precision": ev.time_precision or "", "disorder_type": DISORDER.get(ev.event_type, ""),
        "event_type": ev.event_type, "sub_event_type": ev.sub_event_type or "",
        "actor1": ev.actor1 or "", "assoc_actor_1": ev.assoc_actor_1 or "", "inter1": ev.inter1 or "",
        "actor2": ev.actor2 or "", "assoc_actor_2": ev.assoc_actor_2 or "", "inter2": ev.inter2 or "",
        "interaction": inter, "civilian_targeting": civ, "iso": ISO_NUM.get(country, ""),
        "region": "Middle East", "country": ev.country or "", "admin1": ev.admin1 or "",
        "admin2": ev.admin2 or "", "admin3": ev.admin3 or "", "location": ev.location or "",
        "latitude": "" if ev.latitude is None else round(ev.latitude, 4),
        "longitude": "" if ev.longitude is None else round(ev.longitude, 4),
        "geo_precision": ev.geo_precision or "", "source": ev.outlet or "", "source_scale": "",
        "notes": notes, "fatalities": "" if ev.fatalities is None else ev.fatalities,
        "tags": "aggregate" if ev.aggregate else "", "timestamp": "",
        "event_id": ev.event_id, "claim_status": ev.claim_status, "weapons": ";".join(ev.weapons),
        "count": "" if ev.count is None else ev.count, "aggregate": ev.aggregate,
        "doc_ids": ";".join(ev.doc_ids), "source_url": ev.source_url or "", "evidence": notes,
        "provenance": json.dumps(ev.provenance, ensure_ascii=False),
    }
    return row


def write_acled_csv(path: Path, events: Iterable[Event]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS)
        w.writeheader()
        for ev in events:
            w.writerow(acled_row(ev))
            n += 1
    return n


def write_geojson(path: Path, events: Iterable[Event]) -> int:
    feats = []
    for ev in events:
        if ev.latitude is None or ev.longitude is None:
            continue
        props = {k: v for k, v in event_record(ev).items() if k not in ("latitude", "longitude", "evidence_spans", "provenance")}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [ev.longitude, ev.latitude]},
                      "properties": props})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False), encoding="utf-8")
    return len(feats)


def write_rejections(f: IO[str], rejections: Iterable[Rejection]) -> int:
    n = 0
    for r in rejections:
        f.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_outputs(out: Path, events: list[Event], statements: list[Statement]) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    return {
        "events.jsonl": write_jsonl(out / "events.jsonl", (event_record(e) for e in events)),
        "statements.jsonl": write_jsonl(out / "statements.jsonl",
                                        (dict(s.to_dict(), doc_id=s.doc_ids[0]) for s in statements)),
        "events.csv": write_acled_csv(out / "events.csv", events),
        "events.geojson": write_geojson(out / "events.geojson", events),
    }
