#!/usr/bin/env python3
"""Ingest throughput: `marsad ingest` of the ANT corpus into a fresh SQLite store vs `marsad extract`.

Both commands run as real CLI subprocesses on the same JSONL (the ANT corpus converted and
shuffled as in throughput.py) with the same --jobs; wall time includes start-up. Then the
ingest is run a second time on the same store (every article already stored: the cost of a
resumed or repeated run). Target (store issue): ingest >= 80 % of extract's docs/s.
Results: a table on stdout and benchmarks/results/ingest_throughput.json.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import die, git_commit, git_dirty, write_result  # noqa: E402
from throughput import CORPUS, REPO, WRAPPER, load_ant  # noqa: E402

TARGET_RATIO = 0.80


def measure(cmd: list[str], log: Path) -> dict:
    import subprocess
    proc = subprocess.run([sys.executable, "-c", WRAPPER, json.dumps(cmd), str(log)], capture_output=True, text=True,
                          cwd=str(REPO))
    if proc.returncode != 0:
        die(f"measurement wrapper failed: {proc.stderr.strip()[-2000:]}", 1)
    m = json.loads(proc.stdout.strip().splitlines()[-1])
    if m["rc"] != 0:
        die(f"`{' '.join(cmd)}` exited with {m['rc']}:\n{log.read_text(encoding='utf-8')[-2000:]}", 1)
    return {"seconds": round(m["seconds"], 2), "peak_rss_mib": round(m["maxrss_kib"] / 1024.0, 1),
            "cpu_seconds": round(m["user_s"] + m["sys_s"], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--limit", type=int, default=None, help="only the first N shuffled articles")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results" / "ingest_throughput.json")
    a = ap.parse_args()
    corpus = a.shared / CORPUS
    if not corpus.is_file():
        die(f"ANT corpus not found at {corpus}; pass --shared PATH")
    recs = load_ant(corpus, a.limit, 0)
    n = len(recs)
    with tempfile.TemporaryDirectory(prefix="marsad-ingest-bench-") as tmp:
        t = Path(tmp)
        inp = t / "ant.jsonl"
        inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
        base = [sys.executable, "-m", "marsad.cli"]
        print(f"{n:,} ANT articles, --jobs {a.jobs}", flush=True)
        ex = measure(base + ["extract", str(inp), "--out", str(t / "out"), "--jobs", str(a.jobs), "--no-progress"],
                     t / "ex.log")
        print(f"  extract: {ex['seconds']}s", flush=True)
        db = t / "marsad.db"
        ing = measure(base + ["ingest", str(inp), "--db", str(db), "--jobs", str(a.jobs), "--no-progress"],
                      t / "in.log")
        print(f"  ingest:  {ing['seconds']}s", flush=True)
        again = measure(base + ["ingest", str(inp), "--db", str(db), "--jobs", str(a.jobs), "--no-progress"],
                        t / "in2.log")
        print(f"  ingest again (all stored): {again['seconds']}s", flush=True)
        con = sqlite3.connect(db)
        counts = {tab: con.execute(f"select count(*) from {tab}").fetchone()[0]
                  for tab in ("articles", "reports", "events", "statements", "rejections")}
        merged = con.execute("select count(*) from events where n_reports > 1").fetchone()[0]
        con.close()
        size_mib = round(db.stat().st_size / 2**20, 1)
    rows = [("extract", ex), ("ingest (new store)", ing), ("ingest (again, resumed)", again)]
    print(f"\n{'command':26s} {'seconds':>8s} {'docs/s':>8s} {'peak RSS MiB':>12s}")
    for name, r in rows:
        r["docs_per_s"] = round(n / r["seconds"], 1)
        print(f"{name:26s} {r['seconds']:>8.1f} {r['docs_per_s']:>8.1f} {r['peak_rss_mib']:>12.0f}")
    ratio = ing["docs_per_s"] / ex["docs_per_s"]
    print(f"\ningest / extract = {ratio:.2f} (target >= {TARGET_RATIO}: {'PASS' if ratio >= TARGET_RATIO else 'FAIL'})")
    print(f"store: {counts}, {merged} events with more than one report, {size_mib} MiB")
    write_result(a.results, {"measured": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                             "commit": git_commit(), "src_dirty": git_dirty(), "articles": n, "jobs": a.jobs,
                             "extract": ex, "ingest": ing, "ingest_again": again, "ratio": round(ratio, 3),
                             "store_counts": counts, "multi_report_events": merged, "store_mib": size_mib})


if __name__ == "__main__":
    main()
