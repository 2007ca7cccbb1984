"""The local engine: batches of Articles through the Pipeline in N processes.

Workers build their Resources once (pool initializer) and receive Articles in
batches; results come back in input order. Rejections from the readers pass
straight through, so every input record is accounted for.
"""
from __future__ import annotations

import multiprocessing as mp
from itertools import islice
from typing import Iterable, Iterator

from ..model import Article, Rejection
from ..pipeline import DocResult, Pipeline

_worker: Pipeline | None = None


def _init(config: dict) -> None:
    global _worker
    _worker = Pipeline(config)
    _worker.resources  # noqa: B018 - build lexicons and gazetteer once per process


def _run(batch: list[Article]) -> list[DocResult]:
    assert _worker is not None
    return _worker.process(batch)


def _batches(items: Iterable[Article | Rejection], size: int) -> Iterator[list[Article | Rejection]]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def run_local(items: Iterable[Article | Rejection], config: dict, jobs: int = 1,
              batch_size: int = 32, with_articles: bool = False) -> Iterator:
    """Yield, in input order, a DocResult per Article (an (Article, DocResult) pair with
    `with_articles`) and each reader Rejection unchanged."""
    if jobs <= 1:
        pipe = Pipeline(config)
        for chunk in _batches(items, batch_size):
            arts = [x for x in chunk if isinstance(x, Article)]
            results = iter(pipe.process(arts))
            for x in chunk:
                if isinstance(x, Article):
                    yield (x, next(results)) if with_articles else next(results)
                else:
                    yield x
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    with ctx.Pool(jobs, initializer=_init, initargs=(config,)) as pool:
        chunks = list_chunks = _batches(items, batch_size)

        def arts_of(chunk):
            return [x for x in chunk if isinstance(x, Article)]

        pending: list[tuple[list, object]] = []
        for chunk in list_chunks:
            pending.append((chunk, pool.apply_async(_run, (arts_of(chunk),))))
            while len(pending) > jobs * 4:
                yield from _drain(pending.pop(0), with_articles)
        del chunks
        while pending:
            yield from _drain(pending.pop(0), with_articles)


def _drain(item, with_articles: bool) -> Iterator:
    chunk, fut = item
    results = iter(fut.get())
    for x in chunk:
        if isinstance(x, Article):
            yield (x, next(results)) if with_articles else next(results)
        else:
            yield x
