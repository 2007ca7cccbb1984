"""Ingest survives kill -9 at any point, and two writers share one store without errors or duplicates."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marsad.store import Store, schema

from .corpus import write_corpus

pytestmark = pytest.mark.slow


def _ingest_cmd(inputs: list[str], url: str, config: Path) -> list[str]:
    return [sys.executable, "-m", "marsad.cli", "ingest", *inputs, "--db", url, "--config", str(config),
            "--no-progress"]


def _config(tmp_path: Path, batch: int) -> Path:
    p = tmp_path / "ingest.toml"
    p.write_text(f"[ingest]\nbatch_size = {batch}\n", encoding="utf-8")
    return p


def _state(url: str) -> dict:
    """Everything that must match between two stores: ids, cluster membership, event records."""
    with Store.open(url) as s:
        with s.engine.connect() as conn:
            membership = sorted(conn.execute(select(schema.reports.c.id, schema.reports.c.event_id)).all())
            events = {i: json.loads(r) for i, r in conn.execute(select(schema.events.c.id, schema.events.c.record))}
        return {"articles": s.table_ids("articles"), "reports": s.table_ids("reports"),
                "events": s.table_ids("events"), "membership": [tuple(m) for m in membership],
                "sources": {k: [x["report_id"] for x in v["cluster"]["sources"]] for k, v in events.items()}}


def test_ingest_killed_at_random_points_resumes_to_the_same_store_as_a_clean_run(tmp_path, store_url):
    total = 1500
    corpus = write_corpus(tmp_path / "corpus.jsonl", total)
    cfg = _config(tmp_path, 4)
    # a clean single run into a second store; its duration sets where the kills land
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    t0 = time.perf_counter()
    clean = subprocess.run(_ingest_cmd([str(corpus)], clean_url, cfg), capture_output=True, text=True)
    took = time.perf_counter() - t0
    assert clean.returncode == 0, clean.stderr
    rnd = random.Random(20261123)
    partial = []           # articles stored when each kill landed mid-run
    for _ in range(5):
        p = subprocess.Popen(_ingest_cmd([str(corpus)], store_url, cfg), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        time.sleep(rnd.uniform(0.15, 0.45) * took)
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
            with Store.open(store_url) as s:
                partial.append(s.count("articles"))
        p.wait()
    print("clean run", round(took, 1), "s; articles stored at each kill:", partial)
    assert len([n for n in partial if n < total]) >= 2, f"too few kills landed mid-run: {partial}"
    done = subprocess.run(_ingest_cmd([str(corpus)], store_url, cfg), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    got, want = _state(store_url), _state(clean_url)
    assert len(want["articles"]) == total
    for key in ("articles", "reports", "events", "membership", "sources"):
        assert got[key] == want[key], key
    with Store.open(store_url) as s:
        with s.engine.connect() as conn:
            n = conn.execute(select(func.sum(schema.events.c.n_reports))).scalar_one()
        assert n == s.count("reports")                # every report counted once, in one event


def test_two_ingest_processes_on_one_sqlite_store_finish_without_lock_errors_or_duplicates(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    corpus = write_corpus(tmp_path / "corpus.jsonl", 240)
    rows = corpus.read_text(encoding="utf-8").splitlines()
    half_a, half_b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    half_a.write_text("\n".join(rows[:160]) + "\n", encoding="utf-8")     # the halves overlap by 80 articles
    half_b.write_text("\n".join(rows[80:]) + "\n", encoding="utf-8")
    cfg = _config(tmp_path, 4)
    procs = [subprocess.Popen(_ingest_cmd([str(f)], url, cfg), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for f in (half_a, half_b)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "locked" not in err.lower()
    with Store.open(url) as s:
        assert s.count("articles") == 240
        with s.engine.connect() as conn:
            dup_reports = conn.execute(select(schema.reports.c.id).group_by(schema.reports.c.id)
                                       .having(func.count() > 1)).all()
            orphans = conn.execute(select(func.count()).select_from(schema.reports)
                                   .where(schema.reports.c.event_id.is_(None))).scalar_one()
            n = conn.execute(select(func.sum(schema.events.c.n_reports))).scalar_one()
        assert not dup_reports and orphans == 0 and n == s.count("reports")
        runs = s.runs()
    assert [r["status"] for r in runs] == ["finished", "finished"]
    stored = sum(json.loads(r["counts"])["stored"] for r in runs)
    skipped = sum(json.loads(r["counts"])["already_stored"] for r in runs)
    assert stored == 240 and stored + skipped == 320        # the overlap was stored once, skipped once
