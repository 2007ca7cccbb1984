"""The event store on every backend (SQLite always; PostgreSQL with $MARSAD_TEST_POSTGRES_URL)."""
from __future__ import annotations

import json

import pytest

from marsad.config import load_config
from marsad.errors import StoreError
from marsad.ingest import run_ingest
from marsad.store import Store

from ..conftest import ROOT

SAMPLE = ROOT / "src/marsad/samples/sample.jsonl"


def _articles(tmp_path, rows, name="in.jsonl"):
    p = tmp_path / name
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return str(p)


def _snapshot(url):
    with Store.open(url) as s:
        return {t: s.table_ids(t) for t in ("articles", "reports", "events", "statements", "rejections")}


# one rocket attack told by two outlets, and the same base attacked again a day later
ATTACK_A = {"id": "a", "outlet": "Outlet A", "url": "https://a.example/1", "published": "2024-03-05",
            "text": "صواريخ على قاعدة عين الأسد\nسقطت ثلاثة صواريخ اليوم الثلاثاء على قاعدة عين الأسد الجوية "
                    "في محافظة الأنبار غربي العراق، ما أدى إلى إصابة جنديين."}
ATTACK_B = {"id": "b", "outlet": "Outlet B", "url": "https://b.example/9", "published": "2024-03-06",
            "text": "هجوم صاروخي على عين الأسد\nتعرضت قاعدة عين الأسد التي تضم قوات أميركية أمس لهجوم بثلاثة "
                    "صواريخ كاتيوشا، وفق ما أفاد مصدر أمني."}
NEXT_DAY = {"id": "c", "outlet": "Outlet A", "url": "https://a.example/2", "published": "2024-03-06",
            "text": "هجوم جديد على عين الأسد\nاستهدفت طائرة مسيرة اليوم الأربعاء قاعدة عين الأسد الجوية في "
                    "الأنبار، في ثاني هجوم خلال يومين."}


def test_reingesting_the_same_articles_changes_nothing(store_url):
    first = run_ingest([str(SAMPLE)], store_url)
    before = _snapshot(store_url)
    second = run_ingest([str(SAMPLE)], store_url)
    assert first["counts"]["stored"] == 4 and first["counts"]["rejected"] == 0
    assert second["counts"]["stored"] == 0 and second["counts"]["already_stored"] == 4
    assert _snapshot(store_url) == before
    assert before["articles"] and before["reports"] and before["events"]


def test_two_outlets_reporting_one_attack_become_one_event_with_both_sources(store_url, tmp_path):
    run_ingest([_articles(tmp_path, [ATTACK_A, ATTACK_B, NEXT_DAY])], store_url)
    with Store.open(store_url) as s:
        evs = [e for e in s.events() if not e.aggregate]
    at_base = sorted((e for e in evs if e.location and "Asad" in e.location), key=lambda e: e.event_date)
    assert [e.event_date for e in at_base] == ["2024-03-05", "2024-03-06"]
    merged, later = at_base
    assert merged.cluster["reports"] == 2 and merged.cluster["outlets"] == ["Outlet A", "Outlet B"]
    assert merged.cluster["first_reported"] == "2024-03-05"
    assert {x["url"] for x in merged.cluster["sources"]} == {"https://a.example/1", "https://b.example/9"}
    joined = [x["merge"] for x in merged.cluster["sources"] if x["merge"].get("joined")]
    assert joined and joined[0]["same_place"] and joined[0]["date_gap_days"] == 0
    assert later.cluster["reports"] == 1          # the next day's attack is its own event


def test_rebuild_recomputes_the_same_events(store_url, tmp_path):
    run_ingest([_articles(tmp_path, [ATTACK_A, ATTACK_B, NEXT_DAY]), str(SAMPLE)], store_url)
    before = _snapshot(store_url)
    with Store.open(store_url) as s:
        out = s.rebuild_clusters()
    assert out["reports"] == len(before["reports"]) and out["events"] == len(before["events"])
    assert _snapshot(store_url) == before


def test_bad_records_are_stored_as_rejections_and_the_run_goes_on(store_url, tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_text(json.dumps(ATTACK_A, ensure_ascii=False) + "\n{not json\n"
                 + json.dumps({"id": "e", "text": "  "}) + "\n", encoding="utf-8")
    r = run_ingest([str(p)], store_url)
    assert r["counts"]["stored"] == 1 and r["counts"]["rejected"] == 2
    assert r["counts"]["rejected_by_reason"] == {"malformed_json": 1, "empty": 1}
    r2 = run_ingest([str(p)], store_url)           # rejections are not stored twice either
    with Store.open(store_url) as s:
        assert s.count("rejections") == 2 and s.count("articles") == 1
        assert s.stats()["rejections_by_reason"] == {"empty": 1, "malformed_json": 1}
    assert r2["counts"]["already_stored"] == 1


def test_stats_count_events_by_day_type_actor_and_country(store_url, tmp_path):
    run_ingest([_articles(tmp_path, [ATTACK_A, ATTACK_B, NEXT_DAY])], store_url)
    with Store.open(store_url) as s:
        st = s.stats()
    assert st["totals"]["articles"] == 3
    assert st["by_day"]["2024-03-05"] >= 1 and st["by_day"]["2024-03-06"] >= 1
    assert st["by_country"]["Iraq"] == st["totals"]["events"]
    assert "Explosions/Remote violence" in st["by_type"]


def test_export_filters_and_formats(store_url, tmp_path):
    from marsad.io.writers import ACLED_COLUMNS, export_events
    run_ingest([_articles(tmp_path, [ATTACK_A, ATTACK_B, NEXT_DAY]), str(SAMPLE)], store_url)
    with Store.open(store_url, write=False) as s:
        all_ev = list(s.events())
        march = list(s.events(since="2024-03-01", until="2024-03-05"))
        syria = list(s.events(country="syria"))
        assert march and all(e.event_date == "2024-03-05" for e in march)
        assert syria and all(e.country == "Syria" for e in syria)
        n = export_events(tmp_path / "e.csv", s.events(), "acled-csv")
        assert n == len(all_ev)
        head = (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert head[:len(ACLED_COLUMNS)] == ACLED_COLUMNS and "n_reports" in head
        export_events(tmp_path / "e.geojson", s.events(), "geojson")
        gj = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
        assert gj["type"] == "FeatureCollection" and gj["features"]
        assert all("n_reports" in f["properties"] for f in gj["features"])
        export_events(tmp_path / "e.parquet", s.events(), "parquet")
        import pyarrow.parquet as pq
        tab = pq.read_table(tmp_path / "e.parquet")
        assert tab.num_rows == len(all_ev) and tab.column("source_scale").to_pylist()


def test_a_store_that_cannot_be_opened_raises_a_clear_store_error(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        Store.open(str(tmp_path / "missing-dir" / "x.db"))
    with pytest.raises(StoreError, match="cannot open"):
        Store.open("postgresql://nobody@127.0.0.1:9/none")


def test_migrations_bring_a_new_store_to_the_newest_schema(store_url):
    from sqlalchemy import inspect
    with Store.open(store_url) as s:
        names = set(inspect(s.engine).get_table_names())
        assert {"alembic_version", "articles", "reports", "events", "statements", "rejections", "runs",
                "feeds", "fetched"} <= names
    with Store.open(store_url) as s:          # reopening is a no-op
        assert s.count("articles") == 0


def test_the_run_is_recorded_with_its_config_and_counts(store_url):
    run_ingest([str(SAMPLE)], store_url, config=load_config(overrides={"ingest": {"batch_size": 2}}))
    with Store.open(store_url) as s:
        [run] = s.runs()
    assert run["status"] == "finished" and json.loads(run["counts"])["stored"] == 4
    assert json.loads(run["config"])["ingest"]["batch_size"] == 2


def test_upgrading_a_store_from_the_first_schema_backfills_the_report_flags(store_url, tmp_path):
    """A store written by revision 0001 opens under the newest schema with its data intact."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import select, text

    from marsad.store import schema
    from marsad.store.database import database_url, make_engine
    engine = make_engine(database_url(store_url))
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("marsad.store").joinpath("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    rec = {"provenance": {"date": "date.published: no time expression", "place": "gazetteer:x 'حلب' qualified by 'ريف' (precision 2)"}}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO articles (id, text_hash, text, ingested_at) "
                          "VALUES ('ar-1', 'h', 'نص', '2024-01-01')"))
        conn.execute(text("INSERT INTO reports (id, article_id, event_type, aggregate, record) "
                          "VALUES ('ev-1', 'ar-1', 'Battles', false, :rec)"), {"rec": json.dumps(rec, ensure_ascii=False)})
    engine.dispose()
    with Store.open(store_url) as s:
        with s.engine.connect() as conn:
            row = conn.execute(select(schema.reports.c.date_stated, schema.reports.c.place_area)).one()
        assert tuple(row) == (False, True) and s.count("articles") == 1
