from marsad.text.matcher import LexiconMatcher
from marsad.text.normalize import normalize


def _find(forms, text, suffix=False):
    m = LexiconMatcher((f, f, suffix) for f in forms)
    n = normalize(text)
    return [(n[h.start:h.end], h.prefix) for h in m.find(n)]


def test_matches_after_clitic_prefixes():
    assert _find(["الجيش العراقي"], "وبالجيش العراقي") == [("الجيش العراقي", "وب")]


def test_lam_plus_article_contraction_is_matched():
    assert _find(["الاحتلال الأميركي"], "طرد للاحتلال الأميركي") == [("لاحتلال الاميركي", "ل")]


def test_does_not_match_inside_a_longer_word():
    assert _find(["عين"], "معين") == []
    assert _find(["عين"], "عينات") == []


def test_suffix_allowed_only_when_entry_says_so():
    assert _find(["استهدف"], "استهدفتها", suffix=True) == [("استهدف", "")]
    assert _find(["استهدف"], "استهدفتها", suffix=False) == []


def test_longest_match_wins():
    assert _find(["حزب الله", "كتائب حزب الله"], "كتائب حزب الله") == [("كتايب حزب الله", "")]
