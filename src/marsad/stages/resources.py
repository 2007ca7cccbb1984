"""Everything a stage needs that is loaded from data files, built once per process.

Building the matchers takes a fraction of a second; engines build one
`Resources` per worker process (or Spark executor) and reuse it for every batch.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..data import ACTOR_COLUMNS, data_path, load_lexicon, read_table, split_names
from ..geo.gazetteer import Gazetteer, default_gazetteer
from ..text.matcher import LexiconMatcher
from ..text.normalize import normalize


@dataclass
class Actor:
    id: str
    canonical: str
    kind: str
    country: str | None
    inter: int | None
    metonym: bool = False


@dataclass
class Resources:
    gazetteer: Gazetteer
    actors: dict[str, Actor]
    actor_matcher: LexiconMatcher
    triggers: dict[str, dict[str, Any]]
    trigger_matcher: LexiconMatcher
    weapons: dict[str, dict[str, Any]]
    weapon_matcher: LexiconMatcher
    cue_matcher: LexiconMatcher
    statement_entries: dict[str, dict[str, Any]]
    statement_matcher: LexiconMatcher
    calendar: dict[str, Any]
    metonym_names: set[str] = field(default_factory=set)
    contextual_names: set[str] = field(default_factory=set)   # ambiguous short forms (المقاومة، الحشد)
    statement_objects: tuple[str, ...] = ()


def _actor_rows() -> list[dict[str, str]]:
    if not data_path("actors.csv").exists():
        return []
    return read_table("actors.csv", ACTOR_COLUMNS)


@lru_cache(maxsize=1)
def default_resources() -> Resources:
    actors: dict[str, Actor] = {}
    items = []
    metonyms: set[str] = set()
    contextual: set[str] = set()
    for r in _actor_rows():
        inter = int(r["inter"]) if (r.get("inter") or "").strip().isdigit() else None
        src = r.get("source") or ""
        a = Actor(r["id"], r["canonical"], r["kind"], (r["country"] or None), inter)
        actors[a.id] = a
        for n in split_names(r["names_ar"]):
            items.append((n, a.id, False))
            if f"metonym: {n}" in src or f"metonym:{n}" in src:
                metonyms.add(normalize(n))
            if f"contextual: {n}" in src or f"contextual:{n}" in src:
                contextual.add(normalize(n))
        for n in split_names(r["names_en"]):
            if len(n) >= 3:
                items.append((n, a.id, False))
    trig = load_lexicon("triggers")
    triggers = {e["id"]: e for e in trig["entries"]}
    t_items = [(f, e["id"], bool(e.get("suffix"))) for e in trig["entries"] for f in e["forms"]]
    wl = load_lexicon("weapons")
    weapons = {e["id"]: e for e in wl["entries"]}
    w_items = [(f, e["id"], False) for e in wl["entries"] for f in e["forms"]]
    cues = load_lexicon("cues")
    c_items = []
    for group, spec in cues.items():
        if isinstance(spec, dict) and "forms" in spec:
            # a suffix only after a last word of 4+ letters: "على مدى" + ـنة would read "على مدينة"
            c_items += [(f, group, bool(spec.get("suffix")) and len(normalize(f).split()[-1]) > 3)
                        for f in spec["forms"] if normalize(f)]
    st = load_lexicon("statements")
    # normalise "needs_before" once here, not for every cue of every sentence
    st_entries = {e["id"]: dict(e, needs_before=tuple(normalize(b) for b in e.get("needs_before", ())))
                  for e in st["entries"]}
    def _suffixable(form: str) -> bool:
        return len(normalize(form).replace(" ", "")) > 3      # دان must not match دانا
    s_items = [(f, e["id"], _suffixable(f)) for e in st["entries"] for f in e["forms"]]
    s_items += [(f, "speech", _suffixable(f)) for f in st["speech_verbs"]]
    return Resources(
        gazetteer=default_gazetteer(), actors=actors, actor_matcher=LexiconMatcher(items),
        triggers=triggers, trigger_matcher=LexiconMatcher(t_items),
        weapons=weapons, weapon_matcher=LexiconMatcher(w_items),
        cue_matcher=LexiconMatcher(c_items),
        statement_entries=st_entries, statement_matcher=LexiconMatcher(s_items),
        calendar=load_lexicon("calendar"), metonym_names=metonyms, contextual_names=contextual,
        statement_objects=tuple(normalize(w) for w in st.get("demand_objects", [])),
    )
