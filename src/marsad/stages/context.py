"""Per-sentence views of an Article's annotations, for the rule stages.

All rule logic works in normalised offsets (`ns`, `ne`) so that spelling
variation does not matter; evidence is cut from the original text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, DateMention, Mention
from .prepare import to_norm


@dataclass
class SentView:
    index: int
    paragraph: int
    ns: int
    ne: int
    start: int           # original offsets
    end: int
    mentions: list[Mention] = field(default_factory=list)
    dates: list[tuple[int, int, DateMention]] = field(default_factory=list)
    norm_text: str = ""

    def of(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]

    def cues(self, group: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "cue" and m.key == group]


def sentence_views(doc: Article) -> list[SentView]:
    views: list[SentView] = []
    for s in doc.sentences:
        ns, ne = to_norm(doc, s.span.start), to_norm(doc, s.span.end)
        views.append(SentView(s.index, s.paragraph, ns, ne, s.span.start, s.span.end))
    if not views:
        return views
    starts = [v.ns for v in views]
    import bisect

    def owner(pos: int) -> SentView | None:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and views[i].ns <= pos < views[i].ne:
            return views[i]
        return None

    for m in doc.mentions:
        v = owner(m.data["ns"])
        if v is not None:
            v.mentions.append(m)
    for (ns, ne), dm in zip(doc.extra.get("date_norm_spans", []), doc.dates):
        v = owner(ns)
        if v is not None:
            v.dates.append((ns, ne, dm))
    return views


def tokens_between(norm: str, a: int, b: int) -> int:
    """Number of whitespace-separated tokens strictly between offsets a and b."""
    if b <= a:
        return 0
    return len(norm[a:b].split())


def preceding_words(norm: str, pos: int, n: int = 2, floor: int = 0) -> list[str]:
    """The n words before `pos` (normalised, punctuation stripped)."""
    words = norm[max(floor, pos - 60):pos].replace("،", " ").replace(",", " ").split()
    return words[-n:]
