"""Arabic normalisation that keeps a map back to the original offsets.

Every original character maps to zero or one normalised character, so a
position in the normalised text maps back to exactly one original position.
What is folded: diacritics and tatweel (dropped), alef forms to ا, ى to ي,
ة to ه, ؤ to و, ئ to ي, Arabic-Indic and Persian digits to ASCII, Latin to
lower case, dashes to ASCII, quotation marks and bidi/zero-width marks
dropped, runs of spaces to one. These are the spellings that vary freely across outlets.
"""
from __future__ import annotations

import re

_DROP = set(range(0x064B, 0x0653)) | {0x0670, 0x0640, 0x200C, 0x200D, 0x200E, 0x200F,
                                       0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0xFEFF, 0x00AD}
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "ە": "ه",
    # quotes are dropped: «قاعدة "تيفور"» must match the name قاعدة تيفور
    "“": "", "”": "", "«": "", "»": "", "„": "", '"': "", "‘": "", "’": "",
    "–": "-", "—": "-", "ـ": "",
    "،": "،", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)   # Arabic-Indic
    _FOLD[chr(0x06F0 + _i)] = str(_i)   # Persian


def normalize_char(c: str) -> str:
    o = ord(c)
    if o in _DROP:
        return ""
    f = _FOLD.get(c)
    if f is not None:
        return f
    return c.lower() if c.isascii() else c


# one table for str.translate: dropped characters become a sentinel (so positions are kept),
# folded ones their fold, ASCII capitals lower case; everything else is left alone
_SENTINEL = "\uffff"          # a Unicode noncharacter; a text that has one takes the slow path
_TABLE: dict[int, str] = {o: _SENTINEL for o in _DROP}
_TABLE.update({ord(k): (v or _SENTINEL) for k, v in _FOLD.items()})
_TABLE.update({o: chr(o + 32) for o in range(ord("A"), ord("Z") + 1)})
_STRIP = {o: (None if v == _SENTINEL else v) for o, v in _TABLE.items()}
_SPACE_RUN = re.compile(" [ \uffff]+")
_DROPPED = re.compile("\uffff+")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Return (normalised text, map) where map[i] is the original offset of normalised char i.

    The map has one extra entry, len(text), so an exclusive end maps too. Built with
    str.translate and two regular expressions instead of a Python call per character (this was
    the pipeline's largest single cost); `tests/text/test_normalize.py` checks it against the
    per-character definition (`normalize_char`).
    """
    if _SENTINEL in text:
        return _normalize_with_map_slow(text)
    folded = text.translate(_TABLE)
    removed: list[int] = [i for m in _DROPPED.finditer(folded) for i in range(m.start(), m.end())]
    for m in _SPACE_RUN.finditer(folded):
        # a space after a kept space goes (dropped characters in between do not count)
        removed.extend(j for j in range(m.start() + 1, m.end()) if folded[j] == " ")
    if not removed:
        return folded, list(range(len(text) + 1))
    removed.sort()
    omap: list[int] = []
    prev = 0
    for r in removed:
        if r > prev:
            omap.extend(range(prev, r))
        prev = r + 1
    omap.extend(range(prev, len(text)))
    out = _drop_positions(folded, removed)
    omap.append(len(text))
    return out, omap


def _normalize_with_map_slow(text: str) -> tuple[str, list[int]]:
    """The per-character definition (the reference the fast path is tested against)."""
    out: list[str] = []
    omap: list[int] = []
    for i, c in enumerate(text):
        n = normalize_char(c)
        if n == " " and out and out[-1] == " ":
            continue          # runs of spaces (left by dropped quotes) count as one
        if n:
            out.append(n)
            omap.append(i)
    omap.append(len(text))
    return "".join(out), omap


def _drop_positions(s: str, removed: list[int]) -> str:
    parts = []
    prev = 0
    for r in removed:
        if r > prev:
            parts.append(s[prev:r])
        prev = r + 1
    parts.append(s[prev:])
    return "".join(parts)


def normalize(text: str) -> str:
    """Normalised form of a lexicon entry or query (same folding as the text)."""
    return " ".join(text.translate(_STRIP).split())


def is_arabic_letter(c: str) -> bool:
    return "\u0621" <= c <= "\u064a" or "\u0671" <= c <= "\u06d3"


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"
