"""The 11 worksheets, described once.

Everything that handles worksheets (edit page, validation, completeness, history, admin, and later the
PDF, Excel and import) reads this registry instead of knowing worksheet numbers. A worksheet has one or
more tables of rows and, for a few worksheets, plan-level fields. Column labels come from the models'
``verbose_name``; guidance texts are the blank template's (``seeds/002``), written here in English and
translated to Latvian in ``locale/lv`` with the template's exact wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import (
    ActionPlan,
    Activity,
    Cooperation,
    DataSource,
    EngagementActivity,
    Indicator,
    MonitoringActivity,
    PolicyDocument,
    Resource,
    Risk,
    StrategicGoal,
    TargetGroupNeed,
    Task,
    WorksheetRow,
)


@dataclass(frozen=True)
class Column:
    """One column of a worksheet table: a field of the row model."""

    name: str
    suggestions: tuple = ()
    expected: bool = True  # counts for completeness ("started" until filled on every row)
    wide: bool = False  # long free text: gets more room on screen, in the PDF and in Excel
    progress: bool = False  # recorded while the plan runs: editable after approval (PRODUCT §3)
    due_from: str = ""  # a date column: the free-text column a due date is read from while it is empty
    note: str = ""  # dotted path of ``f(plan, bound_column) -> f(row) -> str``: a hint shown beside the cell

    def bind(self, model: type[models.Model]) -> BoundColumn:
        return BoundColumn(self, model._meta.get_field(self.name))


@dataclass(frozen=True)
class BoundColumn:
    column: Column
    field: models.Field

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def label(self):
        return self.field.verbose_name

    @property
    def required(self) -> bool:
        """The officer must fill it (a field with a default, like a status, is filled for them)."""
        return not self.field.blank and not self.field.has_default()

    @property
    def is_link(self) -> bool:
        """A link to another row of the same plan (a goal, a task)."""
        return self.field.is_relation and issubclass(self.field.related_model, WorksheetRow)

    @property
    def is_reference(self) -> bool:
        """A link to a regional reference list (e.g. a core indicator), offered by ``related_model.objects.for_plan``."""
        return self.field.is_relation and not self.is_link

    @property
    def is_date(self) -> bool:
        return isinstance(self.field, models.DateField)

    @property
    def is_choice(self) -> bool:
        return bool(self.field.choices)

    @property
    def suggestions(self) -> tuple:
        return self.column.suggestions

    @property
    def expected(self) -> bool:
        return self.column.expected

    @property
    def wide(self) -> bool:
        return self.column.wide

    @property
    def progress(self) -> bool:
        return self.column.progress

    @property
    def due_from(self) -> str:
        return self.column.due_from

    @property
    def note(self) -> str:
        return self.column.note


@dataclass(frozen=True)
class Table:
    """A list of rows of one model, shown as one editable grid."""

    key: str
    model: type[WorksheetRow]
    columns: tuple[Column, ...]
    title: str | None = None
    add_label: str = _("Add a row")
    parent: str | None = None  # link column whose row numbers prefix this table's ("1.2" = goal 1, task 2)

    @cached_property
    def bound_columns(self) -> tuple[BoundColumn, ...]:
        return tuple(column.bind(self.model) for column in self.columns)

    @property
    def field_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def link_columns(self) -> tuple[BoundColumn, ...]:
        return tuple(c for c in self.bound_columns if c.is_link)

    @property
    def progress_columns(self) -> tuple[BoundColumn, ...]:
        return tuple(c for c in self.bound_columns if c.progress)

    @property
    def reference_columns(self) -> tuple[BoundColumn, ...]:
        return tuple(c for c in self.bound_columns if c.is_reference)

    @property
    def due_column(self) -> BoundColumn | None:
        """The date column progress is followed by (ws 7 activities, ws 11 monitoring), if any."""
        return next((c for c in self.bound_columns if c.due_from), None)

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self):
        return self.model._meta.verbose_name_plural

    def rows_of(self, plan: ActionPlan) -> models.QuerySet:
        queryset = self.model.objects.filter(plan=plan)
        related = [c.name for c in self.bound_columns if c.field.is_relation]
        return queryset.select_related(*related) if related else queryset


@dataclass(frozen=True)
class Example:
    """A row of the template's "Piemērs": the table it illustrates and its cells."""

    table: str
    cells: dict


@dataclass(frozen=True)
class Guidance:
    """A titled list of hints shown beside the table (e.g. where to find information)."""

    title: str
    items: tuple


@dataclass(frozen=True)
class Worksheet:
    number: int
    slug: str
    title: str
    purpose: str
    tables: tuple[Table, ...]
    instructions: tuple = ()
    guidance: tuple[Guidance, ...] = ()
    examples: tuple[Example, ...] = ()
    plan_fields: tuple[str, ...] = ()
    plan_fields_title: str | None = None

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def plan_form_fields(self) -> list[models.Field]:
        return [ActionPlan._meta.get_field(name) for name in self.plan_fields]

    def examples_for(self, table: Table) -> list[Example]:
        return [e for e in self.examples if e.table == table.key]

    @property
    def has_progress(self) -> bool:
        """Whether something of this worksheet is still recorded after approval."""
        return any(t.progress_columns for t in self.tables)


COOPERATION_TYPES = (
    _("Partnership agreement"),
    _("Jointly developed policy recommendations"),
    _("Social innovation labs"),
    _("Community engagement platforms"),
    _("Support programmes and grant schemes"),
    _("Delegation of social services"),
    _("Joint marketing and communication strategies"),
    _("Jointly financed and implemented projects"),
    _("Sharing of infrastructure and resources"),
    _("Mentoring and consultation networks"),
)

TARGET_GROUPS = (
    _("Seniors"),
    _("Long-term unemployed"),
    _("Young people without work experience"),
    _("People with disabilities"),
)

QUANTITATIVE_INDICATORS = (
    _("Number of social enterprises in the municipality (before and after the activities start)"),
    _("Number of new partnerships created between social enterprises, NGOs and the municipality"),
    _("Number of support events the municipality organises for social enterprises (e.g. trainings, consultations)"),
    _("Number of participants in support events (e.g. trainings, information days)"),
    _("Amount of financial or material support to social enterprises (euro or other resources)"),
    _("Number of jobs created in social enterprises that received municipal support"),
    _("Number of public engagement activities (information campaigns, events, surveys)"),
)

QUALITATIVE_INDICATORS = (
    _(
        "Improved capacity of municipal staff in social entrepreneurship matters "
        "(participants' self-assessment before and after trainings)"
    ),
    _("Level of understanding of social entrepreneurship among residents and entrepreneurs (surveys)"),
    _("Solutions to social problems introduced by social enterprises with municipal support"),
    _(
        "Quality of public engagement (residents' assessment in interviews or surveys of being heard and "
        "involved in social entrepreneurship matters)"
    ),
    _("Innovations in the policy supporting social entrepreneurship (e.g. new instruments or mechanisms)"),
)

DATA_METHODS = (
    _("quantitative analysis (statistical data, indicators, percentages)"),
    _("qualitative analysis (case studies, interviews, expert focus groups)"),
    _("self-assessment (self-assessment surveys of the municipality and enterprises)"),
    _("surveys and analysis of public opinion"),
    _("monitoring and progress reports (regular reviews)"),
)

DUE_DATE_NOTE = "indicators.notes.suggested_due_date"

RISK_LEVEL_HINT = _("Measures are defined only for the risks assessed as “medium” and “high”.")

STANDARD_RISKS = (
    (_("Lack or instability of funding"), _("Delays the implementation of the action plan")),
    (_("Limited cooperation with local entrepreneurs and NGOs"), _("Hard to ensure a long-term effect")),
    (_("Restrictions of legal acts"), _("Delays or complicates implementation")),
    (_("Insufficient public awareness and engagement"), _("Low support and engagement")),
    (_("Lack of capacity and expertise at local level"), _("Inability to implement the plan effectively")),
)

STANDARD_MONITORING = (
    _("Aligning the goals with the stakeholders"),
    _("The involved implementers have understood the tasks and activities of the action plan"),
    _("Carrying out the risk analysis"),
    _("Developing a strategy for diversifying funding"),
    _("Organising an information campaign"),
    _("The action plan has been reviewed and updated"),
)


WORKSHEETS: tuple[Worksheet, ...] = (
    Worksheet(
        number=1,
        slug="policy-documents",
        title=_("Policy planning documents and legal acts"),
        purpose=_(
            "To give an overview of the policy planning documents and legal acts that regulate the field at "
            "national, regional and municipal level. This overview will help the parties involved to understand "
            "the existing regulation and to use the support instruments available for promoting social "
            "entrepreneurship."
        ),
        instructions=(
            _(
                "Legal acts and policy documents in force that affect social entrepreneurship (in the 2nd column "
                "name the specific section, point and/or sub-point, as this shows the municipality's involvement "
                "at local level):"
            ),
            _(
                "National legal acts, development strategies at regional and municipal level, and support "
                "programmes (name and implementer) are three separate lists: choose the category of each row."
            ),
        ),
        tables=(
            Table(
                key="documents",
                model=PolicyDocument,
                columns=(
                    Column("category"),
                    Column("title", wide=True),
                    Column("reference", expected=False, wide=True),
                    Column("implementer", expected=False),
                    Column("link", expected=False),
                ),
            ),
        ),
        examples=(
            Example("documents", {"category": _("National legal act"), "title": _("Social Enterprise Law")}),
            Example(
                "documents",
                {
                    "category": _("National legal act"),
                    "title": _(
                        "Cabinet Regulation No. 173 of 27.03.2018 “Regulations on the population groups at risk of "
                        "social exclusion and the procedure for granting, registering and supervising the status "
                        "of a social enterprise”"
                    ),
                },
            ),
            Example(
                "documents",
                {
                    "category": _("National legal act"),
                    "title": _(
                        "Cabinet Regulation No. 101 of 20.02.2018 “Regulations on the Social Enterprise Commission”"
                    ),
                },
            ),
            Example(
                "documents",
                {
                    "category": _("National legal act"),
                    "title": _(
                        "Cabinet Regulation No. 197 of 03.04.2018 “Regulations on the conditions for granting "
                        "commercial activity support to social enterprises and the procedure for granting support”"
                    ),
                },
            ),
            Example(
                "documents",
                {
                    "category": _("Regional or municipal development strategy"),
                    "title": _(
                        "Sustainable development strategy of Jelgava state city and Jelgava municipality until 2034"
                    ),
                    "reference": _("Chapter 6 “Functional cooperation territories”"),
                },
            ),
            Example(
                "documents",
                {
                    "category": _("Support programme"),
                    "title": _("Municipal grant programme for supporting social entrepreneurship"),
                    "link": _("[link to the website]"),
                },
            ),
        ),
    ),
    Worksheet(
        number=2,
        slug="cooperation",
        title=_("Cooperation models with social partners"),
        purpose=_(
            "To identify and summarise the municipality's practice of cooperation with non-governmental "
            "organisations, social enterprises and social innovators, in order to strengthen partnerships and "
            "promote effective support for the development of social entrepreneurship."
        ),
        tables=(
            Table(
                key="cooperation",
                model=Cooperation,
                columns=(
                    Column("organisation"),
                    Column("cooperation_type", suggestions=COOPERATION_TYPES),
                    Column("result", wide=True),
                ),
            ),
        ),
        guidance=(Guidance(_("Examples of the variety of cooperation:"), COOPERATION_TYPES),),
        examples=(
            Example(
                "cooperation",
                {
                    "cooperation_type": _("Jointly financed and implemented projects"),
                    "result": _(
                        "The municipality cooperates with a social enterprise to develop and implement a project "
                        "that provides jobs for people with disabilities. As a result of the project, five new jobs "
                        "are created and three training sessions on improving work skills are organised."
                    ),
                },
            ),
            Example(
                "cooperation",
                {
                    "cooperation_type": _("Sharing of infrastructure and resources"),
                    "result": _(
                        "The municipality offers free premises to a local social enterprise engaged in waste "
                        "recycling and the production of ecological products. As a result of the project, a waste "
                        "sorting station is set up that recycles up to 1 tonne of plastic and paper per month."
                    ),
                },
            ),
            Example(
                "cooperation",
                {
                    "cooperation_type": _("Mentoring and consultation networks"),
                    "result": _(
                        "Together with a business incubator, the municipality sets up a mentoring programme in "
                        "which experienced entrepreneurs advise social enterprises. Within the programme, 10 "
                        "enterprises receive consultations on developing marketing strategies and attracting "
                        "funding, which promotes their financial sustainability."
                    ),
                },
            ),
        ),
    ),
    Worksheet(
        number=3,
        slug="data-sources",
        title=_("Data and their sources"),
        purpose=_(
            "To ensure that the municipality has access to high-quality and reliable data for planning and "
            "monitoring the development of social entrepreneurship. Data collection and monitoring are an "
            "essential element of effective decision-making and the sustainable development of social "
            "entrepreneurship, so municipalities have to work on building integrated and reliable data sources. "
            "This section helps to identify the data sources already available, as well as the additions needed "
            "for a more effective support policy."
        ),
        tables=(
            Table(
                key="data",
                model=DataSource,
                columns=(Column("data_type", wide=True), Column("source"), Column("update_frequency")),
            ),
        ),
        examples=(
            Example(
                "data",
                {
                    "data_type": _("statistics of social service recipients"),
                    "source": _("Social service"),
                    "update_frequency": "?",
                },
            ),
            Example(
                "data",
                {
                    "data_type": _("surveys of residents"),
                    "source": _("Public relations department"),
                    "update_frequency": _("once a year"),
                },
            ),
            Example(
                "data",
                {
                    "data_type": _("reports and studies of state institutions"),
                    "source": _("Ministry of Welfare"),
                    "update_frequency": _("once a month (register of social enterprises)"),
                },
            ),
            Example(
                "data",
                {
                    "data_type": _("analysis and assessment of the needs of society"),
                    "source": _("Public relations department (?)"),
                    "update_frequency": "?",
                },
            ),
        ),
    ),
    Worksheet(
        number=4,
        slug="needs",
        title=_("Needs analysis of target groups"),
        purpose=_(
            "To determine the unmet needs of specific target groups and how social entrepreneurship can address "
            "them. Possible target groups are the social groups at risk of social exclusion: seniors, long-term "
            "unemployed, young people without work experience, people with disabilities, etc."
        ),
        tables=(
            Table(
                key="needs",
                model=TargetGroupNeed,
                columns=(
                    Column("target_group", suggestions=TARGET_GROUPS),
                    Column("existing_support", wide=True),
                    Column("unmet_needs", wide=True),
                    Column("opportunities", wide=True),
                ),
            ),
        ),
        guidance=(
            Guidance(
                _("Where and how can you obtain information? Information can be obtained from:"),
                (
                    _("the data and reports of the municipal social services (e.g. on recipients of social benefits)"),
                    _("annual surveys of residents carried out by the municipality,"),
                    _(
                        "statistical data (publicly available data of the Central Statistical Bureau, the Ministry "
                        "of Welfare, the State Employment Agency, etc.),"
                    ),
                    _(
                        "information provided by non-governmental organisations and the municipality's cooperation "
                        "partners (e.g. NGOs working with different groups of society),"
                    ),
                    _("the municipality's existing strategies,"),
                    _(
                        "experience stories of social enterprises or innovators (interviews that help to identify "
                        "possible solutions)."
                    ),
                ),
            ),
        ),
        examples=(
            Example(
                "needs",
                {
                    "target_group": _("Young people without work experience"),
                    "existing_support": _("Youth Guarantee programme, municipal youth centres"),
                    "unmet_needs": _("Limited internship and job opportunities in the regions"),
                    "opportunities": _(
                        "Social enterprises as first workplaces, support programmes for young entrepreneurs"
                    ),
                },
            ),
        ),
    ),
    Worksheet(
        number=5,
        slug="resources",
        title=_("Resources at the municipality's disposal for implementing support"),
        purpose=_(
            "To identify and summarise the resources at the municipality's disposal that can be used to implement "
            "support measures for social entrepreneurship, in order to plan effectively and ensure long-term "
            "support for social enterprises."
        ),
        tables=(
            Table(
                key="resources",
                model=Resource,
                columns=(Column("resource_type"), Column("description", wide=True), Column("holder")),
            ),
        ),
        examples=(
            Example(
                "resources",
                {
                    "resource_type": _("Financial resources"),
                    "description": _(
                        "Grants, co-financing programmes, socially responsible procurement, real estate tax relief, "
                        "tasks delegated by the municipality with funding"
                    ),
                    "holder": _("The municipal unit responsible for the availability of the resource"),
                },
            ),
            Example(
                "resources",
                {
                    "resource_type": _("Material resources"),
                    "description": _("Technical equipment and its sharing"),
                },
            ),
            Example(
                "resources",
                {
                    "resource_type": _("Infrastructure"),
                    "description": _(
                        "Development of industrial areas and infrastructure, free premises, sharing of resources"
                    ),
                },
            ),
            Example(
                "resources",
                {
                    "resource_type": _("Informational and human resources"),
                    "description": _(
                        "Mentoring, cooperation networks, advisory board, business incubator services and "
                        "consultations, information and education events organised by the municipality and "
                        "information materials"
                    ),
                },
            ),
        ),
        plan_fields=("support_given",),
        plan_fields_title=_("Finally, name the support already given to social enterprises or innovators."),
    ),
    Worksheet(
        number=6,
        slug="goals",
        title=_("Defining strategic goals and tasks"),
        purpose=_(
            "To set priorities for the development of social entrepreneurship and specific tasks. Here the "
            "municipality also includes the goals and tasks named in its development strategy that support the "
            "development of social entrepreneurship."
        ),
        instructions=(
            _("We make the goal (by the SMART principle):"),
            _(
                "Add the goals first and save; then add the specific tasks of each goal. Activities "
                "(worksheet 7) serve tasks and indicators (worksheet 8) measure goals."
            ),
        ),
        guidance=(
            Guidance(
                _("SMART"),
                (
                    _("Specific – clearly defined"),
                    _("Measurable – with concrete indicators by which we can assess progress"),
                    _("Achievable – realistic, taking into account the available resources"),
                    _(
                        "Relevant – in line with the municipality's priorities and the development of social entrepreneurship"
                    ),
                    _("Time-bound – with a defined deadline for achieving it"),
                ),
            ),
        ),
        tables=(
            Table(
                key="goals",
                model=StrategicGoal,
                columns=(Column("text", wide=True),),
                title=_("Strategic goals"),
                add_label=_("Add a goal"),
            ),
            Table(
                key="tasks",
                model=Task,
                columns=(Column("goal"), Column("text", wide=True)),
                title=_("Specific tasks"),
                parent="goal",
                add_label=_("Add a task"),
            ),
        ),
        examples=(
            Example(
                "goals",
                {
                    "text": _(
                        "To increase the number of social enterprises in the municipality by 20% by 2027 by "
                        "providing financial and advisory support to new entrepreneurs"
                    )
                },
            ),
            Example(
                "tasks",
                {
                    "text": _(
                        "To develop and introduce a grant programme for social enterprises by 2025, providing "
                        "funding for at least 10 new projects"
                    )
                },
            ),
        ),
    ),
    Worksheet(
        number=7,
        slug="action-plan",
        title=_("Preparing the action plan"),
        purpose=_(
            "To plan activities that help to achieve the goals set. An activity has to be a briefly and "
            "concretely defined action to be carried out to fulfil a task."
        ),
        tables=(
            Table(
                key="activities",
                model=Activity,
                columns=(
                    Column("task"),
                    Column("task_as_written", expected=False),
                    Column("description", wide=True),
                    Column("timeline"),
                    Column("funding_source"),
                    Column("involved_parties"),
                    Column("responsible_unit"),
                    Column("action_group", expected=False),
                    Column("status", expected=False, progress=True),
                    Column("due_date", expected=False, due_from="timeline", note=DUE_DATE_NOTE),
                ),
                add_label=_("Add an activity"),
            ),
        ),
        examples=(
            Example(
                "activities",
                {
                    "description": _(
                        "“To organise an information seminar on preparing grant applications by December 2024.”"
                    )
                },
            ),
        ),
    ),
    Worksheet(
        number=8,
        slug="indicators",
        title=_("Measurable indicators and evaluation methods"),
        purpose=_(
            "To set the indicators by which to measure the impact of the municipality's action plan on the "
            "development of social entrepreneurship. The choice of measurable indicators follows from the goals "
            "set in the action plan, their tasks and activities."
        ),
        tables=(
            Table(
                key="indicators",
                model=Indicator,
                columns=(
                    Column("indicator", suggestions=QUANTITATIVE_INDICATORS + QUALITATIVE_INDICATORS, wide=True),
                    Column("goal"),
                    Column("target"),
                    Column("achieved_result", expected=False, progress=True),
                    Column("data_method", suggestions=DATA_METHODS),
                    Column("recommendations", expected=False),
                    Column("evaluation_parties"),
                    Column("core_indicator", expected=False, note="indicators.notes.latest_actual"),
                ),
                add_label=_("Add an indicator"),
            ),
        ),
        guidance=(
            Guidance(
                _("1. Quantitative indicators – measurable results that give a precise picture of what was achieved:"),
                QUANTITATIVE_INDICATORS,
            ),
            Guidance(
                _(
                    "2. Qualitative indicators – give a deeper understanding of the impact of the development of "
                    "social entrepreneurship."
                ),
                QUALITATIVE_INDICATORS,
            ),
            Guidance(_("3. Data collection methods:"), DATA_METHODS),
        ),
    ),
    Worksheet(
        number=9,
        slug="partnerships",
        title=_("Building partnerships and public engagement"),
        purpose=_(
            "To define effective methods of informing and engaging, in order to strengthen the social entrepreneurship ecosystem."
        ),
        tables=(
            Table(
                key="engagement",
                model=EngagementActivity,
                columns=(
                    Column("activity", wide=True),
                    Column("target_audience"),
                    Column("channel"),
                    Column("timeline"),
                    Column("responsible"),
                ),
                title=_("2. Information and engagement plan"),
                add_label=_("Add an activity"),
            ),
        ),
        plan_fields=("partners_identified", "meetings_held", "agreements_signed"),
        plan_fields_title=_("1. Partnership checklist"),
        examples=(
            Example(
                "engagement",
                {
                    "activity": _("Ideas contest “Market opportunities for the development of social enterprises”"),
                    "target_audience": _("Young people aged 15 – 25"),
                    "channel": _("General education schools, youth centres"),
                    "timeline": _("September - November 2025"),
                    "responsible": _("Education department"),
                },
            ),
        ),
    ),
    Worksheet(
        number=10,
        slug="risks",
        title=_("Identification and prevention of implementation risks"),
        purpose=_(
            "To identify possible risks in implementing the support measures for social entrepreneurship and to "
            "develop preventive solutions for overcoming them."
        ),
        instructions=(RISK_LEVEL_HINT,),
        tables=(
            Table(
                key="risks",
                model=Risk,
                columns=(
                    Column("factor"),
                    Column("impact"),
                    Column("level"),
                    Column("preventive_measures", expected=False, wide=True),
                    Column("reactive_action", expected=False, wide=True),
                ),
                add_label=_("Add a risk"),
            ),
        ),
    ),
    Worksheet(
        number=11,
        slug="monitoring",
        title=_("Implementation monitoring and division of responsibility"),
        purpose=_(
            "To ensure a clear structure for monitoring the action plan by setting the responsible parties, the "
            "deadlines, the monitoring mechanism and the completion indicator."
        ),
        tables=(
            Table(
                key="monitoring",
                model=MonitoringActivity,
                columns=(
                    Column("activity", wide=True),
                    Column("responsible"),
                    Column("deadline"),
                    Column("completion_indicator"),
                    Column("status", expected=False, progress=True),
                    Column("due_date", expected=False, due_from="deadline", note=DUE_DATE_NOTE),
                ),
                add_label=_("Add a monitoring activity"),
            ),
        ),
    ),
)

BY_NUMBER: dict[int, Worksheet] = {w.number: w for w in WORKSHEETS}
ALL_TABLES: tuple[tuple[Worksheet, Table], ...] = tuple((w, t) for w in WORKSHEETS for t in w.tables)


def get_worksheet(number: int) -> Worksheet:
    return BY_NUMBER[number]


def table_for_model(model: type[models.Model]) -> tuple[Worksheet, Table]:
    return next((w, t) for w, t in ALL_TABLES if t.model is model)


def references_to(model: type[models.Model]) -> list[tuple[Worksheet, Table, BoundColumn]]:
    """Every link column, in any worksheet, that points at rows of ``model``."""
    return [(w, t, c) for w, t in ALL_TABLES for c in t.link_columns if c.field.related_model is model]


__all__ = [
    "ALL_TABLES",
    "BY_NUMBER",
    "STANDARD_MONITORING",
    "STANDARD_RISKS",
    "WORKSHEETS",
    "Column",
    "Example",
    "Guidance",
    "Table",
    "Worksheet",
    "get_worksheet",
    "references_to",
    "table_for_model",
]
