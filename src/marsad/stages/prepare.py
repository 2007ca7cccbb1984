"""First stages: normalisation, language check, sentence split, lexicon mentions."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..data import context_words
from ..errors import RecordRejected
from ..model import Article, Mention, Span
from ..text.language import identify
from ..text.normalize import normalize_with_map
from ..text.sentences import split_sentences
from .resources import Resources

DATELINE = re.compile(r"^\s*\S+(?:\s\S+)?\s*[-–:]\s*(?:وكالات|\(|ا ف ب|رويترز|خاص)|^[^.\n]{0,60}\(cnn\)|\(ا ف ب\)"
                      r"|^\s*[^\s\d:.،]+(?:\s[^\s\d:.،]+)?\s?[-–]\s")


def normalize_stage(doc: Article, res: Resources, cfg: dict) -> None:
    doc.norm, doc.norm_map = normalize_with_map(doc.text)


def language_stage(doc: Article, res: Resources, cfg: dict) -> None:
    lang, conf = identify(doc.text)
    declared = (doc.language or "").lower()[:2] or None
    doc.extra["language_detected"] = {"language": lang, "confidence": round(conf, 3), "declared": declared}
    allowed = cfg["input"]["languages"]
    if lang not in allowed:
        raise RecordRejected("unsupported_language",
                             f"detected language {lang!r} (confidence {conf:.2f}); supported: {', '.join(allowed)}",
                             stage="language")
    doc.language = lang


def sentences_stage(doc: Article, res: Resources, cfg: dict) -> None:
    doc.sentences = split_sentences(doc.text)


def to_norm(doc: Article, orig: int) -> int:
    """Normalised offset of the first normalised char at or after original offset `orig`."""
    return bisect_left(doc.norm_map, orig, 0, len(doc.norm_map) - 1)


def _span(doc: Article, ns: int, ne: int) -> Span:
    return Span(doc.norm_map[ns], doc.norm_map[ne - 1] + 1)


def _opens_clause(norm: str, sentence_starts: list[int], pos: int) -> bool:
    """Whether `pos` is among the first two words of its sentence (verb-subject order: "دمرت غارة ...")."""
    i = bisect_right(sentence_starts, pos) - 1
    start = sentence_starts[i] if i >= 0 else 0
    return len(norm[start:pos].split()) <= 1


def mentions_stage(doc: Article, res: Resources, cfg: dict) -> None:
    n = doc.norm
    out: list[Mention] = []
    for kind, matcher in (("actor", res.actor_matcher), ("trigger", res.trigger_matcher),
                          ("weapon", res.weapon_matcher), ("cue", res.cue_matcher),
                          ("stmt", res.statement_matcher)):
        for h in matcher.find(n):
            sp = _span(doc, h.start, h.end)
            out.append(Mention(kind, sp, str(h.payload), doc.text[sp.start:sp.end], h.prefix,
                               {"ns": h.start, "ne": h.end, "form": h.key}))
    for h in res.gazetteer.matcher.find(n):
        sp = _span(doc, h.start, h.end)
        out.append(Mention("place", sp, str(h.payload), doc.text[sp.start:sp.end], h.prefix,
                           {"ns": h.start, "ne": h.end, "form": h.key}))
    # an actor inside a longer place name is part of the place ("مطار أربيل"); an actor with
    # the same span as a place (العراق، دمشق) is flagged so roles can check its context
    places = [(m.data["ns"], m.data["ne"]) for m in out if m.kind == "place"]
    names = [(m.data["ns"], m.data["ne"], m.kind) for m in out if m.kind in ("actor", "place")]
    starts = sorted(to_norm(doc, s.span.start) for s in doc.sentences)
    kept = []
    for m in out:
        ns, ne = m.data["ns"], m.data["ne"]
        if m.kind == "actor":
            if any(s <= ns and ne <= e and (e - s) > (ne - ns) for s, e in places):
                continue
            if (ns, ne) in places:
                m.data["also_place"] = True
        elif m.kind in ("trigger", "weapon") and any(s <= ns and ne <= e and not (s == ns and a_kind == "actor"
                                                                                   and _opens_clause(n, starts, ns))
                                                       for s, e, a_kind in names):
            # "تحرير" inside هيئة تحرير الشام is a name, not a capture; but an actor named by its
            # act ("دمرت غارة إسرائيلية مبنى") reports that act when it is the clause's subject
            continue
        kept.append(m)
    kept.sort(key=lambda m: (m.data["ns"], -m.data["ne"]))
    # a dateline ("بغداد – وكالات :", "واشنطن، الولايات المتحدة (CNN)") names where the story was filed
    for s in doc.sentences[:3]:
        ns = to_norm(doc, s.span.start)
        dm = DATELINE.search(doc.norm[ns:ns + 80])
        if dm:
            for m in kept:
                if ns <= m.data["ns"] < ns + dm.end() and m.kind in ("actor", "place"):
                    m.data["dateline"] = True
    doc.mentions = kept


# Head nouns that, used alone, refer back to the last actor whose name starts with them
# ("المقاومة" after "المقاومة الإسلامية في العراق").
_ANAPHORA = tuple(context_words()["coref_heads"])
_ANAPHORA_PATTERNS = [(h, re.compile(r"(?<!\w)(و|ف|ب|ل|وب|ول)?(" + h + r"|ل" + h[1:] + r")(?!\w)")) for h in _ANAPHORA]


def coref_stage(doc: Article, res: Resources, cfg: dict) -> None:
    """Link a bare head noun to the most recent actor whose name begins with it."""
    actors = [m for m in doc.mentions if m.kind == "actor"]
    if not actors:
        return
    spans = [(m.data["ns"], m.data["ne"]) for m in doc.mentions if m.kind in ("actor", "place")]
    added: list[Mention] = []
    for head, pattern in _ANAPHORA_PATTERNS:
        if head[1:] not in doc.norm:
            continue          # a substring test in C skips the regex for heads the text lacks
        for mm in pattern.finditer(doc.norm):
            ns, ne = mm.start(2), mm.end(2)
            if any(s <= ns < e for s, e in spans):
                continue
            prior = [a for a in actors if a.data["ne"] <= ns and a.data["form"].lstrip("و").startswith(head)
                     and a.data["form"] != head]
            if not prior:
                continue
            src = prior[-1]
            sp = _span(doc, ns, ne)
            added.append(Mention("actor", sp, src.key, doc.text[sp.start:sp.end], mm.group(1) or "",
                                 {"ns": ns, "ne": ne, "form": head, "coref": src.span.start}))
    if added:
        doc.mentions.extend(added)
        doc.mentions.sort(key=lambda m: (m.data["ns"], -m.data["ne"]))


def domain_stage(doc: Article, res: Resources, cfg: dict) -> None:
    """Off-topic documents (sport, culture, technology) use war words figuratively."""
    off = sum(1 for m in doc.mentions if m.kind == "cue" and m.key in ("sport", "culture_tech"))
    armed = 0
    for m in doc.mentions:
        if m.kind == "weapon":
            armed += 2
        elif m.kind == "actor":
            a = res.actors.get(m.key)
            if a and a.kind in ("state_forces", "rebel", "political_militia", "identity_militia", "generic_armed"):
                armed += 1
        elif m.kind == "trigger" and res.triggers[m.key]["strength"] == "strong":
            armed += 1
    ratio = cfg["extract"]["off_topic_ratio"]
    doc.domain = "off_topic" if off >= 4 and off > ratio * max(armed, 1) else "news"
    doc.extra["domain_counts"] = {"off_topic_cues": off, "conflict_cues": armed}
