"""A worksheet's page: the editable grid, a new row, the review comments, the history and restoring a deleted row."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..editing import services
from ..editing.editor import WorksheetEditor
from ..editing.forms import row_formset_class
from ..editing.grid import GridRenderer
from ..editing.history import worksheet_history
from ..models import Comment
from ..registry import WORKSHEETS
from ..review.comments import CommentRefused, comment_add, comment_rows, open_comments_by_row, worksheet_comments
from ..review.comments import comment_resolve as resolve
from ..review.forms import CommentForm
from ..rules import ANSWER_COMMENT, CHANGE_PLAN, COMMENT_PLAN, RECORD_PROGRESS, VIEW_CURRENT, VIEW_REVIEW
from .plans import form_index, get_plan_for, get_table_or_404, get_worksheet_or_404, id_or_404


@require_http_methods(["GET", "POST"])
def worksheet_page(request, pk: int, number: int):
    """A worksheet (``number`` 1–11) of a plan: GET shows the grid, POST saves it. Anyone who may read the plan sees
    it (an outsider and an unknown worksheet get 404); editors change a draft's content, an adopted plan's
    progress columns only; anybody else's POST is 403, checked before the body is read. A save is merged cell by
    cell with what colleagues saved meanwhile (``services.worksheet_save``); when changes collide the page comes
    back with status 409, both values of each colliding cell and nothing saved. Invalid forms come back with their
    errors (400 for data no page sends, e.g. a malformed revision or row count). While the plan is being revised,
    who reads it as the public does (no ``VIEW_CURRENT``) is sent to its published version on the plan's page."""
    plan = get_plan_for(request.user, pk)
    worksheet = get_worksheet_or_404(number)
    posting = request.method == "POST"
    if posting and not may_edit(request.user, plan, worksheet):
        raise PermissionDenied  # before the body is read: nothing a reader posts is parsed
    if not request.user.has_perm(VIEW_CURRENT, plan):
        return redirect(reverse("worksheets:plan", args=[plan.pk]) + f"#ws-{worksheet.number}")
    editor = editor_for(request, plan, worksheet, data=request.POST if posting else None)
    status = 200
    if posting:
        if editor.is_valid():
            try:
                result = editor_save(editor, request.user)
            except services.WorksheetConflict as conflict:
                editor.show_conflict(conflict)
                status = 409
            except services.RowsStillReferenced:
                messages.error(request, _("Some rows cannot be deleted. Nothing was saved; see the marked rows."))
            except services.LinkTargetGone:
                messages.error(request, _("Nothing was saved: some rows point at rows a colleague deleted meanwhile."))
            else:
                messages.success(request, save_message(result))
                return redirect(reverse("worksheets:worksheet", args=[plan.pk, worksheet.number]))
        else:
            if editor.tampered:
                status = 400
            messages.error(request, _("Nothing was saved: please correct the marked fields."))
    context = worksheet_context(request, plan, worksheet, editor)
    return render(request, "worksheets/worksheet.html", context, status=status)


def editor_save(editor: WorksheetEditor, user) -> services.SaveResult:
    """Save ``editor``'s validated forms as ``user`` through the cell-level merge (``services.worksheet_save``): the one
    write path of the page's Save button and of the autosave. Raises what ``worksheet_save`` raises."""
    return services.worksheet_save(
        plan=editor.plan,
        worksheet=editor.worksheet,
        formsets=editor.formsets,
        plan_form=editor.saved_plan_form,
        note_form=editor.saved_note_form,
        user=user,
        revision=editor.revision,
    )


def save_message(result: services.SaveResult) -> str:
    """What a save did, in the user's language: the table rows added, changed, moved and deleted, the worksheet's
    fields (outside its tables) and its notes, each named for what it is ("Saved: 1 row changed and the notes changed."),
    and the colleague's changes it kept; or that there was nothing to save."""
    if not result.wrote:
        return _("Everything is saved: nothing changed since the last save.")  # also after the autosave saved it all
    parts = row_changes(added=result.added, changed=result.changed, moved=result.moved, deleted=result.deleted)
    if result.fields:
        parts.append(fields_changed(result.fields))
    if result.notes:
        parts.append(_("the notes changed"))
    message = _("Saved: %(changes)s.") % {"changes": listing(parts)}
    if result.kept:
        message += " " + ngettext(
            "%(count)s change a colleague saved meanwhile is kept.",
            "%(count)s changes a colleague saved meanwhile are kept.",
            result.kept,
        ) % {"count": result.kept}
    return message


def row_changes(*, added: int = 0, changed: int = 0, moved: int = 0, deleted: int = 0) -> list[str]:
    """The counts of table rows added, changed, moved and deleted that are not zero, each as its phrase in the
    user's language with the plural form of its number ("2 rows added", "1 row changed")."""
    phrases = [
        (added, ngettext("%(count)s row added", "%(count)s rows added", added)),
        (changed, ngettext("%(count)s row changed", "%(count)s rows changed", changed)),
        (moved, ngettext("%(count)s row moved", "%(count)s rows moved", moved)),
        (deleted, ngettext("%(count)s row deleted", "%(count)s rows deleted", deleted)),
    ]
    return [phrase % {"count": count} for count, phrase in phrases if count]


def fields_changed(count: int) -> str:
    """``count`` fields of a worksheet outside its tables (the plan-level fields, e.g. ws 9's checklist) changed."""
    return ngettext("%(count)s field changed", "%(count)s fields changed", count) % {"count": count}


def listing(parts: list[str]) -> str:
    """``parts`` as one phrase of the user's language: "a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def worksheet_context(request, plan, worksheet, editor, **comments) -> dict:
    """The worksheet page's context: the plan, the worksheet and the list of all, the editor (``can_edit``; its
    ``conflict`` after a colliding save), and the comments (``comments_context``; ``form``: a comment form handed
    back with errors)."""
    return {
        "plan": plan,
        "worksheet": worksheet,
        "worksheets": WORKSHEETS,
        "editor": editor,
        "can_edit": editor.editable,
        "can_see_review": request.user.has_perm(VIEW_REVIEW, plan),
        "conflict": editor.conflict,
        **comments_context(request, plan, worksheet, editor, **comments),
    }


def may_edit(user, plan, worksheet) -> bool:
    """Whether ``user`` may change anything of ``worksheet`` of ``plan``: its content (a draft), or its progress
    columns (an adopted plan, on a worksheet that has them). The same rule as ``WorksheetEditor.editable``."""
    if user.has_perm(CHANGE_PLAN, plan):
        return True
    return worksheet.has_progress and user.has_perm(RECORD_PROGRESS, plan)


def editor_for(request, plan, worksheet, data=None) -> WorksheetEditor:
    """The worksheet's forms as this user may use them: the content (drafts), progress only (approved), or none."""
    can_edit = request.user.has_perm(CHANGE_PLAN, plan)
    progress_only = not can_edit and request.user.has_perm(RECORD_PROGRESS, plan)
    return WorksheetEditor(plan, worksheet, editable=can_edit, progress_only=progress_only, data=data)


@require_GET
def worksheet_new_row(request, pk: int, number: int, table: str):
    """An empty row for the grid (htmx): the form at the index the page asks for (``<table>-TOTAL_FORMS``, the count
    of forms on the page), always a new row, whatever rows were saved since the page was loaded. The municipality's
    editors while the plan is a draft or returned (an outsider gets 404, other readers 403, checked before the query
    string is read); an unknown table is 404; an index that is missing, not a whole number, negative or past the
    formset's limit (``absolute_max``) is 400."""
    plan = get_plan_for(request.user, pk, CHANGE_PLAN)
    worksheet, table_ = get_table_or_404(number, table)
    index = form_index(request.GET.get(f"{table_.key}-TOTAL_FORMS", ""))
    if index is None or index >= row_formset_class(table_).absolute_max:
        return HttpResponseBadRequest(_("The row number is not valid. Reload the page."))
    editor = WorksheetEditor(plan, worksheet, editable=True)
    formset = editor.formset(table_)
    form = formset.form(
        **formset.get_form_kwargs(index),
        auto_id=formset.auto_id,
        prefix=formset.add_prefix(index),
        initial={"position": index + 1},
        empty_permitted=True,
        use_required_attribute=False,
        renderer=formset.form_renderer,
    )
    formset.add_fields(form, None)  # None: no saved row's id, even where the index is a saved row's now
    section = next(s for s in editor.sections if s.table is table_)
    return HttpResponse(GridRenderer(editor, section).form_row(form, index + 1))


def worksheet_history_page(request, pk: int, number: int):
    """Every change of the worksheet's rows and plan-level fields, newest first: who, when, before and after, with a
    restore button for deleted rows when the user may edit. For whoever may see the plan's review (``VIEW_REVIEW``:
    its municipality's members, its region's coordinators and administrators); anyone else who may read the plan
    (signed in, once it is published) gets 403, an outsider 404."""
    plan = get_plan_for(request.user, pk, VIEW_REVIEW)
    worksheet = get_worksheet_or_404(number)
    context = {
        "plan": plan,
        "worksheet": worksheet,
        "entries": worksheet_history(plan, worksheet),
        "can_edit": request.user.has_perm(CHANGE_PLAN, plan),
    }
    return render(request, "worksheets/history.html", context)


@require_POST
def worksheet_restore_row(request, pk: int, number: int, table: str, row_id: int):
    """POST: bring a deleted row back from its history, at the end of its table: the municipality's editors while the
    plan is a draft or returned (an outsider gets 404, other readers 403). A row that cannot be restored leaves a
    message on the history page."""
    plan = get_plan_for(request.user, pk, CHANGE_PLAN)
    worksheet, table_ = get_table_or_404(number, table)
    try:
        services.row_restore(plan=plan, worksheet=worksheet, table=table_, row_id=row_id, user=request.user)
    except services.RestoreRefused as refused:
        messages.error(request, str(refused))
        return redirect(reverse("worksheets:history", args=[plan.pk, worksheet.number]))
    messages.success(request, _("The row is restored at the end of its table."))
    return redirect(reverse("worksheets:worksheet", args=[plan.pk, worksheet.number]))


def comments_context(request, plan, worksheet, editor, form=None) -> dict:
    """The comments part of the worksheet page: the threads (each with its ``row``), the rows marked in the grid
    while a comment on them is open (``commented_rows``), whether the user may open comments (the region's
    coordinator) and answer them (coordinator, editors), and the new comment form (``form`` when handed back with
    errors; None for who may not comment). Who may not see the review (``VIEW_REVIEW``) gets no comments."""
    if not request.user.has_perm(VIEW_REVIEW, plan):
        return {"comments": [], "commented_rows": {}, "can_comment": False, "can_answer": False, "comment_form": None}
    can_comment = request.user.has_perm(COMMENT_PLAN, plan)
    threads = worksheet_comments(plan, worksheet.number)
    comment_rows(plan, threads, editor.numbering)  # each row comment names its row, as the grid numbers it
    return {
        "comments": threads,
        "commented_rows": open_comments_by_row(threads),
        "can_comment": can_comment,
        "can_answer": request.user.has_perm(ANSWER_COMMENT, plan),
        "comment_form": form
        or (CommentForm(worksheet=worksheet, plan=plan, numbering=editor.numbering) if can_comment else None),
    }


@require_POST
def comment_create(request, pk: int, number: int):
    """A new review comment on a worksheet (the region's coordinator), or an answer to one (``parent``: the id of the
    thread's first comment; the coordinator and the municipality's editors). An outsider gets 404, a reader without
    the right 403, both before the body is read; a ``parent`` that is not a thread of this worksheet (or not an id)
    is 404; an invalid comment comes back with its errors and status 400."""
    plan = get_plan_for(request.user, pk)
    worksheet = get_worksheet_or_404(number)
    parent_id = request.POST.get("parent", "")
    if not request.user.has_perm(ANSWER_COMMENT if parent_id else COMMENT_PLAN, plan):
        raise PermissionDenied
    parent = None
    if parent_id:
        parent = get_object_or_404(Comment, plan=plan, worksheet=number, parent=None, pk=id_or_404(parent_id))
    form = CommentForm(request.POST, worksheet=worksheet, plan=plan, answering=parent is not None)
    if form.is_valid():
        try:
            comment_add(
                plan=plan,
                worksheet=worksheet,
                user=request.user,
                text=form.cleaned_data["text"],
                row=form.cleaned_data.get("row", ""),
                parent=parent,
            )
        except CommentRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The comment is saved."))
            return redirect(reverse("worksheets:worksheet", args=[plan.pk, number]) + "#comments")
    messages.error(request, _("The comment was not saved: please correct it."))
    editor = editor_for(request, plan, worksheet)
    context = worksheet_context(request, plan, worksheet, editor, form=None if parent else form)
    context.update(answer_form=form if parent else None, answer_parent=parent.pk if parent else None)
    return render(request, "worksheets/worksheet.html", context, status=400)


@require_POST
def comment_resolve(request, pk: int, number: int, comment_id: int):
    """POST: mark a comment thread resolved (``resolved=1``, the default) or open again (``resolved=0``): the
    region's coordinator or the municipality's editors. An outsider gets 404, other readers 403; an answer or a
    comment of another worksheet is 404. Redirects to the comment."""
    plan = get_plan_for(request.user, pk, ANSWER_COMMENT)
    comment = get_object_or_404(Comment, plan=plan, worksheet=number, parent=None, pk=comment_id)
    resolve(comment=comment, user=request.user, resolved=request.POST.get("resolved", "1") == "1")
    return redirect(reverse("worksheets:worksheet", args=[plan.pk, number]) + f"#comment-{comment.pk}")
