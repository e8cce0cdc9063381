"""Writes that change plans: keyword-only functions, each in one transaction."""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipalities.models import Municipality
from seimpact.lib.merge import CellConflict, changed_since_base, merge_row, moved_rows, stored_values

from ..models import ActionPlan, MonitoringActivity, Risk, WorksheetNote, WorksheetState
from ..numbering import Numbering
from ..registry import STANDARD_MONITORING, STANDARD_RISKS, Table, Worksheet, references_to
from . import rollover


@transaction.atomic
def plan_create(
    *,
    user,
    municipality: Municipality,
    period_start: int,
    period_end: int,
    title: str,
    copy_from: ActionPlan | None = None,
    worksheets: Iterable[int] = (),
) -> ActionPlan:
    """A new draft plan, pre-filled with the template's standard risks (ws 10) and monitoring (ws 11).

    With ``copy_from`` (an earlier plan of the same municipality), the plan starts as its
    copy for the next period: the rows and plan-level fields of the worksheets numbered in ``worksheets`` are
    copied (``rollover.copy_rows``) and the plan records ``copied_from``. A carried table that gets rows takes the
    place of the standard rows, so they are not doubled. The plan's and the copies' history name ``user``.
    ``IntegrityError`` when the municipality has a plan for the period already (a colleague's, created meanwhile);
    ``ActionPlan.DoesNotExist`` when ``copy_from`` was deleted meanwhile; ``ValueError`` when it is another
    municipality's plan.
    """
    plan = ActionPlan(
        municipality=municipality,
        period_start=period_start,
        period_end=period_end,
        title=title,
        created_by=user,
        updated_by=user,
        copied_from=copy_from,
    )
    plan._history_user = user
    carried: dict = {}
    if copy_from is not None:
        # The source stays while it is copied: it cannot be deleted before this transaction ends.
        copy_from = (
            ActionPlan.objects.select_for_update(of=("self",))
            .select_related("municipality__region")
            .get(pk=copy_from.pk)
        )
        if copy_from.municipality_id != municipality.pk:
            raise ValueError(
                f"plan {copy_from.pk} is not a plan of {municipality}: a plan is copied within its municipality"
            )
        for name, value in rollover.plan_fields_to_copy(copy_from, worksheets).items():
            setattr(plan, name, value)
        plan._change_reason = rollover.copy_reason(copy_from)
    plan.save()
    if copy_from is not None:
        carried = rollover.copy_rows(source=copy_from, plan=plan, numbers=worksheets, user=user)
    # Content is written in the municipality's language, whatever the interface language of its author.
    with override(municipality.language):
        if not carried.get(Risk):
            for position, (factor, impact) in enumerate(STANDARD_RISKS, start=1):
                Risk(plan=plan, position=position, factor=str(factor), impact=str(impact)).save()
        if not carried.get(MonitoringActivity):
            for position, activity in enumerate(STANDARD_MONITORING, start=1):
                MonitoringActivity(plan=plan, position=position, activity=str(activity)).save()
    return plan


class RowsStillReferenced(Exception):
    """A row marked for deletion is still pointed at by other rows; errors are on the forms."""


class LinkTargetGone(Exception):
    """A row points at a goal or task a colleague deleted meanwhile; errors are on the forms."""


@dataclass(frozen=True)
class SaveResult:
    """A worksheet save: the worksheet's revision after it; how many table rows it added, changed, deleted and
    moved; how many of the worksheet's plan-level fields it changed (``fields``, e.g. ws 9's checklist answers) and
    whether it changed the worksheet's notes (``notes``); and how many cells a colleague had changed meanwhile that
    it kept (``kept``). All zero (and the revision unchanged) for a save that changed nothing: nothing was
    written. ``added_ids``: ``{form prefix: id}`` of the rows it added (e.g. ``{"risks-7": 412}``), so a page that
    stays open (autosave) knows its new rows by their ids."""

    revision: int
    added: int = 0
    changed: int = 0
    deleted: int = 0
    moved: int = 0
    fields: int = 0
    notes: bool = False
    kept: int = 0
    added_ids: dict = field(default_factory=dict, compare=False)

    @property
    def wrote(self) -> bool:
        return bool(self.added or self.changed or self.deleted or self.moved or self.fields or self.notes)


@dataclass
class RowConflict:
    """A row of the officer's page that a colleague's save meanwhile collides with.

    ``cells``: cells both changed to different values; ``deleted_by_colleague``: the officer changed a row a
    colleague deleted; ``changed_by_colleague``: the officer deletes a row a colleague changed. ``by``/``at``:
    who last changed (or deleted) the row and when.
    """

    table: Table
    form: object
    cells: list[CellConflict] = field(default_factory=list)
    deleted_by_colleague: bool = False
    changed_by_colleague: bool = False
    by: object = None
    at: object = None


class WorksheetConflict(Exception):
    """Changes of the officer and of a colleague collide; nothing was saved.

    ``rows``: ``RowConflict`` per row; ``plan_cells``: conflicting plan-level fields; ``order_tables``: tables
    both reordered; ``note_cells``: the worksheet's notes, when both changed them; ``state``: the worksheet's state
    now (who saved last, when, at which revision).
    """

    def __init__(
        self, state: WorksheetState, rows: list, plan_cells: list, order_tables: list, note_cells: list | None = None
    ):
        super().__init__(f"worksheet {state.number}: {len(rows)} rows and {len(plan_cells)} plan fields collide")
        self.state = state
        self.rows = rows
        self.plan_cells = plan_cells
        self.order_tables = order_tables
        self.note_cells = note_cells or []

    @property
    def places(self) -> int:
        """How many places collide: each cell both changed, and each row one deleted while the other changed it."""
        rows = sum(len(row.cells) or 1 for row in self.rows)
        return rows + len(self.plan_cells) + len(self.note_cells)


def worksheet_state(plan: ActionPlan, number: int) -> WorksheetState:
    """The revision record of worksheet ``number`` of ``plan``: revision 0 (unsaved) until its first save.

    A read: nothing is written, so opening a page never contends for the database's write lock.
    """
    state = WorksheetState.objects.filter(plan=plan, number=number).select_related("saved_by").first()
    return state or WorksheetState(plan=plan, number=number)


def locked_worksheet_state(plan: ActionPlan, number: int) -> WorksheetState:
    """``worksheet_state``, created if need be and locked (``select_for_update``) until the calling transaction
    ends. Two first saves of a worksheet at the same moment both get the one record: the second one's insert
    fails inside its own savepoint and it then waits for the first's lock."""
    locked = WorksheetState.objects.select_for_update()
    state = locked.filter(plan=plan, number=number).first()
    if state is None:
        try:
            with transaction.atomic():
                state = WorksheetState.objects.create(plan=plan, number=number)
        except IntegrityError:
            state = locked.get(plan=plan, number=number)
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
    *, plan: ActionPlan, worksheet: Worksheet, formsets: list, plan_form=None, note_form=None, user, revision: int
) -> SaveResult:
    """Save one worksheet's validated forms, merged cell by cell with what colleagues saved meanwhile, or nothing.

    Each form's ``base`` digests say what the page was loaded with (``seimpact.lib.merge``): only cells
    this user changed are written; cells a colleague changed meanwhile are kept; rows a colleague added stay.
    A form without ``base`` (a page that sent none) takes the stored values as its base when ``revision`` is the
    worksheet's current revision, and otherwise counts every cell it differs in as a conflict.

    Raises ``WorksheetConflict`` when changes collide (a cell both changed, a row one deleted and the other
    changed, a table both reordered), ``RowsStillReferenced`` when a deleted row is still the goal or task of
    another row, and ``LinkTargetGone`` when a row points at a row deleted meanwhile; nothing is written then.
    A save that changes nothing writes nothing: no history, no new revision. ``note_form`` (a
    ``forms.WorksheetNoteForm``): the worksheet's notes, merged like a plan-level field and stored as its
    ``WorksheetNote`` (created on the first save that writes one).
    """
    state = locked_worksheet_state(plan, worksheet.number)
    stale = state.revision != revision
    if _flag_referenced_deletions(plan, formsets):
        raise RowsStillReferenced
    plans = [_TablePlan.build(formset, stale) for formset in formsets]
    plan_merge = None
    if plan_form is not None:
        fresh_plan = ActionPlan.objects.get(pk=plan.pk)
        plan_merge = merge_row(
            {name: plan_form.cleaned_data.get(name) for name in plan_form.merged_names},
            stored_values(fresh_plan, plan_form.merged_names),
            _base_for(plan_form, stale),
        )
    note, note_merge = None, None
    if note_form is not None:  # the state's lock is held: no other save of this worksheet writes its note now
        note = WorksheetNote.objects.filter(plan=plan, number=worksheet.number).first()
        note = note or WorksheetNote(plan=plan, number=worksheet.number)
        note_merge = merge_row(
            {"text": note_form.cleaned_data.get("text") or ""},
            stored_values(note, ["text"]),
            _base_for(note_form, stale),
        )
    conflicts = [conflict for table_plan in plans for conflict in table_plan.conflicts]
    plan_cells = plan_merge.conflicts if plan_merge else []
    note_cells = note_merge.conflicts if note_merge else []
    order_tables = [table_plan.table for table_plan in plans if table_plan.order_conflict]
    if conflicts or plan_cells or order_tables or note_cells:
        _attribute(conflicts, plan, plan_cells)
        _attribute_note(note, note_cells)
        raise WorksheetConflict(state, conflicts, plan_cells, order_tables, note_cells)
    if _flag_gone_targets(plans):
        raise LinkTargetGone

    result = {"added": 0, "changed": 0, "deleted": 0, "moved": 0, "fields": 0, "notes": False, "kept": 0}
    for table_plan in plans:
        for key, count in table_plan.write(plan).items():
            result[key] += count
    # Rows that point at others (tasks at goals) go before the rows they point at.
    for table_plan in reversed(plans):
        result["deleted"] += table_plan.delete()
    if plan_merge is not None:
        result["kept"] += len(plan_merge.theirs)
        if plan_merge.writes:
            fresh_plan = ActionPlan.objects.get(pk=plan.pk)
            for name, value in plan_merge.writes.items():
                setattr(fresh_plan, name, value)
            fresh_plan.save()
            result["fields"] = len(plan_merge.writes)
    if note_merge is not None:
        result["kept"] += len(note_merge.theirs)
        if note_merge.writes:
            note.text = note_merge.writes["text"]
            note.save()
            result["notes"] = True
    added_ids = {prefix: pk for table_plan in plans for prefix, pk in table_plan.added_ids.items()}
    saved = SaveResult(revision=state.revision, added_ids=added_ids, **result)
    if not saved.wrote:
        return saved
    state = worksheet_saved(plan=plan, number=worksheet.number, user=user, state=state)
    return replace(saved, revision=state.revision)


def _base_for(form, stale: bool) -> dict | None:
    """The form's base digests; without them, the stored values when the page is current, else "none"."""
    base = form.base_digests
    if base is None and stale:
        return {}  # every differing cell is a conflict: the page's starting point is unknown
    return base


MOVE_REASON = "moved:{before}:{after}"  # a row's history record: moved from row number ``before`` to ``after``
# (read back by ``history.worksheet_history``)


@dataclass
class _TablePlan:
    """What a save does to one table: updates, additions, deletions and the final order, or its conflicts."""

    table: Table
    formset: object
    stored: dict  # pk -> the row stored now (read inside the save's lock)
    order: list  # the final order: ("row", pk) for stored rows, ("form", form) for new ones
    updates: dict = field(default_factory=dict)  # pk -> {name: value}
    additions: list = field(default_factory=list)
    deletions: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    order_conflict: bool = False
    kept: int = 0
    added_ids: dict = field(default_factory=dict)  # form prefix -> id of the row it added (after ``write``)

    @classmethod
    def build(cls, formset, stale: bool) -> "_TablePlan":
        table = formset.table
        stored = {row.pk: row for row in table.model.objects.filter(plan=formset.plan).order_by("position", "id")}
        plan = cls(table, formset, stored, [])
        keeps_order = "position" not in formset.form.base_fields  # progress only: rows stay where they are
        for form in formset.forms:
            if not form.has_changed() and form.instance.pk is None and form.vanished_id is None:
                continue  # an empty new row
            names = form.merged_names
            deleting = formset.can_delete and formset._should_delete_form(form)
            base = _base_for(form, stale)
            if form.vanished_id is not None:
                mine = {name: form.cleaned_data.get(name) for name in names}
                if not deleting and (base == {} or changed_since_base(mine, base)):
                    plan.conflicts.append(RowConflict(table, form, deleted_by_colleague=True))
                continue
            pk = form.instance.pk
            if pk is None:
                if not deleting:
                    plan.additions.append(form)
                continue
            if pk not in stored:  # deleted by a colleague between loading the forms and taking the lock
                form.vanished_id, form.instance.pk = pk, None
                mine = {name: form.cleaned_data.get(name) for name in names}
                if not deleting and (base == {} or changed_since_base(mine, base)):
                    plan.conflicts.append(RowConflict(table, form, deleted_by_colleague=True))
                continue
            current = stored_values(stored[pk], names)
            if deleting:
                if base == {} or changed_since_base(current, base):
                    plan.conflicts.append(RowConflict(table, form, changed_by_colleague=True))
                else:
                    plan.deletions.append(stored[pk])
                continue
            merged = merge_row({name: form.cleaned_data.get(name) for name in names}, current, base)
            plan.kept += len(merged.theirs)
            if merged.conflicts:
                plan.conflicts.append(RowConflict(table, form, cells=merged.conflicts))
            elif merged.writes:
                plan.updates[pk] = merged.writes
        if not keeps_order:
            plan.order = plan._final_order()
        return plan

    def _final_order(self) -> list:
        """Stored rows and new rows in the order they end in (``final_order``); a table both reordered is a
        conflict."""
        formset = self.formset
        deleted = {row.pk for row in self.deletions}
        page = [
            ("row", form.instance.pk) if form.instance.pk is not None else ("form", form)
            for form in page_order(formset)
            if not formset._should_delete_form(form) and (form.instance.pk is not None or form in self.additions)
        ]
        loaded = [f.instance.pk for f in formset.forms[: formset.initial_form_count()] if f.instance.pk is not None]
        order, self.order_conflict = final_order(page, loaded, [pk for pk in self.stored if pk not in deleted])
        return order

    def write(self, plan: ActionPlan) -> dict:
        """Write the updates, the new rows and the order; return the counts (``added``, ``changed``, ``moved``,
        ``kept``)."""
        counts = {"added": 0, "changed": 0, "moved": 0, "kept": self.kept}
        numbers_before = {pk: rank for rank, pk in enumerate(self.stored, start=1)}
        final_pks = [item[1] for item in self.order if item[0] == "row"]
        moved = moved_rows(list(self.stored), final_pks)
        rank_of = {}
        for rank, item in enumerate(self.order, start=1):
            rank_of[item if item[0] == "row" else ("form", id(item[1]))] = rank
        for pk, writes in self.updates.items():
            row = self.stored[pk]
            for name, value in writes.items():
                setattr(row, name, value)
        deleted = {row.pk for row in self.deletions}
        for pk, row in self.stored.items():
            if pk in deleted:
                continue
            writes = self.updates.get(pk)
            position = rank_of.get(("row", pk)) if self.order else None
            if pk in moved and position is not None:
                row._change_reason = MOVE_REASON.format(before=numbers_before[pk], after=position)
                row.position = position
                row.save()
                counts["moved"] += 1
                counts["changed"] += 1 if writes else 0
            elif writes:
                if position is not None:
                    row.position = position
                row.save()
                counts["changed"] += 1
            elif position is not None and row.position != position:
                # Shifted by rows added, deleted or moved before it: its place among the others is unchanged.
                type(row).objects.filter(pk=pk).update(position=position)
        for form in self.additions:
            instance = form.save(commit=False)
            instance.plan = plan
            instance.position = rank_of.get(("form", id(form)), len(self.order) + 1)
            instance.save()
            self.added_ids[form.prefix] = instance.pk
            counts["added"] += 1
        return counts

    def delete(self) -> int:
        for row in self.deletions:
            row.delete()
        return len(self.deletions)


def page_order(formset) -> list:
    """The formset's forms (but rows a colleague deleted) in the order the officer left them on the page: by the
    position each carries, then as sent."""
    forms = [form for form in formset.forms if form.vanished_id is None]
    index = {id(form): i for i, form in enumerate(formset.forms)}
    return sorted(forms, key=lambda f: ((f.cleaned_data or {}).get("position") or 10**6, index[id(f)]))


def final_order(page: list, loaded: list, stored: list) -> tuple[list, bool]:
    """The order a table ends in after a save, and whether both the officer and a colleague reordered it.

    ``page``: the page's rows in the officer's order, ``("row", pk)`` for saved rows and ``("form", form)`` for
    new ones; ``loaded``: the saved rows' ids in the order the page was loaded with; ``stored``: the ids stored now
    (without rows this save deletes), in their order. The officer's order wins where they moved rows (both moving
    rows is reported, and the officer's order is the one kept), else the stored order (a colleague's moves stay);
    new rows follow the row they follow on the page, and new rows at the end of the page go to the end; rows a
    colleague added follow the row they follow in the stored order. Returns ``(order, both_reordered)`` with
    ``order`` a list of ``("row", pk)`` and ``("form", form)``.
    """
    stored_ids, seen = set(stored), set(loaded)
    mine = [key for kind, key in page if kind == "row" and key in stored_ids]
    mine_set = set(mine)
    reordered_by_me = mine != [pk for pk in loaded if pk in mine_set]
    theirs = [pk for pk in stored if pk in seen]
    theirs_set = set(theirs)
    reordered_by_them = theirs != [pk for pk in loaded if pk in theirs_set]
    order = [("row", pk) for pk in (mine if reordered_by_me else stored)]
    if reordered_by_me:  # rows a colleague added, after the row they follow in the stored order
        previous = None
        for pk in stored:
            if pk not in seen and pk not in mine_set:
                _insert_after(order, ("row", previous) if previous is not None else None, ("row", pk))
            previous = pk
    last_saved = max((i for i, (kind, key) in enumerate(page) if kind == "row" and key in stored_ids), default=-1)
    previous = None
    for i, (kind, key) in enumerate(page):
        if kind == "row":
            if key in stored_ids:
                previous = key
        elif i > last_saved:
            order.append((kind, key))  # typed at the end of the page: stays at the end, after a colleague's rows
        else:
            _insert_after(order, ("row", previous) if previous is not None else None, (kind, key))
    return order, reordered_by_me and reordered_by_them


def _insert_after(order: list, after, item) -> None:
    """Put ``item`` into ``order`` right after ``after`` (at the start when ``after`` is None, at the end when it
    is gone); new rows (``("form", …)``) following the same row keep the page's order among themselves."""
    if after is None:
        index = 0
    elif after in order:
        index = order.index(after) + 1
    else:
        index = len(order)
    if item[0] == "form":
        while index < len(order) and order[index][0] == "form":
            index += 1
    order.insert(index, item)


def _attribute(conflicts: list, plan: ActionPlan, plan_cells: list) -> None:
    """Who last changed (or deleted) each conflicting row, and when: from its history, one query per row."""
    for conflict in conflicts:
        pk = conflict.form.instance.pk or conflict.form.vanished_id
        record = conflict.table.model.history.filter(id=pk).select_related("history_user").order_by("-history_date")
        record = record.first()
        if record is not None:
            conflict.by, conflict.at = record.history_user, record.history_date
            conflict.cells = [
                CellConflict(c.name, c.theirs, record.history_user, record.history_date) for c in conflict.cells
            ]
    if plan_cells:
        record = plan.history.select_related("history_user").order_by("-history_date").first()
        if record is not None:
            plan_cells[:] = [
                CellConflict(c.name, c.theirs, record.history_user, record.history_date) for c in plan_cells
            ]


def _attribute_note(note, note_cells: list) -> None:
    """Who last changed the worksheet's note (``note_cells``: its conflicting text), and when: from its history."""
    if not note_cells or note is None or note.pk is None:
        return
    record = note.history.select_related("history_user").order_by("-history_date").first()
    if record is not None:
        note_cells[:] = [CellConflict(c.name, c.theirs, record.history_user, record.history_date) for c in note_cells]


def _flag_gone_targets(plans: list) -> bool:
    """Add an error to each written form whose goal or task no longer exists; True if any."""
    wanted: dict[type, set] = {}
    checks = []
    for table_plan in plans:
        for form in [
            *table_plan.additions,
            *(f for f in table_plan.formset.forms if f.instance.pk in table_plan.updates),
        ]:
            for column in table_plan.table.link_columns:
                target = form.cleaned_data.get(column.name)
                if target is not None and getattr(target, "pk", None):
                    wanted.setdefault(type(target), set()).add(target.pk)
                    checks.append((form, column, target))
    existing = {
        model: set(model.objects.filter(pk__in=pks).values_list("pk", flat=True)) for model, pks in wanted.items()
    }
    gone = False
    for form, column, target in checks:
        if target.pk not in existing[type(target)]:
            form.add_error(
                column.name,
                _("A colleague deleted this %(link)s meanwhile. Choose another one.") % {"link": column.label.lower()},
            )
            gone = True
    return gone


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
