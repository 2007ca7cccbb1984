"""The Spark engine: the same batch stage functions inside `mapPartitions`.

Input lines (JSONL) or rows (Parquet) are read by Spark; each partition turns them into
Articles with marsad's own readers (so a malformed line gets the same rejection as with the
local engine), runs the Pipeline (built once per executor process: lexicons and gazetteer load
once), and yields plain JSON records. The driver writes the same files as the local engine
(events.jsonl, statements.jsonl, events.csv, events.geojson, rejected.jsonl, run.json) by
streaming the results partition by partition, and Spark writes `events_parquet/` partitioned
by event month.

Deduplication across articles is not run here: it needs the store (`marsad ingest`), where
clustering is incremental and serialised by the store's write lock; at corpus scale the
clustering blocks by type, date window and governorate, which a later version can map onto
Spark partitions (see the README).

PySpark is an optional extra: `pip install 'marsad[spark]'`.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import ConfigError, InputError

_PIPELINE = None


def _pipeline(config: dict):
    global _PIPELINE
    if _PIPELINE is None:
        from ..pipeline import Pipeline
        _PIPELINE = Pipeline(config)
        _PIPELINE.resources  # noqa: B018 - load lexicons and gazetteer once per executor process
    return _PIPELINE


def _items_of(rows: Iterable[tuple], config: dict) -> Iterator:
    """(source name, line number, raw line or record dict) -> Articles and Rejections."""
    from ..io.readers import record_to_article, records_from_jsonl
    for name, ln, raw in rows:
        if isinstance(raw, dict):
            yield from record_to_article(raw, f"{name}:{ln}", config)
        else:
            yield from records_from_jsonl([raw], name, config, first_line=ln)


def process_partition(rows: Iterable[tuple], config: dict, published: str | None = None,
                      batch: int = 32) -> Iterator[tuple[int, str, str]]:
    """Run the pipeline over one partition; yield (order, kind, json) with kind event|statement|rejection|doc."""
    from itertools import islice

    from ..model import Article, Rejection
    pipe = _pipeline(config)
    it = iter(_items_of(rows, config))
    order = 0
    while chunk := list(islice(it, batch)):
        arts = [x for x in chunk if isinstance(x, Article)]
        for a in arts:
            if published and not a.published:
                a.published = published
        results = iter(pipe.process(arts))
        for x in chunk:
            order += 1
            if isinstance(x, Rejection):
                yield order, "rejection", json.dumps(x.to_dict(), ensure_ascii=False)
                continue
            r = next(results)
            if r.rejection is not None:
                yield order, "rejection", json.dumps(r.rejection.to_dict(), ensure_ascii=False)
                continue
            yield order, "doc", json.dumps({k: round(v, 6) for k, v in r.timings.items()})
            for ev in r.events:
                yield order, "event", json.dumps(ev.to_dict(), ensure_ascii=False)
            for st in r.statements:
                yield order, "statement", json.dumps(dict(st.to_dict(), doc_id=st.doc_ids[0]), ensure_ascii=False)


def spark_session(master: str | None = None, app: str = "marsad"):
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise ConfigError("the Spark engine needs PySpark", hint="pip install 'marsad[spark]'") from e
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    b = SparkSession.builder.appName(app).master(master or os.environ.get("MARSAD_SPARK_MASTER", "local[2]"))
    b = b.config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
    b = b.config("spark.python.worker.reuse", "true").config("spark.ui.showConsoleProgress", "false")
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _input_rdd(spark, inputs: list[str], partitions: int | None):
    """One RDD of (source name, line number, raw line | record dict), in input order."""
    rdds = []
    for i in inputs:
        is_remote = "://" in i
        p = Path(i)
        if not is_remote and not p.exists():
            raise InputError(f"input {i} does not exist", hint="check the path")
        name = p.name if not is_remote else i.rstrip("/").rsplit("/", 1)[-1]
        if i.endswith(".parquet") or (not is_remote and p.is_dir() and any(p.glob("*.parquet"))):
            df = spark.read.parquet(i)
            rdd = df.rdd.zipWithIndex().map(lambda ri, n=name: (n, ri[1] + 1, {k: v for k, v in ri[0].asDict().items()
                                                                               if v is not None}))
        else:
            sc = spark.sparkContext
            lines = sc.textFile(i, minPartitions=partitions or max(2, 2 * sc.defaultParallelism))
            rdd = lines.zipWithIndex().map(lambda li, n=name: (n, li[1] + 1, li[0]))
        rdds.append(rdd)
    rdd = rdds[0] if len(rdds) == 1 else spark.sparkContext.union(rdds)
    return rdd


def run_spark(inputs: list[str], out: Path, config: dict, *, master: str | None = None,
              published: str | None = None, partitions: int | None = None) -> dict:
    """Extract with Spark; write the local engine's outputs plus events_parquet/. Returns counts."""
    from ..io.writers import write_outputs
    from ..model import event_from_dict
    spark = spark_session(master)
    try:
        rdd = _input_rdd(spark, inputs, partitions)
        cfg = config
        from pyspark import StorageLevel
        results = rdd.mapPartitions(lambda rows: process_partition(rows, cfg, published))
        results.persist(StorageLevel.MEMORY_AND_DISK)
        results.count()        # run every partition in parallel once; the driver then reads the cache in order
        out.mkdir(parents=True, exist_ok=True)
        events, statements = [], []
        n_docs = n_rej = 0
        reasons: dict[str, int] = {}
        warnings: dict[str, int] = {}
        stage_time: dict[str, float] = {}
        with (out / "rejected.jsonl").open("w", encoding="utf-8") as rej:
            # partitions come back in input order, and records within a partition in order
            for _order, kind, payload in results.toLocalIterator():
                if kind == "event":
                    events.append(event_from_dict(json.loads(payload)))
                elif kind == "statement":
                    statements.append(json.loads(payload))
                elif kind == "doc":
                    n_docs += 1
                    for k, v in json.loads(payload).items():
                        stage_time[k] = stage_time.get(k, 0.0) + v
                else:
                    rej.write(payload + "\n")
                    r = json.loads(payload)
                    if r.get("level") == "warning":
                        warnings[r["reason"]] = warnings.get(r["reason"], 0) + 1
                    else:
                        n_rej += 1
                        reasons[r["reason"]] = reasons.get(r["reason"], 0) + 1
        counts = write_outputs(out, events, [])
        with (out / "statements.jsonl").open("w", encoding="utf-8") as f:
            for s in statements:
                f.write(json.dumps(s, ensure_ascii=False) + "\n")
        counts["statements.jsonl"] = len(statements)
        counts["events_parquet"] = _write_parquet(spark, results, out / "events_parquet")
        results.unpersist()
    finally:
        spark.stop()
    return {"records": n_docs + n_rej, "extracted": n_docs, "rejected": n_rej, "rejected_by_reason": reasons,
            "warnings_by_reason": warnings, "events": sum(1 for e in events if not e.aggregate),
            "aggregates": sum(1 for e in events if e.aggregate), "statements": len(statements), "files": counts,
            "stage_seconds": {k: round(v, 3) for k, v in stage_time.items()}}


def _write_parquet(spark, results, path: Path) -> int:
    """ACLED's columns and ours, partitioned by event month (event_month=YYYY-MM, or 'unknown')."""
    from pyspark.sql import types as T

    from ..io.writers import ACLED_COLUMNS, EXTRA_COLUMNS, PARQUET_FLOATS, PARQUET_INTS, acled_row, typed_row
    from ..model import event_from_dict
    cols = ACLED_COLUMNS + EXTRA_COLUMNS
    schema = T.StructType([T.StructField(c, T.LongType() if c in PARQUET_INTS else T.DoubleType()
                                         if c in PARQUET_FLOATS else T.BooleanType() if c == "aggregate"
                                         else T.StringType()) for c in cols]
                          + [T.StructField("event_month", T.StringType())])

    def rows(part):
        for _o, kind, payload in part:
            if kind != "event":
                continue
            r = acled_row(event_from_dict(json.loads(payload)))
            yield typed_row(r) + [(r["event_date"] or "")[:7] or "unknown"]
    df = spark.createDataFrame(results.mapPartitions(rows), schema)
    df.write.mode("overwrite").partitionBy("event_month").parquet(str(path))
    return spark.read.parquet(str(path)).count()
