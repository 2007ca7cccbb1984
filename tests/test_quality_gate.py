"""Quality gate: scorer floors on the annotated sets, so a regression fails the suite.

The dev set floors are the project's acceptance bar (issue: event F1 >= 0.85,
aggregate recall 1.0, statement F1 >= 0.70, field accuracy >= 0.85 for actor1,
location, admin1, event_date). The ANT sets are held just under their measured
level (ANT-dev events 0.752 against the issue's 0.75 target; our own set 0.49),
so a regression fails while small run-to-run wording changes do not.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

from .conftest import ROOT, need_shared
from marsad.runner import run_extract

OWN_GOLD = ROOT / "tests/data/gold/ant-own.gold.jsonl"


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("marsad_score", shared / "annotation/score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _score(shared, inp: Path, gold: Path, out: Path, places: Path | None = None) -> dict:
    run_extract([str(inp)], out)
    return _scorer(shared).score(str(gold), str(out), str(places) if places else None)


def test_dev_set_meets_the_acceptance_floors(tmp_path):
    shared = need_shared("annotation/score.py", "corpus/dev/dev.input.jsonl", "corpus/dev/dev.gold.jsonl")
    d = shared / "corpus/dev"
    res = _score(shared, d / "dev.input.jsonl", d / "dev.gold.jsonl", tmp_path / "dev", d / "places.json")
    print(json.dumps({k: res[k] for k in ("events", "aggregates", "statements", "field_accuracy")}, indent=1))
    assert res["events"]["f1"] >= 0.85
    assert res["aggregates"]["recall"] == 1.0
    assert res["statements"]["f1"] >= 0.70
    for f in ("actor1", "location", "admin1", "event_date"):
        assert res["field_accuracy"][f] >= 0.85, f


def test_ant_dev_set_does_not_regress(tmp_path):
    shared = need_shared("annotation/score.py", "corpus/ant-dev/ant-dev.input.jsonl")
    d = shared / "corpus/ant-dev"
    res = _score(shared, d / "ant-dev.input.jsonl", d / "ant-dev.gold.jsonl", tmp_path / "ant")
    print(json.dumps({k: res[k] for k in ("events", "aggregates", "statements")}, indent=1))
    assert res["events"]["f1"] >= 0.74      # issue target 0.75; measured 0.752 when pinned
    assert res["statements"]["f1"] >= 0.44
    assert res["geo"]["location"] >= 0.85


def _own_input(shared: Path, out: Path) -> Path:
    """Our own gold keeps only annotations; the texts are read from the ANT corpus at test time."""
    wanted = {json.loads(l)["doc_id"]: json.loads(l) for l in OWN_GOLD.read_text(encoding="utf-8").splitlines() if l.strip()}
    rows = []
    with gzip.open(shared / "data/ant_corpus_multisource/ant_multisource_v2.1.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["docno"] in wanted:
                rows.append({"id": r["docno"], "text": f"{r['title']}\n{r['text']}", "url": r["url"],
                             "outlet": r["source"], "published": wanted[r["docno"]]["published"]})
    assert len(rows) == len(wanted), "some annotated docnos are missing from the ANT corpus"
    out.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return out


def test_own_annotated_ant_set_does_not_regress(tmp_path):
    shared = need_shared("annotation/score.py", "data/ant_corpus_multisource/ant_multisource_v2.1.jsonl.gz")
    inp = _own_input(shared, tmp_path / "own.input.jsonl")
    res = _score(shared, inp, OWN_GOLD, tmp_path / "own")
    print(json.dumps({k: res[k] for k in ("events", "aggregates", "statements")}, indent=1))
    assert res["events"]["f1"] >= OWN_FLOORS["events"]
    assert res["statements"]["f1"] >= OWN_FLOORS["statements"]


OWN_FLOORS = {"events": 0.45, "statements": 0.29}
