"""Writes that change plans: keyword-only functions, each in one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipalities.models import Municipality

from ..models import ActionPlan, MonitoringActivity, Risk, WorksheetState
from ..numbering import Numbering
from ..registry import STANDARD_MONITORING, STANDARD_RISKS, Worksheet, references_to


@transaction.atomic
def plan_create(*, user, municipality: Municipality, period_start: int, period_end: int, title: str) -> ActionPlan:
    """A new draft plan, pre-filled with the template's standard risks (ws 10) and monitoring (ws 11)."""
    plan = ActionPlan.objects.create(
        municipality=municipality,
        period_start=period_start,
        period_end=period_end,
        title=title,
        created_by=user,
        updated_by=user,
    )
    # Content is written in the municipality's language, whatever the interface language of its author.
    with override(municipality.language):
        for position, (factor, impact) in enumerate(STANDARD_RISKS, start=1):
            Risk(plan=plan, position=position, factor=str(factor), impact=str(impact)).save()
        for position, activity in enumerate(STANDARD_MONITORING, start=1):
            MonitoringActivity(plan=plan, position=position, activity=str(activity)).save()
    return plan


class StaleWorksheet(Exception):
    """Someone else saved the worksheet after this user loaded it."""

    def __init__(self, state: WorksheetState):
        super().__init__(f"worksheet {state.number} is at revision {state.revision}")
        self.state = state


class RowsStillReferenced(Exception):
    """A row marked for deletion is still pointed at by other rows; errors are on the forms."""


@dataclass(frozen=True)
class SaveResult:
    """A worksheet save: the worksheet's new revision and how many rows it added, changed and deleted."""

    revision: int
    added: int
    changed: int
    deleted: int


def worksheet_state(plan: ActionPlan, number: int) -> WorksheetState:
    """The revision record of worksheet ``number`` of ``plan`` (revision 0 until its first save)."""
    state, _created = WorksheetState.objects.get_or_create(plan=plan, number=number)
    return state


def locked_worksheet_state(plan: ActionPlan, number: int) -> WorksheetState:
    """``worksheet_state``, locked (``select_for_update``) until the calling transaction ends."""
    state, _created = WorksheetState.objects.select_for_update().get_or_create(plan=plan, number=number)
    return state


def worksheet_saved(*, plan: ActionPlan, number: int, user, state: WorksheetState | None = None) -> WorksheetState:
    """Record that ``user`` saved worksheet ``number`` of ``plan``: the next revision, who saved it and when.

    Called inside the transaction of the save (``select_for_update`` raises ``TransactionManagementError``
    outside one). The plan is marked as updated by ``user`` at the same moment. The worksheet's state row is
    locked until the transaction ends, so two saves never take the same revision; a caller that already
    holds the lock passes its ``state``. Returns the updated state.
    """
    state = state or locked_worksheet_state(plan, number)
    state.revision += 1
    state.saved_at = timezone.now()
    state.saved_by = user
    state.save()
    ActionPlan.objects.filter(pk=plan.pk).update(updated_at=state.saved_at, updated_by=user)
    return state


@transaction.atomic
def worksheet_save(
    *, plan: ActionPlan, worksheet: Worksheet, formsets: list, plan_form=None, user, revision: int
) -> SaveResult:
    """Save one worksheet's validated forms as a whole, or nothing.

    Refused with ``StaleWorksheet`` when the worksheet changed since ``revision`` was loaded, and with
    ``RowsStillReferenced`` when a deleted row is still the goal or task of another row.
    """
    state = locked_worksheet_state(plan, worksheet.number)
    if state.revision != revision:
        raise StaleWorksheet(state)
    if _flag_referenced_deletions(plan, formsets):
        raise RowsStillReferenced

    added = changed = deleted = 0
    deletions = []
    for formset in formsets:
        moved = []
        keeps_order = "position" not in formset.form.base_fields  # progress only: rows stay where they are
        for position, form in enumerate(formset.ordered_kept_forms, start=1):
            instance = form.instance
            if instance.pk is None:
                added += 1
            elif form.has_changed():
                changed += 1
            elif not keeps_order and form.initial.get("position") != position:
                moved.append(instance)
            instance.plan = plan
            if not keeps_order:
                instance.position = position
        for instance in formset.save(commit=False):
            instance.save()
        for instance in moved:
            instance.save(update_fields=["position"])
        deletions.append(formset.deleted_objects)
    # Rows that point at others (tasks at goals) go before the rows they point at.
    for instances in reversed(deletions):
        for instance in instances:
            instance.delete()
            deleted += 1
    if plan_form is not None and plan_form.has_changed():
        plan_form.save()
        changed += 1
    state = worksheet_saved(plan=plan, number=worksheet.number, user=user, state=state)
    return SaveResult(revision=state.revision, added=added, changed=changed, deleted=deleted)


def _flag_referenced_deletions(plan: ActionPlan, formsets: list) -> bool:
    """Add an error to each deleted form whose row other rows still point at; True if any."""
    deleting: dict[type, dict[int, object]] = {}
    submitted_links: dict[tuple[type, str], dict[int, object]] = {}
    for formset in formsets:
        model = formset.table.model
        for form in formset.deleted_forms:
            if form.instance.pk:
                deleting.setdefault(model, {})[form.instance.pk] = form
        for form in formset.kept_forms:
            for column in formset.table.link_columns:
                if form.instance.pk:
                    target = form.cleaned_data.get(column.name)
                    submitted_links.setdefault((model, column.name), {})[form.instance.pk] = target
    blocked = False
    numbering = Numbering(plan)
    for target_model, forms_by_id in deleting.items():
        ids = set(forms_by_id)
        for _worksheet, table, column in references_to(target_model):
            relinked = submitted_links.get((table.model, column.name), {})
            refs = (
                table.model.objects.filter(plan=plan, **{f"{column.name}__in": ids})
                .exclude(pk__in=deleting.get(table.model, {}).keys())
                .values_list("pk", f"{column.name}_id")
            )
            for ref_id, target_id in refs:
                if ref_id in relinked and getattr(relinked[ref_id], "pk", None) != target_id:
                    continue  # pointed elsewhere in this same submission
                form = forms_by_id[target_id]
                form.add_error(
                    None,
                    _("It cannot be deleted: %(kind)s %(label)s points at it. Change or delete that row first.")
                    % {"kind": table.verbose_name, "label": numbering.labels(table)[ref_id]},
                )
                blocked = True
    return blocked


class RestoreRefused(Exception):
    """The row cannot be restored; the message says why."""


@transaction.atomic
def row_restore(*, plan: ActionPlan, worksheet: Worksheet, table, row_id: int, user):
    """Bring a deleted row back from its history, at the end of its table."""
    record = table.model.history.filter(plan_id=plan.pk, id=row_id).order_by("-history_date").first()
    if record is None or record.history_type != "-" or table.model.objects.filter(pk=row_id).exists():
        raise RestoreRefused(_("This row is not deleted, so there is nothing to restore."))
    instance = record.instance
    for column in table.link_columns:
        attname = column.field.attname
        target_id = getattr(instance, attname)
        if target_id and not column.field.related_model.objects.filter(pk=target_id, plan=plan).exists():
            if not column.field.null:
                raise RestoreRefused(
                    _("Its %(link)s was deleted too: restore that first.") % {"link": column.label.lower()}
                )
            setattr(instance, attname, None)
    for column in table.reference_columns:  # a core indicator removed meanwhile is simply no longer linked
        target_id = getattr(instance, column.field.attname)
        if target_id and not column.field.related_model.objects.filter(pk=target_id).exists():
            setattr(instance, column.field.attname, None)
    last = table.model.objects.filter(plan=plan).order_by("-position").values_list("position", flat=True).first()
    instance.position = (last or 0) + 1
    instance.save()
    worksheet_saved(plan=plan, number=worksheet.number, user=user)
    return instance
