def test_threat_with_speaker_and_addressee(run):
    r = run("وحذرت حركة النجباء القوات الأميركية من أنها ستواجه ردا قاسيا.")
    assert [(s.type, s.actor1, s.actor2) for s in r.statements] == [
        ("THREATEN", "Harakat al-Nujaba", "Military Forces of the United States")]


def test_demand_for_withdrawal(run):
    r = run("وطالبت الحكومة العراقية بوضع جدول زمني لانسحاب القوات الأميركية.")
    assert [(s.type, s.actor1) for s in r.statements] == [("DEMAND", "Government of Iraq")]


def test_rejection_of_a_truce_is_reject_not_agree(run):
    r = run('وقال القيادي في عصائب أهل الحق إنه "لا هدنة مع الولايات المتحدة".')
    assert [(s.type, s.actor1) for s in r.statements] == [("REJECT", "Asaib Ahl al-Haq")]


def test_following_sentence_keeps_the_speaker(run):
    r = run('قال المتحدث باسم الخارجية الروسية إن الضربات غير مقبولة.\nوأضاف: "نطالب بوقف فوري للعمليات".')
    assert ("DEMAND", "Government of Russia") in [(s.type, s.actor1) for s in r.statements]


def test_statement_date_defaults_to_publication(run):
    r = run("ودعت الأمم المتحدة جميع الأطراف إلى ضبط النفس.", published="2024-03-01")
    assert r.statements and r.statements[0].date == "2024-03-01"
