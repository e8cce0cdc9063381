"""Due dates read from the timelines and deadlines officers write (real phrasings of the six Zemgale plans)."""

from datetime import date

import pytest
import yaml
from django.conf import settings

from worksheets.followup.due_dates import due_date_from_text

PHRASINGS = [
    # the brief's and the template's examples
    ("2026. gada pirmā puse", date(2026, 6, 30)),
    ("2026. gada 1. ceturksnis", date(2026, 3, 31)),
    ("līdz 2026. gada 31. martam", date(2026, 3, 31)),
    ("2027", date(2027, 12, 31)),
    ("2025. gada septembris - novembris", date(2025, 11, 30)),
    # worksheet 7 timelines of the plans (seeds/001)
    ("2025-2026", date(2026, 12, 31)),
    ("2025–2027", date(2027, 12, 31)),
    ("2026-2027", date(2027, 12, 31)),
    ("2025. gada oktobris", date(2025, 10, 31)),
    ("2025. gada oktobris -2026. gada februāris", date(2026, 2, 28)),
    ("2025. gada oktobris -2026. gada janvāris", date(2026, 1, 31)),
    ("2025.gada decembris", date(2025, 12, 31)),
    ("2026. gada marts", date(2026, 3, 31)),
    ("2026. gada septembris", date(2026, 9, 30)),
    ("2026. gada sākums", date(2026, 3, 31)),
    ("2027. gads\n2026. gada pirmā puse", date(2027, 12, 31)),
    ("01.2026.\n2025./2026. mācību gads", date(2026, 1, 31)),
    # worksheet 11 deadlines
    ("2025.gada novembris- decembris", date(2025, 12, 31)),
    ("2025.gads", date(2025, 12, 31)),
    ("2026. gada 2. ceturksnis", date(2026, 6, 30)),
    ("2026. gada 2.–3. ceturksnis", date(2026, 9, 30)),
    ("2026.gada maijs", date(2026, 5, 31)),
    ("2026.gada oktobris", date(2026, 10, 31)),
    # other usual ways of writing a period
    ("2026. gada 2. pusgads", date(2026, 12, 31)),
    ("II pusgads 2026", date(2026, 12, 31)),
    ("2026. gada otrajā pusē", date(2026, 12, 31)),
    ("līdz 31.03.2026.", date(2026, 3, 31)),
    ("2026. gada IV ceturksnis", date(2026, 12, 31)),
    ("2026. gada beigas", date(2026, 12, 31)),
    ("2026-05-15", date(2026, 5, 15)),
]

NO_DATE = [
    "",
    "Katru gadu - pavasaris",
    "Katru gadu - pavasaris\nKatru gadu - rudens",
    "Katru gadu - pavasaris, rudens, gada nogale",
    "Katru gadu decembrī",
    "Reizi gadā",
    "Reizi gadā (piemēram, 2026. gada septembrī)",
    "Reizi gadā (ikgadējā izvērtēšana)",
    "Reizi divos gados vai pēc būtisku izmaiņu nepieciešamības",
    "Monitorings ik gadu",
    "1x gadā",
    "Vismaz 1x gadā",
    "Divas reizes gadā",
    "Regulāri",
    "Regulāri- pēc pieprasījuma",
    "Pēc pieprasījuma",
    "2025–2027 (regulāra uzraudzība, vismaz 1 reizi pusgadā)",
    "202_. II ceturksnis",
    "202_. III cet.–202_. II cet.",
    "202_.–202_. gads",
    "202_. gada _ ceturksnis (atkārtoti – pēc vajadzības)",
    "Katrai aktivitātei noteiktajā laikā",
    "Rīcības plāna iesniegšanas datums",
    "sākot ar 2026. gada janvāri",
    "31.02.2026",
]


@pytest.mark.parametrize(("text", "expected"), PHRASINGS)
def test_due_date_is_the_end_of_the_latest_period_named(text, expected):
    assert due_date_from_text(text) == expected


@pytest.mark.parametrize("text", NO_DATE)
def test_recurring_open_or_blank_timelines_have_no_due_date(text):
    assert due_date_from_text(text) is None


def test_every_real_timeline_of_the_seed_plans_reads_without_error():
    texts = []
    for path in sorted((settings.BASE_DIR / "fixtures" / "plans").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [row.get("timeline", "") for row in document["worksheets"].get(7) or []]
        texts += [row.get("deadline", "") for row in document["worksheets"].get(11) or []]
    dates = [result for result in map(due_date_from_text, texts) if result is not None]
    # 52 activities (ws 7) and 37 monitoring activities (ws 11) in the six plans; 41 of them read as a date
    assert (len(texts), len(dates)) == (89, 41)
    assert (min(dates), max(dates)) == (date(2025, 10, 31), date(2028, 12, 31))  # within the plans' periods
