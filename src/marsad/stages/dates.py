"""Date resolution: absolute (Gregorian, Levantine and Maghrebi month names,
Arabic-Indic digits, Hijri) and relative expressions resolved against the
publication date. Each DateMention records the rule that resolved it.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from hijridate import Gregorian, Hijri

from ..model import Article, DateMention, Span
from ..text.normalize import normalize
from .resources import Resources


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted({normalize(w) for w in words}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns(cal_version: str, cal_id: int):
    from .resources import default_resources
    cal = default_resources().calendar
    months = {normalize(k): v for k, v in cal["months"].items()}
    wdays = {normalize(k): v for k, v in cal["weekdays"].items()}
    hmonths = {normalize(k): v for k, v in cal["hijri_months"].items()}
    ords = {normalize(k): v for k, v in cal["ordinal_days"].items()}
    rel = {normalize(k): v for k, v in cal["relative_days"].items()}
    spans = {normalize(k): v for k, v in cal["relative_spans"].items()}
    past = [normalize(w) for w in cal["past_markers"]]
    fut = [normalize(w) for w in cal["future_markers"]]
    parts = [normalize(w) for w in cal["day_parts"]]
    B = r"(?<![\w])"      # word start (clitic prefixes handled by an optional group)
    E = r"(?![\w])"
    P = r"(?:[وفب]|ل|في )?"
    M = _alt(months)
    pats = [
        ("iso", re.compile(B + r"(\d{4})-(\d{1,2})-(\d{1,2})" + E)),
        ("dmy_slash", re.compile(B + r"(\d{1,2})/(\d{1,2})/(\d{4})" + E)),
        ("hijri", re.compile(B + r"(\d{1,2}) (" + _alt(hmonths) + r")(?: (\d{4}))? ?(?:ه|هـ|للهجره)" + E)),
        ("day_month", re.compile(B + P + r"(\d{1,2}|" + _alt(ords) + r")(?: من)? (?:شهر )?(" + M + r")(?: ?/ ?(?:" + M + r"))?(?: ?[,،]? ?(\d{4}))?" + E)),
        ("month_year", re.compile(B + P + r"(?:شهر )?(?:(مطلع|اوايل|بدايه|منتصف|اواخر|نهايه) )?(" + M + r")(?: ?/ ?(?:" + M + r"))?(?: من)?(?: العام)? ?[,،]? ?(\d{4})" + E)),
        ("month_only", re.compile(B + r"(?:في|خلال|منذ|مطلع|اوايل|اواخر|منتصف)? ?(?:شهر )?(" + M + r")(?: ?/ ?(?:" + M + r"))?(?: (" + _alt(past) + r"))?(?! ?[,،]? ?\d)" + E)),
        ("duration", re.compile(B + r"(?:منذ|علي مدي|علي مدار|طيله|طوال|خلال|المستمر منذ|المستمره منذ)\s+(\S+)(?:\s+(\S+))?\s+(ايام|يوما|يوم|اسابيع|اسبوعا|اسبوع)" + E)),
        ("since_year_start", re.compile(B + r"منذ (?:بدايه|مطلع) (?:العام|عام|السنه)(?: (?:الجاري|الحالي))?(?: (\d{4}))?" + E)),
        ("weekday", re.compile(B + r"(?:(" + _alt(parts) + r") )?(?:يوم )?[وفب]?(" + _alt(wdays) + r")(?: (" + _alt(past + fut) + r"))?" + E)),
        ("span", re.compile(B + P + r"(" + _alt(spans) + r")" + E)),
        ("relative", re.compile(B + P + r"(" + _alt(rel) + r")" + E)),
    ]
    return pats, months, wdays, hmonths, ords, rel, spans, set(past), set(fut)


def _pub(doc: Article) -> date | None:
    try:
        return date.fromisoformat((doc.published or "")[:10])
    except ValueError:
        return None


def _infer_year(month: int, day: int, pub: date | None) -> tuple[int | None, str]:
    if pub is None:
        return None, "no_year_no_published"
    y = pub.year
    try:
        if date(y, month, day) > pub + timedelta(days=7):   # "19 July" read in January is last year
            y -= 1
    except ValueError:
        return None, "invalid"
    return y, "year_from_published"


def resolve_dates(doc: Article, res: Resources) -> list[DateMention]:
    pats, months, wdays, hmonths, ords, rel, spans, past, fut = _patterns(res.calendar["version"], id(res.calendar))
    n = doc.norm
    pub = _pub(doc)
    found: list[tuple[int, int, DateMention]] = []
    taken: list[tuple[int, int]] = []

    def add(ns: int, ne: int, d: date | None, prec: int | None, method: str, future: bool = False) -> None:
        if any(ns < e and s < ne for s, e in taken):
            return
        taken.append((ns, ne))
        sp = Span(doc.norm_map[ns], doc.norm_map[ne - 1] + 1)
        found.append((ns, ne, DateMention(sp, doc.text[sp.start:sp.end], d.isoformat() if d else None,
                                          prec if d else None, method, future)))

    for name, rx in pats:
        for m in rx.finditer(n):
            s, e = m.start(), m.end()
            try:
                if name == "iso":
                    add(s, e, date(int(m[1]), int(m[2]), int(m[3])), 1, "date.iso")
                elif name == "dmy_slash":
                    add(s, e, date(int(m[3]), int(m[2]), int(m[1])), 1, "date.dmy")
                elif name == "hijri":
                    hy = int(m[3]) if m[3] else None
                    if hy is None and pub:
                        hy = Gregorian(pub.year, pub.month, pub.day).to_hijri().year
                    if hy:
                        g = Hijri(hy, hmonths[m[2]], int(m[1])).to_gregorian()
                        add(s, e, date(g.year, g.month, g.day), 1, "date.hijri")
                elif name == "day_month":
                    day = int(m[1]) if m[1].isdigit() else ords.get(m[1])
                    mon = months[m[2]]
                    if m[3]:
                        y, how = int(m[3]), "date.day_month_year"
                    else:
                        y, how = _infer_year(mon, day, pub)
                        how = "date.day_month+" + how
                    if y:
                        add(s, e, date(y, mon, day), 1, how)
                elif name == "month_year":
                    mon = months[m[2]]
                    q = m[1]
                    d0 = date(int(m[3]), mon, 1 if q in (None, "مطلع", "اوايل", "بدايه") else 15 if q == "منتصف" else 20)
                    add(s, e, d0, 2 if q else 3, "date.month_year")
                elif name == "month_only" and pub:
                    mon = months[m[1]]
                    y = pub.year if mon <= pub.month else pub.year - 1     # "في يونيو" read in September
                    if m[2] and mon == pub.month:
                        y -= 1
                    add(s, e, date(y, mon, 1), 3, "date.month_only")
                elif name == "duration" and pub:
                    # "منذ عشرة أيام", "على مدى 3 أسابيع": a campaign dated to its first day (week precision)
                    from ..text.numbers import parse_number_at
                    r = parse_number_at(n, m.start(1))
                    if r is None or r[0] is None or r[0] > 400:
                        continue
                    days = r[0] * (7 if m[3].startswith("اسب") else 1)
                    add(s, e, pub - timedelta(days=max(days - 1, 0)), 2, "date.duration_start")
                elif name == "since_year_start":
                    y = int(m[1]) if m[1] else (pub.year if pub else None)
                    if y:
                        add(s, e, date(y, 1, 1), 3, "date.since_year_start")
                elif name == "weekday" and pub:
                    wd = wdays[m[2]]
                    marker = m[3]
                    if marker in fut:
                        delta = (wd - pub.weekday()) % 7 or 7
                        add(s, e, pub + timedelta(days=delta), 1, "date.weekday_next", future=True)
                    else:
                        delta = (pub.weekday() - wd) % 7
                        if marker in past and delta == 0:
                            delta = 7
                        add(s, e, pub - timedelta(days=delta), 1,
                            "date.weekday_last" if marker else "date.weekday_recent")
                elif name == "span" and pub:
                    off, prec = spans[m[1]]
                    add(s, e, pub + timedelta(days=off), prec, "date.relative_span")
                elif name == "relative":
                    if pub:
                        add(s, e, pub + timedelta(days=rel[m[1]]), 1, "date.relative_day")
                    else:
                        add(s, e, None, None, "date.relative_day_no_published")
            except (ValueError, KeyError, OverflowError):
                continue
    found.sort(key=lambda t: t[0])
    # keep normalised offsets for the rule stages
    doc.extra["date_norm_spans"] = [(ns, ne) for ns, ne, _ in found]
    return [dm for _, _, dm in found]


def dates_stage(doc: Article, res: Resources, cfg: dict) -> None:
    doc.dates = resolve_dates(doc, res)
