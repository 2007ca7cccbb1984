from marsad.geo.gazetteer import default_gazetteer


def test_curated_site_with_arabic_variants():
    g = default_gazetteer()
    for name in ("قاعدة عين الأسد", "عين الاسد"):
        [p] = [c for c in g.candidates(name) if c.kind == "site"]
        assert p.name == "Ain al-Asad Air Base" and p.admin1 == "Al Anbar"
        assert abs(p.latitude - 33.786) < 0.05


def test_city_from_geonames_has_admin1_in_geonames_spelling():
    g = default_gazetteer()
    cities = [c for c in g.candidates("الموصل") if c.kind == "city"]
    assert cities and cities[0].admin1 == "Nineveh" and cities[0].country == "Iraq"


def test_governorates_of_iraq_and_syria_are_all_present():
    g = default_gazetteer()
    iq = [p for k, p in g.admin1_by_code.items() if k.startswith("IQ.")]
    sy = [p for k, p in g.admin1_by_code.items() if k.startswith("SY.")]
    assert len(iq) == 18 and len(sy) == 14
    assert g.admin1("Rural Damascus").name == "Rif-dimashq"


def test_common_words_are_not_town_names():
    g = default_gazetteer()
    assert not [c for c in g.candidates("الخميس") if c.kind == "city"]


def test_info_reports_the_embedded_gazetteer():
    info = default_gazetteer().info()
    assert info["source"] == "embedded" and info["site"] > 90 and info["city"] > 1000
