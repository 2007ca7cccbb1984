"""Score place resolution on a set of one-event sentences with expected places.

Each record: {"id", "text", "category", "expected": {"place_id", "alt_ids", "admin1",
"country", "geo_precision", "latitude", "longitude"}}. The first non-aggregate event of
each sentence is compared with the expectation:

- exact: the event's place id is the expected id or one of `alt_ids` (records without an id
  are left out of this column);
- within_25km: the event's point is within 25 km of the expected point; for expected
  governorates or districts (admin1:/admin2: ids) the governorate must match instead;
- admin1, country, precision: equality (admin1 spelling variants accepted).
A sentence that yields no event fails every column.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ..model import Article
from .linking import km

COLUMNS = ("exact", "within_25km", "admin1", "country", "precision")


def score_place_mentions(records: Iterable[dict], pipeline, published: str = "2024-05-10") -> dict:
    res = pipeline.resources
    tallies: dict[str, dict[str, list[int]]] = defaultdict(lambda: {c: [0, 0] for c in COLUMNS})
    failures = []
    for rec in records:
        exp = rec["expected"]
        [r] = pipeline.process([Article(id=rec["id"], text=rec["text"], published=published)])
        ev = next((e for e in r.events if not e.aggregate), None)
        ok: dict[str, bool | None] = {}
        ids = {exp.get("place_id"), *exp.get("alt_ids", [])} - {None}
        ok["exact"] = (ev is not None and ev.place_id in ids) if ids else None
        area = (exp.get("place_id") or "").startswith(("admin1:", "admin2:")) or rec.get("category") == "governorate_only"
        want_a1 = res.gazetteer.admin1(exp.get("admin1"))
        got_a1 = res.gazetteer.admin1(ev.admin1) if ev is not None else None
        same_a1 = ev is not None and want_a1 is not None and got_a1 is not None and want_a1.id == got_a1.id
        if area:
            ok["within_25km"] = same_a1
        elif exp.get("latitude") is not None and ev is not None and ev.latitude is not None:
            ok["within_25km"] = km(exp["latitude"], exp["longitude"], ev.latitude, ev.longitude) <= 25
        else:
            ok["within_25km"] = False
        ok["admin1"] = same_a1 if exp.get("admin1") else None
        ok["country"] = ev is not None and ev.country == exp.get("country")
        ok["precision"] = ev is not None and ev.geo_precision == exp.get("geo_precision")
        for cat in (rec.get("category", "other"), "all"):
            for c, v in ok.items():
                if v is not None:
                    tallies[cat][c][0] += bool(v)
                    tallies[cat][c][1] += 1
        if not ok["within_25km"]:
            failures.append({"id": rec["id"], "category": rec.get("category"), "text": rec["text"],
                             "expected": exp.get("place_id") or exp.get("admin1"),
                             "got": None if ev is None else (ev.place_id, ev.location, ev.admin1)})
    table = {cat: {c: (round(a / n, 3) if n else None) for c, (a, n) in cols.items()} | {"n": cols["country"][1]}
             for cat, cols in tallies.items()}
    return {"table": table, "failures": failures}
