"""Autosave of the worksheet grid: the page posts what it would post on Save, a moment after the officer leaves a
cell or stops typing (``static/js/autosave.js``), and gets JSON back instead of a page.

The same forms validate it (``editor_for``) and the same merge saves it (``services.worksheet_save``): there is no
second write path. What the answer carries lets the page go on without a reload: each row form's id (new rows get
theirs) and its new ``base`` digests, the stored value of every cell the merge kept from a colleague (so the page
shows it, and its next save does not write the page's stale value over it), each table's stored order, and the
worksheet's new revision.
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from seimpact.lib.merge import cell_digest, stored_values

from ..editing import services
from ..editing.editor import raw_value
from ..editing.forms import BaseRowFormSet
from ..models import WorksheetNote
from .plans import get_plan_for, get_worksheet_or_404
from .worksheets import editor_for, editor_save, may_edit, save_message


@login_not_required  # a signed-out page gets JSON it understands (401), not the login page's HTML
@require_POST
def worksheet_autosave(request, pk: int, number: int):
    """POST: save a worksheet page's forms as the page's Save button would, answered with JSON.

    Who may save it is who may save the page (``worksheet_page``): an outsider and an unknown worksheet get 404,
    a reader 403, both before the body is read; an approved plan's editors save its progress columns only.
    Answers (``state`` and a ``message`` in the user's language, always):

    - 200 ``saved``: ``saved_at`` (local time, "10:42"), ``revision``, ``loaded_at``, ``rows`` (``{form prefix:
      {"id", "base": {field: digest}, "theirs": {field name: value}}}``, or ``{"deleted": true}`` / ``{"gone":
      true}``), ``forms`` (the plan-level fields and the notes, by the name of their ``base`` input), ``order``
      (``{table key: [row id, …]}``, as stored), ``notes`` (what the officer should hear besides "saved", e.g. rows a
      colleague added that the page does not show), ``pending`` (``{form prefix: {field id: message}}``: new rows
      that do not validate yet, left unsaved while the rest is saved) and ``pending_message`` ("" for none);
    - 400 ``invalid``: ``errors`` ``{field id: message}``, ``row_errors`` ``{form prefix: [message]}``,
      ``form_errors`` ``[message]``, ``pending`` (as for 200); nothing saved;
    - 409 ``conflict`` (a colleague changed the same cell, deleted a changed row …, said in ``message``: the page's
      Save shows both values) or ``refused`` (a row
      to delete is still pointed at, a link points at a row deleted meanwhile; errors as for 400); nothing saved;
    - 401 ``signed-out`` with ``login`` (the login page, back to the worksheet); 403 ``refused``.
    """
    page = reverse("worksheets:worksheet", args=[pk, number])
    if not request.user.is_authenticated:
        message = _("Not saved: your session has ended. Log in again; what you typed is kept in this browser.")
        return JsonResponse(
            {"state": "signed-out", "message": message, "login": redirect_to_login(page)["Location"]}, status=401
        )
    plan = get_plan_for(request.user, pk)
    worksheet = get_worksheet_or_404(number)
    if not may_edit(request.user, plan, worksheet):  # before the body is read
        return refused(_("You may not change this worksheet (any more). Reload the page to see it as it is now."))
    try:
        editor = editor_for(request, plan, worksheet, data=request.POST)
    except BadRequest:
        return malformed()
    pending = {}
    if not editor.is_valid():
        if editor.tampered:
            return malformed()
        pending = defer_unfinished_rows(editor)
        if not editor.is_valid():
            return invalid(editor, _("Not saved: correct the marked fields"), status=400, pending=pending)
    try:
        result = editor_save(editor, request.user)
    except services.WorksheetConflict as conflict:
        return JsonResponse({"state": "conflict", "message": conflict_message(conflict)}, status=409)
    except services.RowsStillReferenced:
        message = _("Some rows cannot be deleted. Nothing was saved; see the marked rows.")
        return invalid(editor, message, status=409, state="refused")
    except services.LinkTargetGone:
        message = _("Nothing was saved: some rows point at rows a colleague deleted meanwhile.")
        return invalid(editor, message, status=409, state="refused")
    return JsonResponse(saved_answer(editor, result, pending))


def defer_unfinished_rows(editor) -> dict:
    """Set aside the new rows that do not validate yet (the officer is still filling them), so that they do not
    block saving the rest: each such form is marked as not to be saved (its ``DELETE`` in ``cleaned_data``, which a
    new row's form without an id leaves without any write or deletion in ``services.worksheet_save``).

    Returns ``{form prefix: {field id: message}}`` of the rows set aside; a stored row that does not validate is
    never set aside (it still blocks the save and is marked).
    """
    pending = {}
    for formset in editor.formsets:
        if not formset.can_delete or not formset.is_bound:
            continue
        for index, form in enumerate(formset.forms):
            if index < formset.initial_form_count() or form.instance.pk is not None or form.is_valid():
                continue
            if formset._should_delete_form(form):
                continue  # ticked for deletion: not saved anyway
            errors = {}
            for name, messages in form.errors.items():
                field_id = form[name].auto_id if name in form.fields else form.prefix
                errors[field_id] = " ".join(str(message) for message in messages)
            form.cleaned_data["DELETE"] = True
            pending[form.prefix] = errors
    return pending


def conflict_message(conflict: services.WorksheetConflict) -> str:
    """What collided, in the user's language: a row a colleague deleted that the officer changed, a row the officer
    deletes that a colleague changed, a table both reordered, or a cell both changed."""
    if any(row.deleted_by_colleague for row in conflict.rows):
        return _("Conflict: a colleague deleted a row you changed — press Save to see it")
    if any(row.changed_by_colleague for row in conflict.rows):
        return _("Conflict: a colleague changed a row you are deleting — press Save to see it")
    if conflict.rows or conflict.plan_cells or conflict.note_cells or not conflict.order_tables:
        return _("Conflict: a colleague changed the same cell — press Save to see both values")
    return _("Conflict: a colleague moved the rows of the same table — press Save to see both orders")


def saved_answer(editor, result: services.SaveResult, pending: dict | None = None) -> dict:
    """The JSON of a save that went through (see ``worksheet_autosave``): for every form the page posted, what it
    now starts from, read back from the database after the save; ``pending``: the new rows set aside
    (``defer_unfinished_rows``), answered as they are, with a note."""
    pending = pending or {}
    rows, order = {}, {}
    notes = []
    unseen = 0
    for section in editor.sections:
        formset = section.formset
        table = section.table
        stored = {row.pk: row for row in table.model.objects.filter(plan=editor.plan).order_by("position", "id")}
        order[table.key] = list(stored)
        shown = {form.instance.pk for form in formset.forms if form.instance.pk is not None}
        shown |= {form.vanished_id for form in formset.forms if form.vanished_id is not None}
        shown |= {pk for prefix, pk in result.added_ids.items() if prefix.startswith(f"{formset.prefix}-")}
        unseen += len([pk for pk in stored if pk not in shown])
        for form in formset.forms:
            if form.prefix in pending:
                continue
            deleting = formset.can_delete and formset._should_delete_form(form)
            pk = result.added_ids.get(form.prefix) or form.instance.pk
            if deleting:
                rows[form.prefix] = {"deleted": True}
            elif form.vanished_id is not None or (pk is not None and pk not in stored):
                rows[form.prefix] = {"gone": True}  # deleted by a colleague; the officer had not changed it
            elif pk is not None:
                rows[form.prefix] = {"id": pk, **starting_point(form, stored[pk])}
    if result.deleted:
        notes.append(
            ngettext(
                "%(count)s deleted row is removed from the table; it can be restored from the worksheet's history.",
                "%(count)s deleted rows are removed from the table; they can be restored from the worksheet's history.",
                result.deleted,
            )
            % {"count": result.deleted}
        )
    if result.kept:
        notes.append(
            ngettext(
                "%(count)s change a colleague saved meanwhile is kept.",
                "%(count)s changes a colleague saved meanwhile are kept.",
                result.kept,
            )
            % {"count": result.kept}
        )
    if unseen:
        notes.append(
            ngettext(
                "A colleague added %(count)s row: reload the page to see it.",
                "A colleague added %(count)s rows: reload the page to see them.",
                unseen,
            )
            % {"count": unseen}
        )
    forms = {}
    plan_form = editor.saved_plan_form
    if plan_form is not None:
        editor.plan.refresh_from_db()
        forms[plan_form.add_prefix("base")] = starting_point(plan_form, editor.plan)
    note_form = editor.saved_note_form
    if note_form is not None:
        note = WorksheetNote.objects.filter(plan=editor.plan, number=editor.worksheet.number).first()
        note = note or WorksheetNote(plan=editor.plan, number=editor.worksheet.number)
        forms[note_form.add_prefix("base")] = starting_point(note_form, note)
    now = timezone.localtime()
    return {
        "state": "saved",
        "saved_at": time_format(now, "H:i"),
        "revision": result.revision,
        "loaded_at": now.isoformat(),
        "message": save_message(result),
        "notes": notes,
        "rows": rows,
        "forms": forms,
        "order": order,
        "pending": pending,
        "pending_message": pending_message(len(pending)),
    }


def pending_message(count: int) -> str:
    """What the save bar says of ``count`` new rows set aside (``defer_unfinished_rows``); "" for none."""
    if not count:
        return ""
    return ngettext(
        "%(count)s new row is not saved yet: fill in its required fields.",
        "%(count)s new rows are not saved yet: fill in their required fields.",
        count,
    ) % {"count": count}


def starting_point(form, instance) -> dict:
    """What the page's ``form`` starts from after a save: ``base`` (``{field: digest}`` of ``instance``'s stored
    values) and ``theirs`` (``{input name: value as a browser posts it}`` of the cells stored otherwise than the
    form sent them: a colleague's changes the merge kept)."""
    names = form.merged_names
    stored = stored_values(instance, names)
    base = {name: cell_digest(value) for name, value in stored.items()}
    theirs = {}
    for name in names:
        if cell_digest(form.cleaned_data.get(name)) != base[name]:
            value = raw_value(form.fields[name], stored[name])
            theirs[form.add_prefix(name)] = "" if value is None else value
    return {"base": base, "theirs": theirs}


def invalid(editor, message: str, *, status: int, state: str = "invalid", pending: dict | None = None) -> JsonResponse:
    """The forms' errors as JSON: ``errors`` by the field's HTML id, ``row_errors`` by the form's prefix (a row's
    own errors, e.g. a deletion refused), ``form_errors`` (a table's or the plan-level fields' own); ``pending``:
    the new rows still being filled (``defer_unfinished_rows``), whose errors are given there only."""
    pending = pending or {}
    errors, row_errors, form_errors = {}, {}, []
    forms = [form for formset in editor.formsets for form in formset.forms if form.prefix not in pending]
    for formset in editor.formsets:
        form_errors += [str(error) for error in formset.non_form_errors()]
    for extra in (editor.saved_plan_form, editor.saved_note_form):
        if extra is not None:
            forms.append(extra)
    for form in forms:
        for name, messages in form.errors.items():
            if name in form.fields and not form.fields[name].widget.is_hidden:
                errors[form[name].auto_id] = " ".join(str(m) for m in messages)
            else:  # a row's own errors, and those of its hidden fields (the row's id, its base)
                row_errors.setdefault(form.prefix or "", []).extend(str(m) for m in messages)
    answer = {"state": state, "message": message, "errors": errors, "row_errors": row_errors, "pending": pending}
    answer["form_errors"] = form_errors
    return JsonResponse(answer, status=status)


def malformed() -> JsonResponse:
    """400 for data no page of the app sends (a broken revision, row counts or ids that do not match)."""
    return JsonResponse({"state": "invalid", "message": str(BaseRowFormSet.tampered_message)}, status=400)


def refused(message: str) -> JsonResponse:
    return JsonResponse({"state": "refused", "message": message}, status=403)
