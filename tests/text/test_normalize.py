from marsad.text.normalize import normalize, normalize_with_map


def test_folds_alef_forms_taa_marbuta_and_alef_maqsura():
    assert normalize("أإآ مدرسة مستشفى") == "ااا مدرسه مستشفي"


def test_drops_diacritics_and_tatweel_but_keeps_map_to_original_offsets():
    text = "قُصِفَت الـقاعدة"
    norm, omap = normalize_with_map(text)
    assert norm == "قصفت القاعده"
    i = norm.index("القاعده")
    assert text[omap[i]:omap[i + len("القاعده") - 1] + 1] == "الـقاعدة"
    assert omap[-1] == len(text)


def test_arabic_indic_digits_become_ascii():
    assert normalize("٢٦/٠١/٢٠٢٤") == "26/01/2024"


def test_the_fast_offset_map_equals_the_per_character_definition():
    import random

    from marsad.text.normalize import _normalize_with_map_slow, normalize_char, normalize_with_map
    rnd = random.Random(7)
    alphabet = list('ab AB  "«»ـًٌٍَُِّْأإآةى٠١٢—\u200f\u00a0\x00xZ\uffffقصف ')
    samples = ["", " ", "  \u200f  ", "قصف «عنيف» على  الموصل", "ABC\u00a0\u00a0def"]
    samples += ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40))) for _ in range(3000)]
    for s in samples:
        assert normalize_with_map(s) == _normalize_with_map_slow(s), repr(s)
        assert normalize(s) == " ".join("".join(normalize_char(c) for c in s).split())
