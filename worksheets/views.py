from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from municipalities.access import access_of

from . import services
from .downloads import download
from .editing import WorksheetEditor
from .forms import ActionPlanCreateForm, municipalities_for_new_plan
from .history import worksheet_history
from .models import ActionPlan, PlanStatus
from .permissions import ANSWER_COMMENT, CHANGE_PLAN, COMMENT_PLAN, RECORD_PROGRESS, REVIEW_PLAN, VIEW_PLAN
from .progress import plan_problems, plan_progress
from .registry import BY_NUMBER, WORKSHEETS


def get_plan_for(user, pk: int, perm: str = VIEW_PLAN) -> ActionPlan:
    """The plan if the user may read it (else 404), and may do ``perm`` to it (else 403)."""
    plan = get_object_or_404(
        ActionPlan.objects.visible_to(user).select_related("municipality__region", "created_by", "updated_by"),
        pk=pk,
    )
    if not user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


def get_worksheet_or_404(number: int):
    try:
        return BY_NUMBER[number]
    except KeyError:
        raise Http404 from None


def plan_list(request):
    plans = (
        ActionPlan.objects.accessible_to(request.user)
        .select_related("municipality__region")
        .order_by("municipality__region__name", "municipality__name", "-period_start")
    )
    can_create = municipalities_for_new_plan(request.user).exists()
    return render(request, "worksheets/plan_list.html", {"plans": plans, "can_create": can_create})


@require_http_methods(["GET", "POST"])
def plan_create(request):
    municipalities = municipalities_for_new_plan(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = ActionPlanCreateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("The plan was created."))
        return redirect(plan)
    return render(request, "worksheets/plan_create.html", {"form": form})


def plan_detail(request, pk: int):
    """The plan overview: a tile per worksheet with its rows and completeness, the open problems, the
    review (status buttons, timeline, open comments) and the approved versions."""
    plan = get_plan_for(request.user, pk)
    return render(request, "worksheets/plan_detail.html", plan_detail_context(request, plan))


def plan_detail_context(request, plan, forms=None) -> dict:
    from .comments import open_comment_counts
    from .forms import TransitionForm
    from .lifecycle import allowed_transitions
    from .models import PlanTransition, PlanVersion

    forms = forms or {}
    comment_counts = open_comment_counts([plan])
    progress = plan_progress(plan)
    for item in progress:
        item.open_comments = comment_counts.get((plan.pk, item.worksheet.number), 0)
    transitions = [
        (t, forms.get(t.action) or TransitionForm(transition=t, auto_id=f"id_{t.action}_%s"))
        for t in allowed_transitions(request.user, plan)
    ]
    return {
        "plan": plan,
        "progress": progress,
        "open_comments": sum(comment_counts.values()),
        "problems": plan_problems(plan),
        "can_edit": request.user.has_perm(CHANGE_PLAN, plan),
        "can_review": request.user.has_perm(REVIEW_PLAN, plan),
        "transitions": transitions,
        "timeline": PlanTransition.objects.filter(plan=plan).select_related("user").order_by("-at", "-id"),
        "versions": PlanVersion.objects.filter(plan=plan).select_related("approved_by").order_by("-number"),
    }


@require_http_methods(["GET", "POST"])
def worksheet_page(request, pk: int, number: int):
    plan = get_plan_for(request.user, pk)
    worksheet = get_worksheet_or_404(number)
    editor = editor_for(request, plan, worksheet, data=request.POST or None)
    if request.method == "POST" and not editor.editable:
        raise PermissionDenied
    conflict = None
    if request.method == "POST":
        if editor.is_valid():
            try:
                result = services.worksheet_save(
                    plan=plan,
                    worksheet=worksheet,
                    formsets=editor.formsets,
                    plan_form=editor.saved_plan_form,
                    user=request.user,
                    revision=editor.revision,
                )
            except services.StaleWorksheet as stale:
                conflict = {
                    "state": stale.state,
                    "changes": worksheet_history(plan, worksheet, since=editor.loaded_at),
                }
                editor.revision = stale.state.revision  # saving again, after seeing the changes, goes through
            except services.RowsStillReferenced:
                messages.error(request, _("Some rows cannot be deleted. Nothing was saved; see the marked rows."))
            else:
                messages.success(
                    request,
                    _("Saved: %(added)s added, %(changed)s changed, %(deleted)s deleted.")
                    % {"added": result.added, "changed": result.changed, "deleted": result.deleted},
                )
                return redirect(reverse("worksheets:worksheet", args=[plan.pk, worksheet.number]))
        else:
            messages.error(request, _("Nothing was saved: please correct the marked fields."))
    context = worksheet_context(request, plan, worksheet, editor, conflict=conflict)
    return render(request, "worksheets/worksheet.html", context, status=409 if conflict else 200)


def worksheet_context(request, plan, worksheet, editor, *, conflict=None, **comments) -> dict:
    return {
        "plan": plan,
        "worksheet": worksheet,
        "worksheets": WORKSHEETS,
        "editor": editor,
        "can_edit": editor.editable,
        "conflict": conflict,
        **comments_context(request, plan, worksheet, editor, **comments),
    }


def editor_for(request, plan, worksheet, data=None) -> WorksheetEditor:
    """The worksheet's forms as this user may use them: the content (drafts), progress only (approved), or none."""
    can_edit = request.user.has_perm(CHANGE_PLAN, plan)
    progress_only = not can_edit and request.user.has_perm(RECORD_PROGRESS, plan)
    return WorksheetEditor(plan, worksheet, editable=can_edit, progress_only=progress_only, data=data)


def comments_context(request, plan, worksheet, editor, form=None) -> dict:
    from .comments import worksheet_comments
    from .forms import CommentForm

    can_comment = request.user.has_perm(COMMENT_PLAN, plan)
    return {
        "comments": worksheet_comments(plan, worksheet.number),
        "can_comment": can_comment,
        "can_answer": request.user.has_perm(ANSWER_COMMENT, plan),
        "comment_form": form
        or (CommentForm(worksheet=worksheet, plan=plan, numbering=editor.numbering) if can_comment else None),
    }


@require_POST
def comment_create(request, pk: int, number: int):
    """A new review comment on a worksheet (coordinator), or an answer to one (coordinator, editors)."""
    from .comments import CommentRefused, comment_add
    from .forms import CommentForm
    from .models import Comment

    plan = get_plan_for(request.user, pk)
    worksheet = get_worksheet_or_404(number)
    parent = None
    if request.POST.get("parent"):
        parent = get_object_or_404(Comment, plan=plan, worksheet=number, parent=None, pk=request.POST["parent"])
        perm = ANSWER_COMMENT
    else:
        perm = COMMENT_PLAN
    if not request.user.has_perm(perm, plan):
        raise PermissionDenied
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
    from .comments import comment_resolve as resolve
    from .models import Comment

    plan = get_plan_for(request.user, pk, ANSWER_COMMENT)
    comment = get_object_or_404(Comment, plan=plan, worksheet=number, parent=None, pk=comment_id)
    resolve(comment=comment, user=request.user, resolved=request.POST.get("resolved", "1") == "1")
    return redirect(reverse("worksheets:worksheet", args=[plan.pk, number]) + f"#comment-{comment.pk}")


@require_GET
def worksheet_new_row(request, pk: int, number: int, table: str):
    """An empty row for the grid (htmx): the form at the index the page asks for."""
    plan = get_plan_for(request.user, pk, CHANGE_PLAN)
    worksheet = get_worksheet_or_404(number)
    try:
        table_ = worksheet.table(table)
    except StopIteration:
        raise Http404 from None
    try:
        index = int(request.GET.get(f"{table_.key}-TOTAL_FORMS", ""))
    except ValueError:
        raise Http404 from None
    editor = WorksheetEditor(plan, worksheet, editable=True)
    formset = editor.formset(table_)
    form = formset._construct_form(index, initial={"position": index + 1}, **formset.get_form_kwargs(index))
    section = next(s for s in editor.sections if s.table is table_)
    context = {"editor": editor, "section": section, "form": form, "index": index + 1, "can_edit": True}
    return render(request, "worksheets/worksheet.html#row", context)


def worksheet_history_page(request, pk: int, number: int):
    plan = get_plan_for(request.user, pk)
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
    plan = get_plan_for(request.user, pk, CHANGE_PLAN)
    worksheet = get_worksheet_or_404(number)
    try:
        table_ = worksheet.table(table)
    except StopIteration:
        raise Http404 from None
    try:
        services.row_restore(plan=plan, worksheet=worksheet, table=table_, row_id=row_id, user=request.user)
    except services.RestoreRefused as refused:
        messages.error(request, str(refused))
        return redirect(reverse("worksheets:history", args=[plan.pk, worksheet.number]))
    messages.success(request, _("The row is restored at the end of its table."))
    return redirect(reverse("worksheets:worksheet", args=[plan.pk, worksheet.number]))


def plan_pdf(request, pk: int):
    from .pdf import plan_filename, plan_pdf

    plan = get_plan_for(request.user, pk)
    return download(plan_pdf(plan), plan_filename(plan, "pdf"))


def plan_xlsx(request, pk: int):
    from .excel import plan_workbook
    from .pdf import plan_filename

    plan = get_plan_for(request.user, pk)
    return download(plan_workbook(plan), plan_filename(plan, "xlsx"))


def region_xlsx(request, slug: str):
    """Every plan of the region the user may see, in one workbook (the coordinator sees drafts too)."""
    from municipalities.models import Region

    from .excel import region_workbook

    region = get_object_or_404(Region, slug=slug)
    plans = list(
        ActionPlan.objects.visible_to(request.user)
        .filter(municipality__region=region)
        .select_related("municipality__region")
        .order_by("municipality__name", "-period_start")
    )
    if not plans:
        raise Http404
    return download(region_workbook(plans), f"{region.slug}-plans.xlsx")


IMPORT_SESSION_KEY = "seimpact_import"


def _import_dir():
    from django.conf import settings

    directory = settings.IMPORT_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@require_http_methods(["GET", "POST"])
def plan_import(request, pk: int):
    """Upload an Excel file of the plan; show what it would change (nothing is changed yet)."""
    import uuid

    from .excel_import import ImportRefused, read_plan_workbook
    from .forms import ImportForm

    plan = get_plan_for(request.user, pk, CHANGE_PLAN)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"plan": plan, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = read_plan_workbook(plan, upload)
        except ImportRefused as refused:
            context["errors"] = refused.errors
        else:
            token = uuid.uuid4().hex
            upload.seek(0)
            (_import_dir() / f"{token}.xlsx").write_bytes(upload.read())
            request.session[IMPORT_SESSION_KEY] = {"plan": plan.pk, "token": token, "revisions": preview.revisions}
            context.update(preview=preview, token=token)
    return render(request, "worksheets/import.html", context, status=200)


@require_POST
def plan_import_apply(request, pk: int):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .excel_import import ImportRefused, StaleImport, apply_import, read_plan_workbook

    plan = get_plan_for(request.user, pk, CHANGE_PLAN)
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    token = request.POST.get("token", "")
    path = _import_dir() / f"{token}.xlsx"
    if pending.get("plan") != plan.pk or pending.get("token") != token or not token.isalnum() or not path.exists():
        messages.error(request, _("The import has expired. Upload the file again."))
        return redirect("worksheets:plan_import", pk=plan.pk)
    try:
        preview = read_plan_workbook(plan, SimpleUploadedFile(path.name, path.read_bytes()))
        preview.revisions = {int(k): v for k, v in pending["revisions"].items()}
        added, changed, removed = apply_import(preview, user=request.user)
    except (ImportRefused, StaleImport):
        messages.error(request, _("The plan changed after the preview; nothing was imported. Upload the file again."))
        return redirect("worksheets:plan_import", pk=plan.pk)
    finally:
        request.session.pop(IMPORT_SESSION_KEY, None)
    path.unlink(missing_ok=True)
    messages.success(
        request,
        _("Imported: %(added)s rows added, %(changed)s changed, %(removed)s removed.")
        % {"added": added, "changed": changed, "removed": removed},
    )
    return redirect(plan)


@require_POST
def plan_transition(request, pk: int, action: str):
    """Submit, return, approve, publish or reopen the plan (the buttons on the plan page)."""
    from .forms import TransitionForm
    from .lifecycle import BY_ACTION, TransitionRefused
    from .lifecycle import plan_transition as transition_service

    plan = get_plan_for(request.user, pk)
    transition = BY_ACTION.get(action)
    if transition is None:
        raise Http404
    if not request.user.has_perm(transition.perm, plan):
        raise PermissionDenied
    form = TransitionForm(request.POST, transition=transition)
    if form.is_valid():
        try:
            transition_service(plan=plan, action=action, user=request.user, **form.cleaned_data)
        except TransitionRefused as refused:
            form.add_error("comment", str(refused))
        else:
            messages.success(
                request, _("The plan is now: %(status)s.") % {"status": PlanStatus(transition.to_status).label}
            )
            return redirect(plan)
    messages.error(request, _("The status was not changed: see the message at the form."))
    return render(
        request, "worksheets/plan_detail.html", plan_detail_context(request, plan, {action: form}), status=400
    )


def version_pdf(request, pk: int, number: int):
    """The PDF of approved version N, as the council saw it."""
    from .models import PlanVersion
    from .pdf import plan_filename
    from .pdf import version_pdf as render_version

    plan = get_plan_for(request.user, pk)
    version = get_object_or_404(PlanVersion, plan=plan, number=number)
    return download(render_version(version), plan_filename(plan, f"v{number}.pdf"))


def version_compare(request, pk: int):
    """What changed between two versions of the plan, or between a version and the plan as it is now."""
    from .models import PlanVersion
    from .versions import compare, export_of

    plan = get_plan_for(request.user, pk)
    versions = list(PlanVersion.objects.filter(plan=plan).select_related("approved_by").order_by("number"))
    if not versions:
        raise Http404

    def side(value, default):
        if value == "current":
            return "current"
        try:
            return next(v for v in versions if v.number == int(value))
        except (TypeError, ValueError, StopIteration):
            return default

    after = side(request.GET.get("b"), "current")
    before = side(request.GET.get("a"), versions[-2] if after == "current" and len(versions) > 1 else versions[0])
    if after != "current" and before != "current" and before.number == after.number and len(versions) > 1:
        before = versions[0] if after.number != versions[0].number else versions[1]

    def content(choice):
        from .export_data import plan_export

        return plan_export(plan) if choice == "current" else export_of(choice.content)

    diffs = compare(content(before), content(after))
    context = {
        "plan": plan,
        "versions": versions,
        "before": before,
        "after": after,
        "diffs": diffs,
        "unchanged": all(d.is_empty for d in diffs),
    }
    return render(request, "worksheets/version_compare.html", context)


def coordinator_dashboard(request, slug: str):
    """Every municipality of the region × the 11 worksheets: completeness, status, open comments, last change."""
    from municipalities.models import Region

    from .dashboard import region_dashboard

    region = get_object_or_404(Region, slug=slug)
    if not (access_of(request.user).coordinates(region.pk) or request.user.is_superuser):
        raise Http404
    rows = region_dashboard(region)
    # What changed since this user's last look at the dashboard (kept in the session).
    visits = request.session.get(DASHBOARD_VISITS, {})
    last_visit = parse_datetime(visits.get(region.slug, ""))
    for row in rows:
        row.changed_since_visit = bool(last_visit and row.plan and row.plan.updated_at > last_visit)
    request.session[DASHBOARD_VISITS] = {**visits, region.slug: timezone.now().isoformat()}
    context = {
        "region": region,
        "rows": rows,
        "worksheets": WORKSHEETS,
        "last_visit": last_visit,
        "changed": sum(row.changed_since_visit for row in rows),
    }
    return render(request, "worksheets/dashboard.html", context)


DASHBOARD_VISITS = "seimpact_dashboard_visits"
