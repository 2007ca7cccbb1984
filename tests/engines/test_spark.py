"""The Spark engine (local[2]) gives the local engine's exact outputs.

Needs PySpark and Java (the test extra installs PySpark; Java 17 is on the project's machines).
Marked slow: a Spark session takes a few seconds to start.
"""
from __future__ import annotations

import gzip
import json
import shutil
import sys

import pytest

from marsad.errors import ConfigError
from marsad.runner import run_extract

from ..conftest import need_shared

FILES = ("events.jsonl", "statements.jsonl", "rejected.jsonl", "events.csv", "events.geojson")


def _need_spark():
    pytest.importorskip("pyspark", reason="the Spark engine needs pip install 'marsad[spark]'")
    if not shutil.which("java"):
        pytest.skip("the Spark engine needs a Java runtime (17)")


def _ant_middle_east(shared, path, n=2000):
    rows = []
    with gzip.open(shared / "data/ant_corpus_multisource/ant_multisource_v2.1.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["category"] == "middleEast":
                rows.append({"id": r["docno"], "title": r.get("title") or None, "text": r.get("text") or "",
                             "published": r.get("time") or None, "url": r.get("url"), "outlet": r.get("source")})
                if len(rows) == n:
                    break
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(7, "{this line is not JSON")          # a rejection must come out the same way too
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_spark_local2_and_the_local_engine_give_identical_outputs(tmp_path):
    _need_spark()
    shared = need_shared("corpus/dev/dev.input.jsonl", "data/ant_corpus_multisource/ant_multisource_v2.1.jsonl.gz")
    inputs = [str(shared / "corpus/dev/dev.input.jsonl"), str(_ant_middle_east(shared, tmp_path / "ant.jsonl"))]
    local = run_extract(inputs, tmp_path / "local", jobs=2)
    spark = run_extract(inputs, tmp_path / "spark", engine="spark", master="local[2]")
    for f in FILES:
        a = (tmp_path / "local" / f).read_bytes()
        b = (tmp_path / "spark" / f).read_bytes()
        assert a == b, f
    assert spark["counts"]["records"] == local["counts"]["records"] == 2006
    assert spark["counts"]["rejected_by_reason"] == {"malformed_json": 1}
    assert local["counts"]["events"] > 300
    import pyarrow.parquet as pq
    table = pq.read_table(tmp_path / "spark" / "events_parquet")
    assert table.num_rows == local["counts"]["events"] + local["counts"]["aggregates"]
    months = {p.name for p in (tmp_path / "spark" / "events_parquet").iterdir() if p.is_dir()}
    assert months and all(m.startswith("event_month=") for m in months)


def test_the_spark_engine_without_pyspark_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "نص قصير للاختبار فقط هنا"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"marsad\[spark\]"):
        run_extract([str(tmp_path / "in.jsonl")], tmp_path / "o", engine="spark")


@pytest.mark.slow
def test_spark_reads_parquet_input_like_the_same_records_in_jsonl(tmp_path):
    _need_spark()
    import pyarrow as pa
    import pyarrow.parquet as pq
    rows = [{"id": "p1", "published": "2024-02-03", "outlet": "Wire", "url": "https://w.example/1",
             "text": "قصف على الموصل\nقصفت طائرات حربية اليوم السبت مواقع في مدينة الموصل شمالي العراق."},
            {"id": "p2", "published": "2024-02-04", "outlet": "Wire", "url": "https://w.example/2",
             "text": "انفجار في كركوك\nانفجرت عبوة ناسفة اليوم الأحد في سوق مدينة كركوك وقتل شخصان."},
            {"id": "p3", "published": "2024-02-05", "outlet": "Wire", "url": None, "text": "  "}]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps({k: v for k, v in r.items() if v is not None},
                                                              ensure_ascii=False) for r in rows) + "\n",
                                       encoding="utf-8")
    local = run_extract([str(tmp_path / "in.jsonl")], tmp_path / "local")
    spark = run_extract([str(tmp_path / "in.parquet")], tmp_path / "spark", engine="spark")
    for f in ("events.jsonl", "statements.jsonl", "events.csv"):
        assert (tmp_path / "local" / f).read_bytes() == (tmp_path / "spark" / f).read_bytes(), f
    assert local["counts"]["events"] == spark["counts"]["events"] == 2
    assert spark["counts"]["rejected_by_reason"] == {"empty": 1}
