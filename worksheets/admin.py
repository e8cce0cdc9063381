from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, Comment, DashboardVisit, PlanTransition, PlanVersion, WorksheetNote, WorksheetState
from .registry import ALL_TABLES


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    """Admin of the action plans, with their change history."""

    list_display = ["municipality", "period_start", "period_end", "title", "status", "updated_at"]
    list_filter = ["status", "municipality__region", "municipality"]
    search_fields = ["title", "municipality__name"]
    list_select_related = ["municipality"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by", "copied_from"]


@admin.register(WorksheetState)
class WorksheetStateAdmin(admin.ModelAdmin):
    """Admin of the worksheets' revisions (the counters that detect a stale save)."""

    list_display = ["plan", "number", "revision", "saved_at", "saved_by"]
    list_filter = ["number"]
    list_select_related = ["plan__municipality", "saved_by"]


@admin.register(WorksheetNote)
class WorksheetNoteAdmin(SimpleHistoryAdmin):
    """Admin of the notes officers write beside a worksheet's table, with their change history."""

    list_display = ["plan", "number", "updated_at"]
    list_filter = ["number", "plan__municipality__region", "plan__municipality"]
    search_fields = ["text", "plan__municipality__name"]
    list_select_related = ["plan__municipality"]
    raw_id_fields = ["plan"]


def _row_admin(worksheet, table):
    """An admin for one worksheet table, from its registry entry."""
    text_columns = [
        c.name
        for c in table.bound_columns
        if not c.is_choice and isinstance(c.field, (models.CharField, models.TextField))
    ]
    filters = ["plan__municipality__region", "plan__municipality"]
    filters += [c.name for c in table.bound_columns if c.is_choice]
    return type(
        f"{table.model.__name__}Admin",
        (SimpleHistoryAdmin,),
        {
            "list_display": ["__str__", "plan", "position", *[c.name for c in table.bound_columns][1:3]],
            "list_filter": filters,
            "search_fields": text_columns,
            "list_select_related": ["plan__municipality"],
            "raw_id_fields": ["plan", *[c.name for c in table.bound_columns if c.field.is_relation]],
            "ordering": ["plan", "position"],
            "formfield_overrides": {models.URLField: {"assume_scheme": "https"}},
        },
    )


for _worksheet, _table in ALL_TABLES:
    admin.site.register(_table.model, _row_admin(_worksheet, _table))


@admin.register(PlanTransition)
class PlanTransitionAdmin(admin.ModelAdmin):
    """Admin of the plans' status transitions: who, when, from which status to which, with what comment."""

    list_display = ["plan", "from_status", "to_status", "user", "at"]
    list_filter = ["to_status", "plan__municipality__region", "plan__municipality"]
    search_fields = ["comment", "plan__municipality__name"]
    list_select_related = ["plan__municipality", "user"]
    raw_id_fields = ["plan", "user"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Admin of the review comments and their answers."""

    list_display = ["__str__", "plan", "worksheet", "author", "created_at", "resolved_at"]
    list_filter = ["worksheet", "plan__municipality__region", "plan__municipality"]
    search_fields = ["text", "plan__municipality__name"]
    list_select_related = ["plan__municipality", "author"]
    raw_id_fields = ["plan", "parent", "author", "resolved_by"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    """Admin of the approved versions and their council decisions; the frozen content is read-only."""

    list_display = ["plan", "number", "approved_at", "approved_by", "decision_number", "decision_date"]
    list_filter = ["plan__municipality__region", "plan__municipality"]
    search_fields = ["plan__municipality__name", "decision_number"]
    list_select_related = ["plan__municipality", "approved_by"]
    raw_id_fields = ["plan", "approved_by"]
    readonly_fields = ["content"]


@admin.register(DashboardVisit)
class DashboardVisitAdmin(admin.ModelAdmin):
    """Admin of when each coordinator last opened a region's dashboard ("changed since your last visit")."""

    list_display = ["user", "region", "visited_at"]
    list_filter = ["region"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["user"]
