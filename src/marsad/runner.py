"""Library entry points: `extract_texts` for in-memory use, `run_extract` for a full run to a directory."""
from __future__ import annotations

import json
import platform
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Callable, Iterable

from . import __version__
from .config import load_config
from .data import versions
from .engines.local import run_local
from .errors import AllRejectedError, InputError
from .io.readers import iter_inputs
from .io.writers import write_outputs, write_rejections
from .model import Article, Event, Rejection, Statement
from .pipeline import Pipeline


def extract_texts(texts: Iterable[str | Article], published: str | None = None,
                  config: dict | None = None) -> tuple[list[Event], list[Statement]]:
    """Extract events and statements from texts (or Articles) in memory."""
    pipe = Pipeline(config)
    arts = [t if isinstance(t, Article) else Article(id=f"doc-{i}", text=t, published=published)
            for i, t in enumerate(texts)]
    evs, sts = [], []
    for r in pipe.process(arts):
        evs += r.events
        sts += r.statements
    return evs, sts


def run_extract(inputs: list[str], out: Path, *, published: str | None = None, jobs: int = 1,
                config_path: str | None = None, stdin: IO[str] | None = None,
                progress: Callable[[int], None] | None = None, engine: str = "local",
                master: str | None = None) -> dict:
    """Read inputs, run the pipeline, write every output file; return the run summary (run.json)."""
    t0 = time.perf_counter()
    cfg = load_config(config_path)
    out.mkdir(parents=True, exist_ok=True)
    if engine == "spark":
        if "-" in inputs:
            raise InputError("the Spark engine reads files (JSONL or Parquet), not standard input")
        from .engines.spark import run_spark
        c = run_spark(inputs, out, cfg, master=master, published=published)
        stage = c.pop("stage_seconds")
        return _summary(out, inputs, published, jobs, cfg, c, stage, t0, engine="spark", master=master)
    events: list[Event] = []
    statements: list[Statement] = []
    reasons: Counter = Counter()
    warnings: Counter = Counter()
    stage_time: Counter = Counter()
    n_in = n_ok = n_rej = 0
    with (out / "rejected.jsonl").open("w", encoding="utf-8") as rej:
        items = iter_inputs(inputs, cfg, published, stdin)
        for r in run_local(items, cfg, jobs=jobs):
            if isinstance(r, Rejection):
                write_rejections(rej, [r])
                if r.level == "warning":
                    warnings[r.reason] += 1
                    continue
                n_in += 1
                n_rej += 1
                reasons[r.reason] += 1
            else:
                n_in += 1
                for k, v in r.timings.items():
                    stage_time[k] += v
                if r.rejection:
                    write_rejections(rej, [r.rejection])
                    n_rej += 1
                    reasons[r.rejection.reason] += 1
                else:
                    n_ok += 1
                    events += r.events
                    statements += r.statements
            if progress:
                progress(1)
    counts = write_outputs(out, events, statements)
    c = {"records": n_in, "extracted": n_ok, "rejected": n_rej, "rejected_by_reason": dict(reasons),
         "warnings_by_reason": dict(warnings), "events": sum(1 for e in events if not e.aggregate),
         "aggregates": sum(1 for e in events if e.aggregate), "statements": len(statements), "files": counts}
    return _summary(out, inputs, published, jobs, cfg, c, dict(stage_time), t0, engine="local")


def _summary(out: Path, inputs: list[str], published: str | None, jobs: int, cfg: dict, counts: dict,
             stage_time: dict, t0: float, *, engine: str, master: str | None = None) -> dict:
    """run.json: what ran, with which config and data versions, what came out, how long it took."""
    n_in = counts["records"]
    summary = {
        "marsad_version": __version__,
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "inputs": inputs, "published_default": published, "engine": engine, "jobs": jobs,
        **({"master": master or "local[2]"} if engine == "spark" else {}),
        "config": cfg, "lexicon_versions": versions(),
        "python": sys.version.split()[0], "platform": platform.platform(),
        "counts": counts,
        "timings": {"total_seconds": round(time.perf_counter() - t0, 3),
                    "stage_seconds": {k: round(v, 3) for k, v in stage_time.items()},
                    "docs_per_second": round(n_in / max(time.perf_counter() - t0, 1e-9), 1)},
    }
    (out / "run.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    if n_in > 0 and counts["extracted"] == 0:
        raise AllRejectedError(f"all {n_in} input records were rejected", hint=f"see {out / 'rejected.jsonl'}")
    return summary
