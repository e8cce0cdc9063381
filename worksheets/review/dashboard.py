"""The coordinator's dashboard: each municipality of a region with its current plan, worksheet by worksheet.

A fixed number of queries whatever the number of municipalities and rows: one per worksheet table
(counts grouped by plan), one for the plans, one for the open comments.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from municipalities.models import Municipality, Region

from ..completeness import WorksheetProgress, missing_condition
from ..models import ActionPlan, DashboardVisit, latest_plans
from ..registry import WORKSHEETS
from .comments import open_comment_counts


@dataclass
class DashboardRow:
    """A municipality on the dashboard: its latest plan (or None), a ``WorksheetProgress`` per worksheet, and whether
    the plan changed since the coordinator's last visit (set by the view)."""

    municipality: Municipality
    plan: ActionPlan | None
    cells: list[WorksheetProgress] = field(default_factory=list)
    changed_since_visit: bool = False

    @property
    def open_comments(self) -> int:
        return sum(c.open_comments for c in self.cells)


def region_dashboard(region: Region) -> list[DashboardRow]:
    """A row per municipality of ``region`` (in the region's alphabetical order) with its latest plan
    (``latest_plans``: a new period's draft or a plan in review shows here), or none."""
    municipalities = sorted(
        Municipality.objects.filter(region=region).select_related("region"), key=Municipality.name_key
    )
    plans = latest_plans(ActionPlan.objects.filter(municipality__region=region).select_related("updated_by"))
    plan_ids = [p.pk for p in plans.values()]
    counts: dict[tuple[int, int], WorksheetProgress] = {}
    for worksheet in WORKSHEETS:
        for table in worksheet.tables:
            grouped = (
                table.model.objects.filter(plan_id__in=plan_ids)
                .values("plan_id")
                .annotate(rows=Count("pk"), incomplete=Count("pk", filter=missing_condition(table)))
            )
            for item in grouped:
                cell = counts.setdefault((item["plan_id"], worksheet.number), WorksheetProgress(worksheet))
                cell.rows += item["rows"]
                cell.incomplete_rows += item["incomplete"]
    comments = open_comment_counts(plan_ids)
    rows = []
    for municipality in municipalities:
        plan = plans.get(municipality.pk)
        cells = []
        for worksheet in WORKSHEETS:
            cell = counts.get((plan.pk, worksheet.number)) if plan else None
            cell = cell or WorksheetProgress(worksheet)
            cell.open_comments = comments.get((plan.pk, worksheet.number), 0) if plan else 0
            cells.append(cell)
        rows.append(DashboardRow(municipality, plan, cells))
    return rows


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
