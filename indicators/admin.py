from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from municipalities.admin import SpreadsheetAdmin

from .models import CoreIndicator, CoreIndicatorLink, IndicatorValue
from .resources import CoreIndicatorResource


@admin.register(CoreIndicator)
class CoreIndicatorAdmin(SpreadsheetAdmin):
    """Admin of the regions' core indicators; imported and exported as spreadsheets."""

    resource_classes = [CoreIndicatorResource]

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


@admin.register(CoreIndicatorLink)
class CoreIndicatorLinkAdmin(SimpleHistoryAdmin):
    """The decisions on plans' indicators' links to core indicators, with their history. They are made on the plans'
    and the region's link pages, which also write the indicator row; a change here corrects the record only."""

    list_display = ["plan_indicator", "core_indicator", "decision", "decided_as", "decided_by", "decided_at"]
    list_filter = ["decision", "decided_as", "core_indicator__region"]
    list_select_related = ["plan_indicator", "core_indicator", "decided_by"]
    search_fields = ["text", "core_indicator__code"]
    raw_id_fields = ["plan_indicator", "core_indicator", "decided_by"]
