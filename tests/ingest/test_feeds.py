"""Feed ingestion against a local HTTP server the test starts (127.0.0.1, no network)."""
from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from marsad.config import load_config
from marsad.ingest import run_ingest
from marsad.store import Store

ARTICLE = """<html><head><title>{title}</title></head><body><nav>الرئيسية | أخبار | رياضة</nav>
<article><h1>{title}</h1><p>{body}</p><p>وقال مصدر أمني إن فرق الدفاع المدني وصلت إلى المكان بعد الحادث،
وإن التحقيقات جارية لمعرفة ملابسات ما جرى، فيما لم تعلن أي جهة مسؤوليتها حتى الآن.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""

PAGES = {
    "/news/1.html": ("انفجار عبوة في الموصل", "انفجرت عبوة ناسفة اليوم الأحد في سوق شعبي وسط مدينة الموصل، "
                     "ما أدى إلى مقتل شخصين وإصابة خمسة آخرين."),
    "/news/2.html": ("قصف على إدلب", "قصفت طائرات حربية اليوم الأحد أطراف مدينة إدلب شمال غربي سوريا، "
                     "وأفادت مصادر محلية بمقتل ثلاثة مدنيين."),
    "/private/3.html": ("خبر محجوب", "قتل مسلحون شرطيا اليوم الأحد في مدينة كركوك بهجوم مسلح."),
}


def _rss(base: str, links: list[str]) -> str:
    items = "".join(f"<item><title>item {i}</title><link>{base}{l}</link>"
                    f"<pubDate>Sun, 03 Mar 2024 09:00:00 GMT</pubDate></item>" for i, l in enumerate(links))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Local Wire</title>'
            f"<link>{base}/</link><description>test</description>{items}</channel></rss>")


class _Handler(BaseHTTPRequestHandler):
    hits: Counter = Counter()
    conditional: Counter = Counter()

    def log_message(self, *a):  # quiet
        pass

    def _send(self, code, body=b"", ctype="text/html; charset=utf-8", headers=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server API
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path
        _Handler.hits[path] += 1
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                _Handler.conditional[path] += 1
                return self._send(304, headers={"ETag": '"v1"'})
            body = _rss(base, ["/news/1.html", "/news/2.html", "/files/report.pdf", "/loop", "/gone.html",
                               "/private/3.html"]).encode()
            return self._send(200, body, "application/rss+xml", {"ETag": '"v1"'})
        if path == "/broken-feed.xml":
            return self._send(500, b"internal error", "text/plain")
        if path == "/not-a-feed.xml":
            return self._send(200, "<html><body><p>صفحة عادية</p></body></html>".encode(), "text/html")
        if path in PAGES:
            title, body = PAGES[path]
            return self._send(200, ARTICLE.format(title=title, body=body).encode("utf-8"))
        if path == "/files/report.pdf":
            return self._send(200, b"%PDF-1.4 binary", "application/pdf")
        if path in ("/loop", "/loop2"):
            return self._send(302, headers={"Location": "/loop2" if path == "/loop" else "/loop"})
        return self._send(404, b"not found", "text/plain")


@pytest.fixture
def server():
    _Handler.hits.clear()
    _Handler.conditional.clear()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _cfg():
    return load_config(overrides={"ingest": {"request_delay_seconds": 0.0, "timeout_seconds": 5.0,
                                             "poll_interval_seconds": 0}})


def test_feed_articles_are_stored_and_every_failure_is_a_clear_rejection(server, store_url):
    feeds = [f"{server}/feed.xml", f"{server}/broken-feed.xml", f"{server}/not-a-feed.xml"]
    r = run_ingest(feeds, store_url, config=_cfg())
    c = r["counts"]
    assert r["status"] == "finished"
    assert c["stored"] == 2
    assert c["rejected_by_reason"] == {"not_html": 1, "fetch_error": 3, "feed_error": 1, "robots_disallowed": 1}
    with Store.open(store_url) as s:
        st = s.stats()
        assert st["totals"]["articles"] == 2
        places = {e.location for e in s.events()}
        assert {"Mosul", "Idlib"} <= places
        rejected = _rejections(s)
    by_reason = Counter(x["reason"] for x in rejected)
    assert by_reason == c["rejected_by_reason"]          # every rejection is stored, once
    messages = " | ".join(x["message"] for x in rejected)
    assert "redirect loop" in messages and "HTTP 404" in messages and "HTTP 500" in messages
    assert "application/pdf" in messages and "not an RSS or Atom feed" in messages
    assert _Handler.hits["/private/3.html"] == 0          # robots.txt obeyed


def test_a_second_poll_is_conditional_and_fetches_nothing_again(server, store_url):
    feed = f"{server}/feed.xml"
    run_ingest([feed], store_url, config=_cfg())
    pages_before = {p: n for p, n in _Handler.hits.items() if p != "/feed.xml"}
    r = run_ingest([feed, ], store_url, config=_cfg(), follow=True, max_polls=2)
    assert r["counts"]["stored"] == 0 and r["counts"]["rejected"] == 0
    assert _Handler.conditional["/feed.xml"] == 2              # ETag sent back: 304 Not Modified
    assert {p: n for p, n in _Handler.hits.items() if p != "/feed.xml"} == pages_before
    with Store.open(store_url) as s:
        state = s.feed_state(feed)
    assert state["etag"] == '"v1"' and state["last_status"] == 304


def test_follow_needs_a_feed():
    from marsad.errors import InputError
    with pytest.raises(InputError, match="--follow needs at least one feed URL"):
        run_ingest(["some/file.jsonl"], "sqlite:///:memory:", follow=True)


def _rejections(store):
    from sqlalchemy import select

    from marsad.store import schema
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(schema.rejections))]



def test_follow_keeps_polling_until_sigterm_and_keeps_what_it_stored(server, tmp_path):
    import json as _json
    import os
    import signal
    import subprocess
    import sys
    import time
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ingest]\nrequest_delay_seconds = 0.0\npoll_interval_seconds = 1\n", encoding="utf-8")
    db = tmp_path / "f.db"
    p = subprocess.Popen([sys.executable, "-m", "marsad.cli", "ingest", f"{server}/feed.xml", "--db", str(db),
                          "--follow", "--config", str(cfg), "--no-progress"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and _Handler.conditional["/feed.xml"] < 2:
        time.sleep(0.2)                      # the second and later polls are conditional (304)
    os.kill(p.pid, signal.SIGTERM)
    _, err = p.communicate(timeout=30)
    assert p.returncode == 130, err
    assert "interrupted" in err
    with Store.open(f"sqlite:///{db}") as s:
        assert s.count("articles") == 2
        [run] = s.runs()
    assert run["status"] == "interrupted" and _json.loads(run["counts"])["polls"] >= 2
