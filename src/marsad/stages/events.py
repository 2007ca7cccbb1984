"""Event assembly: triggers + places + actors + dates + weapons -> Events.

One sentence with a (non-filtered) trigger forms an event frame; the frame
gives one event per distinct place it names (two bases hit: two events). A
sentence that reports many operations at once with a count becomes one
aggregate record. Sentences about the same attack are merged per document
(same type, place and compatible date), keeping every evidence sentence.
Every field records in `provenance` the rule or lexicon entry that set it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..data import context_words, load_lexicon
from ..geo.linking import EventPlace, km, link_places, placed_by_countryside
from ..model import Article, Event, Evidence, Mention
from ..text.normalize import normalize
from ..text.numbers import parse_number_at
from .context import SentView, preceding_words, sentence_views, tokens_between
from .resources import Actor, Resources

_CW = context_words()
STRENGTH = {"strong": 3, "medium": 2, "weak": 1}
ARMED_KINDS = {"state_forces", "rebel", "political_militia", "identity_militia", "generic_armed"}
TARGET_PREPS = _CW["target_prepositions"]
# sub-event types implied by weapons, strongest evidence first
WEAPON_SUBTYPE_ORDER = ["Chemical weapon", "Suicide bomb", "Remote explosive/landmine/IED",
                        "Shelling/artillery/missile attack", "Air/drone strike"]
PURPOSE_TRIGGERS = {"trg.regain", "trg.capture", "trg.target.noun", "trg.kill", "trg.abduct", "trg.arrest"}
CLAIM_RANK = {"reported": 0, "denied": 1, "claimed": 2, "confirmed": 3}


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    lex = load_lexicon("demonyms")
    return {normalize(f): code for code, forms in lex["entries"].items() for f in forms}


@dataclass
class Frame:
    sent: SentView
    trigger: Mention
    entry: dict[str, Any]
    event_type: str
    sub_event_type: str | None
    weapons: list[str]
    actor1: Actor | None = None
    actor2: Actor | None = None
    aggregate: bool = False
    count: int | None = None
    date: str | None = None
    precision: int | None = None
    fatalities: int | None = None
    claim: str = "reported"
    places: list[EventPlace] = field(default_factory=list)
    prov: dict[str, Any] = field(default_factory=dict)
    full: SentView | None = None          # the whole sentence (evidence); `sent` may be one clause of it


# ---------------------------------------------------------------- helpers
def _entry(res: Resources, m: Mention) -> dict[str, Any]:
    return res.triggers[m.key]


def _is_plural(entry: dict[str, Any], m: Mention) -> bool:
    return m.data["form"] in {normalize(f) for f in entry.get("plural_forms", [])}


def _armed(a: Actor | None) -> bool:
    return a is not None and a.kind in ARMED_KINDS


LOCATIVE = _CW["locative"]


def actor_ok_for_role(doc: Article, res: Resources, m: Mention) -> bool:
    """A name that is also a place (العراق، دمشق، واشنطن) is a place after a locative preposition."""
    if m.data.get("also_place") or m.data["form"] in res.metonym_names:
        prev = preceding_words(doc.norm, m.data["ns"], 1)
        w = prev[-1] if prev else ""
        if w[:1] in "وف" and w[1:] in LOCATIVE:
            w = w[1:]
        if m.prefix in ("ب", "وب", "ل", "ول", "فب") or w in LOCATIVE:
            return False
    return True


def _count_before(doc: Article, pos: int, floor: int) -> tuple[int | None, bool, str] | None:
    """A number right before position `pos` ("11 عملية", "نحو 50 هجمة", "بإحدى عشرة عملية", "عشرات المرات")."""
    words_start = max(floor, pos - 40)
    toks = list(re.finditer(r"\S+", doc.norm[words_start:pos]))
    for t in toks[-3:]:                      # leftmost first: "إحدى عشرة" beats "عشرة"
        r = parse_number_at(doc.norm, words_start + t.start())
        if r is not None:
            val, end, how = r
            if end >= pos - 1 or not doc.norm[end:pos].strip():
                return val, val is None, how
    return None


def _count_of_targets(doc: Article, trig: Mention, sv: SentView) -> tuple[int | None, bool, str] | None:
    """'غاراتها على ثلاث منشآت', 'مرات عدة': the count stands after the plural trigger."""
    m = re.match(r"(\S*)\s+(?:على|علي|ضد)\s+(\S+)", doc.norm[trig.data["ne"]:sv.ne])
    if m:
        r = parse_number_at(doc.norm, trig.data["ne"] + m.start(2))
        if r is not None and r[0] is not None:
            return r[0], False, "count.number_of_targets"
    if re.match(r"\s+(?:عده|عديده)(?!\w)", doc.norm[trig.data["ne"]:sv.ne]):
        return None, True, "count.vague_after"
    return None


def _dual(doc: Article, trig: Mention) -> bool:
    """Arabic dual: 'تفجيران', 'غارتين', 'هجومين' report two operations."""
    rest = re.match(r"\w*", doc.norm[trig.data["ne"]:trig.data["ne"] + 4]).group()
    form = trig.data["form"]
    return rest in ("ان", "ين") and not form.endswith(("ات", "ه")) or (form.endswith("ه") and rest in ("تان", "تين"))


# ---------------------------------------------------------------- filters
def _modality(doc: Article, sv: SentView, trig: Mention) -> str | None:
    """Why a trigger does not report a real event: negated, future, hypothetical."""
    ns = trig.data["ns"]
    before = preceding_words(doc.norm, ns, 3, floor=sv.ns)
    if before and before[-1] in _CW["negators"]:
        return "negated"
    if any(w in _CW["ceasefire"] for w in before[-2:]):
        return "ceasefire"    # "وقف إطلاق النار" names a truce, not a shooting
    if "س" in trig.prefix and trig.data["form"][:1] in "يتن":
        return "future"
    if trig.prefix.endswith("ل") and trig.key in PURPOSE_TRIGGERS and not (
            before and before[-1].lstrip("و").startswith(("تعرض", "يتعرض", "تتعرض"))):
        return "purpose"      # "لاستعادة السيطرة"، "لاغتيال": an aim, not an event ("تعرضت لاستهداف" is one)
    # "نفت الولايات المتحدة شن أي غارات": a denial that anything happened
    if any(c.data["ne"] <= ns for c in sv.cues("deny")) and re.search(r"(?:^|\s)(?:اي|ايه)\s+\S*$", doc.norm[max(sv.ns, ns - 25):ns]):
        return "denied_any"
    window = doc.norm[max(sv.ns, ns - 50):ns]
    te = trig.data["ne"]
    for cue in sv.cues("future"):
        # before the trigger ("تهدد بشن هجمات"), around it ("بشن هجوم") or right after ("الهجوم الوشيك")
        if cue.data["ns"] >= ns - 50 and cue.data["ns"] <= te + 12:
            return "future"
    for cue in sv.cues("modal_far"):
        # "إذا"، "في حال"، "مخاوف من" open a conditional or a fear that runs to the end of the sentence
        if cue.data["ne"] <= ns:
            return "hypothetical"
    for cue in sv.cues("hypothetical"):
        if cue.data["ne"] <= ns and cue.data["form"] != "ان" and cue.data["ns"] >= ns - 60:
            return "hypothetical"
    # "خلال معركة دير الزور": a named campaign mentioned in passing, not a report of fighting
    if trig.data["form"] in _CW["campaign_nouns"] and any(
            0 <= p.data["ns"] - trig.data["ne"] <= 1 for p in sv.of("place")):
        return "campaign_name"
    if re.search(r"(?:^|\s)(?:" + "|".join(_CW["modal_particles"]) + r")\s+\S*$", window):
        return "future"
    return None


def _has_context(doc: Article, sv: SentView, res: Resources) -> bool:
    """Violent context for a weak trigger: an armed actor, a weapon or a military site."""
    if sv.of("weapon") or sv.cues("military_target"):
        return True
    for m in sv.of("actor"):
        a = res.actors.get(m.key)
        if _armed(a) and m.data["form"] not in res.contextual_names and not m.data.get("coref"):
            return True
    for m in sv.of("place"):
        for pid in res.gazetteer.names.get(m.key, []):
            p = res.gazetteer.places[pid]
            if p.kind == "site" and p.admin2 in ("base", "airport", "embassy"):
                return True
    return False


# ---------------------------------------------------------------- frames
def _subtype(entry: dict[str, Any], weapons: list[str], res: Resources, weapon_mentions: list[Mention]) -> tuple[str | None, str]:
    if entry["event_type"] != "Explosions/Remote violence":
        return entry["sub_event_type"], f"trigger:{entry['id']}"
    explicit = entry.get("sub_event_type")
    if explicit and entry.get("strength") == "strong":
        return explicit, f"trigger:{entry['id']}"
    implied = {res.weapons[m.key].get("implies") for m in weapon_mentions} - {None}
    for st in WEAPON_SUBTYPE_ORDER:
        if st in implied:
            return st, "weapons:" + ",".join(sorted({m.key for m in weapon_mentions}))
    if explicit:
        return explicit, f"trigger:{entry['id']}"
    return None, "unknown"


_QUALIFIERS = _CW["demonym_qualifiers"]


def demonym_codes(doc: Article, trig: Mention, actors: list[Mention]) -> list[str]:
    """Countries named by nationality adjectives that qualify a noun trigger ("قصف ... روسي وسوري")."""
    words = doc.norm[trig.data["ne"]:trig.data["ne"] + 60].replace("،", " ، ").split()
    dem = _demonyms()
    if any(m.data["ns"] <= trig.data["ne"] + 1 < m.data["ne"] for m in actors):
        return []
    codes: list[str] = []
    for w in words[:6]:
        w = w.strip(",.\"'")
        bare = w[1:] if w.startswith("و") and w[1:] in dem else w
        if bare in dem:
            if dem[bare] not in codes:
                codes.append(dem[bare])
            continue
        if w in _QUALIFIERS or (codes == [] and w.startswith("و") and w[1:] in _QUALIFIERS):
            continue
        break
    return codes


# "the base that hosts US forces": the forces hosted at a target are not its attackers
HOSTING = ("تضم", "يضم", "تستضيف", "يستضيف", "تتمركز", "يتمركز", "تتواجد", "يتواجد", "توجد", "يوجد")


def _pick_actor1(doc: Article, res: Resources, sv: SentView, trig: Mention, actors: list[Mention],
                 all_triggers: list[Mention] = ()) -> tuple[Mention | None, str]:
    tns = trig.data["ns"]
    # an actor named by the act itself ("غارة إسرائيلية", "القصف التركي") carried it out
    for m in actors:
        if m.data["ns"] == tns and m.data["ne"] >= trig.data["ne"]:
            return m, "actor1.named_by_the_act"
    # the actor right after a trigger noun is its object ("اغتيال القائد في كتائب حزب الله")
    objects = {id(m) for m in actors for t in all_triggers
               if t.data["ne"] <= m.data["ns"] and tokens_between(doc.norm, t.data["ne"], m.data["ns"]) <= 3
               and res.triggers[t.key].get("pos") != "verb"}
    # nationality adjective right after a noun trigger: غارة إسرائيلية، غارات جوية روسية وسورية
    codes = demonym_codes(doc, trig, actors) if res.triggers[trig.key].get("pos") != "verb" else []
    if not codes:
        # "طائرات روسية وسورية كثفت قصفها": the nationality qualifies the aircraft before the trigger
        for w in [w for w in sv.of("weapon") if w.data["ne"] <= tns and tns - w.data["ne"] < 40]:
            codes = demonym_codes(doc, w, actors)
            if codes:
                break
    if codes:
        return None, "demonym:" + ",".join(codes)
    # VSO: subject right after a verb trigger
    for m in actors if res.triggers[trig.key].get("pos") == "verb" else []:
        if m.data["ns"] >= trig.data["ne"] and tokens_between(doc.norm, trig.data["ne"], m.data["ns"]) <= 1:
            prev = preceding_words(doc.norm, m.data["ns"], 1, floor=sv.ns)
            if not (prev and prev[-1] in TARGET_PREPS) and not m.prefix.endswith(("ب", "ل")):
                a = res.actors.get(m.key)
                if a and a.kind not in ("civilians",):
                    return m, "actor1.subject_after_verb"
            break
    # SVO / claimant before the trigger in the same sentence
    before = [m for m in actors if m.data["ne"] <= tns]
    for m in reversed(before):
        prev = preceding_words(doc.norm, m.data["ns"], 3, floor=sv.ns)
        if prev and (prev[-1] in TARGET_PREPS or any(p.startswith(("تعرض", "استهدف", "طال", "ضرب"))
                                                     for p in prev[-2:])
                     or any(p.startswith(HOSTING) for p in prev)):
            continue
        a = res.actors.get(m.key)
        if a and a.kind in ("civilians", "media_org") or id(m) in objects:
            continue
        if m.data.get("also_place") and tokens_between(doc.norm, m.data["ne"], tns) > 0:
            continue      # a country or city name far from the verb is a place, not the attacker
        return m, "actor1.subject_before_trigger"
    return None, "none"


def _pick_actor2(doc: Article, res: Resources, sv: SentView, trig: Mention, actors: list[Mention],
                 actor1: Actor | None) -> tuple[Mention | None, str]:
    sources = [c.data["ne"] for c in sv.cues("reporting") + sv.cues("third_party_source")]
    site_actors = [m for m in sv.of("actor") if m.data.get("also_place") and m not in actors
                   and any(i.startswith("site:") for i in res.gazetteer.names.get(m.data["form"], []))]
    candidates = [m for m in actors + site_actors if res.actors.get(m.key) is not actor1
                  and not any(0 <= m.data["ns"] - e <= 25 for e in sources)]
    candidates.sort(key=lambda m: m.data["ns"])
    for m in candidates:     # the object of a trigger noun: "اغتيال القائد في X", "استهداف X"
        a = res.actors.get(m.key)
        if a is None or (actor1 is not None and a.canonical == actor1.canonical):
            continue
        for t in sv.of("trigger"):
            if t.data["ne"] <= m.data["ns"] and tokens_between(doc.norm, t.data["ne"], m.data["ns"]) <= 3:
                return m, "actor2.object_of_trigger"
    after = [m for m in candidates if m.data["ns"] >= trig.data["ns"]]
    for m in after:
        a = res.actors.get(m.key)
        if a is None or (actor1 is not None and a.canonical == actor1.canonical):
            continue
        return m, "actor2.object_after_trigger"
    for m in reversed([m for m in candidates if m.data["ne"] <= trig.data["ns"]]):
        a = res.actors.get(m.key)
        if a is None or (actor1 is not None and a.canonical == actor1.canonical):
            continue
        prev = preceding_words(doc.norm, m.data["ns"], 2, floor=sv.ns)
        if any(p in TARGET_PREPS or p.startswith("تعرض") for p in prev) or "تعرض" in doc.norm[max(sv.ns, m.data["ns"] - 12):m.data["ns"]]:
            return m, "actor2.target_before_trigger"
    return None, "none"


def _state_forces(res: Resources, code: str) -> Actor | None:
    if code == "COALITION":
        for a in res.actors.values():
            if a.canonical == "Global Coalition against ISIS":
                return a
    best = None
    for a in res.actors.values():
        if a.country == code and a.kind == "state_forces" and a.canonical.startswith("Military Forces of"):
            if best is None or len(a.canonical) < len(best.canonical):
                best = a
    return best


def _fatalities(doc: Article, sv: SentView, frame_entry: dict[str, Any]) -> tuple[int | None, str]:
    n = doc.norm
    for cue in sv.cues("no_casualties"):
        return 0, f"fatalities.none:{cue.data['form']}"
    for cue in sv.cues("fatality"):
        # number before ("35 قتيلا", "150 شخصا على الأقل قتلوا") or after ("مقتل 35")
        after = re.match(r"\s*(?:نحو |قرابه |اكثر من |ما لا يقل عن |حوالي )?(\S+)", n[cue.data["ne"]:sv.ne])
        if after:
            r = parse_number_at(n, cue.data["ne"] + after.start(1))
            if r is not None:
                return r[0], "fatalities.number_after_cue" if r[0] is not None else "fatalities.vague"
        toks = list(re.finditer(r"\S+", n[max(sv.ns, cue.data["ns"] - 40):cue.data["ns"]]))
        base = max(sv.ns, cue.data["ns"] - 40)
        for t in reversed(toks[-4:]):
            r = parse_number_at(n, base + t.start())
            if r is not None and r[0] is not None:
                return r[0], "fatalities.number_before_cue"
    if frame_entry["id"] == "trg.kill" and any(m.data["form"] in ("اغتيال", "اغتال", "اغتالت") for m in sv.of("trigger")):
        return 1, "fatalities.assassination"
    return None, "fatalities.not_stated"


def _doc_claimants(doc: Article, res: Resources, views: list[SentView]) -> set[str]:
    """Groups that announce operations in this document (not negated: "رغم عدم تبني العمليات")."""
    out: set[str] = set()
    for sv in views:
        if sv.cues("negated_claim"):
            continue
        for cue in sv.cues("strong_claim"):
            for m in sv.of("actor"):
                if abs(cue.data["ns"] - m.data["ne"]) < 60 or abs(m.data["ns"] - cue.data["ne"]) < 20:
                    out.add(res.actors[m.key].canonical)
    return out


def _claimant(doc: Article, res: Resources, svs: list[SentView], event_type: str) -> tuple[Actor | None, str]:
    for sv in svs:
        for cue in sv.cues("strong_claim"):
            near = [m for m in sv.of("actor") if 0 <= cue.data["ns"] - m.data["ne"] < 40
                    and actor_ok_for_role(doc, res, m)]
            if near:
                a = res.actors[near[-1].key]
                if a.kind == "government" and a.country and event_type != "Strategic developments":
                    a = _state_forces(res, a.country) or a
                return a, f"actor1.claimant:{cue.data['form']}"
    return None, "none"


def _claim(doc: Article, res: Resources, svs: list[SentView], actor1: Actor | None,
           actor2: Actor | None, actor1_how: str, claimants: set[str] = frozenset()) -> tuple[str, str]:
    """confirmed > claimed > reported; denied when the named actor denies."""
    def country_of(a: Actor | None) -> str | None:
        return a.country if a else None
    status, how = "reported", "claim.default_reported"
    third_party = any(sv.cues("third_party_source") for sv in svs[:1])
    for k, sv in enumerate(svs):
        speakers = [res.actors.get(m.key) for m in sv.of("actor")]
        for cue in sv.cues("deny") if k == 0 else []:
            near = [a for a in speakers if a]
            if any(a.canonical == (actor1.canonical if actor1 else None) or
                   (country_of(a) and country_of(a) == country_of(actor1) and a.kind in ("government", "state_forces"))
                   for a in near):
                return "denied", f"claim.denied:{cue.data['form']}"
        for cue in sv.cues("confirm") if k == 0 else []:
            near = [res.actors.get(m.key) for m in sv.of("actor")
                    if abs(m.data["ns"] - cue.data["ne"]) < 30]
            if actor2 and any(a and (a.canonical == actor2.canonical or (
                    a.country and a.country == actor2.country and a.kind in ("government", "state_forces")
                    and actor2.kind in ("government", "state_forces")))
                    and (not actor1 or a.country != actor1.country) for a in near):
                return "confirmed", f"claim.confirmed:{cue.data['form']}"
        for cue in sv.cues("strong_claim") + sv.cues("claim"):
            near = [res.actors.get(m.key) for m in sv.of("actor")
                    if abs(m.data["ns"] - cue.data["ne"]) < 40 or abs(cue.data["ns"] - m.data["ne"]) < 40]
            if actor1 and any(a and (a.canonical == actor1.canonical or
                                     (a.country and a.country == actor1.country and a.kind in ("government", "state_forces")
                                      and actor1.kind in ("government", "state_forces")))
                              for a in near):
                if cue.key == "strong_claim" or not third_party:
                    status, how = "claimed", f"claim.claimed:{cue.data['form']}"
    if status == "reported" and actor1 and actor1.canonical in claimants \
            and actor1_how in ("actor1.subject_after_verb", "actor1.subject_before_trigger") and not third_party:
        return "claimed", "claim.named_group_as_subject_in_claiming_document"
    return status, how


# ---------------------------------------------------------------- main
def _frames_for_sentence(doc: Article, res: Resources, cfg: dict, sv: SentView, state: dict) -> list[Frame]:
    triggers = sv.of("trigger")
    if not triggers:
        return []
    off_topic = doc.domain == "off_topic"
    ok: list[tuple[Mention, dict, str | None]] = []
    for t in triggers:
        e = _entry(res, t)
        why = _modality(doc, sv, t)
        if why:
            doc.stage_log.append(f"events: trigger {t.surface!r} in sentence {sv.index} skipped ({why})")
            continue
        ok.append((t, e, None))
    if not ok:
        return []
    context = _has_context(doc, sv, res)
    cands = []
    for t, e, _ in ok:
        s = STRENGTH[e["strength"]]
        if off_topic and s < 3:
            continue
        territorial = e["id"] in ("trg.regain", "trg.capture") and any(
            res.actors[m.key].kind in ("government", "state_forces") for m in sv.of("actor"))
        if s == 1 and cfg["extract"]["require_context_for_weak_triggers"] and not (context or territorial):
            continue
        if "weapon" in e.get("requires", ()) and not sv.of("weapon"):
            continue
        cands.append((t, e))
    if not cands:
        return []
    # aggregate: a plural trigger headed by a count
    agg = None
    for t, e in cands:
        if _is_plural(e, t) or e.get("aggregate_only"):
            c = _count_before(doc, t.data["ns"], sv.ns) or _count_of_targets(doc, t, sv)
            if c is not None and (c[0] is None or c[0] > 1):
                agg = (t, e, c)
                break
        dual = _dual(doc, t)
        if dual:
            agg = (t, e, (2, False, "count.dual_form"))
            break
    if agg is None and sv.cues("aggregate_span"):
        # "raids on the villages for weeks": a plural over a span is an aggregate without a number
        for t, e in cands:
            if _is_plural(e, t) and not e.get("aggregate_only"):
                agg = (t, e, (None, True, "count.plural_over_span"))
                break
    # the primary trigger: strongest; a 'kill' trigger only if nothing else
    non_kill = [(t, e) for t, e in cands if e["id"] not in ("trg.kill",) and not e.get("aggregate_only")]
    pool = non_kill or [(t, e) for t, e in cands if not e.get("aggregate_only")]
    if agg is None and not pool:
        return []
    if agg is not None:
        trig, entry, (count, vague, how) = agg
        spec = [(t, e) for t, e in pool if e.get("sub_event_type") and STRENGTH[e["strength"]] >= 2]
        if spec:
            entry = dict(entry, event_type=spec[0][1]["event_type"], sub_event_type=spec[0][1]["sub_event_type"])
    else:
        trig, entry = max(pool, key=lambda te: (STRENGTH[te[1]["strength"]], te[1]["event_type"] == "Riots",
                                                 -te[0].data["ns"]))
        count, vague, how = 1, False, "count.single"

    frames = _build_frames(doc, res, sv, cands, trig, entry, agg is not None, count, vague, how)
    if agg is None:
        # one clause may report events of several kinds ("retook the town after airstrikes"):
        # each other kind with a medium or strong trigger is its own event
        seen = {f.event_type for f in frames}
        for t, e in sorted(pool, key=lambda te: (-STRENGTH[te[1]["strength"]], te[0].data["ns"])):
            if e["event_type"] in seen or STRENGTH[e["strength"]] < 2 or e["id"] == "trg.kill":
                continue
            seen.add(e["event_type"])
            for f in _build_frames(doc, res, sv, cands, t, e, False, 1, False, "count.single"):
                f.prov["second_kind_in_clause"] = True
                frames.append(f)
    return frames


def _build_frames(doc: Article, res: Resources, sv: SentView, cands, trig: Mention, entry: dict[str, Any],
                  aggregate: bool, count: int | None, vague: bool, how: str) -> list[Frame]:
    weapons_m = sv.of("weapon")
    weapons = sorted({res.weapons[m.key]["weapon"] for m in weapons_m})
    sub, sub_how = _subtype(entry, weapons, res, weapons_m)
    etype = entry["event_type"]
    # a targeted killing by a strike ("اغتيال ... في قصف") is an air/drone strike
    assassination = any(e["id"] == "trg.kill" and t.data["form"].startswith(("اغتيال", "اغتال")) for t, e in cands)
    if assassination and etype == "Explosions/Remote violence" and sub in (None, "Shelling/artillery/missile attack") \
            and set(weapons) <= {"airstrike", "drone"}:
        sub, sub_how = "Air/drone strike", "rule:targeted_killing_by_strike"
        weapons = weapons or ["airstrike"]
    elif entry["id"] == "trg.kill" and sub in (None, "Attack"):
        implied = {res.weapons[m.key].get("implies") for m in weapons_m} - {None}
        if "Air/drone strike" in implied or any(e["id"] in ("trg.shell.verb", "trg.airstrike") for _, e in cands):
            etype, sub = "Explosions/Remote violence", "Air/drone strike"
        elif implied:
            # "قذيفة صاروخية ... تسببت في مقتل": killed by a remote weapon
            etype = "Explosions/Remote violence"
            sub = next(st for st in WEAPON_SUBTYPE_ORDER if st in implied)
            sub_how = "rule:killing_by_remote_weapon"
    # an attack met by air defences ("ردت الدفاعات الجوية على هجوم صاروخي") is disrupted weapons use
    if etype == "Explosions/Remote violence" and sv.cues("air_defence") and sub != "Chemical weapon":
        etype, sub, sub_how = "Strategic developments", "Disrupted weapons use", "cue:air_defence"
    # demonstrations: the protesters' own violence makes a riot; the state's force, an intervention
    if etype in ("Protests", "Riots"):
        if sv.cues("excessive_force"):
            etype, sub, sub_how = "Protests", "Excessive force against protesters", "cue:excessive_force"
        elif etype == "Protests" and sv.cues("riot"):
            etype, sub, sub_how = "Riots", "Violent demonstration", "cue:riot"
        elif etype == "Protests" and sv.cues("protest_intervention"):
            etype, sub, sub_how = "Protests", "Protest with intervention", "cue:protest_intervention"
    actors = [m for m in sv.of("actor") if actor_ok_for_role(doc, res, m)]
    # drop actor mentions that are part of a place-like phrase? keep; drop those inside quotes of speakers? keep
    # roles hang on the clause's first verb trigger when there is one ("استهدفت X Y ... برشقات صاروخية")
    verbs = [t for t, e in cands if e.get("pos") == "verb"]
    anchor = verbs[0] if verbs else trig
    a1m, a1_how = _pick_actor1(doc, res, sv, anchor, actors, [t for t, _ in cands])
    actor1 = res.actors.get(a1m.key) if a1m else None
    extra_actors: list[Actor] = []
    if a1_how.startswith("demonym:"):
        forces = [f for f in (_state_forces(res, c) for c in a1_how.split(":", 1)[1].split(",")) if f]
        actor1 = forces[0] if forces else None
        extra_actors = forces[1:]
    # "النظام السوري"، "ترامب" acting in violence: ACLED codes the state's forces
    if actor1 is not None and actor1.kind == "government" and actor1.country \
            and etype in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        forces = _state_forces(res, actor1.country)
        if forces is not None:
            actor1, a1_how = forces, a1_how + " (government acting by force -> its military)"
    a2m, a2_how = _pick_actor2(doc, res, sv, anchor, actors, actor1)
    actor2 = res.actors.get(a2m.key) if a2m else None
    target_object = None
    if etype in ("Protests", "Riots"):
        actor1, actor2, a1_how, a2_how, extra_actors = _demonstration_roles(res, sv, sub, actor1, actor2, a1_how, a2_how)
        # the building attacked ("مبنى المحافظة"، "مقر منظمة بدر"): two buildings burned are two events
        tm = re.search(r"(?:مبني|مبنى|مقر|مقار|قناه|القنصليه|مكتب|مكاتب)\s+(\S+)", doc.norm[sv.ns:sv.ne])
        target_object = tm.group(0) if tm else None
    # taking a place: the state regains territory, anyone else overtakes it
    if entry["id"] in ("trg.capture", "trg.regain") and actor1 is not None:
        sub = "Government regains territory" if actor1.kind == "state_forces" else "Non-state actor overtakes territory"
        sub_how = f"rule:territory_by_actor_kind:{actor1.kind}"
    # a bare "attack" (هجوم) with no remote weapon: between armed sides a clash, on civilians an attack
    if entry["id"] == "trg.attack" and not weapons_m and etype == "Explosions/Remote violence":
        if actor2 is not None and actor2.kind == "civilians":
            etype, sub, sub_how = "Violence against civilians", "Attack", "rule:attack_on_civilians"
        elif _armed(actor1) and _armed(actor2):
            etype, sub, sub_how = "Battles", "Armed clash", "rule:ground_attack_between_armed_sides"
    frames = []
    for a1 in [actor1] + extra_actors:
        frame = Frame(sv, trig, entry, etype, sub, list(weapons), a1, actor2, aggregate=aggregate,
                      count=count if not vague else None)
        frame.prov = {"trigger": {"entry": entry["id"], "text": trig.surface, "offset": trig.span.start},
                      "sub_event_type": sub_how, "actor1": a1_how if a1 else "none",
                      "actor2": a2_how if actor2 else "none", "count": how,
                      "weapons": sorted({m.key for m in weapons_m})}
        if extra_actors:
            frame.prov["actor1_split"] = True
        if a1m is not None and (a1m.data["form"] in res.contextual_names or a1m.key.startswith("actor:gen-")):
            frame.prov["actor1_contextual"] = True      # "الطيران الحربي": named by context, not by name
        if target_object:
            frame.prov["target_object"] = target_object
        frames.append(frame)
    return frames


def _generic(res: Resources, kind: str) -> Actor | None:
    for a in res.actors.values():
        if a.kind == kind and "{country}" in a.canonical:
            return a
    return None


def _demonstration_roles(res: Resources, sv: SentView, sub: str | None, actor1, actor2, a1_how, a2_how):
    """ACLED codes the crowd as actor1 (Protesters / Rioters), and for excessive force the
    state forces as actor1 and the protesters as actor2."""
    crowd = _generic(res, "rioters" if sub == "Violent demonstration" else "protesters")
    forces = [res.actors[m.key] for m in sv.of("actor") if res.actors[m.key].kind == "state_forces"]
    if sub == "Excessive force against protesters":
        return (forces[0] if forces else actor1), crowd, "actor1.state_forces_in_clause", "actor2.protesters", []
    named = actor1 if actor1 is not None and actor1.kind in ("party", "person", "political_militia") else None
    a1 = crowd
    assoc_how = "actor1.crowd" + (f" (organised by {named.canonical})" if named else "")
    a2 = forces[0] if (sub == "Protest with intervention" and forces) else None
    return a1, a2, assoc_how, ("actor2.intervening_forces" if a2 else "none"), []


def _date_for(doc: Article, sv: SentView, frame: Frame, state: dict, cfg: dict) -> None:
    tns = frame.trigger.data["ns"]
    best = None
    for ns, ne, dm in sv.dates:
        if dm.future or dm.date is None:
            continue
        # a date right after a reporting verb dates the statement, not the event
        speech = any(c.data["ne"] <= ns and ns - c.data["ne"] < 60 and tns > ne
                     for c in sv.cues("reporting") + sv.cues("claim"))
        score = (speech, abs(ns - tns))
        if best is None or score < best[0]:
            best = (score, dm)
    if frame.aggregate and any(dm.method == "date.since_year_start" for _, _, dm in sv.dates):
        frame.date, frame.precision = None, None
        frame.prov["date"] = "date.span_since: aggregate over a period"
        return
    if best is not None:
        dm = best[1]
        frame.date, frame.precision = dm.date, dm.precision
        frame.prov["date"] = f"{dm.method}: {dm.surface}" + (" (statement date)" if best[0][0] else "")
        if not best[0][0]:
            state["last_date"] = (sv.index, dm.date, dm.precision, dm.surface)
        return
    last = state.get("last_date")
    if last and sv.index - last[0] <= cfg["extract"]["date_carry_sentences"]:
        frame.date, frame.precision = last[1], last[2]
        frame.prov["date"] = f"date.carried_from_sentence_{last[0]}: {last[3]}"
        return
    if doc.published and cfg["extract"]["default_to_published"]:
        frame.date, frame.precision = doc.published[:10], 1
        frame.prov["date"] = "date.published: no time expression"
        return
    frame.prov["date"] = "date.unknown"


def _unidentified(res: Resources, country: str | None) -> Actor:
    c = country or res.gazetteer.country_names.get("IQ", "Iraq")
    for a in res.actors.values():
        if a.kind == "generic_armed" and "{country}" in a.canonical:
            return Actor(a.id, a.canonical.replace("{country}", c), a.kind, None, a.inter)
    return Actor("actor:unidentified", f"Unidentified Armed Group ({c})", "generic_armed", None, 3)


def _fill_generic(a: Actor | None, country: str | None) -> Actor | None:
    if a and "{country}" in a.canonical:
        return Actor(a.id, a.canonical.replace("{country}", country or "Iraq"), a.kind, a.country, a.inter)
    return a


_CLAUSE = re.compile(r"[،,؛;]\s*(?=و\S|كما\s|فيما\s|بينما\s|في حين\s)")


def clauses(sv: SentView) -> list[SentView]:
    """Coordinated clauses of a sentence ("…، وفي سوريا تعرضت …"), each reporting its own event.

    A cut is kept only when both sides name a trigger and a place, so an
    apposition ("، وسام محمد") or a clause that only qualifies the event stays attached.
    """
    def full(a: int, b: int) -> bool:
        ms = [m for m in sv.mentions if a <= m.data["ns"] < b]
        return any(m.kind == "trigger" for m in ms) and any(m.kind == "place" for m in ms)
    cuts = [sv.ns]
    for m in _CLAUSE.finditer(sv.norm_text):
        c = sv.ns + m.end()
        if full(cuts[-1], c) and full(c, sv.ne):
            cuts.append(c)
    return split_view(sv, cuts + [sv.ne])


def _norm_of(sv: SentView) -> str:
    return sv.norm_text


def split_view(sv: SentView, cuts: list[int]) -> list[SentView]:
    if len(cuts) <= 2:
        return [sv]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        c = SentView(sv.index, sv.paragraph, a, b, sv.start, sv.end)
        c.mentions = [m for m in sv.mentions if a <= m.data["ns"] < b]
        c.dates = [d for d in sv.dates if a <= d[0] < b]
        c.norm_text = sv.norm_text[a - sv.ns:b - sv.ns]
        out.append(c)
    return out


def _continuation(res: Resources, sv: SentView, prev_frames: list[Frame]) -> None:
    """A follow-up sentence may add weapons or a casualty statement to the previous events
    ("the attacks used rockets", "the attack caused no casualties")."""
    if not (prev_frames and sv.index - prev_frames[0].full.index <= 2):
        return
    if sv.cues("no_casualties"):
        for f in prev_frames:
            if f.fatalities is None:
                f.fatalities = 0
                f.prov["fatalities"] = f"fatalities.none_in_next_sentence:{sv.cues('no_casualties')[0].data['form']}"
    if not sv.of("weapon"):
        return
    w = sorted({res.weapons[m.key]["weapon"] for m in sv.of("weapon")})
    for f in prev_frames:
        if f.weapons:
            continue
        f.weapons = w
        if f.sub_event_type is None and f.event_type == "Explosions/Remote violence":
            f.sub_event_type, how = _subtype(f.entry, w, res, sv.of("weapon"))
            f.prov["sub_event_type"] = how + f" (from sentence {sv.index})"
        f.prov["weapons"] = sorted({m.key for m in sv.of("weapon")}) + [f"from_sentence_{sv.index}"]


def events_stage(doc: Article, res: Resources, cfg: dict) -> None:
    views = sentence_views(doc)
    for v in views:
        v.norm_text = doc.norm[v.ns:v.ne]
    doc.extra["_views"] = views
    state: dict[str, Any] = {"claimants": _doc_claimants(doc, res, views)}
    frames: list[Frame] = []
    prev_frames: list[Frame] = []
    for sv in views:
        parts = clauses(sv)
        fs: list[Frame] = []
        for cv in parts:
            for f in _frames_for_sentence(doc, res, cfg, cv, state):
                f.full = sv
                fs.append(f)
        kept: list[Frame] = []
        for f in fs:
            _date_for(doc, f.sent, f, state, cfg)
            f.places = link_places(doc, res, f.sent, f.trigger, aggregate=f.aggregate)
            if not f.places and f.sent is not sv:
                # the place may sit in a clause of the same sentence that has no trigger of its own
                spare = [c for c in parts if not any(g.sent is c for g in fs)]
                for c in spare:
                    f.places += link_places(doc, res, c, f.trigger, aggregate=f.aggregate)
            if f.aggregate and f.count is None and not f.sent.dates and all(
                    p.place.kind == "country" for p in link_places(doc, res, f.sent, f.trigger)):
                doc.stage_log.append(f"events: sentence {sv.index}: vague plural with neither count, place nor date; skipped")
                continue
            if not f.places:
                # the attacker named here is who later sentences mean ("the bases hit were ...")
                if f.actor1 is not None and _armed(f.actor1) and f.actor1.kind != "generic_armed" \
                        and f.prov.get("actor1", "").startswith("actor1.subject"):
                    state["last_actor1"] = (sv.index, f.actor1)
                # a reported event needs a place; an aggregate may take its countries
                doc.stage_log.append(f"events: sentence {sv.index} trigger {f.trigger.surface!r} has no place; skipped")
                continue
            if not f.aggregate and all(p.place.kind == "country" for p in f.places) and STRENGTH[f.entry["strength"]] < 3:
                if f.actor1 is not None and _armed(f.actor1) and f.actor1.kind != "generic_armed" \
                        and f.prov.get("actor1", "").startswith("actor1.subject"):
                    state["last_actor1"] = (sv.index, f.actor1)
                doc.stage_log.append(f"events: sentence {sv.index} only names a country for a single event; skipped")
                continue
            # "كما استهدفت القوات الأميركية في مطار أربيل": with the subject dropped, the actor after
            # the verb is the previous event's target, not a new attacker
            last1, last2 = state.get("last_actor1"), state.get("last_actor2")
            if f.actor1 is not None and f.actor2 is None and last1 and last2 and sv.index - last1[0] <= 2 \
                    and last2[1].canonical == f.actor1.canonical and last1[1].canonical != f.actor1.canonical:
                f.actor2, f.actor1 = f.actor1, last1[1]
                f.prov["actor1"] = f"actor1.carried_from_sentence_{last1[0]} (dropped subject)"
                f.prov["actor2"] = "actor2.object_after_verb"
            # a group that disclaims the attack ("أخلت مسؤوليتها") is not its perpetrator
            if f.actor1 is not None and any(
                    abs(c.data["ns"] - m.data["ne"]) < 30 and res.actors.get(m.key) is f.actor1
                    for c in sv.cues("disclaim") for m in sv.of("actor")):
                f.prov["actor1"] = "actor1.dropped: the named group disclaims the attack"
                f.actor1 = None
                f.prov["actor1_disclaimed"] = True
            # an unnamed attacker is whoever claims it ("X rushed to claim responsibility")
            if f.actor1 is None and not f.prov.get("actor1_disclaimed"):
                nxt = views[sv.index + 1:sv.index + 2]
                f.actor1, how = _claimant(doc, res, [sv] + nxt, f.event_type)
                if f.actor1 is not None:
                    f.prov["actor1"] = how
            # discourse: actor1 carried from the previous event, else unidentified
            if f.actor1 is None and not f.prov.get("actor1_disclaimed"):
                last = state.get("last_actor1")
                if last and sv.index - last[0] <= 2 and sv.paragraph - views[last[0]].paragraph <= 1:
                    f.actor1 = last[1]
                    f.prov["actor1"] = f"actor1.carried_from_sentence_{last[0]}"
                    if state.get("last_claimed") == (last[0], last[1].canonical) and not sv.cues("third_party_source"):
                        f.prov["inherit_claim"] = True
            if f.actor1 is not None and _armed(f.actor1) and f.actor1.kind != "generic_armed":
                state["last_actor1"] = (sv.index, f.actor1)
            if f.actor2 is None and state.get("last_actor2") and f.actor1 is not None \
                    and state["last_actor2"][2] == f.actor1.canonical and sv.index - state["last_actor2"][0] <= 6:
                f.actor2 = state["last_actor2"][1]
                f.prov["actor2"] = f"actor2.carried_from_sentence_{state['last_actor2'][0]}"
            if f.actor2 is not None and f.actor1 is not None:
                state["last_actor2"] = (sv.index, f.actor2, f.actor1.canonical)
            f.fatalities, f.prov["fatalities"] = _fatalities(doc, sv, f.entry)
            nxt = views[sv.index + 1:sv.index + 2]
            f.claim, f.prov["claim_status"] = _claim(doc, res, [sv] + nxt, f.actor1, f.actor2,
                                                     f.prov.get("actor1", ""), state.get("claimants", set()))
            if f.claim == "reported" and f.prov.pop("inherit_claim", False):
                f.claim, f.prov["claim_status"] = "claimed", "claim.carried_with_actor1"
            if f.claim == "claimed" and f.actor1 is not None:
                state["last_claimed"] = (sv.index, f.actor1.canonical)
            kept.append(f)
        if kept:
            frames += kept
            prev_frames = kept
        else:
            _continuation(res, sv, prev_frames)
    doc.events = _merge(doc, res, [ev for f in frames for ev in _events_of(doc, res, f)])


def _other_side(res: Resources, f: Frame, a1: Actor, a2: Actor | None, country: str | None) -> Actor | None:
    """An actor is not its own counterpart: the same actor picked for both roles is a role error
    (ACLED repeats an actor only for communal clashes, e.g. two tribal militias). Violence
    against civilians with no named victim group has civilians of the place's country as actor2."""
    if a2 is not None and a2.canonical == a1.canonical and a1.kind != "identity_militia":
        f.prov["actor2"] = f"actor2.dropped: the same actor as actor1 ({f.prov.get('actor2')})"
        a2 = None
    if a2 is None and f.event_type == "Violence against civilians":
        civ = _fill_generic(_generic(res, "civilians"), country)
        if civ is not None:
            f.prov["actor2"] = "actor2.civilians_by_event_type"
            return civ
    return a2


def _events_of(doc: Article, res: Resources, f: Frame) -> list[Event]:
    out = []
    places = f.places
    if f.aggregate:
        countries = sorted({p.place.country for p in places}, key=lambda c: [p.place.country for p in places].index(c))
        country = "; ".join(countries)
        a1 = _fill_generic(f.actor1, countries[0] if countries else None) or _unidentified(res, countries[0] if countries else None)
        a2 = _other_side(res, f, a1, _fill_generic(f.actor2, countries[0] if countries else None),
                         countries[0] if countries else None)
        one = places[0].place if len(places) == 1 else None
        ev = Event(f.date, f.precision, f.event_type, f.sub_event_type, a1.canonical, a2.canonical if a2 else None,
                   country, one.admin1 if one and one.kind != "country" else None,
                   one.name if one and one.kind not in ("country", "admin1") else None, 3 if not one or one.kind in ("country", "admin1") else places[0].precision,
                   None, None, f.weapons, f.count, f.fatalities, f.claim, True,
                   [Evidence(doc.text[f.full.start:f.full.end], f.full.start, f.full.end)], [doc.id])
        ev.inter1, ev.inter2 = a1.inter, (a2.inter if a2 else None)
        if one is not None and one.kind != "country":
            ev.place_id, ev.latitude, ev.longitude = one.id, one.latitude, one.longitude
        ev.provenance = dict(f.prov, place=[p.how for p in places])
        out.append(ev)
        return out
    for ep in places:
        p = ep.place
        a1 = _fill_generic(f.actor1, p.country) or _unidentified(res, p.country)
        a2 = _other_side(res, f, a1, _fill_generic(f.actor2, p.country), p.country)
        loc = None if p.kind in ("country",) else p.name
        ev = Event(f.date, f.precision, f.event_type, f.sub_event_type, a1.canonical,
                   a2.canonical if a2 else None, p.country, p.admin1, loc, ep.precision,
                   p.latitude, p.longitude, list(f.weapons), 1, f.fatalities, f.claim, False,
                   [Evidence(doc.text[f.full.start:f.full.end], f.full.start, f.full.end)], [doc.id],
                   place_id=p.id)
        ev.inter1, ev.inter2 = a1.inter, (a2.inter if a2 else None)
        ev.admin2, a2_how = res.gazetteer.admin2_of(p)
        ev.admin3 = p.name if p.kind == "admin3" else None
        ev.provenance = dict(f.prov, place=ep.how, place_id=p.id, admin2=a2_how)
        ev.provenance.pop("inherit_claim", None)
        out.append(ev)
    return out


def _dates_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 1


def _merge(doc: Article, res: Resources, events: list[Event]) -> list[Event]:
    """Same attack told in several sentences: same type, same place (or same count for aggregates), close dates."""
    merged: list[Event] = []
    for ev in events:
        target = None
        for m in merged:
            bare_kill = "trg.kill" in (m.provenance.get("trigger", {}).get("entry"), ev.provenance.get("trigger", {}).get("entry"))
            if (m.event_type != ev.event_type and not (bare_kill and m.place_id == ev.place_id)) or m.aggregate != ev.aggregate:
                continue
            to1, to2 = m.provenance.get("target_object"), ev.provenance.get("target_object")
            if to1 and to2 and to1 != to2:
                continue          # two buildings burned in one city
            if not bare_kill and m.event_type == "Battles" and None not in (m.sub_event_type, ev.sub_event_type) \
                    and m.sub_event_type != ev.sub_event_type:
                continue          # a clash and a takeover at one place are two events
            if (m.actor1 or "") != (ev.actor1 or "") and not any(
                    (x or "").startswith("Unidentified") for x in (m.actor1, ev.actor1)) \
                    and m.provenance.get("actor1_split") and ev.provenance.get("actor1_split"):
                continue          # "Russian and Syrian jets": one record per air force
            if ev.aggregate:
                same = m.count == ev.count and m.count is not None
            else:
                same = m.place_id == ev.place_id
            if same and _dates_compatible(m.event_date, ev.event_date):
                target = m
                break
        if target is None:
            merged.append(ev)
            continue
        if target.provenance.get("trigger", {}).get("entry") == "trg.kill" and ev.event_type != target.event_type:
            target.event_type, target.sub_event_type = ev.event_type, ev.sub_event_type
            target.provenance["trigger"] = ev.provenance.get("trigger")
        if not any(e.start == ev.evidence[0].start for e in target.evidence):
            target.evidence.extend(ev.evidence)
        target.weapons = sorted(set(target.weapons) | set(ev.weapons))
        if target.sub_event_type is None or (ev.sub_event_type and WEAPON_SUBTYPE_ORDER.index(ev.sub_event_type)
                                             < WEAPON_SUBTYPE_ORDER.index(target.sub_event_type)
                                             if ev.sub_event_type in WEAPON_SUBTYPE_ORDER and target.sub_event_type in WEAPON_SUBTYPE_ORDER else False):
            target.sub_event_type = ev.sub_event_type or target.sub_event_type
        if ev.actor1 and not ev.actor1.startswith("Unidentified") and (
                (target.actor1 or "").startswith("Unidentified")
                or (target.provenance.get("actor1_contextual") and not ev.provenance.get("actor1_contextual"))):
            # a name beats a generic phrase resolved by context ("الطيران الحربي" in a headline)
            target.actor1, target.inter1 = ev.actor1, ev.inter1
            target.provenance["actor1"] = ev.provenance.get("actor1")
        if target.actor2 is None and ev.actor2:
            target.actor2, target.inter2 = ev.actor2, ev.inter2
            target.provenance["actor2"] = ev.provenance.get("actor2")
        if ev.fatalities is not None and (target.fatalities is None or ev.fatalities < target.fatalities):
            target.fatalities = ev.fatalities          # ACLED: the most conservative figure
            target.provenance["fatalities"] = ev.provenance.get("fatalities")
        if CLAIM_RANK[ev.claim_status] > CLAIM_RANK[target.claim_status]:
            target.claim_status = ev.claim_status
            target.provenance["claim_status"] = ev.provenance.get("claim_status")
        fallback = str(target.provenance.get("date", "")).startswith("date.published")
        if ev.event_date and (target.event_date is None or (
                fallback and not str(ev.provenance.get("date", "")).startswith("date.published"))):
            # a date the text states beats the publication-day fallback (a headline has no date)
            target.event_date, target.time_precision = ev.event_date, ev.time_precision
            target.provenance["date"] = ev.provenance.get("date")
        target.provenance.setdefault("merged_from", []).append(ev.provenance)
    merged = _absorb_wider(merged, res)
    for ev in merged:
        ev.evidence.sort(key=lambda e: e.start)
    return merged


def _is_area(ev: Event, res: Resources) -> bool:
    """Placed at a country, governorate, district or region, not at a town or site (even 'near' one)."""
    if not ev.place_id:
        return True
    if ev.place_id.startswith(("country:", "admin1:", "admin2:", "admin3:")):
        return True
    p = res.gazetteer.places.get(ev.place_id)
    if placed_by_countryside(ev.provenance):
        return True       # "ريف حلب": the countryside of a governorate's seat is an area
    return p is not None and p.kind == "site" and p.admin2 == "region"


def _absorb_wider(events: list[Event], res: Resources) -> list[Event]:
    """'The chemical attack in Syria' and 'the attack in Douma' in one article are one event:
    a report placed only at country, governorate or region level joins the single more
    specific event of the same type in that area."""
    out = list(events)
    for wide in sorted(events, key=lambda e: e.geo_precision or 0):   # regions before countries
        if wide.aggregate or (wide.geo_precision or 1) < 2 or wide not in out or not _is_area(wide, res):
            continue
        near = [e for e in out if e is not wide and not e.aggregate and e.event_type == wide.event_type
                and (e.geo_precision or 3) < (wide.geo_precision or 3) and _dates_compatible(e.event_date, wide.event_date)
                and _inside(wide, e)]
        if len(near) != 1:
            continue
        target = near[0]
        for e in wide.evidence:
            if all(x.start != e.start for x in target.evidence):
                target.evidence.append(e)
        target.weapons = sorted(set(target.weapons) | set(wide.weapons))
        if CLAIM_RANK[wide.claim_status] > CLAIM_RANK[target.claim_status]:
            target.claim_status = wide.claim_status
        if target.fatalities is None:
            target.fatalities = wide.fatalities
        target.provenance.setdefault("merged_from", []).append(dict(wide.provenance, rule="wider_place_absorbed"))
        out.remove(wide)
    return out


def _inside(wide: Event, narrow: Event) -> bool:
    if wide.location is None or wide.geo_precision == 3 or placed_by_countryside(wide.provenance):
        if wide.admin1:
            return wide.admin1 == narrow.admin1
        return bool(wide.country) and wide.country == narrow.country
    if None in (wide.latitude, wide.longitude, narrow.latitude, narrow.longitude):
        return wide.admin1 == narrow.admin1
    return km(wide.latitude, wide.longitude, narrow.latitude, narrow.longitude) <= 30
