import pytest

from marsad.model import Article
from marsad.stages.dates import resolve_dates
from marsad.stages.prepare import normalize_stage
from marsad.stages.resources import default_resources


def _dates(text, published="2021-07-31"):   # a Saturday
    doc = Article(id="d", text=text, published=published)
    normalize_stage(doc, None, {})
    return [(d.date, d.precision, d.method.split(":")[0]) for d in resolve_dates(doc, default_resources())]


@pytest.mark.parametrize("text,expected", [
    ("وقع الهجوم اليوم", "2021-07-31"),
    ("وقع الهجوم أمس", "2021-07-30"),
    ("فجر اليوم", "2021-07-31"),
    ("ليل الخميس الماضي", "2021-07-29"),
    ("الجمعة الماضية", "2021-07-30"),
    ("يوم السبت الماضي", "2021-07-24"),     # 'last Saturday' read on a Saturday is a week back
    ("يوم 19 يوليو", "2021-07-19"),
    ("في 19 تموز 2020", "2020-07-19"),
    ("السابع من تشرين الأول/أكتوبر 2023", "2023-10-07"),
    ("٢٦/٠١/٢٠٢٤", "2024-01-26"),
])
def test_resolves_day_expressions_against_publication(text, expected):
    got = _dates(text)
    assert got and got[0][0] == expected and got[0][1] == 1, got


def test_last_week_has_week_precision():
    assert _dates("الأسبوع الماضي")[0][1] == 2


def test_month_and_year_has_month_precision():
    d = _dates("في أبريل/ نيسان 2017")[0]
    assert d[:2] == ("2017-04-01", 3)


def test_hijri_date_is_converted():
    d = _dates("في 14 رجب 1445 هـ")[0]
    assert d[0] == "2024-01-26" and d[2] == "date.hijri"


def test_future_weekday_is_flagged():
    doc = Article(id="d", text="الجمعة المقبلة", published="2021-07-31")
    normalize_stage(doc, None, {})
    d = resolve_dates(doc, default_resources())[0]
    assert d.future and d.date == "2021-08-06"


def test_day_month_without_year_in_january_is_last_year():
    assert _dates("يوم 30 ديسمبر", published="2024-01-05")[0][0] == "2023-12-30"


def test_relative_date_without_publication_date_is_unresolved():
    assert _dates("أمس", published=None)[0][0] is None


def test_month_without_year_is_the_latest_past_month():
    assert _dates("استهدفت الغارة في يونيو القاعدة", published="2018-09-03")[0][:2] == ("2018-06-01", 3)
    assert _dates("في نوفمبر الماضي", published="2018-03-01")[0][:2] == ("2017-11-01", 3)


def test_campaign_duration_is_dated_to_its_first_day():
    d = _dates("القصف المستمر منذ عشرة أيام على المدينة", published="2018-02-27")[0]
    assert d[:2] == ("2018-02-18", 2) and d[2] == "date.duration_start"
