"""The CLI end to end: outputs, exit codes, accounting of every record."""
import csv
import json
import subprocess
import sys
from pathlib import Path

from marsad.io.writers import ACLED_COLUMNS

SAMPLE = Path(__file__).resolve().parents[1] / "src/marsad/samples/sample.jsonl"


def _marsad(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "marsad.cli", *args], capture_output=True, text=True, input=stdin)


def test_extract_on_the_packaged_sample_writes_every_output(tmp_path):
    r = _marsad("extract", str(SAMPLE), "--out", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    out = tmp_path / "o"
    for name in ("events.jsonl", "statements.jsonl", "events.csv", "events.geojson", "rejected.jsonl", "run.json"):
        assert (out / name).exists(), name
    events = [json.loads(l) for l in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(e["location"] == "Ain al-Asad Air Base" and e["claim_status"] == "claimed" for e in events)
    assert not any(e["doc_id"] == "sample-004" for e in events)          # the football report
    for e in events:
        assert e["event_id"] and e["doc_ids"] and e["evidence_spans"] and "provenance" in e
    with (out / "events.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header[:len(ACLED_COLUMNS)] == ACLED_COLUMNS
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["counts"]["records"] == 4 and run["counts"]["extracted"] == 4
    assert run["config"]["input"]["max_document_bytes"] == 2000000


def test_event_ids_are_stable_across_runs(tmp_path):
    ids = []
    for k in range(2):
        assert _marsad("extract", str(SAMPLE), "--out", str(tmp_path / f"o{k}")).returncode == 0
        ids.append([json.loads(l)["event_id"] for l in (tmp_path / f"o{k}" / "events.jsonl").read_text().splitlines()])
    assert ids[0] == ids[1] and ids[0]


def test_jobs_2_gives_the_same_events_as_jobs_1(tmp_path):
    for j in (1, 2):
        assert _marsad("extract", str(SAMPLE), "--out", str(tmp_path / f"j{j}"), "--jobs", str(j)).returncode == 0
    assert (tmp_path / "j1/events.jsonl").read_text() == (tmp_path / "j2/events.jsonl").read_text()


def test_missing_input_exits_3_with_a_json_error(tmp_path):
    r = _marsad("extract", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o"))
    assert r.returncode == 3
    err = json.loads(r.stderr.strip().splitlines()[-1])["error"]
    assert err["code"] == "InputError" and "nope.jsonl" in err["message"]


def test_all_rejected_exits_5_and_still_writes_rejections(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{oops\n{"id": "e", "text": ""}\n{"id": "en", "text": "A drone struck a base near Erbil airport today."}\n')
    r = _marsad("extract", str(p), "--out", str(tmp_path / "o"))
    assert r.returncode == 5
    rows = [json.loads(l) for l in (tmp_path / "o/rejected.jsonl").read_text().splitlines()]
    assert sorted(x["reason"] for x in rows) == ["empty", "malformed_json", "unsupported_language"]


def test_stdin_and_published_default(tmp_path):
    rec = json.dumps({"id": "s1", "text": "قصفت طائرات حربية بلدة دوما أمس."}, ensure_ascii=False)
    r = _marsad("extract", "-", "--out", str(tmp_path / "o"), "--published", "2024-05-10", stdin=rec + "\n")
    assert r.returncode == 0, r.stderr
    [e] = [json.loads(l) for l in (tmp_path / "o/events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert e["event_date"] == "2024-05-09" and e["location"] == "Duma" and e["admin1"] == "Rif-dimashq"


def test_bad_published_option_is_a_usage_error(tmp_path):
    r = _marsad("extract", str(SAMPLE), "--out", str(tmp_path / "o"), "--published", "yesterday")
    assert r.returncode == 2


def test_unknown_config_key_is_a_config_error(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[extract]\nno_such_key = 1\n")
    r = _marsad("extract", str(SAMPLE), "--out", str(tmp_path / "o"), "--config", str(cfg))
    assert r.returncode == 2 and "no_such_key" in r.stderr


def test_help_documents_options_and_exit_codes():
    r = _marsad("extract", "--help")
    assert r.returncode == 0
    for opt in ("--out", "--published", "--jobs", "--config", "Exit codes"):
        assert opt in r.stdout


def test_ingest_export_stats_and_dedup_commands_end_to_end(tmp_path):
    db = str(tmp_path / "m.db")
    r = _marsad("ingest", str(SAMPLE), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "4 records: 4 stored, 0 already stored, 0 rejected" in r.stderr
    again = _marsad("ingest", str(SAMPLE), "--db", db)
    assert "0 stored, 4 already stored" in again.stderr
    st = json.loads(_marsad("stats", "--db", db, "--json").stdout)
    assert st["totals"]["articles"] == 4 and st["totals"]["events"] >= 2
    table = _marsad("stats", "--db", db).stdout
    assert "events by type:" in table and "rejected records by reason:" in table
    out = _marsad("export", "--db", db, "--format", "acled-csv")
    rows = list(csv.DictReader(out.stdout.splitlines()))
    assert rows and list(rows[0])[:len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert all(r["source"] and r["n_reports"] for r in rows)
    assert _marsad("export", "--db", db, "--format", "jsonl", "--country", "Syria", "--out",
                   str(tmp_path / "sy.jsonl")).returncode == 0
    assert all(json.loads(l)["country"] == "Syria" for l in (tmp_path / "sy.jsonl").read_text().splitlines())
    rebuilt = json.loads(_marsad("dedup", "--db", db, "--rebuild").stdout)
    assert rebuilt["reports"] >= rebuilt["events"] > 0


def test_store_errors_exit_6_and_bad_export_options_exit_2(tmp_path):
    r = _marsad("stats", "--db", str(tmp_path / "no-such-dir" / "m.db"))
    assert r.returncode == 6 and json.loads(r.stderr.strip())["error"]["code"] == "StoreError"
    r = _marsad("export", "--db", str(tmp_path / "m.db"), "--format", "parquet")
    assert r.returncode == 2 and "--out" in r.stderr
    r = _marsad("export", "--db", str(tmp_path / "m.db"), "--since", "yesterday")
    assert r.returncode == 2
