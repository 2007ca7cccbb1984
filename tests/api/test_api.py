"""The REST API with an in-process client over a store built in the test."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from marsad.api import Settings, create_app
from marsad.ingest import run_ingest

from ..conftest import ROOT

SAMPLE = ROOT / "src/marsad/samples/sample.jsonl"
DEDUP = ROOT / "tests/data/dedup/reports.jsonl"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "m.db"
    run_ingest([str(SAMPLE), str(DEDUP)], str(path))
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(Settings(db=db))) as c:
        yield c


def _all(client, **params):
    items, cursor = [], None
    while True:
        r = client.get("/api/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def test_health_and_openapi(client):
    h = client.get("/healthz").json()
    assert h["status"] == "ok" and h["events"] > 20
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/statements", "/api/actors", "/api/stats",
            "/api/export", "/healthz"} <= set(spec["paths"])
    assert "/api/articles" not in spec["paths"]        # no token configured: no write endpoint


def test_cursor_pagination_visits_every_event_once_in_order(client):
    one_page = client.get("/api/events", params={"limit": 500}).json()["items"]
    paged = _all(client, limit=7)
    assert [e["event_id"] for e in paged] == [e["event_id"] for e in one_page]
    dates = [e["event_date"] for e in paged if e["event_date"]]
    assert dates == sorted(dates, reverse=True)
    asc = _all(client, limit=5, sort="date")
    assert [e["event_id"] for e in asc if e["event_date"]] == \
        [e["event_id"] for e in reversed(paged) if e["event_date"]]


def test_filters_narrow_the_events(client):
    every = _all(client, limit=100)
    syria = _all(client, country="syria")
    assert syria and len(syria) < len(every) and all(e["country"] == "Syria" for e in syria)
    march = _all(client, since="2024-03-01", until="2024-03-31")
    assert march and all("2024-03-01" <= e["event_date"] <= "2024-03-31" for e in march)
    drones = _all(client, weapon="drone")
    assert drones and all("drone" in e["weapons"] for e in drones)
    box = _all(client, bbox="40,32,44,35")           # western Iraq
    assert box and all(40 <= e["longitude"] <= 44 and 32 <= e["latitude"] <= 35 for e in box)
    ied = _all(client, sub_event_type="Remote explosive/landmine/IED")
    assert ied and all(e["sub_event_type"] == "Remote explosive/landmine/IED" for e in ied)
    text = _all(client, q="عين الأسد")
    assert text and all("Asad" in (e["location"] or "") or "عين الأسد" in e["evidence"] for e in text)
    actor = every[0]["actor1"]
    assert all(actor in (e["actor1"], e["actor2"]) for e in _all(client, actor=actor))
    assert _all(client, q="100%_no_such") == []      # LIKE wildcards are literal


def test_event_detail_has_every_source_with_evidence_and_provenance(client):
    merged = next(e for e in _all(client) if e["cluster"]["reports"] >= 3)
    d = client.get(f"/api/events/{merged['event_id']}").json()
    assert len(d["reports"]) == merged["cluster"]["reports"]
    for rep in d["reports"]:
        assert rep["url"].startswith("https://") and rep["evidence"] and rep["provenance"]
        ctx = client.get(f"/api/reports/{rep['report_id']}/context").json()
        for sp in ctx["spans"]:
            assert ctx["text"][sp["start"]:sp["end"]] in rep["evidence"]


def test_statements_actors_and_stats(client):
    every = client.get("/api/statements", params={"limit": 500}).json()["items"]
    assert len(every) >= 2
    first = client.get("/api/statements", params={"limit": 1}).json()
    second = client.get("/api/statements", params={"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [first["items"][0], second["items"][0]] == every[:2]
    actors = client.get("/api/actors").json()
    assert actors and actors[0]["events"] >= actors[-1]["events"]
    s = client.get("/api/stats", params={"interval": "week"}).json()
    assert s["total"] == sum(x["count"] for x in s["by_type"])
    assert all(x["period"] for x in s["series"]) and s["interval"] == "week"


def test_export_streams_every_format_with_the_filters(client):
    csv_ = client.get("/api/export", params={"format": "acled-csv", "country": "Iraq"})
    assert csv_.status_code == 200 and csv_.headers["content-type"].startswith("text/csv")
    rows = csv_.text.strip().splitlines()
    assert rows[0].startswith("event_id_cnty,event_date") and all(",Iraq," in r for r in rows[1:])
    jl = client.get("/api/export", params={"format": "jsonl"}).text.strip().splitlines()
    assert len(jl) == len(_all(client))
    gj = client.get("/api/export", params={"format": "geojson"}).json()
    assert gj["type"] == "FeatureCollection"
    pq = client.get("/api/export", params={"format": "parquet"})
    assert pq.content[:4] == b"PAR1"


def test_errors_have_one_shape(client):
    for path, params, status, code in (
            ("/api/events/ev-nope", {}, 404, "not_found"),
            ("/api/events", {"limit": 5000}, 422, "invalid_request"),
            ("/api/events", {"since": "yesterday"}, 422, "invalid_request"),
            ("/api/events", {"cursor": "garbage!!"}, 400, "invalid_cursor"),
            ("/api/events", {"bbox": "50,40,10,10"}, 400, "invalid_request"),
            ("/api/export", {"format": "../../etc/passwd"}, 422, "invalid_request"),
            ("/nope", {}, 404, "not_found")):
        r = client.get(path, params=params)
        assert r.status_code == status, (path, params, r.text)
        assert r.json()["error"]["code"] == code and r.json()["error"]["message"]
    r = client.post("/api/articles", json={"articles": [{"text": "x"}]})
    assert r.status_code in (404, 405) and "error" in r.json()


def test_the_write_endpoint_needs_the_token_and_its_articles_become_events(db, tmp_path):
    import shutil
    copy = tmp_path / "w.db"
    shutil.copy(db, copy)
    with TestClient(create_app(Settings(db=str(copy), token="s3cret-token"))) as c:
        art = {"id": "new-1", "published": "2024-11-02", "outlet": "Test Wire", "url": "https://t.example/1",
               "text": "قصف على الميادين\nقصفت طائرات حربية اليوم السبت مواقع في مدينة الميادين شرقي دير الزور."}
        assert c.post("/api/articles", json={"articles": [art]}).status_code == 401
        assert c.post("/api/articles", json={"articles": [art]},
                      headers={"Authorization": "Bearer wrong"}).status_code == 401
        r = c.post("/api/articles", json={"articles": [art]}, headers={"Authorization": "Bearer s3cret-token"})
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["stored"] == 1 and body["event_ids"]
        ev = c.get(f"/api/events/{body['event_ids'][0]}").json()
        assert ev["location"] == "Al Mayadin" and ev["reports"][0]["url"] == "https://t.example/1"
        big = c.post("/api/articles", content=b"{" + b" " * 6_000_000 + b"}",
                     headers={"Authorization": "Bearer s3cret-token", "Content-Type": "application/json"})
        assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
