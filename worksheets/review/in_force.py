"""The plan in force: what the public, the comparisons and other municipalities read of a plan.

A published plan is read as it is now (its progress included). While a published plan is being revised (reopened,
then returned, submitted, or approved and not yet published again) it is read as its published version
(``ActionPlan.published_version``, the content frozen at its approval), marked "a revision is in preparation" with
the date it was reopened; publishing the revision replaces it. Who reads the draft instead is the permission
``worksheets.view_current_content`` (``worksheets.rules``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.db.models import OuterRef, QuerySet, Subquery

from ..exports.data import ExportWorksheet, export_of, plan_export
from ..exports.excel import plan_workbook
from ..exports.pdf import plan_pdf, version_pdf
from ..models import ActionPlan, PlanStatus, PlanTransition, PlanVersion


def with_revision_opened(plans: QuerySet) -> QuerySet:
    """``plans`` annotated with ``revision_opened_at``: when each last left the published status (its reopening for a
    revision), None for a plan never reopened after publication. A subquery: no query of its own."""
    reopened = (
        PlanTransition.objects.filter(plan=OuterRef("pk"), from_status=PlanStatus.PUBLISHED)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return plans.annotate(revision_opened_at=Subquery(reopened))


def revision_opened_at(plan: ActionPlan) -> datetime | None:
    """When ``plan`` was reopened for the revision being drafted: its ``revision_opened_at`` annotation
    (``with_revision_opened``), else one query; None when it is not being revised."""
    if not plan.in_revision:
        return None
    if hasattr(plan, "revision_opened_at"):
        return plan.revision_opened_at
    return with_revision_opened(ActionPlan.objects.filter(pk=plan.pk)).values_list("revision_opened_at", flat=True)[0]


@dataclass
class PlanInForce:
    """A public plan as everybody reads it: ``version`` is the published version shown while a revision is drafted
    (None: the plan as it is now), ``revision_opened_at`` when that revision began (None outside a revision)."""

    plan: ActionPlan
    version: PlanVersion | None = None
    revision_opened_at: datetime | None = None

    @property
    def in_revision(self) -> bool:
        return self.version is not None

    @property
    def title(self) -> str:
        """The plan's title as published (a revision may retitle it)."""
        if self.version is None:
            return self.plan.title
        return self.version.content.get("plan", {}).get("title") or self.plan.title

    @cached_property
    def worksheets(self) -> list[ExportWorksheet]:
        """Every worksheet as text: the published version's, else the plan's now (``exports.data``)."""
        return export_of(self.version.content) if self.version is not None else plan_export(self.plan)

    def pdf(self) -> bytes:
        """The PDF the public downloads: the published version with the revision marked, else the plan now."""
        if self.version is None:
            return plan_pdf(self.plan)
        return version_pdf(self.version, revision_opened_at=self.revision_opened_at)

    def workbook(self):
        """The .xlsx workbook the public downloads (openpyxl ``Workbook``), from the same content as ``pdf``."""
        return plan_workbook(self.plan, version=self.version, revision_opened_at=self.revision_opened_at)


def plan_in_force(plan: ActionPlan) -> PlanInForce:
    """How everybody reads ``plan`` (a public plan, ``ActionPlan.is_public``): during a revision its published version
    (one query unless ``published_version`` was selected with the plan) and the date it was reopened
    (``revision_opened_at``), else the plan as it is now."""
    if not plan.in_revision:
        return PlanInForce(plan)
    version = plan.published_version
    version.plan = plan  # the version's PDF reads the plan's municipality: no query for it
    return PlanInForce(plan, version, revision_opened_at(plan))
