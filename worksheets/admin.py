from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionPlan,
    Comment,
    DashboardVisit,
    PlanTransition,
    PlanVersion,
    PreparedFile,
    RegionalReviewEdition,
    ReviewExclusion,
    ReviewFinding,
    ReviewRecommendation,
    ReviewSource,
    VariantMapping,
    VocabularyEntry,
    WorksheetNote,
    WorksheetState,
)
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


@admin.register(PreparedFile)
class PreparedFileAdmin(admin.ModelAdmin):
    """Files prepared in the background, read-only: what was asked, by whom, how far it got, why it failed."""

    list_display = ["kind", "region", "requested_by", "status", "progress", "attempt", "created_at", "finished_at"]
    list_filter = ["kind", "status", "region"]
    list_select_related = ["region", "requested_by"]
    search_fields = ["filename", "requested_by__username"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EditionRowInline(admin.TabularInline):
    """The numbered rows of an edition's list, on the edition's admin page; an issued edition's rows are frozen."""

    extra = 0
    ordering = ["position", "id"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj is not None and obj.is_issued)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_issued)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_issued)


class ReviewRecommendationInline(EditionRowInline):
    model = ReviewRecommendation


class ReviewFindingInline(EditionRowInline):
    model = ReviewFinding


class ReviewSourceInline(EditionRowInline):
    model = ReviewSource


class EditionRowAdmin(SimpleHistoryAdmin):
    """Admin of one kind of an edition's numbered rows, with their change history; a row of an issued edition is
    read-only (issuing froze it)."""

    list_display = ["__str__", "edition", "position"]
    list_filter = ["edition__region", "edition__year"]
    search_fields = ["text", "edition__title"]
    list_select_related = ["edition__region"]
    raw_id_fields = ["edition"]
    ordering = ["edition", "position", "id"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.edition.is_issued)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.edition.is_issued)


admin.site.register(ReviewRecommendation, EditionRowAdmin)
admin.site.register(ReviewSource, EditionRowAdmin)


@admin.register(ReviewFinding)
class ReviewFindingAdmin(EditionRowAdmin):
    list_display = ["__str__", "kind", "edition", "position"]
    list_filter = ["kind", *EditionRowAdmin.list_filter]


@admin.register(ReviewExclusion)
class ReviewExclusionAdmin(SimpleHistoryAdmin):
    """Admin of the working notes the coordinators left out of the regional review, with their change history."""

    list_display = ["__str__", "plan", "table", "field", "created_by", "created_at"]
    list_filter = ["table", "plan__municipality__region", "plan__municipality"]
    search_fields = ["text", "field", "plan__municipality__name"]
    list_select_related = ["plan__municipality", "created_by"]
    raw_id_fields = ["plan", "created_by"]


@admin.register(VocabularyEntry)
class VocabularyEntryAdmin(SimpleHistoryAdmin):
    """Admin of the regions' vocabulary entries (the coordinators keep them in the app), with their history."""

    list_display = ["text", "region", "field", "code", "position"]
    list_filter = ["field", "region"]
    search_fields = ["text", "code"]
    list_select_related = ["region"]


@admin.register(VariantMapping)
class VariantMappingAdmin(SimpleHistoryAdmin):
    """Admin of the coordinators' decisions on written variants, with their history. The normalised variant is
    what the decision is found by, so it is set when the decision is added and read-only afterwards."""

    list_display = ["text", "region", "field", "entry", "not_plan_entry", "confirmed_at", "confirmed_by"]
    list_filter = ["field", "not_plan_entry", "region"]
    search_fields = ["text", "key", "entry__text"]
    list_select_related = ["region", "entry", "confirmed_by"]
    raw_id_fields = ["entry", "confirmed_by"]

    def get_readonly_fields(self, request, obj=None):
        return ["region", "field", "key"] if obj is not None else []


@admin.register(RegionalReviewEdition)
class RegionalReviewEditionAdmin(SimpleHistoryAdmin):
    """Admin of the regional review editions, with their change history (the coordinators edit them in the app)."""

    inlines = [ReviewRecommendationInline, ReviewFindingInline, ReviewSourceInline]

    list_display = ["region", "year", "number", "title", "status", "issued_at"]
    list_filter = ["status", "region"]
    search_fields = ["title"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by", "issued_at", "issued_by", "revision"]
    filter_horizontal = ["plans"]
