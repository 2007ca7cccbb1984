"""The dashboard in real headless Chromium (Debian's chromium + chromium-driver, via Selenium).

Skips with a reason when Chromium or its driver is missing; .ci/run installs them and sets
MARSAD_REQUIRE_BROWSER=1, which turns that skip into a failure. Screenshots are saved in the
test's output directory (printed), to be looked at.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
import urllib.request

import pytest

from marsad.api import Settings, create_app
from marsad.ingest import run_ingest

from ..conftest import ROOT

pytestmark = pytest.mark.slow

XSS = ('<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>")
XSS_ARTICLE = {"id": "xss-1", "outlet": "Hostile Wire", "url": "https://hostile.example/1", "published": "2024-06-02",
               "text": "تفجير في سوق الموصل\nانفجرت عبوة ناسفة اليوم الأحد في سوق مدينة الموصل زعفرانيةفريدة "
                       f"{XSS[0]} وقتل شخصان {XSS[1]} وأصيب آخرون."}


def _need_browser():
    chrome = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        driver = None
    if not (chrome and driver):
        msg = "browser tests need Debian's chromium and chromium-driver and the selenium package"
        if os.environ.get("MARSAD_REQUIRE_BROWSER") == "1":
            pytest.fail(msg + " [MARSAD_REQUIRE_BROWSER=1]")
        pytest.skip(msg)
    return chrome, driver


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn
    tmp = tmp_path_factory.mktemp("dash")
    extra = tmp / "xss.jsonl"
    extra.write_text(json.dumps(XSS_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp / "m.db"
    run_ingest([str(ROOT / "src/marsad/samples/demo.jsonl"), str(extra)], str(db))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(Settings(db=str(db))), host="127.0.0.1", port=port,
                                        log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    srv.should_exit = True
    th.join(5)


@pytest.fixture(scope="module")
def browser():
    chrome, driver = _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
              "--disable-dev-shm-usage", "--lang=en"):
        opts.add_argument(a)
    b = webdriver.Chrome(service=Service(driver), options=opts)
    b.set_page_load_timeout(30)
    yield b
    b.quit()


def _wait(b, cond, timeout=15.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            v = cond()
            if v:
                return v
        except Exception:  # noqa: BLE001 - the page is still settling
            pass
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the page")


def _ready(b):
    return _wait(b, lambda: b.execute_script("return document.body.dataset.ready === '1'"))


def test_dashboard_map_filter_evidence_and_untrusted_text(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    b = browser
    shots = tmp_path / "screenshots"
    shots.mkdir()
    print(f"\nscreenshots: {shots}")

    # 1. the map shows markers, the table rows, the timeline bars
    b.get(server + "/")
    _ready(b)
    n_markers = _wait(b, lambda: len(b.find_elements(By.CSS_SELECTOR, "path.event-marker")))
    rows_all = len(b.find_elements(By.CSS_SELECTOR, "#events tbody tr"))
    assert n_markers > 10 and rows_all > 10
    assert b.find_elements(By.CSS_SELECTOR, "#timeline rect")
    b.save_screenshot(str(shots / "1-map.png"))

    # 2. a filter changes the table and the URL
    box = b.find_element(By.NAME, "country")
    box.clear()
    box.send_keys("Syria")
    b.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    _wait(b, lambda: "country=Syria" in b.current_url)
    _wait(b, lambda: 0 < len(b.find_elements(By.CSS_SELECTOR, "#events tbody tr")) < rows_all)
    cells = [r.find_elements(By.TAG_NAME, "td")[2].text for r in b.find_elements(By.CSS_SELECTOR, "#events tbody tr")]
    assert cells and "download" in b.find_element(By.ID, "download").get_attribute("outerHTML")
    assert "country=Syria" in b.find_element(By.ID, "download").get_attribute("href")
    b.save_screenshot(str(shots / "2-filtered.png"))

    # 3. clicking an event shows its Arabic evidence right-to-left, highlighted in context
    b.find_element(By.CSS_SELECTOR, "#events tbody tr").click()
    ev = _wait(b, lambda: b.find_element(By.CSS_SELECTOR, "#p-sources .evidence"))
    assert b.find_element(By.ID, "panel").is_displayed()
    assert ev.get_attribute("dir") == "rtl" and b.execute_script(
        "return getComputedStyle(arguments[0]).direction", ev) == "rtl"
    assert any("\u0600" <= ch <= "\u06ff" for ch in ev.text)
    assert ev.find_elements(By.TAG_NAME, "mark")
    assert "event=" in b.current_url
    b.save_screenshot(str(shots / "3-evidence.png"))

    # deep link: the same URL in a fresh load restores the filter and the open event
    b.get(b.current_url)
    _ready(b)
    assert b.find_element(By.NAME, "country").get_attribute("value") == "Syria"
    _wait(b, lambda: b.find_element(By.ID, "panel").is_displayed())

    # 4. untrusted article text renders as text and runs nothing
    b.get(server + "/?q=" + "زعفرانيةفريدة")
    _ready(b)
    _wait(b, lambda: b.find_elements(By.CSS_SELECTOR, "#events tbody tr"))
    assert _wait(b, lambda: len(b.find_elements(By.CSS_SELECTOR, "path.event-marker"))) == 1
    b.find_element(By.CSS_SELECTOR, "#events tbody tr").click()
    ev = _wait(b, lambda: b.find_element(By.CSS_SELECTOR, "#p-sources .evidence"))
    _wait(b, lambda: XSS[0] in ev.text)
    assert XSS[1] in ev.text
    assert not b.find_elements(By.CSS_SELECTOR, "#panel img, #panel script")
    assert b.execute_script("return window.__xss === undefined")
    b.save_screenshot(str(shots / "4-untrusted-text.png"))

    # 5. Arabic interface
    b.find_element(By.ID, "lang").click()
    assert b.execute_script("return document.documentElement.dir") == "rtl"
    assert b.find_element(By.CSS_SELECTOR, "header h1").text == "مرصد"
    b.save_screenshot(str(shots / "5-arabic.png"))
    keep = os.environ.get("MARSAD_SCREENSHOTS")
    if keep:
        shutil.copytree(shots, keep, dirs_exist_ok=True)
