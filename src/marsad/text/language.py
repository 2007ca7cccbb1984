"""Language identification by script: enough to route Arabic vs other text.

A document is Arabic when Arabic-script letters are the majority of its
letters. Anything else is reported with the dominant script so the rejection
reason is informative.
"""
from __future__ import annotations


def identify(text: str, sample: int = 4000) -> tuple[str, float]:
    """Return (language code, confidence) for the first `sample` characters."""
    arabic = latin = other = 0
    for c in text[:sample]:
        if not c.isalpha():
            continue
        if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufeff":
            arabic += 1
        elif c.isascii() or "\u00c0" <= c <= "\u024f":
            latin += 1
        else:
            other += 1
    total = arabic + latin + other
    if total == 0:
        return "und", 0.0
    if arabic / total >= 0.5:
        return "ar", arabic / total
    if latin / total >= 0.5:
        return "en", latin / total
    return "und", max(arabic, latin, other) / total
