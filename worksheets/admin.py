from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, WorksheetState
from .registry import ALL_TABLES


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "period_start", "period_end", "title", "status", "updated_at"]
    list_filter = ["status", "municipality__region", "municipality"]
    search_fields = ["title", "municipality__name"]
    list_select_related = ["municipality"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]


@admin.register(WorksheetState)
class WorksheetStateAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "revision", "saved_at", "saved_by"]
    list_filter = ["number"]
    list_select_related = ["plan__municipality", "saved_by"]


def _row_admin(worksheet, table):
    """An admin for one worksheet table, from its registry entry."""
    text_columns = [c.name for c in table.bound_columns if not c.is_link and not c.is_choice]
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
            "raw_id_fields": ["plan", *[c.name for c in table.link_columns]],
            "ordering": ["plan", "position"],
        },
    )


for _worksheet, _table in ALL_TABLES:
    admin.site.register(_table.model, _row_admin(_worksheet, _table))
