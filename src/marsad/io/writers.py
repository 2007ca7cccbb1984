"""Writers: events.jsonl, statements.jsonl, events.csv (ACLED layout + extras),
events.geojson, rejected.jsonl, run.json."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Iterable

from ..data import outlet_scale
from ..model import Event, Rejection, Statement

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
EXTRA_COLUMNS = ["event_id", "claim_status", "weapons", "count", "aggregate", "doc_ids", "source_url",
                 "evidence", "provenance", "n_reports", "source_urls", "first_reported", "denials"]
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
    cl = ev.cluster or {}
    urls = [x["url"] for x in cl.get("sources", []) if x.get("url")]
    row = {
        "event_id_cnty": f"{ISO3.get(country, 'XXX')}{ev.event_id.split('-', 1)[-1][:8].upper()}" if ev.event_id else "",
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
        "geo_precision": ev.geo_precision or "", "source": ev.outlet or "",
        "source_scale": cl.get("source_scale") or outlet_scale(ev.outlet, ev.source_url) or "",
        "notes": notes, "fatalities": "" if ev.fatalities is None else ev.fatalities,
        "tags": "aggregate" if ev.aggregate else "", "timestamp": "",
        "event_id": ev.event_id, "claim_status": ev.claim_status, "weapons": ";".join(ev.weapons),
        "count": "" if ev.count is None else ev.count, "aggregate": ev.aggregate,
        "doc_ids": ";".join(ev.doc_ids), "source_url": ev.source_url or "", "evidence": notes,
        "provenance": json.dumps(ev.provenance, ensure_ascii=False),
        "n_reports": cl.get("reports", 1), "source_urls": " ".join(dict.fromkeys(urls)) or ev.source_url or "",
        "first_reported": cl.get("first_reported") or ev.published or "",
        "denials": ";".join(cl.get("denials", [])),
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


def geojson_feature(ev: Event) -> dict[str, Any] | None:
    if ev.latitude is None or ev.longitude is None:
        return None
    props = {k: v for k, v in event_record(ev).items()
             if k not in ("latitude", "longitude", "evidence_spans", "provenance", "cluster")}
    if ev.cluster:
        props.update(n_reports=ev.cluster["reports"], outlets=ev.cluster["outlets"],
                     source_scale=ev.cluster.get("source_scale"), first_reported=ev.cluster.get("first_reported"))
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [ev.longitude, ev.latitude]},
            "properties": props}


def write_geojson(path: Path, events: Iterable[Event]) -> int:
    """A FeatureCollection, written feature by feature (constant memory for large exports)."""
    n = 0
    with path.open("w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "features": [')
        for ev in events:
            feat = geojson_feature(ev)
            if feat is None:
                continue
            f.write(("," if n else "") + "\n" + json.dumps(feat, ensure_ascii=False))
            n += 1
        f.write("\n]}\n")
    return n


PARQUET_INTS = {"year", "time_precision", "inter1", "inter2", "iso", "geo_precision", "fatalities", "count",
                "n_reports"}
PARQUET_FLOATS = {"latitude", "longitude"}


def typed_row(row: dict[str, Any]) -> list[Any]:
    """An ACLED row's values typed for Parquet, in ACLED_COLUMNS + EXTRA_COLUMNS order ("" is null)."""
    out: list[Any] = []
    for c in ACLED_COLUMNS + EXTRA_COLUMNS:
        v = row[c]
        out.append(None if v == "" else int(v) if c in PARQUET_INTS else float(v) if c in PARQUET_FLOATS
                   else bool(v) if c == "aggregate" else str(v))
    return out


def write_parquet(path: Path, events: Iterable[Event], chunk: int = 10_000) -> int:
    """ACLED's columns and ours as a Parquet table (pyarrow; pip install 'marsad[parquet]')."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        from ..errors import ConfigError
        raise ConfigError("Parquet output needs pyarrow", hint="pip install 'marsad[parquet]'") from e
    cols = ACLED_COLUMNS + EXTRA_COLUMNS
    schema = pa.schema([(c, pa.int64() if c in PARQUET_INTS else pa.float64() if c in PARQUET_FLOATS else
                         pa.bool_() if c == "aggregate" else pa.string()) for c in cols])
    n = 0
    with pq.ParquetWriter(str(path), schema) as w:
        rows: list[list[Any]] = []

        def flush() -> None:
            w.write_table(pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)}, schema=schema))
            rows.clear()
        for ev in events:
            rows.append(typed_row(acled_row(ev)))
            n += 1
            if len(rows) >= chunk:
                flush()
        if rows or n == 0:
            flush()
    return n


EXPORT_FORMATS = {"acled-csv": "csv", "jsonl": "jsonl", "geojson": "geojson", "parquet": "parquet"}


def export_events(path: Path, events: Iterable[Event], fmt: str) -> int:
    """Write events in one of EXPORT_FORMATS."""
    if fmt == "acled-csv":
        return write_acled_csv(path, events)
    if fmt == "jsonl":
        return write_jsonl(path, (event_record(e) for e in events))
    if fmt == "geojson":
        return write_geojson(path, events)
    if fmt == "parquet":
        return write_parquet(path, events)
    raise ValueError(f"unknown export format {fmt!r}")


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
