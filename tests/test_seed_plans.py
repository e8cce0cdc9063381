"""The six Zemgale plans as transcribed in ``fixtures/plans``: every worksheet's rows, and texts, levels and
links checked against the source documents (the plans are loaded once for the module)."""

from pathlib import Path

import pytest
from django.conf import settings

from worksheets.models import (
    ActionPlan,
    Activity,
    ChecklistItem,
    Indicator,
    PlanStatus,
    PlanVersion,
    Risk,
    StrategicGoal,
    Task,
    WorksheetNote,
)
from worksheets.numbering import Numbering
from worksheets.registry import WORKSHEETS, table_for_model
from worksheets.seed.plans import IMPORT_USERNAME, load_seed_plans

pytestmark = pytest.mark.django_db

PLANS = Path(settings.BASE_DIR) / "fixtures" / "plans"

# Rows per worksheet (ws 6: goals + tasks), counted in the source documents.
ROWS = {
    "aizkraukles-novads": [8, 7, 9, 6, 9, 11, 9, 11, 11, 8, 6],
    "bauskas-novads": [12, 13, 9, 7, 16, 18, 10, 7, 7, 8, 7],
    "dobeles-novads": [7, 9, 9, 5, 9, 10, 4, 5, 3, 6, 6],
    "jelgavas-novads": [16, 8, 16, 6, 16, 23, 8, 8, 7, 6, 7],  # ws 9: 5 activities and 2 own checklist items
    "jelgavas-valstspilseta": [10, 12, 10, 7, 19, 10, 10, 13, 8, 7, 5],
    "jekabpils-novads": [12, 12, 11, 10, 8, 20, 11, 11, 3, 8, 6],
}

# (municipality, model, position in its table, field, exact piece of the source's text)
TEXTS = [
    ("aizkraukles-novads", Activity, 7, "funding_source", "pašvaldības budžetā tiek atvēlēti 20000"),
    ("aizkraukles-novads", Indicator, 10, "achieved_result", "Aktivitātē iesaistījušās 10 novada skolas"),
    ("aizkraukles-novads", Risk, 6, "preventive_measures", "Whatsapp grupas, kopīgi pasākumi un koordinators"),
    ("bauskas-novads", Activity, 1, "description", "Organizēt informatīvu semināru par grantu konkursu"),
    ("bauskas-novads", Indicator, 6, "recommendations", "nodrošināt tās sasniedzamību pašvaldības mājaslapā"),
    ("bauskas-novads", Risk, 5, "factor", "Trūkst kapacitātes un ekspertīzes vietējā līmenī"),
    ("dobeles-novads", Indicator, 3, "indicator", "Lēmumu pieņēmēju un ekosistēmas dalībnieku"),
    ("dobeles-novads", Risk, 5, "factor", "Trūkst kapacitātes un ekspertīzes vietējā"),
    ("jelgavas-valstspilseta", Activity, 3, "description", "ideju konkursa “Impulss” organizēšana"),
    ("jelgavas-valstspilseta", Indicator, 6, "indicator", "Sniegtas 15 konsultācijas gadā par sociālo uzņēmumu"),
    ("jelgavas-valstspilseta", Risk, 3, "preventive_measures", "lai pārstāvētu sociālo uzņēmumu intereses"),
    ("jekabpils-novads", Activity, 6, "description", "Izveidot programmas saturu un metodiku, sadarbībā ar NVO"),
    ("jelgavas-novads", Activity, 8, "description", "pilotprogrammu pedagogu kapacitātes celšanai LAIPA centrā"),
    ("jelgavas-novads", Indicator, 5, "achieved_result", "Piešķirti vismaz 50 000 € grantu, telpu vai aprīkojuma"),
    ("jelgavas-novads", Risk, 1, "reactive_action", "izstrādā avārijas budžetu; pārrunas ar potenciālajiem"),
    ("jelgavas-novads", Activity, 8, "task_as_written", "Pilotprogramma pedagogu kapacitātes celšanai"),
    ("dobeles-novads", Activity, 1, "task_as_written", "Dobeles novada budžetā iekļaut papildus finansējumu"),
    ("jekabpils-novads", Risk, 7, "factor", "Zems finansētāju un investoru iesaistes līmenis"),
]

# (municipality, model, position, the number of the goal or task it links to, or None)
LINKS = [
    ("aizkraukles-novads", Activity, 7, "1.7"),
    ("aizkraukles-novads", Indicator, 10, "2"),
    ("bauskas-novads", Activity, 1, "1.1"),
    ("bauskas-novads", Indicator, 6, "5"),
    ("dobeles-novads", Activity, 3, "2.1"),
    ("dobeles-novads", Indicator, 3, None),
    ("jelgavas-valstspilseta", Activity, 3, "1.3"),
    ("jelgavas-valstspilseta", Indicator, 6, "1"),
    ("jekabpils-novads", Activity, 6, "2.1"),
    ("jekabpils-novads", Indicator, 4, "1"),
    ("jelgavas-novads", Activity, 8, "9.1"),
    ("jelgavas-novads", Indicator, 5, "5"),
]

LEVELS = [
    ("aizkraukles-novads", 6, "high"),
    ("bauskas-novads", 5, "high"),
    ("dobeles-novads", 5, "high"),
    ("jelgavas-valstspilseta", 3, "medium"),
    ("jekabpils-novads", 7, "high"),
    ("jelgavas-novads", 1, "high"),
]

TASKS = [
    ("bauskas-novads", "3.4", "organizēt vienu tikšanos 2026.gadā ar iesaistītajām pusēm"),
    ("dobeles-novads", "4.1", "Ieviest regulāras pieredzes vizītes pie SU"),
    ("jelgavas-valstspilseta", "1.9", "rīkot SU dienu/nedēļu skolās; integrēt sociāli atbildīgus"),
    ("aizkraukles-novads", "1.7", "ja uzņēmējdarbība risina kādu sociālu problēmu"),
    ("jekabpils-novads", "2.1", "izstrādāta un ieviesta izglītojoša un mentoru atbalsta"),
]

CHECKLISTS = {
    "aizkraukles-novads": (True, True, False),
    "bauskas-novads": (True, False, False),
    "dobeles-novads": (False, False, False),
    "jelgavas-valstspilseta": (True, True, False),
    "jekabpils-novads": (False, False, False),
    "jelgavas-novads": (True, True, True),
}


def plan_of(slug: str) -> ActionPlan:
    return ActionPlan.objects.get(municipality__slug=slug)


def row(slug: str, model, position: int):
    return model.objects.get(plan=plan_of(slug), position=position)


def test_every_municipality_has_its_plan_published_with_a_version(seed_plans):
    assert sorted(p.municipality.slug for p in ActionPlan.objects.all()) == sorted(ROWS)
    for plan in ActionPlan.objects.all():
        assert plan.status == PlanStatus.PUBLISHED
        assert plan.created_by.username == IMPORT_USERNAME
        assert PlanVersion.objects.filter(plan=plan).count() == 1


@pytest.mark.parametrize("slug", sorted(ROWS))
def test_rows_per_worksheet_match_the_source(seed_plans, slug):
    plan = plan_of(slug)
    counts = [sum(t.model.objects.filter(plan=plan).count() for t in w.tables) for w in WORKSHEETS]
    assert counts == ROWS[slug]


@pytest.mark.parametrize(("slug", "model", "position", "field", "text"), TEXTS)
def test_texts_are_as_in_the_source(seed_plans, slug, model, position, field, text):
    assert text in getattr(row(slug, model, position), field)


@pytest.mark.parametrize(("slug", "model", "position", "target"), LINKS)
def test_links_are_as_in_the_source(seed_plans, slug, model, position, target):
    item = row(slug, model, position)
    link = item.task if model is Activity else item.goal
    if target is None:
        assert link is None
        return
    numbering = Numbering(item.plan)
    target_table = table_for_model(Task if model is Activity else StrategicGoal)[1]
    assert numbering.numbers(target_table)[link.pk] == target


@pytest.mark.parametrize(("slug", "position", "level"), LEVELS)
def test_risk_levels_are_as_in_the_source(seed_plans, slug, position, level):
    assert row(slug, Risk, position).level == level


@pytest.mark.parametrize(("slug", "number", "text"), TASKS)
def test_tasks_sit_under_their_goals(seed_plans, slug, number, text):
    plan = plan_of(slug)
    numbering = Numbering(plan)
    numbers = numbering.numbers(table_for_model(Task)[1])
    task = next(t for t in Task.objects.filter(plan=plan) if numbers[t.pk] == number)
    assert text in task.text


@pytest.mark.parametrize("slug", sorted(CHECKLISTS))
def test_partnership_checklist_ticks(seed_plans, slug):
    plan = plan_of(slug)
    assert (plan.partners_identified, plan.meetings_held, plan.agreements_signed) == CHECKLISTS[slug]


@pytest.mark.parametrize("slug", sorted(ROWS))
def test_texts_keep_latvian_letters(seed_plans, slug):
    plan = plan_of(slug)
    texts = []
    for _worksheet in WORKSHEETS:
        for table in _worksheet.tables:
            for values in table.model.objects.filter(plan=plan).values(*[c.field.attname for c in table.bound_columns]):
                texts += [v for v in values.values() if isinstance(v, str)]
    everything = " ".join(texts)
    assert "\ufffd" not in everything
    assert set("āčēīļņšūž") <= set(everything)
    assert [t for t in texts if t != t.strip()] == []


def test_loading_again_changes_nothing(seed_plans):
    before = {p.pk: p.updated_at for p in ActionPlan.objects.all()}
    history = Risk.history.count()
    results = load_seed_plans(PLANS)
    assert [r.changed for r in results] == [False] * len(results)
    assert {p.pk: p.updated_at for p in ActionPlan.objects.all()} == before
    assert Risk.history.count() == history
    assert PlanVersion.objects.count() == len(results)


# Texts the municipalities wrote inside a worksheet but outside its table (fixtures/NOTES.md), verbatim from 001:
# (municipality, worksheet, exact piece of its notes).
WORKSHEET_NOTES = [
    ("jelgavas-novads", 1, "Ņemot vērā Jelgavas novada teritoriālo struktūru, plāna īstenošanā tiek ņemta vērā"),
    ("jelgavas-novads", 1, "bibliotēku darbinieku nozīmīgā loma kopienu informēšanā un iesaistē."),
    ("jelgavas-novads", 4, "Jelgavas novadā pastāv būtiskas sociālekonomiskās atšķirības starp pagastiem"),
    ("jelgavas-novads", 4, "tiek ņemtas vērā, plānojot atbalsta pasākumus un partnerības mehānismus."),
    ("jelgavas-novads", 8, "● Pagastu iedzīvotāju iesaistes kvalitātes rādītāji (vietējo informācijas kanālu"),
    ("jelgavas-novads", 11, "• Datu bāze aktualizēta vismaz reizi 6 mēnešos.\n• Notikušas ne mazāk kā 2 ekosistēmas"),
    ("jelgavas-valstspilseta", 5, "Tikai sociālajiem uzņēmējiem (1.–8. rinda)\nIespēja piedalīties visiem uzņēmējiem"),
    ("jelgavas-valstspilseta", 5, "Pašvaldības sniegtais atbalsts sociāliem uzņēmumiem vai inovatoriem."),
    ("jekabpils-novads", 8, "● Civilās aizsardzības pasākumi (iniciatīvu skaits ar civilās aizsardzības komponenti)"),
    ("jekabpils-novads", 8, "● Jauniešu uztvere par SU (aptaujas, spēļu atgriezeniskā saite)"),
]


@pytest.mark.parametrize(("slug", "number", "text"), WORKSHEET_NOTES)
def test_texts_outside_the_tables_are_the_worksheets_notes(seed_plans, slug, number, text):
    assert text in WorksheetNote.objects.get(plan=plan_of(slug), number=number).text


def test_only_the_plans_with_such_texts_have_notes(seed_plans):
    noted = {(n.plan.municipality.slug, n.number) for n in WorksheetNote.objects.exclude(text="")}
    assert noted == {(slug, number) for slug, number, _text in WORKSHEET_NOTES}


def test_ws9_checklist_notes_and_own_items_are_as_in_the_source(seed_plans):
    plan = plan_of("jelgavas-novads")
    assert plan.partners_identified_note.endswith("LSUA, LTRK, biznesa inkubatori, jauniešu organizācijas)")
    assert plan.meetings_held_note == "(B2B forumi, tematiskās darba grupas, konsultatīvā padome,"
    assert plan.agreements_signed_note == "(plānoti 2026. gadā ar vismaz 2–3 stratēģiskiem partneriem)"
    items = list(ChecklistItem.objects.filter(plan=plan).values_list("text", "done"))
    assert items == [
        (
            "Ir izveidota sociālās uzņēmējdarbības ekosistēmas darba grupa (pašvaldība, sociālais dienests, ZPR, SU, "
            "NVO, kopienu līderi).",
            True,
        ),
        ("Ir vienoti nosacījumi regulārai datu apmaiņai starp pašvaldību, SU, ZPR un sociālajiem dienestiem.", True),
    ]
    others = ActionPlan.objects.exclude(pk=plan.pk)
    assert not ChecklistItem.objects.filter(plan__in=others).exists()
    assert [p.partners_identified_note + p.meetings_held_note + p.agreements_signed_note for p in others] == [""] * 5


def test_the_approved_version_keeps_the_notes(seed_plans):
    content = PlanVersion.objects.get(plan=plan_of("jelgavas-novads")).content
    notes = {w["number"]: w["note"] for w in content["worksheets"]}
    assert notes[4].startswith("Jelgavas novadā pastāv būtiskas sociālekonomiskās atšķirības")
    assert notes[2] == ""


def test_loading_again_keeps_the_notes_untouched(seed_plans):
    history = WorksheetNote.history.count()
    assert [r.changed for r in load_seed_plans(PLANS)] == [False] * 6
    assert WorksheetNote.history.count() == history
