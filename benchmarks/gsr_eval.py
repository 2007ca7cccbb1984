#!/usr/bin/env python3
"""Sentence-level event detection on the OEDA Arabic event GSR (assault, protest).

Each GSR sentence is run through `marsad.Pipeline` as its own one-sentence
Article. A sentence is predicted positive when marsad produces at least one
event (aggregates included unless --no-aggregates) of the set's family:

    assault: Explosions/Remote violence, Battles, Violence against civilians
    protest: Protests, Riots

and, as a second view, of any event type. Gold positive is label "yes"; gold
negative is "easy no" or "difficult no"; "ambiguous" is left out of the
scores (its count and the rate at which marsad fires on it are reported).
Sentences that marsad rejects (too short, not Arabic, ...) count as predicted
negative and are counted separately.

The GSR ids follow the LDC Gigaword naming (AAW_ARB_20071026.0026-2); the date
in the id is used as the publication date (--no-id-dates: none).

Results: on stdout and in benchmarks/results/gsr_eval.json.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import die, git_commit, git_dirty, marsad_path, write_result  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
GSR_DIR = Path("data/arabic_event_gsr")
FAMILIES = {
    "assault": {"Explosions/Remote violence", "Battles", "Violence against civilians"},
    "protest": {"Protests", "Riots"},
}
GOLD = {"yes": True, "easy no": False, "difficult no": False}
ID_DATE = re.compile(r"_(\d{4})(\d{2})(\d{2})\.")


def read_gsr(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or not {"id", "label", "text"} <= set(rows[0]):
        die(f"{path}: expected columns id, label, text; got {list(rows[0]) if rows else 'nothing'}", 3)
    return rows


def id_date(doc_id: str) -> str | None:
    m = ID_DATE.search(doc_id or "")
    if not m:
        return None
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3])).date().isoformat()
    except ValueError:
        return None


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def short_id(s: str, n: int = 28) -> str:
    return s if len(s) <= n else s[:12] + "…" + s[-(n - 13):]


def short(s: str, n: int = 150) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n] + "…"


def evaluate(name: str, rows: list[dict], pipe, use_id_dates: bool, aggregates: bool) -> dict:
    from marsad.model import Article
    fam = FAMILIES[name]
    arts = [Article(id=f"{name}-{i}", text=r["text"], published=id_date(r["id"]) if use_id_dates else None)
            for i, r in enumerate(rows)]
    t0 = time.perf_counter()
    results = pipe.process(arts)
    secs = time.perf_counter() - t0
    recs = []
    for r, res in zip(rows, results):
        evs = [e for e in res.events if aggregates or not e.aggregate]
        types = [e.event_type for e in evs]
        recs.append({"id": r["id"], "label": r["label"], "text": r["text"], "types": types,
                     "rejected": res.rejection.reason if res.rejection else None,
                     "fam": any(t in fam for t in types), "any": bool(types),
                     "triggers": [(e.provenance.get("trigger") or {}).get("text") for e in evs
                                  if e.event_type in fam]})
    out: dict = {"sentences": len(rows), "seconds": round(secs, 2), "labels": dict(Counter(r["label"] for r in rows)),
                 "rejected": dict(Counter(x["rejected"] for x in recs if x["rejected"]))}
    scored = [x for x in recs if x["label"] in GOLD]
    for view in ("fam", "any"):
        tp = sum(1 for x in scored if GOLD[x["label"]] and x[view])
        fp = sum(1 for x in scored if not GOLD[x["label"]] and x[view])
        fn = sum(1 for x in scored if GOLD[x["label"]] and not x[view])
        out["family" if view == "fam" else "any_type"] = prf(tp, fp, fn)
    by_label = {}
    for lab in ("yes", "difficult no", "easy no", "ambiguous"):
        xs = [x for x in recs if x["label"] == lab]
        fired = [x for x in xs if x["fam"]]
        by_label[lab] = {"n": len(xs), "fired_family": len(fired), "fired_any": sum(1 for x in xs if x["any"]),
                         "fire_rate_family": round(len(fired) / len(xs), 4) if xs else None,
                         "types_when_fired": dict(Counter(t for x in fired for t in set(x["types"]) if t in fam)),
                         "other_types": dict(Counter(t for x in xs for t in set(x["types"]) if t not in fam))}
    out["by_label"] = by_label
    dn = [x for x in recs if x["label"] == "difficult no"]
    out["difficult_no"] = {"n": len(dn), "false_positive": sum(1 for x in dn if x["fam"]),
                           "true_negative": sum(1 for x in dn if not x["fam"]),
                           "false_positive_any_type": sum(1 for x in dn if x["any"]),
                           "fp_triggers": dict(Counter(t for x in dn if x["fam"] for t in set(x["triggers"]) if t)
                                               .most_common(20))}
    out["false_negatives"] = [{"id": x["id"], "text": x["text"], "other_types": x["types"], "rejected": x["rejected"]}
                              for x in scored if GOLD[x["label"]] and not x["fam"]]
    out["false_positives"] = [{"id": x["id"], "label": x["label"], "types": x["types"], "triggers": x["triggers"],
                               "text": x["text"]} for x in scored if not GOLD[x["label"]] and x["fam"]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="shared data directory (default: %(default)s)")
    ap.add_argument("--sets", default="assault,protest", help="which GSR sets (default: %(default)s)")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N",
                    help="print N false negatives and N false positives per set (text cut at 150 chars)")
    ap.add_argument("--no-id-dates", action="store_true",
                    help="do not use the date in the GSR id as publication date")
    ap.add_argument("--no-aggregates", action="store_true", help="ignore aggregate events")
    ap.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results" / "gsr_eval.json",
                    help="JSON results file (default: %(default)s)")
    args = ap.parse_args()

    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    for s in sets:
        if s not in FAMILIES:
            die(f"--sets: unknown set {s!r} (known: {', '.join(FAMILIES)})")
    paths = {s: args.shared / GSR_DIR / f"{s}_gsr.csv" for s in sets}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        die(f"GSR data not found: {', '.join(missing)}; pass --shared PATH (the directory that holds data/)")

    from marsad import Pipeline
    t0 = time.perf_counter()
    pipe = Pipeline()
    pipe.resources  # noqa: B018 - load once, outside the timings
    print(f"resources loaded in {time.perf_counter() - t0:.1f}s", flush=True)

    report = {}
    for s in sets:
        rows = read_gsr(paths[s])
        r = evaluate(s, rows, pipe, not args.no_id_dates, not args.no_aggregates)
        report[s] = r
        fam, anyt = r["family"], r["any_type"]
        print(f"\n== {s}: {r['sentences']:,} sentences in {r['seconds']}s; labels {r['labels']}")
        if r["rejected"]:
            print(f"   rejected by marsad (counted as negative): {r['rejected']}")
        print(f"   family {sorted(FAMILIES[s])}")
        print(f"   {'view':<10} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}")
        for label, m in (("family", fam), ("any type", anyt)):
            print(f"   {label:<10} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
                  f"{m['tp']:>5} {m['fp']:>5} {m['fn']:>5}")
        print("   fires (family) by gold label:")
        for lab, b in r["by_label"].items():
            if b["n"]:
                print(f"     {lab:<13} n={b['n']:>5}  fired={b['fired_family']:>4} ({b['fire_rate_family']:.1%})"
                      f"  any type={b['fired_any']:>4}  types={b['types_when_fired']}")
        dn = r["difficult_no"]
        print(f"   difficult no: {dn['n']} -> {dn['false_positive']} false positive, {dn['true_negative']} "
              f"true negative ({dn['false_positive_any_type']} fire with any type); FP triggers: {dn['fp_triggers']}")
        if args.show_errors:
            print(f"   -- first {args.show_errors} false negatives (gold yes, no {s} event):")
            for x in r["false_negatives"][:args.show_errors]:
                extra = f" [other: {','.join(x['other_types'])}]" if x["other_types"] else ""
                extra += f" [rejected: {x['rejected']}]" if x["rejected"] else ""
                print(f"     {short_id(x['id'])}{extra}: {short(x['text'])}")
            print(f"   -- first {args.show_errors} false positives (gold no):")
            for x in r["false_positives"][:args.show_errors]:
                print(f"     {short_id(x['id'])} ({x['label']}; {','.join(x['types'])}; trigger "
                      f"{'/'.join(dict.fromkeys(t for t in x['triggers'] if t))}): {short(x['text'])}")

    doc = {"benchmark": "gsr_eval", "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "git_commit": git_commit(), "src_uncommitted_changes": git_dirty(),
           "marsad_path": marsad_path(), "families": {k: sorted(v) for k, v in FAMILIES.items()},
           "id_dates": not args.no_id_dates, "aggregates": not args.no_aggregates, "sets": report}
    write_result(args.results, doc)


if __name__ == "__main__":
    main()
