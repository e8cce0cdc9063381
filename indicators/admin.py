from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CoreIndicator, IndicatorValue


@admin.register(CoreIndicator)
class CoreIndicatorAdmin(admin.ModelAdmin):
    """Admin of the regions' core indicators."""

    list_display = ["code", "name", "region", "unit", "kind", "position"]
    list_filter = ["region", "kind", "unit"]
    search_fields = ["code", "name"]
    ordering = ["region", "position", "code"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    """Admin of the indicator values municipalities recorded, with their change history."""

    list_display = ["municipality", "indicator", "year", "half", "baseline", "target", "actual"]
    list_filter = ["municipality__region", "municipality", "indicator", "year"]
    list_select_related = ["municipality", "indicator"]
    raw_id_fields = ["indicator"]
    readonly_fields = ["updated_at", "updated_by"]
