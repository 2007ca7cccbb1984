"""Statements (PLOVER verbal events): who said what kind of thing to whom.

A sentence with a statement cue (threaten, demand, reject, accuse, appeal,
agree, consult) in reported speech gives a statement; the speaker is the
subject of the speech verb (or the speaker of the previous sentence for
"وأضاف"), the addressee the actor the cue is aimed at. One statement per
speaker, type and addressee per document; evidence sentences accumulate.
"""
from __future__ import annotations

from typing import Any

from ..model import Article, Evidence, Statement
from .context import SentView, preceding_words, tokens_between
from .resources import Actor, Resources

SPEAKER_KINDS_EXCLUDED = {"civilians", "protesters", "rioters", "generic_armed"}
# with an event in the same sentence, only these are kept (the rest describe the event)
TYPES_BESIDE_EVENTS = {"THREATEN", "DEMAND", "REJECT"}


def _speaker(doc: Article, res: Resources, sv: SentView, anchor: int) -> tuple[Actor | None, Any, str]:
    actors = [m for m in sv.of("actor") if res.actors.get(m.key) and res.actors[m.key].kind not in SPEAKER_KINDS_EXCLUDED]
    speech = [m for m in sv.of("stmt") if m.data["ns"] <= anchor] or [m for m in sv.of("stmt")]
    verb = speech[0] if speech else None
    if verb is not None:
        for m in actors:   # VSO: أكدت المقاومة ...
            if m.data["ns"] >= verb.data["ne"] and tokens_between(doc.norm, verb.data["ne"], m.data["ns"]) <= 3:
                prev = preceding_words(doc.norm, m.data["ns"], 1, floor=sv.ns)
                if not (prev and prev[-1] in {"ضد", "علي", "مع", "الي", "من"}):
                    return res.actors[m.key], m, "speaker.subject_after_verb"
                break
        before = [m for m in actors if m.data["ne"] <= verb.data["ns"]]
        if before:
            m = before[-1]
            return res.actors[m.key], m, "speaker.subject_before_verb"
    return None, None, "none"


def _addressee(doc: Article, res: Resources, sv: SentView, cue_pos: int, speaker: Actor | None, sm) -> tuple[Actor | None, str]:
    others = [m for m in sv.of("actor") if m is not sm and res.actors.get(m.key)
              and (speaker is None or res.actors[m.key].canonical != speaker.canonical)
              and res.actors[m.key].kind not in ("civilians",)]
    after = [m for m in others if m.data["ns"] >= cue_pos]
    if after:
        return res.actors[after[0].key], "addressee.after_cue"
    if others:
        return res.actors[others[-1].key], "addressee.in_sentence"
    return None, "none"


def statements_stage(doc: Article, res: Resources, cfg: dict) -> None:
    views: list[SentView] = doc.extra.get("_views") or []
    event_sents = {e.start for ev in doc.events for e in ev.evidence}
    last_speaker: tuple[int, Actor, Any] | None = None
    out: dict[tuple, Statement] = {}
    for sv in views:
        cues = [m for m in sv.of("stmt") if m.key != "speech"]
        speech = [m for m in sv.of("stmt") if m.key == "speech"]
        text = doc.norm[sv.ns:sv.ne]
        quoted = '"' in text or ":" in text
        if not cues:
            # remember who is speaking for "وأضاف ..." in the next sentence
            if speech:
                sp, sm, _ = _speaker(doc, res, sv, sv.ne)
                if sp:
                    last_speaker = (sv.index, sp, sm)
            continue
        best = max(cues, key=lambda m: (res.statement_entries[m.key]["priority"], -m.data["ns"]))
        entry = res.statement_entries[best.key]
        stype = entry["type"]
        cue_is_speech_verb = any(s.data["ns"] == best.data["ns"] for s in speech)
        if not (speech or quoted or cue_is_speech_verb):
            continue
        if sv.start in event_sents and stype not in TYPES_BESIDE_EVENTS:
            continue
        speaker, sm, how = _speaker(doc, res, sv, best.data["ns"])
        if speaker is None and last_speaker and sv.index - last_speaker[0] <= 3:
            speaker, sm, how = last_speaker[1], None, f"speaker.carried_from_sentence_{last_speaker[0]}"
        if speaker is None:
            continue
        if "{country}" in speaker.canonical:
            continue
        last_speaker = (sv.index, speaker, sm)
        addressee, a_how = _addressee(doc, res, sv, best.data["ns"], speaker, sm)
        if addressee is not None and "{country}" in addressee.canonical:
            addressee = None
        date = None
        d_how = "date.unknown"
        for _, _, dm in sv.dates:
            if dm.date and not dm.future and dm.precision == 1:
                date, d_how = dm.date, f"{dm.method}: {dm.surface}"
                break
        if date is None and doc.published:
            date, d_how = doc.published[:10], "date.published"
        key = (speaker.canonical, stype, addressee.canonical if addressee else None)
        ev = Evidence(doc.text[sv.start:sv.end], sv.start, sv.end)
        # one statement per speaker and type unless two addressees are both named
        same = [k for k in out if k[:2] == key[:2] and (k[2] is None or key[2] is None or k[2] == key[2])]
        if same:
            st = out[same[0]]
            if st.actor2 is None and addressee is not None:
                st.actor2 = addressee.canonical
                st.provenance["actor2"] = a_how + f" (sentence {sv.index})"
            if all(e.start != ev.start for e in st.evidence):
                st.evidence.append(ev)
            continue
        st = Statement(date, stype, speaker.canonical, addressee.canonical if addressee else None, [ev], [doc.id],
                       source_url=doc.url, outlet=doc.outlet)
        st.provenance = {"type": f"{entry['id']}: {best.surface}", "actor1": how, "actor2": a_how, "date": d_how}
        out[key] = st
    doc.statements = list(out.values())
