"""Pairwise precision and recall of same-event links on a labelled set of reports.

Each record is an article with a gold `event` label. An article's predicted event is the
deduplicated event of its first individual (non-aggregate) report; articles with no such
report link to nothing. A pair of articles is a predicted link when their predicted events
are the same, a gold link when their labels are.
"""
from __future__ import annotations

from itertools import combinations

from sqlalchemy import select

from ..store import Store, article_id
from ..store import schema as t


def predicted_events(store: Store) -> dict[str, str]:
    """article id -> event id of its first individual report."""
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        q = select(t.reports.c.article_id, t.reports.c.event_id).where(t.reports.c.aggregate.is_(False)) \
            .order_by(t.reports.c.seq)
        for aid, eid in conn.execute(q):
            out.setdefault(aid, eid)
    return out


def pairwise_scores(records: list[dict], store: Store) -> dict:
    pred = predicted_events(store)
    arts = [(r["id"], r["event"], pred.get(article_id(r["text"]))) for r in records]
    tp = fp = fn = 0
    false_links, missed = [], []
    for (ia, ga, pa), (ib, gb, pb) in combinations(arts, 2):
        gold = ga == gb
        link = pa is not None and pa == pb
        if gold and link:
            tp += 1
        elif link:
            fp += 1
            false_links.append((ia, ib))
        elif gold:
            fn += 1
            missed.append((ia, ib))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "gold_links": tp + fn, "predicted_links": tp + fp, "false_links": false_links, "missed_links": missed,
            "unplaced_articles": [i for i, _, e in arts if e is None]}
