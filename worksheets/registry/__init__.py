"""The 11 worksheets, described once: their structure.

Everything that handles worksheets (edit page, validation, completeness, history, admin, PDF, Excel,
import, the regional review) reads this registry instead of knowing worksheet numbers. A worksheet has one
or more tables of rows and, for a few worksheets, plan-level fields. Column labels come from the models'
``verbose_name``. The template's texts of each worksheet (purpose, instructions, guidance lists, examples,
suggestion lists, standard risks and monitoring) live in ``guidance.py``, keyed by worksheet number, and
are read through ``Worksheet.purpose``, ``.instructions``, ``.guidance`` and ``.examples``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import (
    ActionPlan,
    Activity,
    ChecklistItem,
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
from .guidance import (
    COOPERATION_SUGGESTIONS,
    COOPERATION_TYPES,
    DATA_METHOD_SUGGESTIONS,
    QUALITATIVE_SUGGESTIONS,
    QUANTITATIVE_SUGGESTIONS,
    STANDARD_MONITORING,
    STANDARD_RISKS,
    TARGET_GROUP_SUGGESTIONS,
    TARGET_GROUPS,
    TEXTS,
    Example,
    Guidance,
    ShownGuidance,
    Suggestions,
    WorksheetTexts,
)


@dataclass(frozen=True)
class Column:
    """One column of a worksheet table: a field of the row model."""

    name: str
    suggestions: Suggestions | None = None  # values offered in the cells, in the plan's language (a free text)
    expected: bool = True  # counts for completeness ("started" until filled on every row)
    wide: bool = False  # long free text: gets more room on screen, in the PDF and in Excel
    progress: bool = False  # recorded while the plan runs: editable after approval (PRODUCT §3)
    due_from: str = ""  # a date column: the free-text column a due date is read from while it is empty
    short_label: str | None = None  # the header where room is short (the regional review); else the label
    # The worksheet page shows this column as a note under the column ``note_of`` names, where the two differ,
    # instead of as a column of its own; the page never posts it, so a save keeps it as stored. Every other view
    # (PDF, Excel and its import, history, comparisons) shows it as a column.
    note_of: str = ""
    # An optional column the worksheet page's grid shows hidden until the officer shows it ("Columns shown", kept
    # per browser): one they need not see to fill the worksheet (ws 7's action group, which the page suggests).
    collapsed: bool = False

    def bind(self, model: type[models.Model]) -> BoundColumn:
        return BoundColumn(self, model._meta.get_field(self.name))


@dataclass(frozen=True)
class BoundColumn:
    """A ``Column`` with the model field it names: its label, kind and flags, read from the field."""

    column: Column
    field: models.Field

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def label(self):
        return self.field.verbose_name

    @property
    def short_label(self):
        """The header where room is short (the regional review's tables): ``Column.short_label`` or the label."""
        return self.column.short_label or self.label

    @property
    def required(self) -> bool:
        """The officer must fill it (a field with a default, like a status, is filled for them)."""
        return not self.field.blank and not self.field.has_default()

    @property
    def is_link(self) -> bool:
        """A link to another row of the same plan (a goal, a task)."""
        return self.field.is_relation and issubclass(self.field.related_model, WorksheetRow)

    @property
    def linked_table(self) -> Table:
        """The table whose rows a link column points at (the goals, for a task's goal)."""
        return table_for_model(self.field.related_model)[1]

    @property
    def is_reference(self) -> bool:
        """A link to a regional reference list (e.g. a core indicator).

        The referenced model's queryset offers the rows a plan may choose, ``for_plan(plan)``, and the note
        shown beside a cell that references one of them, ``notes_for(plan) -> {pk: text}``.
        """
        return self.field.is_relation and not self.is_link

    @property
    def is_date(self) -> bool:
        return isinstance(self.field, models.DateField)

    @property
    def is_choice(self) -> bool:
        return bool(self.field.choices)

    @property
    def is_url(self) -> bool:
        """A web address (e.g. ws 1's link to a document or programme)."""
        return isinstance(self.field, models.URLField)

    @property
    def suggestions(self) -> Suggestions | None:
        """The values offered in the column's cells (``suggestions_in(language)`` gives them as text), or None."""
        return self.column.suggestions

    def suggestions_in(self, language: str) -> list[str]:
        """The values offered in the cells of a plan written in ``language``, in that language ([] for none)."""
        return self.column.suggestions.in_language(language) if self.column.suggestions else []

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
    def collapsed(self) -> bool:
        return self.column.collapsed

    @property
    def kind(self) -> str:
        """What the column holds, for the page's layout: "link" (a goal, a task), "reference" (a regional list),
        "choice", "date", "url", "yesno" or "text"."""
        if self.is_link:
            return "link"
        if self.is_reference:
            return "reference"
        if self.is_choice:
            return "choice"
        if self.is_date:
            return "date"
        if self.is_url:
            return "url"
        if isinstance(self.field, models.BooleanField):
            return "yesno"
        return "text"

    @property
    def note_of(self) -> str:
        """The column this one is shown as a note of on the worksheet page (``Column.note_of``), or ""."""
        return self.column.note_of

    def note_text(self, row) -> str:
        """The note shown under column ``note_of`` of ``row`` on the worksheet page, "<label>: <text>": this column's
        text where it differs from what that column holds (for a link, the linked row's title, e.g. the chosen
        task's text; compared without case, spacing and a closing full stop) or where that column is empty; ""
        where this column is empty or says the same."""
        text = getattr(row, self.name) or ""
        if not text.strip():
            return ""
        other = getattr(row, self.note_of)
        if other is not None and hasattr(other, "TITLE_FIELD"):
            other = getattr(other, other.TITLE_FIELD)
        if other and _comparable(str(other)) == _comparable(text):
            return ""
        return f"{self.label}: {text}"


def _comparable(text: str) -> str:
    """A text for telling whether two wordings say the same: case, spacing and a closing full stop ignored."""
    return " ".join(text.split()).rstrip(".").casefold()


@dataclass(frozen=True)
class Table:
    """A list of rows of one model, shown as one editable grid."""

    key: str
    model: type[WorksheetRow]
    columns: tuple[Column, ...]
    title: str | None = None
    add_label: str = _("Add a row")
    parent: str | None = None  # link column whose row numbers prefix this table's ("1.2" = goal 1, task 2)
    # Columns the plan quality checks (PRODUCT §2) require on every row, in the order a problem names them.
    quality_checked: tuple[str, ...] = ()

    @cached_property
    def bound_columns(self) -> tuple[BoundColumn, ...]:
        return tuple(column.bind(self.model) for column in self.columns)

    @cached_property
    def grid_columns(self) -> tuple[BoundColumn, ...]:
        """The columns the worksheet page's grid shows: all but those shown as another column's note
        (``Column.note_of``)."""
        return tuple(column for column in self.bound_columns if not column.note_of)

    @property
    def optional_grid_columns(self) -> tuple[BoundColumn, ...]:
        """The grid's columns an officer may leave empty (``Column.expected`` False): those the page lets them
        hide."""
        return tuple(column for column in self.grid_columns if not column.expected)

    @property
    def note_columns(self) -> tuple[BoundColumn, ...]:
        """The columns the worksheet page shows as notes of another column (``Column.note_of``)."""
        return tuple(column for column in self.bound_columns if column.note_of)

    @property
    def field_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def parent_table(self) -> Table | None:
        """The table whose row numbers prefix this table's (the goals, for the tasks), if any."""
        return self.column(self.parent).linked_table if self.parent else None

    def column(self, name: str) -> BoundColumn:
        """The bound column ``name``; ``StopIteration`` if the table has no such column."""
        return next(c for c in self.bound_columns if c.name == name)

    @property
    def quality_checked_columns(self) -> tuple[BoundColumn, ...]:
        return tuple(self.column(name) for name in self.quality_checked)

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
class Worksheet:
    """One of the 11 worksheets: its tables and plan-level fields; its texts come from ``guidance.TEXTS``."""

    number: int
    slug: str
    title: str
    tables: tuple[Table, ...]
    plan_fields: tuple[str, ...] = ()
    plan_fields_title: str | None = None
    plan_fields_first: bool = False  # shown before the tables (ws 9: the checklist is part 1, its own items follow)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def plan_form_fields(self) -> list[models.Field]:
        return [ActionPlan._meta.get_field(name) for name in self.plan_fields]

    @cached_property
    def plan_columns(self) -> tuple[BoundColumn, ...]:
        """The plan-level fields as columns (label, kind), for showing and comparing their values."""
        return tuple(Column(name).bind(ActionPlan) for name in self.plan_fields)

    @property
    def checklist_fields(self) -> list[models.Field]:
        """The plan-level yes/no answers of this worksheet (ws 9's partnership checklist)."""
        return [f for f in self.plan_form_fields if isinstance(f, models.BooleanField)]

    @property
    def texts(self) -> WorksheetTexts:
        """The template's texts of this worksheet (``guidance.TEXTS``, keyed by number)."""
        return TEXTS[self.number]

    @property
    def purpose(self) -> str:
        return self.texts.purpose

    @property
    def instructions(self) -> tuple:
        return self.texts.instructions

    @property
    def guidance(self) -> tuple[Guidance, ...]:
        return self.texts.guidance

    def guidance_for(self, language: str) -> list[ShownGuidance]:
        """The guidance lists as the page of a plan written in ``language`` shows them: suggestion lists in that
        language, with its additions; lists with nothing for that language left out."""
        return [shown for guidance in self.guidance if (shown := guidance.shown_for(language)) is not None]

    @property
    def examples(self) -> tuple[Example, ...]:
        return self.texts.examples

    def examples_for(self, table: Table) -> list[Example]:
        return [e for e in self.examples if e.table == table.key]

    @property
    def has_progress(self) -> bool:
        """Whether something of this worksheet is still recorded after approval."""
        return any(t.progress_columns for t in self.tables)


WORKSHEETS: tuple[Worksheet, ...] = (
    Worksheet(
        number=1,
        slug="policy-documents",
        title=_("Policy planning documents and legal acts"),
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
    ),
    Worksheet(
        number=2,
        slug="cooperation",
        title=_("Cooperation models with social partners"),
        tables=(
            Table(
                key="cooperation",
                model=Cooperation,
                columns=(
                    Column("organisation"),
                    Column("cooperation_type", suggestions=COOPERATION_SUGGESTIONS),
                    Column("result", wide=True),
                ),
            ),
        ),
    ),
    Worksheet(
        number=3,
        slug="data-sources",
        title=_("Data and their sources"),
        tables=(
            Table(
                key="data",
                model=DataSource,
                columns=(Column("data_type", wide=True), Column("source"), Column("update_frequency")),
            ),
        ),
    ),
    Worksheet(
        number=4,
        slug="needs",
        title=_("Needs analysis of target groups"),
        tables=(
            Table(
                key="needs",
                model=TargetGroupNeed,
                columns=(
                    Column("target_group", suggestions=TARGET_GROUP_SUGGESTIONS),
                    Column("existing_support", wide=True),
                    Column("unmet_needs", wide=True),
                    Column("opportunities", wide=True),
                ),
            ),
        ),
    ),
    Worksheet(
        number=5,
        slug="resources",
        title=_("Resources at the municipality's disposal for implementing support"),
        tables=(
            Table(
                key="resources",
                model=Resource,
                columns=(Column("resource_type"), Column("description", wide=True), Column("holder")),
            ),
        ),
        plan_fields=("support_given",),
        plan_fields_title=_("Finally, name the support already given to social enterprises or innovators."),
    ),
    Worksheet(
        number=6,
        slug="goals",
        title=_("Defining strategic goals and tasks"),
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
    ),
    Worksheet(
        number=7,
        slug="action-plan",
        title=_("Preparing the action plan"),
        tables=(
            Table(
                key="activities",
                model=Activity,
                columns=(
                    Column("task"),
                    Column("task_as_written", expected=False, note_of="task"),
                    Column("description", wide=True),
                    Column("timeline"),
                    Column("funding_source"),
                    Column("involved_parties"),
                    Column("responsible_unit"),
                    Column("action_group", expected=False, collapsed=True),
                    Column("status", expected=False, progress=True),
                    Column("due_date", expected=False, due_from="timeline"),
                ),
                add_label=_("Add an activity"),
                quality_checked=("responsible_unit", "timeline", "funding_source"),
            ),
        ),
    ),
    Worksheet(
        number=8,
        slug="indicators",
        title=_("Measurable indicators and evaluation methods"),
        tables=(
            Table(
                key="indicators",
                model=Indicator,
                columns=(
                    Column(
                        "indicator",
                        suggestions=QUANTITATIVE_SUGGESTIONS + QUALITATIVE_SUGGESTIONS,
                        wide=True,
                        short_label=_("Indicator"),
                    ),
                    Column("goal"),
                    Column("target"),
                    Column("achieved_result", expected=False, progress=True),
                    Column("data_method", suggestions=DATA_METHOD_SUGGESTIONS),
                    Column("recommendations", expected=False),
                    Column("evaluation_parties"),
                    Column("core_indicator", expected=False),
                ),
                add_label=_("Add an indicator"),
            ),
        ),
    ),
    Worksheet(
        number=9,
        slug="partnerships",
        title=_("Building partnerships and public engagement"),
        tables=(
            Table(
                key="checklist",
                model=ChecklistItem,
                columns=(Column("text", wide=True), Column("done", expected=False)),
                title=_("The municipality's own checklist items"),
                add_label=_("Add a checklist item"),
            ),
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
        plan_fields=(
            "partners_identified",
            "partners_identified_note",
            "meetings_held",
            "meetings_held_note",
            "agreements_signed",
            "agreements_signed_note",
        ),
        plan_fields_title=_("1. Partnership checklist"),
        plan_fields_first=True,
    ),
    Worksheet(
        number=10,
        slug="risks",
        title=_("Identification and prevention of implementation risks"),
        tables=(
            Table(
                key="risks",
                model=Risk,
                columns=(
                    Column("factor"),
                    Column("impact"),
                    Column("level", short_label=_("Risk level")),
                    Column("preventive_measures", expected=False, wide=True, short_label=_("Preventive measures")),
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
                    Column("due_date", expected=False, due_from="deadline"),
                ),
                add_label=_("Add a monitoring activity"),
            ),
        ),
    ),
)

BY_NUMBER: dict[int, Worksheet] = {w.number: w for w in WORKSHEETS}
ALL_TABLES: tuple[tuple[Worksheet, Table], ...] = tuple((w, t) for w in WORKSHEETS for t in w.tables)


PLAN_FIELDS: tuple[str, ...] = tuple(name for w in WORKSHEETS for name in w.plan_fields)
CHECKLIST_FIELDS: tuple[str, ...] = tuple(f.name for w in WORKSHEETS for f in w.checklist_fields)


def get_worksheet(number: int) -> Worksheet:
    """The worksheet ``number`` (1–11); ``KeyError`` for another number."""
    return BY_NUMBER[number]


def table_for_model(model: type[models.Model]) -> tuple[Worksheet, Table]:
    """The worksheet and table whose rows are ``model``'s; ``StopIteration`` for a model of no table."""
    return next((w, t) for w, t in ALL_TABLES if t.model is model)


def references_to(model: type[models.Model]) -> list[tuple[Worksheet, Table, BoundColumn]]:
    """Every link column, in any worksheet, that points at rows of ``model``."""
    return [(w, t, c) for w, t in ALL_TABLES for c in t.link_columns if c.field.related_model is model]


__all__ = [
    "ALL_TABLES",
    "BY_NUMBER",
    "CHECKLIST_FIELDS",
    "COOPERATION_TYPES",
    "PLAN_FIELDS",
    "STANDARD_MONITORING",
    "STANDARD_RISKS",
    "TARGET_GROUPS",
    "WORKSHEETS",
    "BoundColumn",
    "Column",
    "Example",
    "Guidance",
    "ShownGuidance",
    "Suggestions",
    "Table",
    "Worksheet",
    "WorksheetTexts",
    "get_worksheet",
    "references_to",
    "table_for_model",
]
