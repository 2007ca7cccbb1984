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


def test_a_governorate_named_beside_a_village_picks_that_village(tmp_path, monkeypatch):
    """Two villages share a name in two governorates (built gazetteer): 'X في محافظة نينوى' picks Nineveh's."""
    from marsad import Pipeline
    from marsad.geo.build import build
    from marsad.geo.gazetteer import Gazetteer
    from marsad.model import Article
    from marsad.stages.resources import default_resources
    import dataclasses

    def row(gid, lat, lon, a1):
        return "\t".join([str(gid), "Qaryat al-Ikhtibar", "Qaryat al-Ikhtibar", "", str(lat), str(lon), "P", "PPL",
                          "IQ", "", a1, "", "", "", "900", "", "0", "Asia/Baghdad", "2020-01-01"])
    src = tmp_path / "gn"
    (src / "alternatenames").mkdir(parents=True)
    (src / "IQ.txt").write_text(row(9100001, 33.4, 42.0, "01") + "\n" + row(9100002, 36.2, 42.9, "15") + "\n")
    (src / "alternatenames" / "IQ.txt").write_text("1\t9100001\tar\tالاختبار\t\t\t\t\n2\t9100002\tar\tالاختبار\t\t\t\t\n")
    build(["IQ"], src, tmp_path / "g.sqlite")
    monkeypatch.setenv("MARSAD_GAZETTEER", str(tmp_path / "g.sqlite"))
    # the place matcher lives in the gazetteer: a pipeline given the built one sees the villages
    pipe = Pipeline(resources=dataclasses.replace(default_resources(), gazetteer=Gazetteer()))
    [r] = pipe.process([Article("v", "قصفت طائرات حربية قرية الاختبار في محافظة نينوى اليوم.", published="2024-01-02")])
    assert r.events and r.events[0].admin1 == "Nineveh" and r.events[0].place_id == "geonames:9100002"
    [r] = pipe.process([Article("w", "قصفت طائرات حربية قرية الاختبار في محافظة الأنبار اليوم.", published="2024-01-02")])
    assert r.events and r.events[0].admin1 == "Al Anbar" and r.events[0].place_id == "geonames:9100001"


def test_base_noun_prefers_the_base_over_a_town_of_the_same_name():
    from marsad.geo.gazetteer import default_gazetteer
    from marsad.geo.linking import SITE_NOUNS
    assert "قاعده" in SITE_NOUNS and default_gazetteer().candidates("قاعدة حرير")[0].kind == "site"


def test_every_point_in_iraq_gets_its_district(run):
    e = run("قصفت طائرات حربية مواقع في مدينة الفلوجة اليوم.").events[0]
    assert e.admin1 == "Al Anbar" and e.admin2 == "Falluja District"
    assert e.provenance["admin2"].startswith("admin2.nearest_centroid")


def test_a_district_named_alone_has_precision_2(run):
    e = run("قصفت طائرات حربية مواقع في قضاء سنجار اليوم.").events[0]
    assert e.place_id.startswith("admin2:IQ.") and e.geo_precision == 2 and e.admin1 == "Nineveh"


def test_district_table_covers_iraq_and_syria():
    from marsad.geo.gazetteer import default_gazetteer
    units = default_gazetteer().admin2_units
    assert len({u[1] for u in units}) > 150
    assert {u[0] for u in units} >= {"Al Anbar", "Nineveh", "Aleppo", "Deir ez-Zor"}


def test_an_iraqi_subdistrict_named_with_nahiya_is_placed_at_it(run):
    e = run("سقطت قذيفة هاون على ناحية البغدادي غربي الأنبار اليوم.").events[0]
    assert e.place_id.startswith("admin3:IQG01") and e.admin1 == "Al Anbar"
    assert e.admin2 == "Hit District" and e.admin3 == "Al-Baghdady" and e.geo_precision == 2


def test_a_bare_subdistrict_name_is_a_place_only_after_a_locative(run):
    e = run("هاجم مسلحون نقطة للجيش في الضلوعية بالأسلحة المتوسطة اليوم.").events[0]
    assert e.place_id.startswith("admin3:") and e.admin1 == "Salah ad Din"
    from marsad.geo.gazetteer import default_gazetteer
    g = default_gazetteer()
    assert "الضلوعيه" in g.guarded


def test_a_subdistrict_whose_name_is_a_common_word_needs_nahiya():
    from marsad.geo.gazetteer import default_gazetteer
    g = default_gazetteer()
    # Al-Shamal (Sinjar) is also "the north"; Al-Baghdadi is also a surname
    assert not any(p.startswith("admin3:") for p in g.names.get("الشمال", []))
    assert not any(p.startswith("admin3:") for p in g.names.get("البغدادي", []))
    assert any(p.startswith("admin3:") for p in g.names.get("ناحيه البغدادي", []))


def test_kafr_villages_match_spaced_and_joined(run):
    a = run("شنت طائرة مسيرة غارة على بلدة كفركلا جنوبي لبنان اليوم.").events[0]
    b = run("شنت طائرة مسيرة غارة على بلدة كفر كلا جنوبي لبنان اليوم.").events[0]
    assert a.place_id == b.place_id and a.location == "Kfar Kila"


def test_a_place_that_is_also_an_actor_is_the_target_after_ala(run):
    e = run("أطلقت فصائل مسلحة طائرات مسيرة من إدلب على قاعدة حميميم اليوم.").events[0]
    assert e.place_id == "site:hmeimim"
