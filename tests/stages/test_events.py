"""Event assembly on short made-up Arabic reports."""


def _events(run, text, published="2024-02-03"):
    return run(text, published).events


def test_rocket_attack_on_a_base_gives_one_placed_event(run):
    evs = _events(run, "تعرضت القوات الأميركية في قاعدة عين الأسد الجوية، فجر اليوم، لهجوم بثلاثة صواريخ كاتيوشا.")
    assert len(evs) == 1
    e = evs[0]
    assert e.event_type == "Explosions/Remote violence"
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    assert e.location == "Ain al-Asad Air Base" and e.admin1 == "Al Anbar" and e.geo_precision == 1
    assert e.weapons == ["rocket"] and e.event_date == "2024-02-03" and e.time_precision == 1
    assert e.actor2 == "Military Forces of the United States"


def test_two_bases_named_in_one_sentence_are_two_events(run):
    evs = _events(run, "أفادت مصادر بأن طائرة مسيرة استهدفت أمس قاعدتي خراب الجير والشدادي في ريف الحسكة.")
    assert sorted(e.location for e in evs) == ["Al-Shaddadi", "Kharab al-Jir"]
    assert all(e.sub_event_type == "Air/drone strike" and e.event_date == "2024-02-02" for e in evs)


def test_negated_and_future_attacks_are_not_events(run):
    assert _events(run, "لم تستهدف أي صواريخ قاعدة عين الأسد اليوم.") == []
    r = run("وهددت كتائب حزب الله بأنها ستستهدف قاعدة عين الأسد بالصواريخ إذا لم تنسحب القوات الأميركية.")
    assert r.events == []
    assert [s.type for s in r.statements] == ["THREATEN"]
    assert r.statements[0].actor1 == "Kataib Hezbollah"


def test_football_attack_is_not_an_event(run):
    text = ("الزوراء يفوز في الدوري\nشن لاعبو الفريق هجوما قويا في الشوط الثاني وسجل المهاجم هدفين في مرمى "
            "الحارس ليفوز النادي في مباراة الدوري على ملعب بغداد أمام الجمهور في البطولة.")
    assert _events(run, text) == []


def test_count_of_operations_is_one_aggregate_record(run):
    evs = _events(run, "أعلنت المقاومة الإسلامية في العراق تنفيذ 7 عمليات ضد القواعد الأميركية في العراق وسوريا أمس.")
    aggs = [e for e in evs if e.aggregate]
    assert len(aggs) == 1 and aggs[0].count == 7
    assert set(aggs[0].country.split("; ")) == {"Iraq", "Syria"}
    assert aggs[0].actor1 == "Islamic Resistance in Iraq" and aggs[0].claim_status == "claimed"


def test_fatalities_in_words_and_explicit_none(run):
    e = _events(run, "قتل خمسة مدنيين في انفجار عبوة ناسفة في مدينة الصدر ببغداد اليوم.")[0]
    assert e.fatalities == 5 and e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.location == "Sadr City"
    e = _events(run, "سقطت قذيفة هاون قرب مطار بغداد الدولي دون وقوع إصابات.")[0]
    assert e.fatalities == 0


def test_vague_fatalities_stay_unknown(run):
    e = _events(run, "قتل العشرات في غارة جوية على بلدة دوما اليوم.")[0]
    assert e.fatalities is None


def test_sentences_about_one_attack_merge_and_keep_all_evidence(run):
    text = ("استهدف هجوم بطائرة مسيرة مطار أربيل الدولي مساء أمس.\n"
            "وقال مسؤول إن الهجوم على مطار أربيل لم يسفر عن إصابات.")
    evs = _events(run, text)
    assert len(evs) == 1
    assert len(evs[0].evidence) == 2


def test_evidence_offsets_point_into_the_original_text(run):
    text = "عنوان\nقصفت المدفعية التركية قرى في ريف دهوك اليوم."
    r = run(text)
    ev = r.events[0].evidence[0]
    assert text[ev.start:ev.end] == ev.text and "قصفت" in ev.text


def test_claimed_when_the_group_announces_it(run):
    e = _events(run, "أعلنت كتائب حزب الله مسؤوليتها عن استهداف قاعدة حرير بطائرتين مسيرتين اليوم.")[0]
    assert e.actor1 == "Kataib Hezbollah" and e.claim_status == "claimed"


def test_governorate_only_mention_has_precision_3(run):
    e = _events(run, "قصفت طائرات حربية مواقع في محافظة إدلب اليوم.")[0]
    assert e.admin1 == "Idlib" and e.geo_precision == 3


def test_countryside_of_a_town_has_precision_2(run):
    e = _events(run, "قصفت طائرات حربية مواقع في ريف دير الزور اليوم.")[0]
    assert e.admin1 == "Deir ez-Zor" and e.geo_precision == 2


def test_every_field_records_its_provenance(run):
    e = _events(run, "تعرضت قاعدة عين الأسد لهجوم صاروخي أمس.")[0]
    for key in ("trigger", "date", "place", "claim_status", "fatalities"):
        assert key in e.provenance
    assert e.provenance["date"].startswith("date.relative_day")


def test_no_casualties_in_a_follow_up_sentence(run):
    text = ("تعرضت القوات الأميركية في قاعدة عين الأسد الجوية، فجر اليوم، لهجوم بثلاثة صواريخ.\n"
            "وأعلنت المقاومة الإسلامية في العراق مسؤوليتها عن الهجوم.\n"
            "ولم يسفر الهجوم عن إصابات.")
    [e] = _events(run, text)
    assert e.fatalities == 0 and e.claim_status == "claimed" and e.actor1 == "Islamic Resistance in Iraq"
    assert e.provenance["actor1"].startswith("actor1.claimant")


def test_protesters_burning_a_building_is_a_riot_by_rioters(run):
    e = _events(run, "أحرق متظاهرون غاضبون مبنى المحافظة وسط مدينة البصرة مساء أمس.")[0]
    assert (e.event_type, e.sub_event_type, e.actor1) == ("Riots", "Violent demonstration", "Rioters (Iraq)")


def test_live_fire_on_protesters_is_excessive_force(run):
    e = _events(run, "قتل متظاهر برصاص القوات الأمنية خلال تظاهرة في مدينة الناصرية اليوم، وأطلقت قوات الأمن الرصاص الحي.")[0]
    assert e.sub_event_type == "Excessive force against protesters" and e.actor2 == "Protesters (Iraq)"


def test_peaceful_protest_has_protesters_as_actor1(run):
    e = _events(run, "خرج مئات المتظاهرين اليوم في تظاهرة سلمية وسط مدينة البصرة للمطالبة بالخدمات.")[0]
    assert (e.event_type, e.sub_event_type, e.actor1) == ("Protests", "Peaceful protest", "Protesters (Iraq)")


def test_the_city_refers_to_the_town_named_before(run):
    text = ("تشهد مدينة البصرة احتجاجات منذ أيام.\n"
            "وأضرم محتجون النار في مقر حزب في المدينة مساء أمس.")
    riots = [e for e in _events(run, text) if e.event_type == "Riots"]
    assert riots and riots[0].location == "Basrah" and "anaphora" in riots[0].provenance["place"]


def test_an_aim_is_not_an_event(run):
    assert not [e for e in _events(run, "حشدت القوات تعزيزات لاستعادة السيطرة على مدينة إدلب.")
                if e.event_type == "Battles"]


def test_ceasefire_is_not_a_shooting(run):
    assert _events(run, "أعلن الطرفان وقف إطلاق النار في مدينة درعا اليوم.") == []


def test_a_bearing_is_not_the_place_of_the_event(run):
    evs = _events(run, "تظاهر المئات في مدينة الناصرية جنوب بغداد اليوم.")
    assert [e.location for e in evs] == ["Nasiriyah"]


def test_an_actor_named_by_its_act_reports_the_act_when_it_is_the_subject(run):
    # "غارة إسرائيلية" is a name of the Israeli military and also the airstrike itself
    e = run("دمرت غارة إسرائيلية مبنى في مدينة القنيطرة اليوم.").events[0]
    assert e.sub_event_type == "Air/drone strike" and e.actor1 == "Military Forces of Israel"


def test_an_act_named_inside_an_object_phrase_is_not_an_event(run):
    r = run("دعا الأكراد في عفرين الحكومة السورية إلى مواجهة الهجوم التركي.")
    assert not [e for e in r.events if e.event_type == "Battles"]


def test_an_actor_is_never_its_own_counterpart(run):
    for text in ("اغتال مسلحون مجهولون مختارا في مدينة الموصل اليوم أمام منزله برصاص مسلحين.",
                 "قتل ضابط في الشرطة برصاص مسلحين اليوم في مدينة بعقوبة، بحسب مصدر أمني."):
        for e in run(text).events:
            assert e.actor1 != e.actor2, (text, e.actor1)


def test_violence_against_civilians_without_a_named_victim_has_civilians_as_actor2(run):
    e = run("اغتال مسلحون مجهولون مختارا في مدينة الموصل اليوم أمام منزله.").events[0]
    assert e.event_type == "Violence against civilians" and e.actor2 == "Civilians (Iraq)"


def test_a_rigged_drone_is_a_drone_strike_not_an_ied(run):
    e = run("سقطت طائرة مسيرة مفخخة داخل قاعدة حرير في أربيل اليوم.").events[0]
    assert e.sub_event_type == "Air/drone strike" and "ied" not in e.weapons


def test_on_the_city_of_is_not_over_the_span_of(run):
    # "على مدينة" must not read as the aggregate cue "على مدى" plus a suffix
    e = run("شنت طائرات حربية غارات على مدينة الموصل اليوم.").events[0]
    assert not e.aggregate and e.location == "Mosul"
