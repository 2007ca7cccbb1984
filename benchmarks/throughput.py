#!/usr/bin/env python3
"""Throughput and peak memory of `marsad extract` on the ANT news corpus.

The ANT corpus (31,525 Arabic news articles, all categories) is converted to
marsad JSONL in a temporary directory, shuffled with a fixed seed so that every
size is a mix of outlets and categories, and cut into prefixes of the requested
sizes. For each size and each --jobs value the real CLI runs in a fresh
subprocess:

    wrapper (python -c)  ->  python -m marsad.cli extract ... --jobs N  ->  pool workers

Wall time is measured by the wrapper around the CLI process, so it includes
interpreter start-up and loading the lexicons and gazetteer (a user pays for
those too). Peak RSS is `getrusage(RUSAGE_CHILDREN).ru_maxrss` read by the
wrapper after the CLI has exited: on Linux this is the largest RSS reached by
any single waited-for descendant (the CLI process or one of its pool workers),
not the sum over processes. Forked workers share pages with the parent and
those shared pages count in each process's RSS.

Results: a table on stdout and benchmarks/results/throughput.json.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import die, git_commit, git_dirty, marsad_path, write_result  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path("data/ant_corpus_multisource/ant_multisource_v2.1.jsonl.gz")
TARGET_DOCS_PER_S = 300.0      # local engine with --jobs 2 (scale issue)
TARGET_SPARK_RATIO = 2.0       # Spark local[2] within 2x of the local engine's time
TARGET_RSS_MIB = 1024.0        # peak single-process RSS

# Runs one CLI invocation in a child process and reports wall time and the
# peak RSS of the child process tree (max over processes; KiB on Linux).
WRAPPER = r"""
import json, resource, subprocess, sys, time

cmd = json.loads(sys.argv[1])
t0 = time.perf_counter()
with open(sys.argv[2], "wb") as err:
    rc = subprocess.call(cmd, stdout=subprocess.DEVNULL, stderr=err)
secs = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "seconds": secs, "maxrss_kib": ru.ru_maxrss,
                  "user_s": ru.ru_utime, "sys_s": ru.ru_stime}))
"""


def load_ant(path: Path, limit: int | None, seed: int) -> list[dict]:
    """ANT records as marsad JSONL records, shuffled with a fixed seed."""
    recs = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            recs.append({"id": d["docno"], "title": d.get("title") or None, "text": d.get("text") or "",
                         "published": d.get("time") or None, "url": d.get("url") or None,
                         "outlet": d.get("source") or None})
    random.Random(seed).shuffle(recs)
    return recs[:limit] if limit else recs


def parse_sizes(spec: str, n_all: int) -> list[tuple[str, int]]:
    out = []
    for s in spec.split(","):
        s = s.strip().lower()
        if not s:
            continue
        if s == "all":
            out.append(("all", n_all))
        else:
            try:
                n = int(s)
            except ValueError:
                die(f"--sizes: {s!r} is neither a number nor 'all'")
            if n <= 0:
                die(f"--sizes: {n} must be positive")
            if n >= n_all:
                out.append(("all", n_all))
            else:
                out.append((str(n), n))
    seen, uniq = set(), []
    for label, n in out:
        if n not in seen:
            seen.add(n)
            uniq.append((label, n))
    return uniq


def run_one(inp: Path, out: Path, jobs: int, log: Path, engine: str = "local") -> dict:
    cmd = [sys.executable, "-m", "marsad.cli", "extract", str(inp), "--out", str(out), "--jobs", str(jobs),
           "--no-progress"]
    if engine == "spark":
        cmd += ["--engine", "spark", "--master", f"local[{jobs}]"]
    proc = subprocess.run([sys.executable, "-c", WRAPPER, json.dumps(cmd), str(log)], capture_output=True,
                          text=True, cwd=str(REPO))
    if proc.returncode != 0:
        die(f"measurement wrapper failed: {proc.stderr.strip()[-2000:]}", 1)
    m = json.loads(proc.stdout.strip().splitlines()[-1])
    if m["rc"] != 0:
        die(f"`{' '.join(cmd)}` exited with {m['rc']}:\n{log.read_text(encoding='utf-8')[-2000:]}", 1)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    c = run["counts"]
    rss_mib = m["maxrss_kib"] / 1024.0 if sys.platform != "darwin" else m["maxrss_kib"] / 2**20
    return {"records": c["records"], "extracted": c["extracted"], "rejected": c["rejected"],
            "events": c["events"], "aggregates": c["aggregates"], "statements": c["statements"],
            "seconds": round(m["seconds"], 2), "docs_per_s": round(c["records"] / m["seconds"], 1),
            "cpu_seconds": round(m["user_s"] + m["sys_s"], 2),
            "internal_seconds": run["timings"]["total_seconds"],
            "internal_docs_per_s": run["timings"]["docs_per_second"],
            "stage_seconds": run["timings"].get("stage_seconds", {}),
            "peak_rss_mib": round(rss_mib, 1)}


def _plot(results: list[dict], path: Path) -> None:
    """Time against corpus size, one line per engine and --jobs (linear growth is a straight line)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(no plot: pip install matplotlib)")
        return
    fig, ax = plt.subplots(figsize=(7, 4.5))
    series: dict[str, list[tuple[int, float]]] = {}
    for r in results:
        key = "spark local[2]" if r["engine"] == "spark" else f"local --jobs {r['jobs']}"
        series.setdefault(key, []).append((r["records"], r["seconds"]))
    for key, pts in sorted(series.items()):
        pts.sort()
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=key)
    ax.set_xlabel("articles (ANT corpus, shuffled)")
    ax.set_ylabel("wall time, seconds (incl. start-up)")
    ax.set_title("marsad extract: time against corpus size (2 cores)")
    ax.grid(True, alpha=.3)
    ax.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"plot: {path}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="Peak RSS is the max single-process RSS over the CLI and its workers "
                                        "(getrusage RUSAGE_CHILDREN of a wrapper process).")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="shared data directory (default: %(default)s)")
    ap.add_argument("--sizes", default="1000,4000,16000,all",
                    help="comma-separated corpus sizes, numbers or 'all' (default: %(default)s)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to run (default: %(default)s)")
    ap.add_argument("--engines", default="local", help="comma-separated: local, spark (default: %(default)s); "
                    "spark runs once per size with local[2]")
    ap.add_argument("--plot", type=Path, default=REPO / "benchmarks" / "results" / "throughput.png",
                    help="PNG of time against corpus size (needs matplotlib)")
    ap.add_argument("--limit", type=int, default=None,
                    help="use only N articles of the (shuffled) corpus; 'all' then means N")
    ap.add_argument("--seed", type=int, default=0, help="shuffle seed (default: %(default)s)")
    ap.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results" / "throughput.json",
                    help="JSON results file (default: %(default)s)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory (inputs and outputs)")
    args = ap.parse_args()

    corpus = args.shared / CORPUS
    if not corpus.is_file():
        die(f"ANT corpus not found at {corpus}; pass --shared PATH (the directory that holds data/)")
    try:
        jobs_list = [int(j) for j in args.jobs.split(",") if j.strip()]
    except ValueError:
        die(f"--jobs: {args.jobs!r} is not a comma-separated list of integers")
    if not jobs_list or any(j < 1 for j in jobs_list):
        die("--jobs: values must be >= 1")
    if args.limit is not None and args.limit <= 0:
        die("--limit must be positive")

    t0 = time.perf_counter()
    recs = load_ant(corpus, args.limit, args.seed)
    sizes = parse_sizes(args.sizes, len(recs))
    print(f"ANT: {len(recs):,} articles loaded from {corpus} in {time.perf_counter() - t0:.1f}s; "
          f"sizes {[s for s, _ in sizes]}, jobs {jobs_list}, {os.cpu_count()} CPUs", flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="marsad-throughput-"))
    results = []
    try:
        for label, n in sizes:
            inp = tmp / f"ant_{label}.jsonl"
            with inp.open("w", encoding="utf-8") as f:
                for r in recs[:n]:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            runs = [("local", j) for j in jobs_list] if "local" in args.engines.split(",") else []
            if "spark" in args.engines.split(","):
                runs.append(("spark", 2))
            for engine, jobs in runs:
                out = tmp / f"out_{label}_{engine}_j{jobs}"
                print(f"  size {label} ({n:,}) {engine} --jobs {jobs} ...", end=" ", flush=True)
                r = run_one(inp, out, jobs, tmp / f"stderr_{label}_{engine}_j{jobs}.txt", engine)
                r.update({"size": label, "input_records": n, "jobs": jobs, "engine": engine})
                results.append(r)
                print(f"{r['seconds']:.1f}s, {r['docs_per_s']:.1f} docs/s, {r['peak_rss_mib']:.0f} MiB", flush=True)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)

    hdr = f"{'size':>6} {'engine':>6} {'jobs':>4} {'records':>8} {'seconds':>8} {'docs/s':>8} {'peak RSS MiB':>12} " \
          f"{'events':>7} {'aggr':>5} {'statements':>10}  targets"
    print()
    print(hdr)
    print("-" * len(hdr))
    for r in results:
        notes = []
        if r["jobs"] == 2 and r["engine"] == "local":
            notes.append(f"docs/s>={TARGET_DOCS_PER_S:.0f}: {'PASS' if r['docs_per_s'] >= TARGET_DOCS_PER_S else 'FAIL'}")
        notes.append(f"RSS<1GiB: {'PASS' if r['peak_rss_mib'] < TARGET_RSS_MIB else 'FAIL'}")
        print(f"{r['size']:>6} {r['engine']:>6} {r['jobs']:>4} {r['records']:>8,} {r['seconds']:>8.1f} {r['docs_per_s']:>8.1f} "
              f"{r['peak_rss_mib']:>12.0f} {r['events']:>7,} {r['aggregates']:>5,} {r['statements']:>10,}  "
              f"{'; '.join(notes)}")
    by_size: dict[str, set] = {}
    for r in results:
        by_size.setdefault(r["size"], set()).add((r["events"], r["aggregates"], r["statements"]))
    for size, outs in by_size.items():
        if len(outs) > 1:
            print(f"WARNING: size {size}: the --jobs values gave different counts {sorted(outs)} "
                  f"(non-determinism, or the code changed during the benchmark)")
    for label, _n in sizes:
        loc = [r for r in results if r["size"] == label and r["engine"] == "local" and r["jobs"] == 2]
        spk = [r for r in results if r["size"] == label and r["engine"] == "spark"]
        if loc and spk:
            ratio = spk[0]["seconds"] / loc[0]["seconds"]
            print(f"size {label}: spark local[2] / local --jobs 2 time = {ratio:.2f} "
                  f"(target <= {TARGET_SPARK_RATIO}: {'PASS' if ratio <= TARGET_SPARK_RATIO else 'FAIL'})")
    _plot(results, args.plot)
    print(f"\ntargets: >= {TARGET_DOCS_PER_S:.0f} docs/s with --jobs 2; peak RSS < 1 GiB "
          f"(max single-process RSS over the CLI and its workers). Wall time includes start-up.")

    doc = {"benchmark": "throughput", "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "git_commit": git_commit(), "src_uncommitted_changes": git_dirty(),
           "marsad_path": marsad_path(), "python": sys.version.split()[0], "platform": platform.platform(),
           "cpus": os.cpu_count(), "corpus": str(corpus), "corpus_records": len(recs), "seed": args.seed,
           "targets": {"docs_per_s_jobs2": TARGET_DOCS_PER_S, "peak_rss_mib": TARGET_RSS_MIB},
           "rss_note": "max single-process RSS over the CLI process and its pool workers "
                       "(getrusage RUSAGE_CHILDREN ru_maxrss of a wrapper process)",
           "results": results}
    write_result(args.results, doc)


if __name__ == "__main__":
    main()
