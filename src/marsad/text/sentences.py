"""Sentence splitting on the original text.

News Arabic uses . ؟ ! and line breaks; the Arabic comma does not end a
sentence. Abbreviation-like dots between digits (3.5) are kept inside.
"""
from __future__ import annotations

import re

from ..model import Sentence, Span

_END = re.compile(r"(?<!\d)[.!?؟](?!\d)[\"'»”)\]]*|\n+")
_PARA = re.compile(r"\n\s*\n")


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    para_breaks = [m.start() for m in _PARA.finditer(text)]
    pos = 0
    para = 0
    pb = 0

    def add(s: int, e: int) -> None:
        nonlocal para, pb
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s < 2:
            return
        while pb < len(para_breaks) and para_breaks[pb] < s:
            para += 1
            pb += 1
        out.append(Sentence(Span(s, e), para, len(out)))

    for m in _END.finditer(text):
        end = m.end() if not m.group().startswith("\n") else m.start()
        add(pos, end)
        pos = m.end()
    add(pos, len(text))
    # a line break also starts a paragraph in single-newline texts
    if not para_breaks:
        para = 0
        prev_end = 0
        for s in out:
            if "\n" in text[prev_end:s.span.start]:
                para += 1
            s.paragraph = para
            prev_end = s.span.end
    return out
