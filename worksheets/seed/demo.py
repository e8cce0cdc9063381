"""Rows for demo and measuring plans: synthetic rows of Latvian text in every table (``fill_plan``, for measuring),
and a few plausible rows in Lithuanian for the Panevėžys demo plan (``fill_lithuanian_demo_plan``, ``make run``)."""

from django.db import models, transaction

from ..editing.services import worksheet_saved
from ..models import (
    LEVELS_NEEDING_PREVENTION,
    Activity,
    Cooperation,
    Indicator,
    StrategicGoal,
    TargetGroupNeed,
    Task,
)
from ..registry import ALL_TABLES, table_for_model


def _value(column, index, plan, goals, tasks):
    if column.is_link:
        pool = goals if column.field.related_model is StrategicGoal else tasks
        return pool[index % len(pool)] if pool else None
    if column.is_reference or column.is_date:
        return None  # no regional reference data in synthetic plans; due dates are read from the timeline
    if column.is_choice:
        choices = [value for value, _label in column.field.choices if value]
        return choices[index % len(choices)]
    if isinstance(column.field, models.BooleanField):  # e.g. ws 9's checklist items: every other one done
        return index % 2 == 0
    if column.is_url:
        return f"https://www.example.lv/dokuments/{index}"
    if column.field.get_internal_type() == "BooleanField":  # ws 9's own checklist items: every other one done
        return index % 2 == 0
    return f"{column.label} Nr. {index}: sociālās uzņēmējdarbības atbalsts līdz {2026 + index % 2}. gadam — ģērbtuves, šķūņi"


@transaction.atomic
def fill_plan(plan, *, rows: int) -> None:
    """Add ``rows`` rows to every table of the plan (goals first, so tasks and links have targets)."""
    goals: list = []
    tasks: list = []
    for _worksheet, table in ALL_TABLES:
        start = table.model.objects.filter(plan=plan).count()
        objects = []
        for index in range(start, start + rows):
            values = {c.name: _value(c, index, plan, goals, tasks) for c in table.bound_columns}
            if values.get("level") in LEVELS_NEEDING_PREVENTION and not values.get("preventive_measures"):
                values["preventive_measures"] = "Regulāra uzraudzība"
            objects.append(table.model(plan=plan, position=index + 1, **values))
        created = table.model.objects.bulk_create(objects)
        if table.model is StrategicGoal:
            goals = created
        elif table.model is Task:
            tasks = created


# The Panevėžys demo plan (``seed_demo``): content of a Lithuanian municipality, written in Lithuanian, on the themes
# of the Panevėžys review (seeds/000, second part): rural residents without transport, dementia care, socially
# responsible public procurement, premises lent for use, LEADER pilot projects.
LITHUANIAN_NEEDS = (
    {
        "target_group": "Kaimo gyventojai be viešojo transporto",
        "existing_support": "Socialinis taksi rajono centre",
        "unmet_needs": "Nėra reguliaraus susisiekimo su atokiais kaimais: sunku pasiekti gydytoją, darbą ir paslaugas",
        "opportunities": "Socialinė įmonė galėtų teikti judumo pagal poreikį paslaugą",
    },
    {
        "target_group": "Vyresnio amžiaus žmonės",
        "existing_support": "Pagalba į namus, dienos centras Biržuose",
        "unmet_needs": "Trūksta demencijos priežiūros ir laikino atokvėpio paslaugų šeimoms",
        "opportunities": "Bendruomeninės organizacijos – dienos užimtumo paslaugos seniūnijose",
    },
)
LITHUANIAN_COOPERATION = (
    {
        "organisation": "Biržų rajono vietos veiklos grupė",
        "cooperation_type": "Bendri LEADER bandomieji projektai",
        "result": "Du bendruomenių paslaugų bandomieji projektai kaimo vietovėse",
    },
    {
        "organisation": "VšĮ „Panevėžio verslo konsultacinis centras“",
        "cooperation_type": "Mentorystės ir konsultavimo tinklai",
        "result": "Konsultacijos pradedantiesiems socialiniams verslininkams ir pirkimų dalyviams",
    },
)
LITHUANIAN_GOAL = (
    "Iki 2029 m. trečdaliu padidinti socialinės ekonomikos organizacijų teikiamų paslaugų kaimo vietovėse skaičių"
)
LITHUANIAN_TASKS = (
    "Iki 2028 m. birželio parengti ir patvirtinti socialiai atsakingų viešųjų pirkimų tvarką",
    "Iki 2028 m. pabaigos perduoti panaudai bent dvi savivaldybės patalpas socialinės ekonomikos organizacijoms",
)
LITHUANIAN_ACTIVITIES = (  # (task index, cells)
    (
        0,
        {
            "description": "Parengti socialiai atsakingų pirkimų gaires ir pavyzdines sutarčių sąlygas",
            "timeline": "2028 m. II ketvirtis",
            "funding_source": "Savivaldybės biudžetas",
            "involved_parties": "Viešųjų pirkimų skyrius, Lietuvos socialinio verslo asociacija",
            "responsible_unit": "Strateginio planavimo ir investicijų skyrius",
        },
    ),
    (
        0,
        {
            "description": "Surengti mokymus pirkimų specialistams ir socialinės ekonomikos organizacijoms",
            "timeline": "2028 m. spalis",
            "funding_source": "LEADER programa",
            "involved_parties": "VšĮ „Panevėžio verslo konsultacinis centras“",
            "responsible_unit": "Strateginio planavimo ir investicijų skyrius",
        },
    ),
    (
        1,
        {
            "description": "Paskelbti panaudai tinkamų patalpų sąrašą ir atrankos kriterijus",
            "timeline": "2028 m. rugsėjis",
            "funding_source": "Savivaldybės biudžetas",
            "involved_parties": "Seniūnijos",
            "responsible_unit": "Turto valdymo skyrius",
        },
    ),
)
LITHUANIAN_INDICATORS = (
    {
        "indicator": "Socialiai atsakingų viešųjų pirkimų sutarčių vertė (eurais)",
        "target": "50 000 eurų per metus",
        "data_method": "Pusmečio ataskaitos pagal bendrą duomenų protokolą",
        "evaluation_parties": "Viešųjų pirkimų skyrius",
    },
    {
        "indicator": "Socialinės ekonomikos organizacijoms panaudai perduotų patalpų skaičius",
        "target": "2",
        "data_method": "Savivaldybės turto apskaita",
        "evaluation_parties": "Turto valdymo skyrius",
    },
)


@transaction.atomic
def fill_lithuanian_demo_plan(plan, *, user) -> None:
    """Write the Panevėžys demo plan's rows (target groups, cooperation, a goal with two tasks, three activities, two
    indicators) after the rows it has, each worksheet's save recorded as ``user``'s."""

    def add(model, **cells):
        position = model.objects.filter(plan=plan).count() + 1
        return model.objects.create(plan=plan, position=position, **cells)

    for cells in LITHUANIAN_NEEDS:
        add(TargetGroupNeed, **cells)
    for cells in LITHUANIAN_COOPERATION:
        add(Cooperation, **cells)
    goal = add(StrategicGoal, text=LITHUANIAN_GOAL)
    tasks = [add(Task, goal=goal, text=text) for text in LITHUANIAN_TASKS]
    for task_index, cells in LITHUANIAN_ACTIVITIES:
        add(Activity, task=tasks[task_index], **cells)
    for cells in LITHUANIAN_INDICATORS:
        add(Indicator, goal=goal, **cells)
    models = (TargetGroupNeed, Cooperation, StrategicGoal, Activity, Indicator)
    for number in sorted({table_for_model(model)[0].number for model in models}):
        worksheet_saved(plan=plan, number=number, user=user)
