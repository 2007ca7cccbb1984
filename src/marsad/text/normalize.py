"""Arabic normalisation that keeps a map back to the original offsets.

Every original character maps to zero or one normalised character, so a
position in the normalised text maps back to exactly one original position.
What is folded: diacritics and tatweel (dropped), alef forms to ا, ى to ي,
ة to ه, ؤ to و, ئ to ي, Arabic-Indic and Persian digits to ASCII, Latin to
lower case, dashes to ASCII, quotation marks and bidi/zero-width marks
dropped, runs of spaces to one. These are the spellings that vary freely across outlets.
"""
from __future__ import annotations

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


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Return (normalised text, map) where map[i] is the original offset of normalised char i.

    The map has one extra entry, len(text), so an exclusive end maps too.
    """
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


def normalize(text: str) -> str:
    """Normalised form of a lexicon entry or query (same folding as the text)."""
    return " ".join("".join(normalize_char(c) for c in text).split())


def is_arabic_letter(c: str) -> bool:
    return "\u0621" <= c <= "\u064a" or "\u0671" <= c <= "\u06d3"


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"
