"""The coordinator's dashboard: each municipality of a region with the plans its coordinator works on or follows,
worksheet by worksheet.

A fixed number of queries whatever the number of municipalities, plans and rows: one for the plans, one for the open
comments, one per worksheet table (counts grouped by plan).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from municipalities.models import Municipality, Region

from ..completeness import WorksheetProgress, missing_condition
from ..models import ActionPlan, DashboardVisit, PlanStatus, latest_plans
from ..registry import WORKSHEETS
from .comments import open_comment_counts


@dataclass
class DashboardCell(WorksheetProgress):
    """A worksheet of a plan on the dashboard: its ``WorksheetProgress``, with the worksheet page's address (``url``)
    and the cell's text for screen readers (``label``), made here rather than by template tags: a region of 100
    municipalities has 1,100 cells, and a translation tag and a URL tag per cell cost the page over a second."""

    url: str = ""

    @property
    def label(self) -> str:
        """E.g. "Worksheet 4: started, 6 rows", in the interface language."""
        return ngettext(
            "Worksheet %(number)s: %(state)s, %(rows)s row",
            "Worksheet %(number)s: %(state)s, %(rows)s rows",
            self.rows,
        ) % {"number": self.worksheet.number, "state": self.completeness_label, "rows": self.rows}


@dataclass
class DashboardPlan:
    """A plan on the dashboard: a ``DashboardCell`` per worksheet (its open comments included), and whether the plan
    changed since the coordinator's last visit (set by the view)."""

    plan: ActionPlan
    cells: list[DashboardCell] = field(default_factory=list)
    changed_since_visit: bool = False

    @property
    def open_comments(self) -> int:
        return sum(c.open_comments for c in self.cells)


@dataclass
class DashboardRow:
    """A municipality on the dashboard with its ``DashboardPlan``s, latest period first (none: no plan yet)."""

    municipality: Municipality
    plans: list[DashboardPlan] = field(default_factory=list)


def shown_on_dashboard(plan: ActionPlan, latest: ActionPlan, open_comments: int) -> bool:
    """Whether the coordinator's dashboard lists ``plan`` beside its municipality's ``latest`` plan (``latest_plans``).

    Every plan but a settled one: a published plan (not being revised) of an earlier period without open comments.
    So a plan submitted, returned, approved and not yet published, being revised after publication, or a draft shows
    whatever its period, with its open comments; a revision of an earlier period is not hidden by a new period's
    draft.
    """
    if plan.pk == latest.pk or open_comments:
        return True
    return plan.status != PlanStatus.PUBLISHED


# Numbers no plan or worksheet has: the worksheet page's address is reversed once with them, then filled in per cell.
_PLAN_MARK, _NUMBER_MARK = 8_765_432_109, 1_234


def _worksheet_urls():
    """``url(plan_id, number)``: the worksheet page's address, from one ``reverse`` (1,100 would cost 0.2 s)."""
    pattern = reverse("worksheets:worksheet", args=[_PLAN_MARK, _NUMBER_MARK])
    before, _mark, rest = pattern.partition(str(_PLAN_MARK))
    middle, _mark, after = rest.partition(str(_NUMBER_MARK))
    return lambda plan_id, number: f"{before}{plan_id}{middle}{number}{after}"


def region_dashboard(region: Region) -> list[DashboardRow]:
    """A row per municipality of ``region`` (in the region's alphabetical order) with the plans its coordinator should
    see (``shown_on_dashboard``), latest period first, or none."""
    municipalities = sorted(
        Municipality.objects.filter(region=region).select_related("region"), key=Municipality.name_key
    )
    plans = list(
        ActionPlan.objects.filter(municipality__region=region)
        .select_related("updated_by")
        .order_by("-period_start", "-period_end")
    )
    comments = open_comment_counts([p.pk for p in plans])
    open_per_plan: dict[int, int] = {}
    for (plan_id, _worksheet), count in comments.items():
        open_per_plan[plan_id] = open_per_plan.get(plan_id, 0) + count
    latest = latest_plans(plans)
    shown = [p for p in plans if shown_on_dashboard(p, latest[p.municipality_id], open_per_plan.get(p.pk, 0))]
    plan_ids = [p.pk for p in shown]
    counts: dict[tuple[int, int], DashboardCell] = {}
    for worksheet in WORKSHEETS:
        for table in worksheet.tables:
            grouped = (
                table.model.objects.filter(plan_id__in=plan_ids)
                .values("plan_id")
                .annotate(rows=Count("pk"), incomplete=Count("pk", filter=missing_condition(table)))
            )
            for item in grouped:
                key = (item["plan_id"], worksheet.number)
                cell = counts.setdefault(key, DashboardCell(worksheet))
                cell.rows += item["rows"]
                cell.incomplete_rows += item["incomplete"]
    url = _worksheet_urls()
    by_municipality: dict[int, list[DashboardPlan]] = {}
    for plan in shown:  # latest period first
        cells = []
        for worksheet in WORKSHEETS:
            cell = counts.get((plan.pk, worksheet.number)) or DashboardCell(worksheet)
            cell.open_comments = comments.get((plan.pk, worksheet.number), 0)
            cell.url = url(plan.pk, worksheet.number)
            cells.append(cell)
        by_municipality.setdefault(plan.municipality_id, []).append(DashboardPlan(plan, cells))
    return [DashboardRow(m, by_municipality.get(m.pk, [])) for m in municipalities]


def dashboard_visit(user, region: Region) -> datetime | None:
    """Record that ``user`` looks at ``region``'s dashboard now; when they looked before (None the first time).

    Kept per user and region in the database (``DashboardVisit``), so it outlasts the session. Two queries. Two
    pages loaded at once (two tabs) both answer with the visit before them and the later time is kept; on a first
    visit the second insert is ignored (``ignore_conflicts``), never an error.
    """
    now = timezone.now()
    visits = DashboardVisit.objects.filter(user=user, region=region)
    before = visits.values_list("visited_at", flat=True).first()
    if before is not None:
        visits.update(visited_at=now)
    else:
        DashboardVisit.objects.bulk_create(
            [DashboardVisit(user=user, region=region, visited_at=now)], ignore_conflicts=True
        )
    return before
