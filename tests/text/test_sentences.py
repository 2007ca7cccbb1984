from marsad.text.sentences import split_sentences


def test_splits_on_arabic_question_mark_period_and_newline_not_on_comma():
    text = "قال المصدر، إن الهجوم وقع. هل انتهى؟\nعنوان جديد"
    parts = [text[s.span.start:s.span.end] for s in split_sentences(text)]
    assert parts == ["قال المصدر، إن الهجوم وقع.", "هل انتهى؟", "عنوان جديد"]


def test_decimal_point_does_not_split():
    text = "ارتفعت النسبة 3.5 بالمئة اليوم."
    assert len(split_sentences(text)) == 1


def test_paragraph_numbers_increase_on_blank_lines():
    text = "الأولى.\n\nالثانية."
    assert [s.paragraph for s in split_sentences(text)] == [0, 1]
