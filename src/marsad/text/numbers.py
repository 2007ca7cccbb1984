"""Numbers written in digits or in Arabic words ("ثلاثة", "خمسين", "عشرات")."""
from __future__ import annotations

import re
from functools import lru_cache

from ..data import load_lexicon
from .normalize import normalize

_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], list[str]]:
    lex = load_lexicon("numbers")
    words: dict[str, int] = {}
    for group in ("units", "tens", "hundreds", "dual_nouns"):
        for k, v in lex[group].items():
            words[normalize(k)] = v
    return words, [normalize(v) for v in lex["vague"]]


def parse_number_at(norm: str, pos: int) -> tuple[int | None, int, str] | None:
    """Parse a number starting at `pos` of normalised text.

    Returns (value or None for vague quantities, end offset, method) or None.
    Handles clitic-prefixed words (بثلاثة), compounds (خمسة وعشرين) and dual nouns.
    """
    words, vague = _tables()
    m = _DIGITS.match(norm, pos)
    if m:
        try:
            return int(float(m.group().replace(",", ""))), m.end(), "digits"
        except ValueError:
            return None
    # strip one clitic (ب، و، ل، ك) if the rest is a number word
    starts = [pos]
    if pos < len(norm) and norm[pos] in "وبلك":
        starts.append(pos + 1)
    for s in starts:
        for v in vague:
            if norm.startswith(v, s) and _word_end(norm, s + len(v)):
                return None, s + len(v), "vague"
        best = None
        for w, val in words.items():
            if norm.startswith(w, s) and _word_end(norm, s + len(w)):
                if best is None or len(w) > len(best[0]):
                    best = (w, val)
        if best:
            val, end = best[1], s + len(best[0])
            # compound: "خمسة وعشرين"
            m2 = re.match(r" و(\S+)", norm[end:])
            if m2 and m2.group(1) in words and words[m2.group(1)] >= 20 and val < 10:
                val += words[m2.group(1)]
                end += m2.end()
            return val, end, "words"
    return None


def _word_end(s: str, i: int) -> bool:
    return i >= len(s) or not (s[i].isalnum())
