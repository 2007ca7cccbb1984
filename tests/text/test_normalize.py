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
