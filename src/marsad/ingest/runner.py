"""`marsad ingest`: sources -> pipeline -> store, batch by batch, resumable.

Sources are files and directories (txt/html/jsonl/WARC, as `marsad extract` reads them) and
RSS/Atom feed URLs. Articles get content-hash ids; those the store already holds are skipped
before the pipeline runs, so a rerun after an interruption only does the missing work. Each
write batch is one transaction (see Store.write_batch).
"""
from __future__ import annotations

import time
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..config import load_config
from ..engines.local import run_local
from ..errors import InputError
from ..io.readers import iter_inputs
from ..model import Article, Rejection
from ..store import BatchResult, Store, article_id
from .feeds import Fetcher, feed_items, is_url


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest_items(store: Store, items: Iterable[Article | Rejection], cfg: dict, *, jobs: int = 1,
                 run_id: str | None = None, totals: BatchResult | None = None,
                 progress: Callable[[int], None] | None = None) -> BatchResult:
    """Run the pipeline over the items the store does not have yet and write them in batches."""
    totals = totals if totals is not None else BatchResult()
    batch = int(cfg["ingest"]["batch_size"])

    def fresh() -> Iterator[Article | Rejection]:
        for chunk in _chunks(items, 256):
            arts = [x for x in chunk if isinstance(x, Article)]
            for a in arts:
                a.extra.setdefault("source_id", a.id)
                a.id = article_id(a.text)
            known = store.known_articles(a.id for a in arts)
            for x in chunk:
                if isinstance(x, Article) and x.id in known:
                    totals.already_stored += 1
                    if x.extra.get("feed_item"):
                        fi = x.extra["feed_item"]
                        store.mark_fetched([{"url": fi["url"], "feed": fi["feed"], "article_id": x.id,
                                             "status": "stored"}])
                    if progress:
                        progress(1)
                    continue
                yield x

    for group in _chunks(run_local(fresh(), cfg, jobs=jobs, with_articles=True), batch):
        totals.add(store.write_batch(group, run_id))
        if progress:
            progress(len(group))
    return totals


def run_ingest(sources: list[str], db: str | None = None, *, jobs: int = 1, follow: bool = False,
               config_path: str | None = None, published: str | None = None,
               progress: Callable[[int], None] | None = None, max_polls: int | None = None,
               fetcher: Fetcher | None = None, config: dict | None = None) -> dict:
    """Ingest every source into the store; with `follow`, keep polling the feeds until interrupted."""
    cfg = config or load_config(config_path)
    feeds = [s for s in sources if is_url(s)]
    paths = [s for s in sources if not is_url(s)]
    if follow and not feeds:
        raise InputError("--follow needs at least one feed URL", hint="files are read once")
    for p in paths:
        if p != "-" and not Path(p).exists():
            raise InputError(f"source {p} does not exist", hint="give files, directories or feed URLs")
    store = Store.open(db, config=cfg)
    run_id = store.start_run("ingest", sources, cfg)
    totals = BatchResult()
    status = "failed"
    t0 = time.perf_counter()
    fetch = fetcher or (Fetcher(cfg) if feeds else None)
    polls = 0
    try:
        items: Iterable[Article | Rejection] = iter_inputs(paths, cfg, published) if paths else []
        if feeds:
            items = _chain(items, lambda: feed_items(feeds, fetch, store))
        ingest_items(store, items, cfg, jobs=jobs, run_id=run_id, totals=totals, progress=progress)
        polls = 1
        while follow and (max_polls is None or polls < max_polls):
            time.sleep(float(cfg["ingest"]["poll_interval_seconds"]))
            ingest_items(store, feed_items(feeds, fetch, store), cfg, jobs=jobs, run_id=run_id, totals=totals,
                         progress=progress)
            polls += 1
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
    finally:
        seconds = time.perf_counter() - t0
        counts = dict(totals.__dict__, records=totals.stored + totals.already_stored + totals.rejected,
                      polls=polls, seconds=round(seconds, 3))
        store.finish_run(run_id, status, counts)
        if fetch is not None and fetcher is None:
            fetch.close()
        store.close()
    return {"run_id": run_id, "status": status, "db": store.url, "counts": counts}


def _chain(first: Iterable, later: Callable[[], Iterable]) -> Iterator:
    yield from first
    yield from later()
