#!/usr/bin/env python3
"""Build ``src/marsad/data/places/admin3.csv``: Iraq's sub-districts (nahiya) as named points.

Iraqi reports place events by sub-district ("ناحية السعدية", "ناحية البغدادي"), and many
sub-district seats are villages or small towns that GeoNames' cities500 lacks. The OCHA
COD-AB adm3 file in ``../shared/data/admin_boundaries_iq_sy/`` gives each sub-district's
Arabic and English name and polygon. Its licence does not allow shipping the polygons, so
only facts derived from them ship: the names and an area-weighted centroid, with the P-code
as the source.

Each row is tied to marsad's governorate (admin1.csv) and district (admin2.csv) through the
OCHA adm2 P-code that admin2.csv records in its source column. "Markaz X" rows (the district
seat's own sub-district) are skipped: the seat city is already a GeoNames place.

Usage: python scripts/build_admin3.py [--from FILE.geojson] [--out FILE.csv]
The output is deterministic: the same input always gives the same bytes.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PLACES = REPO_ROOT / "src" / "marsad" / "data" / "places"
DEFAULT_IN = REPO_ROOT.parent / "shared" / "data" / "admin_boundaries_iq_sy" / "irq_admbnda_adm3_cso_20190603.geojson"
HEADER = ["country_code", "admin1_code", "admin2", "pcode", "name", "names_ar", "latitude", "longitude", "source"]


def ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(signed area, cx, cy) of one closed ring by the shoelace formula."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2.0
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return a, cx / (6 * a), cy / (6 * a)


def centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid (lon, lat) of a Polygon or MultiPolygon, holes subtracted."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    total = sx = sy = 0.0
    for poly in polys:
        for i, ring in enumerate(poly):
            pts = [p[:2] for p in ring]
            a, cx, cy = ring_centroid(pts)
            a = abs(a) if i == 0 else -abs(a)
            total += a
            sx += a * cx
            sy += a * cy
    return sx / total, sy / total


def district_index() -> dict[str, tuple[str, str]]:
    """OCHA adm2 P-code -> (GeoNames admin1 code, district name), read from admin2.csv's source column."""
    out: dict[str, tuple[str, str]] = {}
    with (PLACES / "admin2.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            m = re.search(r"polygon (IQG\d+Q\d+)", r["source"])
            if r["country_code"] == "IQ" and m and m.group(1) not in out:
                out[m.group(1)] = (r["admin1_code"], r["name"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="src", type=Path, default=DEFAULT_IN)
    ap.add_argument("--out", type=Path, default=PLACES / "admin3.csv")
    args = ap.parse_args(argv)
    features = json.loads(args.src.read_text(encoding="utf-8"))["features"]
    districts = district_index()
    rows = []
    for feat in features:
        p = feat["properties"]
        name_ar = (p.get("ADM3_AR") or "").strip()
        name_en = (p.get("ADM3_EN") or "").strip()
        if not name_ar or name_en.lower().startswith("markaz") or name_ar.startswith("مركز"):
            continue
        d = districts.get(p["ADM2_PCODE"])
        if d is None:
            print(f"skip {p['ADM3_PCODE']} {name_en}: district {p['ADM2_PCODE']} not in admin2.csv", file=sys.stderr)
            continue
        lon, lat = centroid(feat["geometry"])
        alts = [a.strip() for a in (p.get("ADM3ALT1AR"), p.get("ADM3ALT2AR")) if a and a.strip()]
        rows.append({
            "country_code": "IQ", "admin1_code": d[0], "admin2": d[1], "pcode": p["ADM3_PCODE"],
            "name": name_en, "names_ar": "|".join(dict.fromkeys([name_ar, *alts])),
            "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
            "source": f"OCHA COD-AB Iraq adm3 {p['ADM3_PCODE']} (names; centroid computed here, area-weighted; "
                      f"polygon not shipped)",
        })
    rows.sort(key=lambda r: r["pcode"])
    with args.out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, HEADER, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} sub-districts -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
