"""Statements (PLOVER verbal events): who said what kind of thing to whom.

A sentence with a statement cue (threaten, demand, reject, accuse, appeal,
agree, consult) in reported speech gives a statement; the speaker is the
subject of the speech verb (or the speaker of the previous sentence for
"وأضاف"), the addressee the actor the cue is aimed at. One statement per
speaker, type and addressee per document; evidence sentences accumulate.
"""
from __future__ import annotations

import re
from typing import Any

from ..data import context_words
from ..model import Article, Evidence, Statement
from .context import SentView, preceding_words, tokens_between
from .events import actor_ok_for_role
from .resources import Actor, Resources

_CW = context_words()
SPEAKER_KINDS_EXCLUDED = {"civilians", "protesters", "rioters", "generic_armed"}
# with an event in the same sentence, only these are kept (the rest describe the event)
TYPES_BESIDE_EVENTS = {"THREATEN", "DEMAND", "REJECT"}


QUOTES = ('"', "“", "”", "«", "»")
NEGATORS = _CW["statement_negators"]
COMPLEMENTIZERS = _CW["complementizers"]


def _usable(doc: Article, res: Resources, m) -> bool:
    a = res.actors.get(m.key)
    return a is not None and a.kind not in SPEAKER_KINDS_EXCLUDED and actor_ok_for_role(doc, res, m) \
        and not m.data.get("dateline")


def _speaker(doc: Article, res: Resources, sv: SentView, anchor: int) -> tuple[Actor | None, Any, str]:
    actors = [m for m in sv.of("actor") if _usable(doc, res, m)]
    text = doc.norm
    # SVO right before a present-tense statement verb ("المقاومة ترفض ...", "الحركة تدعو ...")
    cue_word = text[anchor:anchor + 8].split()[0] if text[anchor:anchor + 8].split() else ""
    if (cue_word[:1] in "تي" or cue_word[:2] in ("سي", "ست")) and len(cue_word) >= 4:
        before = [m for m in actors if m.data["ne"] <= anchor]
        for i in range(len(before) - 1, -1, -1):
            m = before[i]
            between = doc.text[m.span.end:doc.norm_map[anchor]]
            if tokens_between(text, m.data["ne"], anchor) == 0 and not any(q in between for q in QUOTES):
                # "الولايات المتحدة والعراق سيشرعان": the first of a coordinated pair speaks
                if m.prefix.startswith("و") and i > 0 and text[before[i - 1].data["ne"]:m.data["ns"]].strip() == m.prefix:
                    m = before[i - 1]
                return res.actors[m.key], m, "speaker.subject_of_cue"
            break
    # headline style "X: ..." — the speaker stands before the colon
    colon = text.find(":", sv.ns, min(sv.ne, sv.ns + 80))
    if colon > 0:
        before = [m for m in actors if m.data["ne"] <= colon and not text[m.data["ne"]:colon].strip()]
        if before:
            return res.actors[before[-1].key], before[-1], "speaker.before_colon"
    speech = [m for m in sv.of("stmt") if m.data["ns"] <= anchor] or [m for m in sv.of("stmt")]
    verb = speech[0] if speech else None
    if verb is not None:
        for m in actors:   # VSO: أكدت المقاومة ...
            if m.data["ns"] < verb.data["ne"]:
                continue
            gap = [g for g in text[verb.data["ne"]:m.data["ns"]].replace("،", " ").split() if g.strip('"\'(),:-')]
            if len(gap) <= 2 and not (set(gap) & COMPLEMENTIZERS) and not (gap and gap[-1] in {"ضد", "علي", "مع", "الي", "من"}):
                return res.actors[m.key], m, "speaker.subject_after_verb"
            break
        before = [m for m in actors if m.data["ne"] <= verb.data["ns"]]
        if before:
            m = before[-1]
            return res.actors[m.key], m, "speaker.subject_before_verb"
    return None, None, "none"


def _addressee(doc: Article, res: Resources, sv: SentView, cue_pos: int, speaker: Actor | None, sm) -> tuple[Actor | None, str]:
    others = [m for m in sv.of("actor") if m is not sm and res.actors.get(m.key) and actor_ok_for_role(doc, res, m)
              and (speaker is None or res.actors[m.key].canonical != speaker.canonical)
              and res.actors[m.key].kind not in ("civilians",)]
    after = [m for m in others if m.data["ns"] >= cue_pos]
    if after:
        return res.actors[after[0].key], "addressee.after_cue"
    if others:
        return res.actors[others[-1].key], "addressee.in_sentence"
    return None, "none"


def _starts_with_speech(doc: Article, sv: SentView) -> bool:
    """"وأضاف: ..." / "وتابعت ..." — a sentence that continues the previous speaker."""
    return doc.text[sv.start:sv.start + 3].lstrip()[:1] in QUOTES or any(m.data["ns"] - sv.ns <= 2 for m in sv.of("stmt"))


def _country(res: Resources, canonical: str | None) -> str | None:
    for a in res.actors.values():
        if a.canonical == canonical:
            return a.country
    return canonical


def _usable_cue(doc: Article, res: Resources, sv: SentView, m) -> bool:
    """Cues that only count after a given verb ("توصلت إلى اتفاق", not "الاتفاق النووي")."""
    before = res.statement_entries[m.key].get("needs_before")
    if not before:
        return True
    words = [w.lstrip("وف") for w in preceding_words(doc.norm, m.data["ns"], 4, floor=sv.ns)]
    return any(w.startswith(before) for w in words)


def _demand_object(doc: Article, res: Resources, cue, sv: SentView) -> bool:
    """'دعا إلى وقف فوري للعنف' is a DEMAND; 'دعا إلى الالتحاق' stays an APPEAL."""
    objects = res.statement_objects
    tail = doc.norm[cue.data["ne"]:min(sv.ne, cue.data["ne"] + 60)]
    m = re.search(r"(?:^|\s)(?:الي|ل|ب)\s*\"?\s*(\S+)", tail)
    return bool(m) and any(m.group(1).startswith((o, "ال" + o)) for o in objects)


def statements_stage(doc: Article, res: Resources, cfg: dict) -> None:
    views: list[SentView] = doc.extra.get("_views") or []
    event_sents = {e.start for ev in doc.events for e in ev.evidence}
    state: dict[str, Any] = {"last_speaker": None}
    out: dict[tuple, Statement] = {}
    for sv in views:
        cues = [m for m in sv.of("stmt") if m.key != "speech" and _usable_cue(doc, res, sv, m)]
        speech = [m for m in sv.of("stmt") if m.key == "speech"]
        if not cues:
            # remember who is speaking for "وأضاف ..." in the next sentence
            if speech:
                sp, sm, _ = _speaker(doc, res, sv, sv.ne)
                if sp:
                    state["last_speaker"] = (sv.index, sp, sm)
            continue
        best = max(cues, key=lambda m: (res.statement_entries[m.key]["priority"], -m.data["ns"]))
        picks = [best]
        colon = doc.norm.find(":", sv.ns, sv.ne)
        if colon > 0 and best.data["ns"] < colon:
            # "X ترفض ...: لتحديد مهلة" — the part after a colon may be a second statement
            tail = [m for m in cues if m.data["ns"] > colon and res.statement_entries[m.key]["priority"] >= 4
                    and res.statement_entries[m.key]["type"] != res.statement_entries[best.key]["type"]]
            picks += tail[:1]
        for cue in picks:
            _emit(doc, res, sv, cue, speech, event_sents, state, out, anchor=best)
    doc.statements = list(out.values())


def _emit(doc: Article, res: Resources, sv: SentView, best, speech, event_sents, state, out, anchor) -> None:
    entry = res.statement_entries[best.key]
    stype = entry["type"]
    if stype == "APPEAL" and _demand_object(doc, res, best, sv):
        stype = "DEMAND"
    text = doc.norm[sv.ns:sv.ne]
    quoted = any(q in doc.text[sv.start:sv.end] for q in QUOTES) or ":" in text
    prev = preceding_words(doc.norm, best.data["ns"], 3, floor=sv.ns)
    if stype in ("AGREE", "CONSULT") and set(prev) & NEGATORS:
        stype = "REJECT"          # "لا هدنة"، "عدم وجود أي هدنة": a rejection of the truce
    cue_is_speech_verb = any(s.data["ns"] == best.data["ns"] for s in speech)
    if not (speech or quoted or cue_is_speech_verb):
        return
    if sv.start in event_sents and stype not in TYPES_BESIDE_EVENTS:
        return
    last_speaker = state["last_speaker"]
    speaker, sm, how = _speaker(doc, res, sv, anchor.data["ns"])
    if speaker is None and last_speaker and sv.index - last_speaker[0] <= 3 and _starts_with_speech(doc, sv) \
            and stype not in ("CONSULT", "AGREE"):
        speaker, sm, how = last_speaker[1], None, f"speaker.carried_from_sentence_{last_speaker[0]}"
    if speaker is None or "{country}" in speaker.canonical:
        return
    state["last_speaker"] = (sv.index, speaker, sm)
    # coordinated speakers each speak ("موسكو ودمشق تتهمان"); for talks and agreements the
    # partner is the other party, not a second speaker
    partners = _coordinated(doc, res, sv, sm) if sm is not None else []
    if stype in ("CONSULT", "AGREE"):
        partners = []
    speakers = [(speaker, sm)] + [(res.actors[c.key], c) for c in partners]
    for speaker, sm in speakers:
        _emit_one(doc, res, sv, best, stype, entry, speaker, sm, how, out)


def _coordinated(doc: Article, res: Resources, sv: SentView, sm) -> list:
    """'موسكو ودمشق'، 'فرنسا والولايات المتحدة وبريطانيا': every coordinated speaker speaks."""
    out = []
    actors = [m for m in sv.of("actor") if res.actors.get(m.key) and m is not sm]
    cur = sm
    while True:
        nxt = [m for m in actors if m.data["ns"] > cur.data["ne"] and m.prefix.startswith("و")
               and doc.norm[cur.data["ne"]:m.data["ns"]].strip() == m.prefix]
        if not nxt:
            return out
        cur = nxt[0]
        if res.actors[cur.key].canonical != res.actors[sm.key].canonical and "{country}" not in res.actors[cur.key].canonical:
            out.append(cur)


def _emit_one(doc: Article, res: Resources, sv: SentView, best, stype, entry, speaker, sm, how, out) -> None:
    addressee, a_how = _addressee(doc, res, sv, best.data["ns"], speaker, sm)
    if addressee is not None and "{country}" in addressee.canonical:
        addressee = None
    if stype == "CONSULT" and addressee is None:
        return              # talks need two parties
    date, d_how = None, "date.unknown"
    for _, _, dm in sv.dates:
        if dm.date and not dm.future and dm.precision == 1:
            date, d_how = dm.date, f"{dm.method}: {dm.surface}"
            break
    if date is None and doc.published:
        date, d_how = doc.published[:10], "date.published"
    key = (speaker.canonical, stype, addressee.canonical if addressee else None)
    ev = Evidence(doc.text[sv.start:sv.end], sv.start, sv.end)
    # one statement per speaker and type unless two addressees of different countries are named
    same = [k for k in out if k[:2] == key[:2] and (k[2] is None or key[2] is None or k[2] == key[2]
                                                   or _country(res, k[2]) == _country(res, key[2]))]
    if same:
        st = out[same[0]]
        if st.actor2 is None and addressee is not None:
            st.actor2 = addressee.canonical
            st.provenance["actor2"] = a_how + f" (sentence {sv.index})"
        if all(e.start != ev.start for e in st.evidence):
            st.evidence.append(ev)
        return
    st = Statement(date, stype, speaker.canonical, addressee.canonical if addressee else None, [ev], [doc.id],
                   source_url=doc.url, outlet=doc.outlet)
    st.provenance = {"type": f"{entry['id']}: {best.surface}", "actor1": how, "actor2": a_how, "date": d_how}
    out[key] = st
