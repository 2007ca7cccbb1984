#!/usr/bin/env python3
"""Place resolution accuracy on tests/data/places/place_mentions.jsonl (388 one-event sentences).

Prints exact-id, within-25-km, admin1, country and precision accuracy per category
(targets of the geocoding issue: >= 0.95 within 25 km, >= 0.97 admin1) and the failures.
The active gazetteer is used: the embedded one, or a built one ($MARSAD_GAZETTEER).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from marsad import Pipeline
from marsad.geo.evaluation import COLUMNS, score_place_mentions

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "tests/data/places/place_mentions.jsonl"))
    ap.add_argument("--show-failures", type=int, default=20)
    a = ap.parse_args()
    recs = [json.loads(l) for l in Path(a.data).read_text(encoding="utf-8").splitlines() if l.strip()]
    pipe = Pipeline()
    out = score_place_mentions(recs, pipe)
    print(f"gazetteer: {pipe.resources.gazetteer.source}; {len(recs)} sentences")
    print(f"{'category':22s} {'n':>4s} " + " ".join(f"{c:>12s}" for c in COLUMNS))
    for cat, row in sorted(out["table"].items(), key=lambda kv: (kv[0] == "all", kv[0])):
        print(f"{cat:22s} {row['n']:4d} " + " ".join(f"{'' if row[c] is None else row[c]:>12}" for c in COLUMNS))
    for f in out["failures"][:a.show_failures]:
        print(f"- [{f['category']}] {f['text'][:90]} | expected {f['expected']} | got {f['got']}")
    (ROOT / "benchmarks/results").mkdir(exist_ok=True)
    (ROOT / "benchmarks/results/place_eval.json").write_text(json.dumps(out, ensure_ascii=False, indent=1),
                                                             encoding="utf-8")


if __name__ == "__main__":
    main()
