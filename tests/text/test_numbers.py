from marsad.text.normalize import normalize
from marsad.text.numbers import parse_number_at


def _num(s):
    n = normalize(s)
    r = parse_number_at(n, 0)
    return r[0] if r else "none"


def test_digits_and_arabic_indic_digits():
    assert _num("35 شخصا") == 35
    assert _num("٣٥ شخصا") == 35


def test_number_words_with_clitic_and_compounds():
    assert _num("بثلاثة صواريخ") == 3
    assert _num("خمسين هجوما") == 50
    assert _num("خمسة وعشرين قتيلا") == 25
    assert _num("إحدى عشرة عملية") == 11


def test_vague_quantities_are_none():
    assert _num("عشرات الصواريخ") is None


def test_dual_noun_counts_two():
    assert _num("صاروخين") == 2


def test_not_a_number():
    assert _num("القاعدة") == "none"
