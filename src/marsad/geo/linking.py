"""Event-to-place linking: which of the places a sentence names is where the
event happened, resolved against the gazetteer with the document's context.

Rules, each recorded in `how`: places inside an actor's name are not places
("المقاومة الإسلامية في العراق"); a dateline is not the event's place; a launch
site ("من الغوطة") yields to the target; a more specific place in the same
governorate hides the wider one (a base "في ريف دير الزور"); "ريف/محيط/قرب/شمال"
before a town or governorate lowers precision to 2; "محافظة X" picks the
governorate; among same-name candidates the document's countries, the kind of
place (site > town > governorate > country) and population decide.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..model import Article, Mention, Place
from .gazetteer import rank
from ..data import context_words

_CW = context_words()

QUALIFIERS = _CW["qualifiers"]
WIDE = _CW["wide"]


@dataclass
class EventPlace:
    place: Place
    precision: int
    how: str
    mention: Mention | None = None


def _prev_word(doc: Article, m: Mention, floor: int) -> str:
    """The word before a mention, without a clitic (بمدينة -> مدينة)."""
    words = doc.norm[max(floor, m.data["ns"] - 30):m.data["ns"]].replace("،", " ").split()
    w = words[-1] if words else ""
    known = QUALIFIERS | {"من", "في"} | PLACE_NOUNS | PLACE_WORDS
    for cut in (2, 1):
        if len(w) > cut + 1 and w[:cut] in ("وب", "وف", "ول", "و", "ب", "ف", "ل") and w[cut:] in known:
            return w[cut:]
    return w


PLACE_WORDS = _CW["place_words"]


PLACE_NOUNS = _CW["place_nouns"]


def _locative_context(doc: Article, res, m: Mention, pw: str, sv, strong: bool = False) -> bool:
    """A name that is also a common word (القائم، العمر) counts only after a place word or
    quoted, or coordinated with a place just named ("في القائم وعكاشات"). A very common
    word (الفندق، الشهداء) needs an explicit place noun ("مدينة X")."""
    if pw in PLACE_NOUNS or (not strong and (pw in PLACE_WORDS or m.prefix in ("ب", "وب"))):
        return True
    # "المدخل الجنوبي لعنة"، "السوق الرئيسي لبعقوبة": "of X" after a part of a town
    if m.prefix.endswith("ل") and any(w in PLACE_PARTS for w in doc.norm[max(sv.ns, m.data["ns"] - 30):m.data["ns"]].split()[-3:]):
        return True
    # "حديثة في الأنبار": a name followed by the governorate it lies in
    follow = [p for p in sv.of("place") if 0 < p.data["ns"] - m.data["ne"] <= 5
              and doc.norm[m.data["ne"]:p.data["ns"]].strip() in ("في", "ب", "") and
              any(i.startswith("admin1:") for i in res.gazetteer.names.get(p.key, []))]
    if follow:
        return True
    # "غارة على دوما": "on X" right after a trigger
    if pw == "علي" and not strong and any(0 <= m.data["ns"] - t.data["ne"] <= 12 for t in sv.of("trigger")):
        return True
    before = doc.text[max(sv.start, m.span.start - 3):m.span.start]
    if any(q in before for q in ('"', "“", "”", "«", "»")):
        # «قاعدتي "العمر"»: a quoted name after a place noun; a quoted slogan («سلمية») is not a place
        words = doc.norm[max(sv.ns, m.data["ns"] - 30):m.data["ns"]].split()
        if words and (words[-1] in PLACE_NOUNS or words[-1] in PLACE_WORDS or
                      (words[-1].startswith("و") and len(words) > 1 and words[-2] in PLACE_NOUNS)):
            return True
        if m.prefix.startswith("و") and any(0 <= m.data["ns"] - p.data["ne"] <= 3 for p in sv.of("place")):
            return True
    if m.prefix.startswith("و"):
        prev_places = [p for p in sv.of("place") if p.data["ne"] <= m.data["ns"] and m.data["ns"] - p.data["ne"] <= 2]
        return bool(prev_places)
    return False


class _Whole:
    """The whole document as a sentence view, for context checks outside the current sentence."""

    def __init__(self, doc: Article):
        self.ns, self.ne, self.start = 0, len(doc.norm), 0
        self._doc = doc

    def of(self, kind: str) -> list[Mention]:
        return [m for m in self._doc.mentions if m.kind == kind]


PLACE_PARTS = _CW["place_parts"]


_ANAPHORA = _CW["anaphoric_places"]


def _anaphoric_place(doc: Article, res, sv) -> EventPlace | None:
    """"في المدينة"، "في المحافظة"، "هناك": the town or governorate the article last named."""
    text = doc.norm[sv.ns:sv.ne]
    kind = None
    for w, k in _ANAPHORA.items():
        if re.search(r"(?:في|ب|داخل|وسط)\s?" + w + r"(?!\w)", text) or (w == "هناك" and re.search(r"(?<!\w)هناك(?!\w)", text)):
            kind = k
            break
    if kind is None:
        return None
    earlier = [m for m in doc.mentions if m.kind == "place" and m.data["ne"] <= sv.ns and not m.data.get("dateline")]
    for m in reversed(earlier):
        p = resolve(doc, res, m, "")
        if p is None or p.kind == "country":
            continue
        if kind == "any" or (kind == "city" and p.kind in ("city", "site") and p.admin2 not in ("base", "airport"))\
                or (kind == "admin1" and p.kind == "admin1"):
            if (m.key in res.gazetteer.guarded or m.key in res.gazetteer.strong_guarded) and not _locative_context(
                    doc, res, m, _prev_word(doc, m, 0), _Whole(doc), strong=m.key in res.gazetteer.strong_guarded):
                continue
            return EventPlace(p, p.precision if p.kind != "admin1" else 3,
                              f"gazetteer:{p.id} '{m.surface}' (anaphora: the place named earlier)", None)
    return None


def doc_countries(doc: Article, res) -> Counter:
    """Countries the document talks about (cached): named countries and unambiguous places."""
    cached = doc.extra.get("_countries")
    if cached is not None:
        return cached
    c: Counter = Counter()
    for m in doc.mentions:
        if m.kind != "place":
            continue
        ids = res.gazetteer.names.get(m.key, [])
        cs = {res.gazetteer.places[i].country for i in ids}
        if len(cs) == 1:
            c[cs.pop()] += 1
    doc.extra["_countries"] = c
    return c


SITE_NOUNS = _CW["site_nouns"]
TOWN_NOUNS = _CW["town_nouns"]


def _admin1_context(doc: Article, res, m: Mention) -> set[str]:
    """Governorates named near the mention ("حديثة في الأنبار") or alone in the document."""
    near = [p for p in doc.mentions if p.kind == "place" and p is not m and abs(p.data["ns"] - m.data["ne"]) < 60]
    out = set()
    for p in near:
        ids = res.gazetteer.names.get(p.key, [])
        a1 = {res.gazetteer.places[i].admin1 for i in ids if res.gazetteer.places[i].kind == "admin1"}
        if len(a1) == 1:
            out |= a1
    return out


def resolve(doc: Article, res, m: Mention, prev_word: str) -> Place | None:
    """The place a mention names: the governorate after "محافظة", a base after "قاعدة", a town
    after "مدينة"; then a governorate named beside it, the document's countries, the kind of
    place (site > town > governorate > country) and population."""
    ids = res.gazetteer.names.get(m.key, [])
    if not ids:
        return None
    cands = [res.gazetteer.places[i] for i in ids]
    if len(cands) == 1:
        return cands[0]
    if prev_word == "محافظه":
        gov = [p for p in cands if p.kind == "admin1"]
        if gov:
            return gov[0]
    kinds = SITE_NOUNS.get(prev_word)
    if kinds:
        sites = [p for p in cands if p.kind == "site" and p.admin2 in kinds]
        if sites:
            cands = sites
    elif prev_word in TOWN_NOUNS:
        towns = [p for p in cands if p.kind == "city" or (p.kind == "site" and p.admin2 == "town")]
        if towns:
            cands = towns
    a1ctx = _admin1_context(doc, res, m)
    if a1ctx and not any(p.admin1 in a1ctx for p in cands) and all(p.kind == "city" and p.population < 20000
                                                                  for p in cands):
        return None   # "ربيعة غربي نينوى" with only a Rabi'ah elsewhere: the governorate named carries it
    ctx = doc_countries(doc, res)
    order = {"Iraq": 0, "Syria": 0, "Jordan": 1}
    govs = {p.admin1 for p in cands if p.kind == "admin1"}

    def key(p: Place):
        # a governorate's name means the governorate, unless the town of that name is in it (Baghdad)
        if govs and p.kind == "city" and p.admin1 not in govs:
            kind_rank = 4.0
        else:
            kind_rank = rank(p) if p.kind != "admin1" else 2.5
        return (0 if p.admin1 in a1ctx else 1, -ctx.get(p.country, 0), order.get(p.country, 2), kind_rank,
                -p.population)
    return min(cands, key=key)


COUNTRYSIDE_MARK = "qualified by 'ريف'"   # written into an event's place provenance by link_places


def placed_by_countryside(provenance: dict) -> bool:
    """Whether the event was placed by "ريف X" (the countryside of X: as wide as its governorate)."""
    return COUNTRYSIDE_MARK in str(provenance.get("place", ""))


def link_places(doc: Article, res, sv, trigger: Mention, *, aggregate: bool = False) -> list[EventPlace]:
    actor_spans = [(a.data["ns"], a.data["ne"], a) for a in sv.of("actor")]
    found: list[EventPlace] = []
    for m in sv.of("place"):
        ns, ne = m.data["ns"], m.data["ne"]
        if m.data.get("dateline"):
            continue
        inside = [a for s, e, a in actor_spans if s <= ns and ne <= e and (e - s) > (ne - ns)]
        if inside:
            continue
        same = [a for s, e, a in actor_spans if s == ns and e == ne]
        pw = _prev_word(doc, m, sv.ns)
        coordinated = m.prefix.startswith("و") and any(
            0 <= ns - p.data["ne"] <= 2 for p in sv.of("place") if p is not m)
        if same and not (m.prefix in ("ب", "وب", "في") or coordinated
                         or pw in {"في", "الي", "علي", "من", "وسط", "قرب", "محافظه"} | WIDE | PLACE_NOUNS):
            continue
        if m.key in res.gazetteer.strong_guarded and not _locative_context(doc, res, m, pw, sv, strong=True):
            continue
        if m.key in res.gazetteer.guarded and not _locative_context(doc, res, m, pw, sv):
            continue
        if pw in MEDIA_WORDS:
            continue      # "مصادر الميادين", "قناة العربية": an outlet named after a place
        p = resolve(doc, res, m, pw)
        if p is None or (p.kind == "country" and pw in STREET_NOUNS):
            continue      # "حي الجزائر": a quarter named after a country
        prec = p.precision
        how = f"gazetteer:{p.id} '{m.surface}'"
        if pw in WIDE and p.kind in ("city", "admin1", "site") and p.precision < 3:
            prec = 2
            how += f" qualified by '{pw}' (precision 2)"
        if p.kind == "admin1":
            prec = 3
        before3 = doc.norm[max(sv.ns, ns - 40):ns].split()[-3:]
        near_words = {"بالقرب", "قريبا", "مقربه", "بعيدا", "قرب", "بالقربا"}
        launched = len(before3) >= 2 and before3[-2] == "من" and before3[-1] in PLACE_NOUNS \
            and not (len(before3) == 3 and before3[0] in near_words)
        origin = (pw == "من" and not (len(before3) >= 2 and before3[-2] in near_words)) or launched \
            or doc.norm[max(sv.ns, ns - 25):ns].endswith(("انطلاقا من ", "اطلقت من ", "اطلق من ", "انطلق من ",
                                                          "المتمركزه في ", "المتمركزين في ", "المتمركز في ",
                                                          "المنتشره في ", "ولايه "))
        # "على الحدود مع محافظتي حماة واللاذقية": a reference point, not where it happened
        near = doc.norm[max(sv.ns, ns - 40):ns].split()[-4:]
        if any(w.lstrip("و").startswith(("حدود", "الحدود", "بالحدود", "المحاذي", "المتاخم")) for w in near):
            origin = True
        ep = EventPlace(p, prec, how + (" [origin]" if origin else ""), m)
        ep.prev_word = pw  # type: ignore[attr-defined]
        ep.origin = origin  # type: ignore[attr-defined]
        found.append(ep)
    # "قال محافظ نينوى في مؤتمر عقده في الموصل إن مسلحين هاجموا ... في البعاج": where the speaker
    # spoke is not where the event happened
    comp = re.search(r"(?:^|\s)(?:ان|انه|انها)\s", doc.norm[sv.ns:sv.ne])
    if comp and sv.cues("reporting") and trigger.data["ns"] > sv.ns + comp.end():
        cut = sv.ns + comp.start()
        if any(c.data["ns"] < cut for c in sv.cues("reporting")):
            after = [f for f in found if f.mention is None or f.mention.data["ns"] >= cut]
            if after:
                found = after
    if not found:
        back = _anaphoric_place(doc, res, sv)
        if back is None and aggregate:
            # "3 عمليات تبادل" named without a place: the widest place is the article's country
            ctx = doc_countries(doc, res)
            if ctx:
                country = ctx.most_common(1)[0][0]
                cp = res.gazetteer.places.get(f"country:{res.gazetteer.country_code(country)}")
                if cp is not None:
                    return [EventPlace(cp, 3, f"aggregate: no place named; the article's country {country}")]
        return [back] if back else []
    # "أطلقت صواريخ من منطقة الزاب في كركوك على قاعدة حرير": everything between the launch
    # "من" and the "على/باتجاه/نحو" that names the target is where it was fired from
    text = doc.norm[sv.ns:sv.ne]
    lm = re.search(r"(?:اطلق|اطلقت|اطلقوا|انطلقت|انطلق)\S*\s.*?(?:^|\s)من\s(.*?)(?:\s(?:علي|باتجاه|نحو|صوب|تجاه)\s)", text)
    if lm:
        a, b = sv.ns + lm.start(1), sv.ns + lm.end(1)
        for f in found:
            if f.mention is not None and a <= f.mention.data["ns"] < b:
                f.origin = True  # type: ignore[attr-defined]
    # launch sites yield to targets
    targets = [f for f in found if not getattr(f, "origin", False)]
    if targets:
        found = targets
    # one event is not in two countries: with only countries named, keep the one the trigger
    # points at (the first after it, else the nearest before it)
    if not aggregate and all(f.place.kind == "country" for f in found) and len(found) > 1 and all(f.mention for f in found):
        tn = trigger.data["ns"]
        after = [f for f in found if f.mention.data["ns"] > tn]
        found = [min(after, key=lambda f: f.mention.data["ns"])] if after else \
            [max(found, key=lambda f: f.mention.data["ns"])]
    # de-duplicate the same place
    uniq: dict[str, EventPlace] = {}
    for f in found:
        if f.place.id not in uniq or f.precision < uniq[f.place.id].precision:
            uniq[f.place.id] = f
    found = list(uniq.values())
    # "الناصرية ... جنوب بغداد": a place used as a bearing for another named place is not the target
    bearings = _CW["bearings"]
    if len(found) > 1:
        kept_b = [f for f in found if not (getattr(f, "prev_word", "") in bearings and f.mention is not None
                                           and any(g.mention is not None and g.mention.data["ns"] < f.mention.data["ns"]
                                                   and g.place.id != f.place.id and g.place.kind != "country"
                                                   for g in found))]
        found = kept_b or found
    if aggregate:
        if len(found) == 1 and found[0].place.kind != "country":
            return found          # "منذ أيام في البصرة": the one place named is the widest
        countries: dict[str, EventPlace] = {}
        for f in found:
            c = f.place.country
            if c not in countries:
                cp = res.gazetteer.places.get(f"country:{res.gazetteer.country_code(c)}")
                countries[c] = EventPlace(cp or f.place, 3, f"aggregate: widest place, country {c}")
        return list(countries.values())
    # hide wider places that contain a more specific one
    kept = []
    for f in found:
        if not any(_contains(f, g) for g in found if g is not f):
            kept.append(f)
    return kept


POINT_SITES = {"base", "airport", "embassy", "facility", "oilfield", "gasfield", "border_crossing", "dam",
               "prison", "camp", "landmark"}


def _srank(p: Place) -> float:
    if p.kind == "site":
        if p.admin2 == "town":
            return 1
        return 0 if p.admin2 in POINT_SITES else 0.5     # districts and regions are wider than a base
    return rank(p)


MEDIA_WORDS = _CW["media_words"]
STREET_NOUNS = _CW["street_nouns"]
ATTACHING = _CW["attaching"]


def _contains(wide: EventPlace, narrow: EventPlace) -> bool:
    """Whether `wide` is a wider place around `narrow` named in the same sentence.

    A town or site is hidden only when the text attaches it to the narrower place
    ("قاعدة X في مدينة Y", "X، غربي Y"); coordinated places ("X وY") are both targets.
    """
    w, n = wide.place, narrow.place
    if _srank(n) >= _srank(w):
        return False
    if w.kind in ("city", "site") and wide.mention is not None and narrow.mention is not None:
        attached = wide.mention.data["ns"] > narrow.mention.data["ns"] and (
            getattr(wide, "prev_word", "") in ATTACHING or wide.mention.prefix in ("ب", "وب")
            or wide.precision == 2)
        if not attached:
            return False
    if w.kind == "country":
        return n.country == w.country
    if w.kind == "admin1":
        return bool(n.admin1) and n.admin1 == w.admin1
    if None in (w.latitude, w.longitude, n.latitude, n.longitude):
        return bool(n.admin1) and n.admin1 == w.admin1
    if wide.precision == 2 and n.admin1 and n.admin1 == w.admin1:
        return True       # "bases X and Y in the countryside of Hasakah": the countryside is not a target
    limit = 40 if w.kind == "city" else 15
    return km(w.latitude, w.longitude, n.latitude, n.longitude) <= limit


def km(la1: float, lo1: float, la2: float, lo2: float) -> float:
    p = math.pi / 180
    h = (math.sin((la2 - la1) * p / 2) ** 2
         + math.cos(la1 * p) * math.cos(la2 * p) * math.sin((lo2 - lo1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, h)))
