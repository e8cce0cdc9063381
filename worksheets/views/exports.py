"""A plan's PDF and Excel, a region's workbook, and importing a plan from Excel (preview, then apply)."""

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from municipalities.models import Region
from seimpact.lib.downloads import download

from ..exports.excel import plan_workbook
from ..exports.excel_import import ImportPreview, ImportRefused, StaleImport, apply_import, read_plan_workbook
from ..exports.forms import ImportForm
from ..exports.pdf import plan_filename
from ..exports.pdf import plan_pdf as render_plan_pdf
from ..exports.pending import clear_expired, discard_pending, read_pending, save_pending
from ..models import ActionPlan, PreparedFileKind
from ..review.in_force import plan_in_force
from ..rules import CHANGE_PLAN, VIEW_CURRENT
from .plans import get_plan_for
from .prepared import start_download
from .worksheets import fields_changed, listing, row_changes


def plan_pdf(request, pk: int):
    """The plan as a council-ready PDF, ``<municipality>-<start>-<end>.pdf``, marked as a draft until approved. For
    whoever may read the plan (members, the region's coordinator; anyone signed in once it is published, who during
    a revision gets the published version, as the public does); an outsider gets 404."""
    plan = get_plan_for(request.user, pk)
    if not request.user.has_perm(VIEW_CURRENT, plan):
        return download(plan_in_force(plan).pdf(), plan_filename(plan, "pdf"))
    return download(render_plan_pdf(plan), plan_filename(plan, "pdf"))


def plan_xlsx(request, pk: int):
    """The plan as an .xlsx workbook, a sheet per worksheet; the same readers and content as ``plan_pdf`` (404 for an
    outsider)."""
    plan = get_plan_for(request.user, pk)
    if not request.user.has_perm(VIEW_CURRENT, plan):
        return download(plan_in_force(plan).workbook(), plan_filename(plan, "xlsx"))
    return download(plan_workbook(plan), plan_filename(plan, "xlsx"))


def region_xlsx(request, slug: str):
    """Every plan of the region the user may see, in one workbook (the coordinator sees drafts too; a plan being
    revised is its published version for whoever reads it as the public does), prepared in the background
    (``views.prepared``): redirects to the file when it is ready, else to its page "being prepared…"; 404 when the
    user sees no plan of the region."""

    region = get_object_or_404(Region, slug=slug)
    if not ActionPlan.objects.visible_to(request.user).filter(municipality__region=region).exists():
        raise Http404
    return start_download(request, kind=PreparedFileKind.REGION_XLSX, region=region)


IMPORT_SESSION_KEY = "seimpact_import"


@require_http_methods(["GET", "POST"])
def plan_import(request, pk: int):
    """Upload an Excel file of the plan; show what it would change (nothing is changed yet). The file waits in the
    ``imports`` storage under a token kept in the session until ``plan_import_apply`` (at most a day)."""

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
            previous = request.session.get(IMPORT_SESSION_KEY) or {}
            discard_pending(previous.get("token", ""))  # the session keeps one preview: an earlier one is dropped
            token = save_pending(upload)
            request.session[IMPORT_SESSION_KEY] = {"plan": plan.pk, "token": token, "revisions": preview.revisions}
            context.update(preview=preview, token=token, changes=import_changes(preview))
    return render(request, "worksheets/import.html", context, status=200)


@require_POST
def plan_import_apply(request, pk: int):
    """POST: apply the import ``plan_import`` previewed (``token``), in one transaction: the municipality's editors
    while the plan is a draft or returned (an outsider gets 404, other readers 403). When the preview expired or a
    worksheet was saved since, nothing is imported and the user is sent back to upload; else redirects to the plan
    with a message of what it changed (``import_changes``). Once tried, the uploaded file is removed whether it was imported or
    not; every call also removes the abandoned uploads older than a day."""

    plan = get_plan_for(request.user, pk, CHANGE_PLAN)
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    token = request.POST.get("token", "")
    content = read_pending(token) if pending.get("plan") == plan.pk and pending.get("token") == token else None
    if content is None:
        clear_expired()
        messages.error(request, _("The import has expired. Upload the file again."))
        return redirect("worksheets:plan_import", pk=plan.pk)
    try:
        preview = read_plan_workbook(plan, SimpleUploadedFile(f"{token}.xlsx", content))
        preview.revisions = {int(k): v for k, v in pending["revisions"].items()}
        apply_import(preview, user=request.user)
    except (ImportRefused, StaleImport):
        messages.error(request, _("The plan changed after the preview; nothing was imported. Upload the file again."))
        return redirect("worksheets:plan_import", pk=plan.pk)
    finally:
        request.session.pop(IMPORT_SESSION_KEY, None)
        discard_pending(token)
        clear_expired()
    if preview.has_changes:
        messages.success(request, _("Imported: %(changes)s.") % {"changes": import_changes(preview)})
    else:
        messages.info(request, _("The file holds exactly what the plan already has: there is nothing to import."))
    return redirect(plan)


def import_changes(preview: ImportPreview) -> str:
    """What an import changes, in the user's language: the table rows added, changed and deleted, the plan-level
    fields and the worksheets' notes, each named for what it is ("1 row added, 2 fields changed and the notes of 1
    worksheet changed"); empty when it changes nothing."""
    added, changed, removed = preview.total
    parts = row_changes(added=added, changed=changed, deleted=removed)
    if preview.plan_field_changes:
        parts.append(fields_changed(len(preview.plan_field_changes)))
    if preview.note_changes:
        count = len(preview.note_changes)
        parts.append(
            ngettext("the notes of %(count)s worksheet changed", "the notes of %(count)s worksheets changed", count)
            % {"count": count}
        )
    return listing(parts)
