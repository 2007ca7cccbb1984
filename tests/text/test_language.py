from marsad.text.language import identify


def test_arabic_text_is_arabic():
    assert identify("استهدفت طائرة مسيرة قاعدة عسكرية")[0] == "ar"


def test_english_text_is_english():
    assert identify("A drone struck a military base near Erbil")[0] == "en"


def test_no_letters_is_undetermined():
    assert identify("12345 !!!")[0] == "und"
