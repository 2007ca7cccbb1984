"""A made-up corpus for ingest tests: short Arabic reports built from templates (deterministic)."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

PLACES = ["الموصل", "تكريت", "بعقوبة", "الفلوجة", "الرمادي", "كركوك", "سامراء", "حديثة", "القائم", "تلعفر",
          "دير الزور", "الميادين", "البوكمال", "الرقة", "منبج", "إدلب", "درعا", "حماة", "حمص", "تدمر"]
EVENTS = [
    "انفجرت عبوة ناسفة {day} في سوق شعبي وسط مدينة {place}، ما أدى إلى مقتل {n} أشخاص.",
    "قصفت طائرات حربية {day} مواقع لمسلحين في أطراف مدينة {place} وأوقعت {n} قتلى.",
    "اغتال مسلحون مجهولون {day} مختارا في مدينة {place} بإطلاق النار عليه أمام منزله.",
    "سقطت قذائف هاون {day} على حي سكني في مدينة {place} وأصيب {n} مدنيين.",
    "اندلعت اشتباكات عنيفة {day} بين قوات الأمن ومسلحين في مدينة {place} قتل فيها {n} مسلحين.",
]
OUTLETS = ["outlet-a", "outlet-b", "outlet-c"]
DAYS = ["اليوم", "أمس"]


def synthetic_articles(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    start = date(2024, 1, 1)
    i = 0
    while len(out) < n:
        place = PLACES[i % len(PLACES)]
        day = start + timedelta(days=i // 3)
        tmpl = EVENTS[i % len(EVENTS)]
        # one event, told by one to three outlets (published that day or the next)
        for k, outlet in enumerate(OUTLETS[: 1 + rnd.randrange(3)]):
            late = k % 2
            text = tmpl.format(place=place, day=DAYS[late], n=2 + rnd.randrange(5))
            out.append({"id": f"syn-{i}-{k}", "outlet": outlet, "url": f"https://{outlet}.example/{i}/{k}",
                        "published": (day + timedelta(days=late)).isoformat(),
                        "text": f"خبر عاجل من {place} رقم {i}-{k}\n{text}"})
            if len(out) == n:
                break
        i += 1
    return out


def write_corpus(path: Path, n: int, seed: int = 7) -> Path:
    rows = synthetic_articles(n, seed)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path
