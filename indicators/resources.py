"""The regions' core indicators as spreadsheets, for django-import-export in the admin: a row per indicator with
its region's short name, found again by region and code, so importing the same sheet again changes nothing; blank
rows are skipped."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from municipalities.models import Region
from municipalities.resources import EmptyRowsSkipped

from .models import CoreIndicator


class CoreIndicatorResource(EmptyRowsSkipped, resources.ModelResource):
    """A core indicator per row: region (short name), code, name, definition, unit, kind, how it is collected,
    position. A row is validated like the model (``full_clean``: unit and kind from their choices); a wholly empty
    row is skipped."""

    region = fields.Field(attribute="region", column_name="region", widget=ForeignKeyWidget(Region, field="slug"))

    class Meta:
        model = CoreIndicator
        fields = ("region", "code", "name", "definition", "unit", "kind", "collection", "position")
        export_order = fields
        import_id_fields = ("region", "code")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
