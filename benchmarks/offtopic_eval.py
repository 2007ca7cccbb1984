#!/usr/bin/env python3
"""False-event rate on off-topic news: ANT sport, culture and technology articles.

Every ANT article in the chosen categories (default sport, culture, technology:
10,361 articles) goes through the same reader (`record_to_article`) and the
same local engine (`run_local`, --jobs processes) as `marsad extract`. These
categories carry no political violence by construction, so every event is
counted as a false event. That is an upper bound: a sport or culture article
can occasionally report a real attack (a stadium bombing, an arrested artist);
read the listed events to judge.

Reported: events per 1,000 articles per category and overall (aggregates
included; target <= 5), articles with at least one event, the event types and
triggers, and the first N false events with docno, event type, trigger text,
location and evidence.

Results: on stdout and in benchmarks/results/offtopic.json.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import die, git_commit, git_dirty, marsad_path, write_result  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path("data/ant_corpus_multisource/ant_multisource_v2.1.jsonl.gz")
TARGET_PER_1000 = 5.0
CATEGORIES = ("sport", "culture", "technology")


def short(s: str | None, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[:n] + "…"


def load(path: Path, cats: set[str]) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                if d.get("category") in cats:
                    out.append(d)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="shared data directory (default: %(default)s)")
    ap.add_argument("--categories", default=",".join(CATEGORIES),
                    help="comma-separated ANT categories (default: %(default)s)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N matching articles")
    ap.add_argument("--show", type=int, default=30, help="false events to list (default: %(default)s)")
    ap.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results" / "offtopic.json",
                    help="JSON results file (default: %(default)s)")
    args = ap.parse_args()

    corpus = args.shared / CORPUS
    if not corpus.is_file():
        die(f"ANT corpus not found at {corpus}; pass --shared PATH (the directory that holds data/)")
    cats = [c.strip() for c in args.categories.split(",") if c.strip()]
    if not cats:
        die("--categories is empty")
    if args.jobs < 1:
        die("--jobs must be >= 1")

    from marsad.config import load_config
    from marsad.engines.local import run_local
    from marsad.io.readers import record_to_article
    from marsad.model import Rejection

    raw = load(corpus, set(cats))
    if args.limit:
        raw = raw[:args.limit]
    if not raw:
        die(f"no ANT article in categories {cats}")
    cat_of = {d["docno"]: d["category"] for d in raw}
    n_cat = Counter(d["category"] for d in raw)
    print(f"{len(raw):,} articles: {dict(n_cat)}; --jobs {args.jobs}", flush=True)

    cfg = load_config()

    def items():
        for i, d in enumerate(raw):
            rec = {"id": d["docno"], "title": d.get("title") or None, "text": d.get("text") or "",
                   "published": d.get("time") or None, "url": d.get("url") or None, "outlet": d.get("source")}
            yield from record_to_article(rec, f"ant:{i + 1}", cfg)

    t0 = time.perf_counter()
    events, rejected, n_docs = [], Counter(), 0
    docs_with_event = Counter()
    n_statements = 0
    for r in run_local(items(), cfg, jobs=args.jobs):
        if isinstance(r, Rejection):
            if r.level != "warning":
                rejected[r.reason] += 1
                n_docs += 1
            continue
        n_docs += 1
        if r.rejection:
            rejected[r.rejection.reason] += 1
            continue
        n_statements += len(r.statements)
        if r.events:
            docs_with_event[cat_of.get(r.article_id)] += 1
        for e in r.events:
            events.append((r.article_id, e))
    secs = time.perf_counter() - t0

    per_cat = {}
    ev_cat = Counter(cat_of.get(doc) for doc, _ in events)
    for c in [c for c in cats if n_cat[c]] + ["overall"]:
        n = len(raw) if c == "overall" else n_cat[c]
        k = len(events) if c == "overall" else ev_cat[c]
        dw = sum(docs_with_event.values()) if c == "overall" else docs_with_event[c]
        per_cat[c] = {"articles": n, "events": k, "events_per_1000": round(1000 * k / n, 2) if n else None,
                      "articles_with_event": dw,
                      "articles_with_event_per_1000": round(1000 * dw / n, 2) if n else None}
    listed = []
    for doc, e in events:
        trig = (e.provenance.get("trigger") or {}) if isinstance(e.provenance, dict) else {}
        listed.append({"docno": doc, "category": cat_of.get(doc), "event_type": e.event_type,
                       "sub_event_type": e.sub_event_type, "aggregate": e.aggregate,
                       "trigger": trig.get("text"), "trigger_entry": trig.get("entry"),
                       "location": e.location, "country": e.country,
                       "evidence": " … ".join(x.text for x in e.evidence)})

    print(f"processed {n_docs:,} records in {secs:.1f}s ({n_docs / secs:.0f} docs/s); "
          f"rejected {sum(rejected.values())}{' ' + str(dict(rejected)) if rejected else ''}; {n_statements:,} statements")
    print(f"\n{'category':<12} {'articles':>8} {'events':>7} {'per 1000':>9} {'docs w/ event':>14}")
    for c, v in per_cat.items():
        print(f"{c:<12} {v['articles']:>8,} {v['events']:>7,} {v['events_per_1000']:>9.2f} {v['articles_with_event']:>14,}")
    ov = per_cat["overall"]["events_per_1000"]
    print(f"target <= {TARGET_PER_1000:g} events per 1,000 articles: {'PASS' if ov <= TARGET_PER_1000 else 'FAIL'} ({ov})")
    distinct = len({(x["event_type"], x["evidence"]) for x in listed})
    print(f"distinct (event type, evidence) pairs: {distinct} (ANT repeats some texts; one sentence can give "
          f"several events)")
    types = Counter(x["event_type"] for x in listed)
    trigs = Counter(x["trigger"] for x in listed if x["trigger"])
    print(f"event types: {dict(types.most_common())}")
    print(f"top triggers: {dict(trigs.most_common(15))}")
    if listed and args.show:
        print(f"\nfirst {min(args.show, len(listed))} false events:")
        for x in listed[:args.show]:
            print(f"- {x['docno']} [{x['category']}] {x['event_type']}{' (aggregate)' if x['aggregate'] else ''}; "
                  f"trigger {x['trigger']!r}; location {x['location'] or '-'}\n    {short(x['evidence'], 200)}")

    doc = {"benchmark": "offtopic", "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "git_commit": git_commit(), "src_uncommitted_changes": git_dirty(),
           "marsad_path": marsad_path(), "corpus": str(corpus), "categories": cats, "jobs": args.jobs,
           "seconds": round(secs, 2), "records": n_docs, "rejected": dict(rejected), "statements": n_statements,
           "target_events_per_1000": TARGET_PER_1000, "per_category": per_cat, "distinct_type_evidence": distinct,
           "event_types": dict(types.most_common()), "triggers": dict(trigs.most_common()),
           "events": listed}
    write_result(args.results, doc)


if __name__ == "__main__":
    main()
