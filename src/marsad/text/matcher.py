"""Lexicon matching over normalised Arabic text (Aho-Corasick).

Arabic attaches conjunctions, prepositions and the article to the word:
وال، بال، لل، فـ، كـ. The matcher accepts a hit that starts at a word start or
after such a clitic prefix, and ends at a word end (or anywhere inside the word
for entries that allow suffixes, e.g. verb forms with object pronouns). For an
entry that starts with ال, the form after ل (للاحتلال = ل + لاحتلال) is
matched too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import ahocorasick

from .normalize import is_word_char, normalize

# Clitic strings that may precede a lexicon form inside one word.
CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "س", "وس", "فس")
# Inflection and pronoun suffixes allowed after entries that take suffixes (verbs, nouns):
# استهدفتها، قصفوا، هجماتهم، اغتياله. Anything else is another word (دكت ≠ دكتور).
SUFFIXES = frozenset("""
ت تا تم تن وا ا ن نا ني ي ه ها هم هما هن ك كم تها ته تهم تهما اه اها اهم وه وها وهم ان ين ون ات اتها اته اتهم
تان تين يه يها يهم ه ة ها نه نها
""".split()) | {""}


@dataclass(slots=True)
class Hit:
    start: int          # offsets in the normalised text
    end: int
    key: str            # normalised form that matched
    payload: Any
    prefix: str         # clitic prefix before the form, inside the word


class LexiconMatcher:
    """Matches normalised forms; each form carries a payload (usually an entry id)."""

    def __init__(self, items: Iterable[tuple[str, Any, bool]]):
        """items: (surface form, payload, allow_suffix)."""
        self._auto = ahocorasick.Automaton()
        table: dict[str, list[tuple[Any, bool, bool]]] = {}
        for form, payload, allow_suffix in items:
            f = normalize(form)
            if not f:
                continue
            entries = table.setdefault(f, [])
            if (payload, allow_suffix, False) not in entries:
                entries.append((payload, allow_suffix, False))
            if f.startswith("ال") and len(f) > 3:
                # ل + ال -> لل : the alef drops after the preposition lam
                lam = table.setdefault(f[1:], [])
                if (payload, allow_suffix, True) not in lam:
                    lam.append((payload, allow_suffix, True))
        for f, payloads in table.items():
            self._auto.add_word(f, (f, payloads))
        self.size = len(table)
        if self.size:
            self._auto.make_automaton()

    def find(self, norm: str, *, longest: bool = True) -> list[Hit]:
        if not self.size:
            return []
        hits: list[Hit] = []
        n = len(norm)
        for end_idx, (form, payloads) in self._auto.iter(norm):
            start = end_idx - len(form) + 1
            end = end_idx + 1
            # word start: scan back to the start of the word
            ws = start
            while ws > 0 and is_word_char(norm[ws - 1]):
                ws -= 1
            prefix = norm[ws:start]
            at_word_end = end >= n or not is_word_char(norm[end])
            for payload, allow_suffix, lam_variant in payloads:
                if lam_variant:
                    if not prefix.endswith("ل") or prefix[:-1] not in CLITICS:
                        continue
                elif prefix not in CLITICS:
                    continue
                if not at_word_end:
                    if not allow_suffix:
                        continue
                    we = end
                    while we < n and is_word_char(norm[we]):
                        we += 1
                    if norm[end:we] not in SUFFIXES:
                        continue
                hits.append(Hit(start, end, form, payload, prefix))
        if longest:
            hits = _leftmost_longest(hits)
        return hits


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
    """Drop hits overlapping a longer (or earlier equally long) hit; keep all payloads of a kept span."""
    hits.sort(key=lambda h: (-(h.end - h.start), h.start))
    taken: list[tuple[int, int]] = []
    kept: list[Hit] = []
    for h in hits:
        if any(h.start < e and s < h.end and not (s == h.start and e == h.end) for s, e in taken):
            continue
        kept.append(h)
        taken.append((h.start, h.end))
    kept.sort(key=lambda h: (h.start, h.end))
    return kept
