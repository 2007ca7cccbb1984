"""WARC archives (news crawls) as an input: HTML responses become articles, the rest is accounted for."""
from __future__ import annotations

from io import BytesIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.config import load_config
from marsad.ingest import run_ingest
from marsad.io.readers import iter_inputs
from marsad.model import Article, Rejection
from marsad.store import Store

PAGE = ("<html><head><title>انفجار في تكريت</title></head><body><article><h1>انفجار في تكريت</h1>"
        "<p>انفجرت سيارة مفخخة صباح اليوم قرب حاجز أمني عند المدخل الجنوبي لمدينة تكريت، ما أدى إلى مقتل "
        "ثلاثة من عناصر الشرطة وإصابة أربعة آخرين، وفق مصدر أمني.</p><p>ولم تعلن أي جهة مسؤوليتها عن "
        "التفجير حتى الآن، فيما فرضت القوات الأمنية طوقا حول المكان.</p></article></body></html>")


def _warc(path, gz=True):
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        for uri, ctype, body, status in (
                ("https://news.example/tikrit.html", "text/html; charset=utf-8", PAGE.encode(), "200 OK"),
                ("https://news.example/report.pdf", "application/pdf", b"%PDF-1.4", "200 OK"),
                ("https://news.example/gone.html", "text/html", b"gone", "404 Not Found")):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": "2023-06-11T08:00:00Z"})
            w.write_record(rec)
        w.write_record(w.create_warc_record("https://news.example/tikrit.html", "request",
                                            payload=BytesIO(b"GET /tikrit.html HTTP/1.1\r\n\r\n")))
    return path


def test_warc_html_responses_become_articles_and_the_rest_is_rejected_with_reasons(tmp_path):
    items = list(iter_inputs([str(_warc(tmp_path / "crawl.warc.gz"))], load_config()))
    arts = [x for x in items if isinstance(x, Article)]
    rejs = {x.reason for x in items if isinstance(x, Rejection)}
    assert len(arts) == 1 and arts[0].url == "https://news.example/tikrit.html"
    assert arts[0].published == "2023-06-11" and "تكريت" in arts[0].text
    assert rejs == {"not_html", "fetch_error"}


def test_ingest_reads_warc_files_in_a_directory(tmp_path):
    d = tmp_path / "crawls"
    d.mkdir()
    _warc(d / "a.warc", gz=False)
    r = run_ingest([str(d)], f"sqlite:///{tmp_path / 'w.db'}")
    assert r["counts"]["stored"] == 1 and r["counts"]["rejected"] == 2
    with Store.open(f"sqlite:///{tmp_path / 'w.db'}") as s:
        [ev] = [e for e in s.events() if not e.aggregate]
    assert ev.location == "Tikrit" and ev.event_date == "2023-06-11"


def test_a_file_that_is_not_a_warc_is_rejected_not_fatal(tmp_path):
    bad = tmp_path / "broken.warc"
    bad.write_bytes(b"this is not a WARC file at all\n" * 3)
    items = list(iter_inputs([str(bad)], load_config()))
    assert [x.reason for x in items] == ["warc_error"]
