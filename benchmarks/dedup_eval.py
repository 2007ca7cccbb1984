#!/usr/bin/env python3
"""Deduplication quality on tests/data/dedup/reports.jsonl: pairwise precision/recall of same-event links.

Ingests the reports into a fresh SQLite store (in a temporary folder) and prints the scores and
the wrong and missed links with the reports' notes.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from marsad.dedup.evaluation import pairwise_scores
from marsad.ingest import run_ingest
from marsad.store import Store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "tests/data/dedup/reports.jsonl"))
    a = ap.parse_args()
    recs = [json.loads(l) for l in Path(a.data).read_text(encoding="utf-8").splitlines() if l.strip()]
    by_id = {r["id"]: r for r in recs}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/dedup.db"
        run_ingest([a.data], url)
        with Store.open(url) as s:
            out = pairwise_scores(recs, s)
            events = {e.event_id: e for e in s.events()}
    print(json.dumps({k: out[k] for k in ("precision", "recall", "f1", "gold_links", "predicted_links")}))
    for kind in ("false_links", "missed_links"):
        print(f"\n{kind}:")
        for x, y in out[kind]:
            print(f"  {x} ({by_id[x]['event']}) ~ {y} ({by_id[y]['event']})")
    print("\nunplaced:", out["unplaced_articles"])


if __name__ == "__main__":
    main()
