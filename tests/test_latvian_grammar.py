"""Latvian (and Lithuanian, English) that reads right: the three plural forms of every count, participles that
agree with the gender of the row's kind ("dzēsta aktivitāte", "dzēsts mērķis"), a council decision's "Nr." never
doubled, and dates in the case their sentence needs ("apstiprināta 2026. gada 30. novembrī").

The expected texts are written out literally: they are what the catalogues must say. To try the catalogues of a
change before they are merged into ``locale/``, point ``SEIMPACT_TEST_LOCALE_DIR`` at a compiled copy (read only
here, through the ``settings`` fixture): ``SEIMPACT_TEST_LOCALE_DIR=/tmp/copy/locale pytest tests/test_latvian_grammar.py``.
"""

import datetime
import re
import subprocess
from datetime import UTC
from unittest import mock

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from indicators.models import CoreIndicator
from indicators.services import IndicatorInUse
from municipalities.languages import store_preferred_language
from seimpact.lib.excel import cut_note
from worksheets.editing.history import ADDED, CHANGED, DELETED, MOVED, RESTORED, ROW_EVENTS, worksheet_history
from worksheets.editing.page_data import existing_rows, post_data
from worksheets.editing.services import SaveResult
from worksheets.exports.pdf import version_pdf
from worksheets.models import PlanVersion
from worksheets.registry import ALL_TABLES, get_worksheet
from worksheets.review.lifecycle import plan_transition
from worksheets.review.versions import decision_number_text
from worksheets.views.worksheets import row_changes, save_message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def latvian():
    """Latvian active, as the interface is by default."""
    translation.activate("lv")
    yield
    translation.activate("lv")


# --- plural forms -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "expected"),
    [(40001, "viss teksts 40001 rakstzīmes garumā"), (40002, "viss teksts 40002 rakstzīmju garumā")],
)
def test_a_cut_spreadsheet_cell_names_the_whole_length_in_the_form_of_its_number(length, expected):
    assert expected in cut_note(length)


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "ievadījušas 1 vērtību"), (3, "ievadījušas 3 vērtības"), (12, "ievadījušas 12 vērtību")],
)
def test_a_core_indicator_in_use_names_its_values_in_the_form_of_their_number(
    client, coordinator, zemgale, count, expected
):
    indicator = CoreIndicator.objects.create(region=zemgale, code="ZR1", name="Sociālie uzņēmumi")
    with mock.patch("indicators.services.core_indicator_delete", side_effect=IndicatorInUse(count)):
        client.force_login(coordinator)
        response = client.post(reverse("indicators:core_delete", args=[zemgale.slug, indicator.pk]), follow=True)
    assert expected in response.content.decode()


# n → the Latvian form: [0] for 0, 10–20, 30 … and 11–19, 111 …; [1] for 1, 21, 101 …; [2] for 2–9, 22 …
LATVIAN_DELETED = {
    0: "dzēsts 0 rindu",
    1: "dzēsta 1 rinda",
    2: "dzēstas 2 rindas",
    5: "dzēstas 5 rindas",
    10: "dzēsts 10 rindu",
    11: "dzēsts 11 rindu",
    19: "dzēsts 19 rindu",
    21: "dzēsta 21 rinda",
    22: "dzēstas 22 rindas",
    101: "dzēsta 101 rinda",
    111: "dzēsts 111 rindu",
}
# Lithuanian: [0] for 1, 21, 101 …; [1] for 2–9, 22 …; [2] for 0, 10–20, 11–19, 111 …
LITHUANIAN_DELETED = {
    0: "ištrinta 0 eilučių",
    1: "ištrinta 1 eilutė",
    2: "ištrintos 2 eilutės",
    5: "ištrintos 5 eilutės",
    10: "ištrinta 10 eilučių",
    11: "ištrinta 11 eilučių",
    19: "ištrinta 19 eilučių",
    21: "ištrinta 21 eilutė",
    22: "ištrintos 22 eilutės",
    101: "ištrinta 101 eilutė",
    111: "ištrinta 111 eilučių",
}


def deleted_rows(count: int) -> str:
    return ngettext("%(count)s row deleted", "%(count)s rows deleted", count) % {"count": count}


@pytest.mark.parametrize(("count", "expected"), LATVIAN_DELETED.items())
def test_deleted_rows_take_the_latvian_form_of_their_number(count, expected):
    assert deleted_rows(count) == expected


@pytest.mark.parametrize(("count", "expected"), LITHUANIAN_DELETED.items())
def test_deleted_rows_take_the_lithuanian_form_of_their_number(count, expected):
    with translation.override("lt"):
        assert deleted_rows(count) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "Saglabāts: pievienota 1 rinda, mainīta 1 rinda, pārvietota 1 rinda un dzēsta 1 rinda."),
        (2, "Saglabāts: pievienotas 2 rindas, mainītas 2 rindas, pārvietotas 2 rindas un dzēstas 2 rindas."),
        (5, "Saglabāts: pievienotas 5 rindas, mainītas 5 rindas, pārvietotas 5 rindas un dzēstas 5 rindas."),
        (10, "Saglabāts: pievienots 10 rindu, mainīts 10 rindu, pārvietots 10 rindu un dzēsts 10 rindu."),
        (11, "Saglabāts: pievienots 11 rindu, mainīts 11 rindu, pārvietots 11 rindu un dzēsts 11 rindu."),
        (19, "Saglabāts: pievienots 19 rindu, mainīts 19 rindu, pārvietots 19 rindu un dzēsts 19 rindu."),
        (21, "Saglabāts: pievienota 21 rinda, mainīta 21 rinda, pārvietota 21 rinda un dzēsta 21 rinda."),
        (22, "Saglabāts: pievienotas 22 rindas, mainītas 22 rindas, pārvietotas 22 rindas un dzēstas 22 rindas."),
        (101, "Saglabāts: pievienota 101 rinda, mainīta 101 rinda, pārvietota 101 rinda un dzēsta 101 rinda."),
        (111, "Saglabāts: pievienots 111 rindu, mainīts 111 rindu, pārvietots 111 rindu un dzēsts 111 rindu."),
    ],
)
def test_the_save_message_counts_every_kind_of_change_in_the_right_form(count, expected):
    result = SaveResult(revision=2, added=count, changed=count, moved=count, deleted=count)
    assert save_message(result) == expected


@pytest.mark.parametrize(
    ("count", "fields", "kept"),
    [
        (1, "mainīts 1 lauks", "Saglabāta arī 1 izmaiņa, ko kolēģis pa to laiku veica."),
        (3, "mainīti 3 lauki", "Saglabātas arī 3 izmaiņas, ko kolēģis pa to laiku veica."),
        (10, "mainīts 10 lauku", "Saglabāts arī 10 izmaiņu, ko kolēģis pa to laiku veica."),
        (21, "mainīts 21 lauks", "Saglabāta arī 21 izmaiņa, ko kolēģis pa to laiku veica."),
    ],
)
def test_fields_and_a_colleagues_kept_changes_take_the_form_of_their_number(count, fields, kept):
    assert save_message(SaveResult(revision=2, fields=count, kept=count)) == f"Saglabāts: {fields}. {kept}"


def test_row_changes_leave_out_what_did_not_happen():
    assert row_changes(added=0, changed=12, moved=0, deleted=1) == ["mainīts 12 rindu", "dzēsta 1 rinda"]


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "Dzēsta 1 rinda"), (4, "Dzēstas 4 rindas"), (10, "Dzēsts 10 rindu"), (31, "Dzēsta 31 rinda")],
)
def test_the_version_comparison_counts_removed_rows_in_the_right_form(count, expected):
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} row removed{% plural %}"
        "{{ counter }} rows removed{% endblocktranslate %}"
    )
    assert template.render(Context({"n": count})) == expected


def test_every_count_of_the_latvian_catalogue_has_its_three_forms():
    """Each plural message of the compiled Latvian catalogue gives three forms, and none is left empty."""
    catalogue = translation.trans_real.translation("lv")._catalog
    plurals = {key: text for key, text in catalogue.items() if isinstance(key, tuple)}
    by_message: dict[str, set[int]] = {}
    for (msgid, index), text in plurals.items():
        assert text, msgid
        by_message.setdefault(msgid, set()).add(index)
    assert len(by_message) >= 40
    assert {msgid: indexes for msgid, indexes in by_message.items() if indexes != {0, 1, 2}} == {}


# --- gender: a row's kind and what happened to it, as one phrase -------------------------------------------------

# The Latvian and Lithuanian name of each table's rows and its gender ("m"/"f").
ROW_NAMES = {
    "documents": ("politikas dokuments", "m", "politikos dokumentas", "m"),
    "cooperation": ("sadarbības modelis", "m", "bendradarbiavimo modelis", "m"),
    "data": ("datu avots", "m", "duomenų šaltinis", "m"),
    "needs": ("mērķa grupas vajadzība", "f", "tikslinės grupės poreikis", "m"),
    "resources": ("resurss", "m", "išteklius", "m"),
    "goals": ("stratēģiskais mērķis", "m", "strateginis tikslas", "m"),
    "tasks": ("specifiskais uzdevums", "m", "konkretus uždavinys", "m"),
    "activities": ("aktivitāte", "f", "veikla", "f"),
    "indicators": ("rādītājs", "m", "rodiklis", "m"),
    "checklist": (
        "pašvaldības pievienotais kontrolsaraksta punkts",
        "m",
        "savivaldybės pridėtas kontrolinio sąrašo punktas",
        "m",
    ),
    "engagement": ("iesaistes aktivitāte", "f", "įtraukimo veikla", "f"),
    "risks": ("risks", "m", "rizika", "f"),
    "monitoring": ("uzraudzības aktivitāte", "f", "stebėsenos veikla", "f"),
}
LATVIAN_PARTICIPLES = {
    ADDED: {"m": "pievienots", "f": "pievienota"},
    CHANGED: {"m": "mainīts", "f": "mainīta"},
    DELETED: {"m": "dzēsts", "f": "dzēsta"},
    MOVED: {"m": "pārvietots", "f": "pārvietota"},
    RESTORED: {"m": "atjaunots", "f": "atjaunota"},
}
LITHUANIAN_PARTICIPLES = {
    ADDED: {"m": "pridėtas", "f": "pridėta"},
    CHANGED: {"m": "pakeistas", "f": "pakeista"},
    DELETED: {"m": "ištrintas", "f": "ištrinta"},
    MOVED: {"m": "perkeltas", "f": "perkelta"},
    RESTORED: {"m": "atkurtas", "f": "atkurta"},
}


def test_every_table_of_the_registry_has_its_phrases_and_no_other():
    assert sorted(ROW_EVENTS) == sorted(table.key for _worksheet, table in ALL_TABLES) == sorted(ROW_NAMES)
    for key, events in ROW_EVENTS.items():
        assert sorted(events) == sorted([ADDED, CHANGED, DELETED, MOVED, RESTORED]), key


@pytest.mark.parametrize("key", sorted(ROW_NAMES))
def test_latvian_participles_agree_with_the_rows_gender(key):
    name, gender, _lt_name, _lt_gender = ROW_NAMES[key]
    phrases = {kind: str(ROW_EVENTS[key][kind]) for kind in LATVIAN_PARTICIPLES}
    assert phrases == {kind: f"{forms[gender]} {name}" for kind, forms in LATVIAN_PARTICIPLES.items()}


@pytest.mark.parametrize("key", sorted(ROW_NAMES))
def test_lithuanian_participles_agree_with_the_rows_gender(key):
    _name, _gender, name, gender = ROW_NAMES[key]
    with translation.override("lt"):
        phrases = {kind: str(ROW_EVENTS[key][kind]) for kind in LITHUANIAN_PARTICIPLES}
    assert phrases == {kind: f"{forms[gender]} {name}" for kind, forms in LITHUANIAN_PARTICIPLES.items()}


def test_english_names_the_row_then_what_happened():
    with translation.override("en"):
        assert str(ROW_EVENTS["activities"][DELETED]) == "activity deleted"
        assert str(ROW_EVENTS["goals"][RESTORED]) == "strategic goal restored"


def test_the_history_page_says_deleted_and_restored_risk_in_agreement(client, editor, plan):
    """A risk (masculine in Latvian) deleted and brought back: "dzēsts risks", then "atjaunots risks"."""
    client.force_login(editor)
    rows = existing_rows(plan, get_worksheet(10).table("risks"))
    rows[1]["DELETE"] = True
    response = client.post(reverse("worksheets:worksheet", args=[plan.pk, 10]), post_data(plan, 10, {"risks": rows}))
    assert response.status_code == 302
    history = reverse("worksheets:history", args=[plan.pk, 10])
    badge = '<span class="badge text-bg-light border">{}</span>\n    “Ierobežota sadarbība'
    page = client.get(history).content.decode()
    assert page.count(badge.format("dzēsts risks")) == 1
    assert client.post(reverse("worksheets:restore_row", args=[plan.pk, 10, "risks", rows[1]["id"]])).status_code == 302
    entries = worksheet_history(plan, get_worksheet(10))
    assert [(entry.kind, entry.kind_label) for entry in entries[:2]] == [
        (RESTORED, "atjaunots risks"),
        (DELETED, "dzēsts risks"),
    ]
    page = client.get(history).content.decode()
    assert (page.count(badge.format("atjaunots risks")), page.count(badge.format("dzēsts risks"))) == (1, 1)
    assert "dzēsta risks" not in page and "dzēsts aktivitāte" not in page


def test_the_history_names_a_change_of_the_plan_fields_and_of_the_notes_as_a_whole(client, editor, plan):
    client.force_login(editor)
    data = post_data(plan, 9, plan_fields={"meetings_held_note": "notikušas 3"}, note="Pārskatīts.")
    assert client.post(reverse("worksheets:worksheet", args=[plan.pk, 9]), data).status_code == 302
    labels = sorted(entry.kind_label for entry in worksheet_history(plan, get_worksheet(9)) if entry.table is None)
    assert labels == ["mainītas darba lapas piezīmes", "mainīts plāns"]


# --- the council decision's number: "Nr." added only where it was not typed ----------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("12/345", "Nr. 12/345"),
        ("Nr. 12/345", "Nr. 12/345"),
        ("Nr.12/345", "Nr.12/345"),
        ("nr 12", "nr 12"),
        ("NR. 7", "NR. 7"),
        ("No. 5", "No. 5"),
        ("№ 5", "№ 5"),
        ("prot. Nr. 3, 5. §", "prot. Nr. 3, 5. §"),
        ("  4  ", "Nr. 4"),
        ("", ""),
    ],
)
def test_the_decision_number_gets_nr_only_when_it_was_not_typed(typed, shown):
    assert decision_number_text(typed) == shown
    with translation.override("lt"):
        assert decision_number_text(typed) == shown


def test_english_writes_no_before_a_bare_number_and_keeps_a_typed_nr():
    with translation.override("en"):
        assert [decision_number_text(typed) for typed in ("12/345", "Nr. 12/345")] == ["No. 12/345", "Nr. 12/345"]


@pytest.fixture
def approved(sound_plan, editor, coordinator):
    """Aizkraukle's sound plan approved as version 1 on 30 November 2026 at 15:11 Riga time."""
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    PlanVersion.objects.filter(plan=sound_plan).update(approved_at=datetime.datetime(2026, 11, 30, 13, 11, tzinfo=UTC))
    return sound_plan


def record_decision(client, plan, coordinator, number: str, day: str = "2026-11-30"):
    client.force_login(coordinator)
    version = PlanVersion.objects.get(plan=plan, number=1)
    loaded = {"loaded_number": version.decision_number, "loaded_date": version.decision_date or ""}
    response = client.post(
        reverse("worksheets:version_decision", args=[plan.pk, 1]),
        {"decision_number": number, "decision_date": day, **loaded},
    )
    assert response.status_code == 302


def visible_text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("typed", ["Nr. 12/345", "12/345"])
def test_the_plan_page_shows_the_decision_number_once(client, approved, coordinator, typed):
    record_decision(client, approved, coordinator, typed)
    assert PlanVersion.objects.get(plan=approved).decision_number == typed  # kept as typed
    text = visible_text(client.get(approved.get_absolute_url()).content.decode())
    assert "Nr. 12/345" in text
    assert "Nr. Nr." not in text and "Nr.Nr." not in text


def test_the_decision_history_shows_each_number_once(client, approved, coordinator):
    record_decision(client, approved, coordinator, "12/345")
    record_decision(client, approved, coordinator, "Nr. 12/346")
    text = visible_text(client.get(approved.get_absolute_url()).content.decode())
    assert "Nr. 12/345, 30.11.2026 → Nr. 12/346, 30.11.2026" in text
    assert "Nr. Nr." not in text


def pdf_text(content: bytes) -> str:
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", raw.stdout.decode())


@pytest.mark.parametrize("typed", ["Nr. 12/345", "12/345"])
def test_the_version_pdf_shows_the_decision_number_once_and_the_date_in_the_sentence(
    client, approved, coordinator, typed
):
    record_decision(client, approved, coordinator, typed)
    text = pdf_text(version_pdf(PlanVersion.objects.get(plan=approved)))
    assert "Nr. 12/345, 2026. gada 30. novembris" in text  # the decision's date stands alone: nominative
    assert "1, apstiprināta 2026. gada 30. novembrī" in text  # in a sentence: locative
    assert "Nr. Nr." not in text


# --- dates in sentences --------------------------------------------------------------------------------------------


def test_the_plan_page_says_approved_on_a_date_in_the_locative(client, approved, editor):
    client.force_login(editor)
    text = visible_text(client.get(approved.get_absolute_url()).content.decode())
    assert "Versija 1, apstiprināta 2026. gada 30. novembrī" in text
    assert "novembris" not in text


def test_the_plan_page_in_english_is_day_first_without_am_pm(client, approved, editor):
    store_preferred_language(editor, "en")
    client.force_login(editor)
    text = visible_text(client.get(approved.get_absolute_url()).content.decode())
    assert "Version 1, approved 30 November 2026" in text
    assert re.search(r"\b\d\d/\d\d/\d{4} \d\d:\d\d\b", text)  # the last change, e.g. 01/12/2026 05:31
    assert not re.search(r"\b[ap]\.m\.", text)


def test_the_plan_page_in_lithuanian_puts_the_month_in_the_genitive(client, approved, editor):
    store_preferred_language(editor, "lt")
    client.force_login(editor)
    text = visible_text(client.get(approved.get_absolute_url()).content.decode())
    assert "2026 m. lapkričio 30 d." in text


def test_english_pages_write_times_24_hour(client, approved, editor, coordinator):
    """The plan list, the plan, a worksheet's history and the coordinator's dashboard: day-first dates, 24-hour
    times ("01/12/2026 05:31", never "Dec. 1, 2026, 5:31 a.m.")."""
    region = approved.municipality.region.slug
    pages = {
        editor: [
            reverse("worksheets:plan_list"),
            approved.get_absolute_url(),
            reverse("worksheets:history", args=[approved.pk, 10]),
        ],
        coordinator: [reverse("worksheets:dashboard", args=[region])],
    }
    for user, urls in pages.items():
        store_preferred_language(user, "en")
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = visible_text(response.content.decode())
            assert not re.search(r"\b[ap]\.m\.|\b(?:AM|PM)\b|midnight|noon", text), url
            assert re.search(r"\b\d\d/\d\d/\d{4} \d\d:\d\d\b", text), url  # e.g. the plan's last change
