"""RSS/Atom feeds: polite conditional polling and article page fetching.

Politeness: one request at a time, at least `request_delay_seconds` between two requests to one
host, a descriptive User-Agent, conditional GETs (ETag / Last-Modified: an unchanged feed costs a
304), robots.txt obeyed for article pages. Every failure becomes a Rejection with a reason code
(fetch_error, not_html, feed_error, robots_disallowed), so the run goes on and the record is
accounted for. httpx errors are mapped here, at the boundary, to marsad's own.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..errors import FetchError, RecordRejected
from ..io.readers import article_from_html, decode
from ..model import Article, Rejection

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Entry:
    url: str
    title: str | None
    published: str | None
    feed: str
    feed_title: str | None


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


class Fetcher:
    def __init__(self, cfg: dict, client: httpx.Client | None = None):
        ic = cfg["ingest"]
        self.delay = float(ic["request_delay_seconds"])
        self.respect_robots = bool(ic["respect_robots"])
        self.max_items = int(ic["max_items_per_feed"])
        self.cfg = cfg
        self.client = client or httpx.Client(
            timeout=float(ic["timeout_seconds"]), follow_redirects=True, max_redirects=int(ic["max_redirects"]),
            headers={"User-Agent": ic["user_agent"]})
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}

    def close(self) -> None:
        self.client.close()

    # -- HTTP -------------------------------------------------------------------
    def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        """GET with the per-host delay; network errors, redirect loops and HTTP errors raise FetchError."""
        host = urlsplit(url).netloc
        wait = self._last.get(host, 0.0) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            resp = self.client.get(url, headers=headers or {})
        except httpx.TooManyRedirects as e:
            raise FetchError(f"{url}: redirect loop (more than {self.client.max_redirects} redirects)") from e
        except httpx.InvalidURL as e:
            raise FetchError(f"{url}: not a valid URL ({e})") from e
        except httpx.HTTPError as e:
            raise FetchError(f"{url}: {type(e).__name__}: {e}") from e
        finally:
            self._last[host] = time.monotonic()
        if resp.status_code >= 400:
            raise FetchError(f"{url}: HTTP {resp.status_code}")
        return resp

    def allowed(self, url: str) -> bool:
        if not self.respect_robots:
            return True
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            rp: RobotFileParser | None = RobotFileParser()
            try:
                resp = self.get(key + "/robots.txt")
                rp.parse(resp.text.splitlines())
            except FetchError:
                rp = None       # no robots.txt (or unreachable): nothing is disallowed
            self._robots[key] = rp
        rp = self._robots[key]
        return rp is None or rp.can_fetch(self.client.headers.get("User-Agent", "*"), url)

    # -- feeds ------------------------------------------------------------------
    def poll(self, feed_url: str, state: dict[str, Any] | None) -> tuple[list[Entry], dict[str, Any]]:
        """New entries of a feed and its new state (etag, last_modified, last_status).

        Raises FetchError when the feed cannot be fetched or parsed.
        """
        import feedparser
        headers = {}
        if state and state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state and state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        resp = self.get(feed_url, headers)
        new_state = {"etag": resp.headers.get("ETag") or (state or {}).get("etag"),
                     "last_modified": resp.headers.get("Last-Modified") or (state or {}).get("last_modified"),
                     "last_status": resp.status_code, "last_error": None}
        if resp.status_code == 304:
            return [], new_state
        parsed = feedparser.parse(resp.content, response_headers={k.lower(): v for k, v in resp.headers.items()})
        if not parsed.entries and (parsed.bozo or not parsed.get("feed")):
            raise FetchError(f"{feed_url}: not an RSS or Atom feed"
                             + (f" ({parsed.bozo_exception})" if parsed.bozo else ""), hint="feed_error")
        title = parsed.feed.get("title")
        out = []
        for e in parsed.entries[: self.max_items]:
            link = e.get("link")
            if not link:
                continue
            link = str(httpx.URL(feed_url).join(link))
            pub = e.get("published_parsed") or e.get("updated_parsed")
            out.append(Entry(link, e.get("title"), time.strftime("%Y-%m-%d", pub) if pub else None, feed_url, title))
        return out, new_state

    def article(self, entry: Entry) -> Article | Rejection:
        """Fetch an entry's page and extract its main text."""
        url = entry.url
        if not self.allowed(url):
            return Rejection(url, "fetch", "robots_disallowed", f"{url}: disallowed by the site's robots.txt")
        try:
            resp = self.get(url)
        except FetchError as e:
            return Rejection(url, "fetch", "fetch_error", e.message)
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype not in HTML_TYPES:
            return Rejection(url, "fetch", "not_html", f"{url}: content type {ctype or 'unknown'!r}, not HTML")
        try:
            art = article_from_html(decode(resp.content, url), url, self.cfg, url=str(resp.url),
                                    outlet=entry.feed_title or urlsplit(url).hostname,
                                    published=entry.published)
        except RecordRejected as e:
            return Rejection(url, e.stage, e.reason, e.message)
        art.extra["feed_item"] = {"url": url, "feed": entry.feed}
        return art


def feed_items(feeds: list[str], fetcher: Fetcher, store) -> Iterator[Article | Rejection]:
    """Articles (or rejections) of the feeds' entries the store has not handled yet."""
    for feed in feeds:
        state = store.feed_state(feed)
        try:
            entries, new_state = fetcher.poll(feed, state)
        except FetchError as e:
            store.save_feed_state(feed, last_error=e.message, last_status=None)
            yield Rejection(feed, "fetch", "feed_error" if e.hint == "feed_error" else "fetch_error", e.message)
            continue
        done = store.fetched_urls(e.url for e in entries)
        fresh = [e for e in entries if e.url not in done]
        for entry in fresh:
            item = fetcher.article(entry)
            if isinstance(item, Rejection):
                store.mark_fetched([{"url": entry.url, "feed": feed, "article_id": None,
                                     "status": f"rejected:{item.reason}"}])
            yield item
        store.save_feed_state(feed, **new_state)
