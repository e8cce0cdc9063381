"""The council decision around approval: what approving would leave open (confirmed by the coordinator), and the
decision's number and date recorded or corrected after approval, attributed and kept in ``PlanVersion.history``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..completeness import Problem, plan_problems
from ..models import ActionPlan, Comment, PlanVersion
from ..numbering import Numbering
from ..rules import RECORD_DECISION
from .comments import open_comments


@dataclass
class ApprovalCheck:
    """What approving ``plan`` now would leave open: its quality problems (``completeness.plan_problems``) and its
    open review comments (each with its ``row``). Either asks the coordinator to tick "approve anyway"."""

    problems: list[Problem] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.problems or self.comments)


def approval_check(plan: ActionPlan, problems: list[Problem] | None = None) -> ApprovalCheck:
    """The ``ApprovalCheck`` of ``plan``; ``problems``: its ``plan_problems`` when the caller has them already."""
    numbering = Numbering(plan)
    return ApprovalCheck(
        problems=plan_problems(plan) if problems is None else problems, comments=open_comments(plan, numbering)
    )


EARLIEST_DECISION_DATE = date(2000, 1, 1)  # no plan of this kind was decided on earlier: an older date is a typing slip


def decision_date_range(today: date | None = None) -> tuple[date, date]:
    """The council decision dates accepted, ``(earliest, latest)``: from 1 January 2000 to a year after ``today``
    (the local date by default; from 29 February, to 28 February of the next year)."""
    today = today or timezone.localdate()
    try:
        latest = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + 1, day=28)
    return EARLIEST_DECISION_DATE, latest


def decision_date_problem(value: date | None) -> str | None:
    """Why ``value`` cannot be a council decision date (outside ``decision_date_range``), or None when it can (an
    empty date can: the decision may be recorded later). The same rule at approval and when correcting it."""
    if value is None:
        return None
    earliest, latest = decision_date_range()
    if earliest <= value <= latest:
        return None
    return _("The council decision date must be between %(earliest)s and %(latest)s.") % {
        "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
        "latest": date_format(latest, "SHORT_DATE_FORMAT"),
    }


class DecisionRefused(Exception):
    """The council decision was not recorded; the message says why."""


class DecisionConflict(DecisionRefused):
    """Somebody recorded the decision since the form was loaded: nothing is overwritten. ``version`` holds the values
    as they are now."""

    def __init__(self, message: str, version: PlanVersion):
        super().__init__(message)
        self.version = version


@transaction.atomic
def decision_record(
    *,
    version: PlanVersion,
    user,
    decision_number: str,
    decision_date: date | None,
    loaded_number: str,
    loaded_date: date | None,
) -> bool:
    """Record or correct the council decision (number, date; either may be empty) of an approved ``version``, by
    ``user``, now; True when it changed, False when it was already so.

    ``loaded_number``/``loaded_date`` are the values the user's form showed: when the stored ones differ (a
    colleague recorded the decision meanwhile), ``DecisionConflict`` and nothing is written. ``DecisionRefused``
    unless the user may record decisions on the plan (its region's coordinator), or for a date outside
    ``decision_date_range``. The change is a
    ``PlanVersion.history`` record (who, when, before and after).
    """
    version = PlanVersion.objects.select_for_update().select_related("plan__municipality__region").get(pk=version.pk)
    if not user.has_perm(RECORD_DECISION, version.plan):
        raise DecisionRefused(_("Only the region's coordinator records the council decision."))
    number = decision_number.strip()
    problem = decision_date_problem(decision_date)
    if problem:
        raise DecisionRefused(problem)
    if (version.decision_number, version.decision_date) != (loaded_number.strip(), loaded_date):
        raise DecisionConflict(
            _(
                "Somebody recorded the council decision of version %(version)s while you were typing. Nothing was "
                "changed: it now reads as below. Correct it again if needed."
            )
            % {"version": version.number},
            version,
        )
    if (version.decision_number, version.decision_date) == (number, decision_date):
        return False
    version.decision_number, version.decision_date = number, decision_date
    version._history_user = user
    version.save(update_fields=["decision_number", "decision_date"])
    return True


@dataclass(frozen=True)
class DecisionChange:
    """A council decision recorded or corrected after approval: on which version, when, by whom, before and after."""

    version: int
    at: datetime
    user: object
    number_before: str
    date_before: date | None
    number_after: str
    date_after: date | None


def decision_changes(plan: ActionPlan) -> list[DecisionChange]:
    """Every change of the council decision of ``plan``'s versions after their approval, newest first: one query."""
    records = PlanVersion.history.filter(plan_id=plan.pk).select_related("history_user").order_by("id", "history_date")
    changes, previous = [], None
    for record in records:
        if previous is not None and previous.id == record.id and record.history_type == "~":
            before = (previous.decision_number, previous.decision_date)
            after = (record.decision_number, record.decision_date)
            if before != after:
                changes.append(DecisionChange(record.number, record.history_date, record.history_user, *before, *after))
        previous = record
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes
