#!/usr/bin/env python3
"""API load: requests/s and p50/p99 latency of filtered /api/events and /api/stats.

Builds a SQLite store with N synthetic deduplicated events (default 100,000: random dates over
three years, types, actors and places in Iraq and Syria), serves it with `marsad serve` (one
uvicorn process), and sends requests at a fixed rate (default 100 req/s, open loop: a slow
answer does not slow the sender) with a mix of filters. Target (API issue): p99 < 100 ms at
100 req/s on 2 cores. The load generator runs on the same 2 cores.
Results: a table on stdout and benchmarks/results/api_load.json.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import git_commit, write_result  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TYPES = {"Battles": ["Armed clash"], "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack",
                                                                    "Remote explosive/landmine/IED"],
         "Violence against civilians": ["Attack"], "Protests": ["Peaceful protest"]}
PLACES = [("Iraq", "Baghdad", "Baghdad", 33.34, 44.40), ("Iraq", "Nineveh", "Mosul", 36.34, 43.13),
          ("Iraq", "Al Anbar", "Ar Ramadi", 33.42, 43.30), ("Iraq", "Diyala", "Baqubah", 33.75, 44.64),
          ("Iraq", "Kirkuk", "Kirkuk", 35.47, 44.39), ("Syria", "Deir ez-Zor", "Deir ez-Zor", 35.34, 40.14),
          ("Syria", "Idlib", "Idlib", 35.93, 36.63), ("Syria", "Aleppo", "Aleppo", 36.20, 37.16),
          ("Syria", "Ar-Raqqah", "Ar Raqqah", 35.95, 39.01), ("Syria", "Homs", "Homs", 34.73, 36.72)]
ACTORS = ["Islamic State (Iraq)", "Islamic State (Syria)", "Military Forces of Syria", "Military Forces of Iraq",
          "Military Forces of Turkey", "SDF: Syrian Democratic Forces", "Islamic Resistance in Iraq",
          "Unidentified Armed Group (Iraq)", "Unidentified Armed Group (Syria)", "Popular Mobilization Forces"]
WEAPONS = ["rocket", "drone", "ied", "airstrike", "small_arms"]


def build_store(path: Path, n: int, seed: int = 1) -> None:
    from sqlalchemy import insert

    from marsad.store import Store, schema
    rnd = random.Random(seed)
    start = date(2022, 1, 1)
    with Store.open(str(path)) as s, s._write() as conn:
        rows = []
        for i in range(n):
            etype = rnd.choice(list(TYPES))
            country, admin1, loc, lat, lon = rnd.choice(PLACES)
            d = (start + timedelta(days=rnd.randrange(3 * 365))).isoformat()
            a1, a2 = rnd.choice(ACTORS), rnd.choice(ACTORS + [None])
            w = rnd.sample(WEAPONS, rnd.randrange(0, 2))
            ev = f"نص دليل اصطناعي رقم {i} عن حدث في {loc}"
            rec = {"event_date": d, "time_precision": 1, "event_type": etype, "sub_event_type": rnd.choice(TYPES[etype]),
                   "actor1": a1, "actor2": a2, "country": country, "admin1": admin1, "location": loc,
                   "geo_precision": 1, "latitude": lat + rnd.uniform(-.3, .3), "longitude": lon + rnd.uniform(-.3, .3),
                   "weapons": w, "count": 1, "fatalities": rnd.randrange(0, 6), "claim_status": "reported",
                   "aggregate": False, "doc_ids": [f"ar-{i}"], "event_id": f"evc-{i:016x}", "evidence": ev,
                   "evidence_spans": [], "provenance": {}, "cluster": {"reports": 1, "outlets": ["synthetic"],
                                                                        "sources": []}}
            rows.append({"id": rec["event_id"], "event_type": etype, "sub_event_type": rec["sub_event_type"],
                         "event_date": d, "country": country, "admin1": admin1, "location": loc,
                         "latitude": rec["latitude"], "longitude": rec["longitude"], "actor1": a1, "actor2": a2,
                         "claim_status": "reported", "fatalities": rec["fatalities"], "aggregate": False,
                         "n_reports": 1, "n_outlets": 1, "first_reported": d, "updated_at": d,
                         "record": json.dumps(rec, ensure_ascii=False), "weapons": "|" + "|".join(w) + "|",
                         "evidence": ev})
            if len(rows) == 5000:
                conn.execute(insert(schema.events), rows)
                rows = []
        if rows:
            conn.execute(insert(schema.events), rows)


def requests_mix(rnd: random.Random) -> tuple[str, dict]:
    kind = rnd.random()
    y = rnd.choice(["2022", "2023", "2024"])
    m = f"{rnd.randrange(1, 13):02d}"
    if kind < 0.6:
        params = rnd.choice([{"country": rnd.choice(["Iraq", "Syria"]), "since": f"{y}-{m}-01", "until": f"{y}-{m}-28"},
                             {"event_type": rnd.choice(list(TYPES)), "limit": 50},
                             {"actor": rnd.choice(ACTORS), "since": f"{y}-01-01", "until": f"{y}-12-31"},
                             {"admin1": rnd.choice(PLACES)[1], "weapon": rnd.choice(WEAPONS)},
                             {"bbox": "40,32,45,37", "since": f"{y}-{m}-01", "until": f"{y}-{m}-28"},
                             {}])
        return "/api/events", params
    params = rnd.choice([{"country": rnd.choice(["Iraq", "Syria"]), "since": f"{y}-01-01", "until": f"{y}-12-31"},
                         {"event_type": rnd.choice(list(TYPES)), "since": f"{y}-{m}-01", "until": f"{y}-{m}-28",
                          "interval": "week"},
                         {"admin1": rnd.choice(PLACES)[1]}])
    return "/api/stats", params


def run_load(base: str, rate: float, seconds: float, seed: int = 2) -> dict[str, list[float]]:
    rnd = random.Random(seed)
    lat: dict[str, list[float]] = {"/api/events": [], "/api/stats": []}
    errors = []
    lock = threading.Lock()
    client = httpx.Client(base_url=base, timeout=10, limits=httpx.Limits(max_connections=64))

    def one(path, params):
        t0 = time.perf_counter()
        try:
            r = client.get(path, params=params)
            ok = r.status_code == 200
        except httpx.HTTPError:
            ok = False
        dt = (time.perf_counter() - t0) * 1000
        with lock:
            (lat[path] if ok else errors).append(dt)

    threads = []
    t_start = time.perf_counter()
    i = 0
    while True:
        due = t_start + i / rate
        now = time.perf_counter()
        if due - t_start > seconds:
            break
        if due > now:
            time.sleep(due - now)
        path, params = requests_mix(rnd)
        th = threading.Thread(target=one, args=(path, params), daemon=True)
        th.start()
        threads.append(th)
        i += 1
    for th in threads:
        th.join()
    client.close()
    lat["errors"] = errors
    lat["sent"] = [float(i)]
    lat["seconds"] = [time.perf_counter() - t_start]
    return lat


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--rate", type=float, default=100.0, help="requests per second")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--port", type=int, default=8791)
    ap.add_argument("--workers", type=int, default=1, help="marsad serve --workers")
    ap.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results" / "api_load.json")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="marsad-api-load-") as tmp:
        db = Path(tmp) / "load.db"
        t0 = time.perf_counter()
        build_store(db, a.events)
        print(f"store with {a.events:,} synthetic events built in {time.perf_counter() - t0:.1f}s", flush=True)
        srv = subprocess.Popen([sys.executable, "-m", "marsad.cli", "serve", "--db", str(db), "--port", str(a.port),
                                "--workers", str(a.workers)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{a.port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(base + "/healthz", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            run_load(base, 20, 3)          # warm-up
            lat = run_load(base, a.rate, a.seconds)
        finally:
            srv.terminate()
            srv.wait(10)
    sent, secs = int(lat["sent"][0]), lat["seconds"][0]
    print(f"\n{sent} requests in {secs:.1f}s ({sent / secs:.1f} req/s offered), {len(lat['errors'])} errors")
    print(f"{'endpoint':14s} {'n':>6s} {'p50 ms':>8s} {'p99 ms':>8s} {'max ms':>8s}")
    out = {}
    for path in ("/api/events", "/api/stats"):
        xs = lat[path]
        out[path] = {"n": len(xs), "p50_ms": round(pct(xs, 50), 1), "p99_ms": round(pct(xs, 99), 1),
                     "max_ms": round(max(xs), 1) if xs else None, "mean_ms": round(statistics.mean(xs), 1) if xs else None}
        print(f"{path:14s} {len(xs):>6d} {out[path]['p50_ms']:>8.1f} {out[path]['p99_ms']:>8.1f} {out[path]['max_ms']:>8.1f}")
    allx = lat["/api/events"] + lat["/api/stats"]
    p99 = pct(allx, 99)
    print(f"all: p99 {p99:.1f} ms (target < 100 ms at {a.rate:.0f} req/s: {'PASS' if p99 < 100 else 'FAIL'})")
    write_result(a.results, {"commit": git_commit(), "events": a.events, "rate": a.rate, "seconds": secs,
                             "workers": a.workers,
                             "sent": sent, "errors": len(lat["errors"]), "endpoints": out, "p99_all_ms": round(p99, 1)})


if __name__ == "__main__":
    main()
