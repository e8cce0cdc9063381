"""The registry: structure and the template's texts joined by worksheet number, facts callers read from it."""

import ast
from pathlib import Path

from django.conf import settings
from django.utils import translation

from tests.conftest import database_independent
from worksheets.models import Activity, Indicator, Risk
from worksheets.registry import BY_NUMBER, CHECKLIST_FIELDS, PLAN_FIELDS, WORKSHEETS, table_for_model
from worksheets.registry.guidance import TEXTS

pytestmark = database_independent("the registry's structure and the source files, no database")


def test_every_worksheet_has_its_texts_and_no_texts_lack_a_worksheet():
    assert sorted(TEXTS) == sorted(BY_NUMBER) == list(range(1, 12))
    for worksheet in WORKSHEETS:
        assert worksheet.purpose == TEXTS[worksheet.number].purpose
        assert str(worksheet.purpose)


def test_every_example_illustrates_a_table_of_its_worksheet():
    for worksheet in WORKSHEETS:
        keys = {table.key for table in worksheet.tables}
        for example in worksheet.examples:
            assert example.table in keys, (worksheet.number, example.table)
            fields = set(worksheet.table(example.table).field_names)
            assert set(example.cells) <= fields, (worksheet.number, set(example.cells) - fields)


def test_plan_level_fields_and_the_checklist_come_from_the_worksheets():
    assert PLAN_FIELDS == (
        "support_given",
        "partners_identified",
        "partners_identified_note",
        "meetings_held",
        "meetings_held_note",
        "agreements_signed",
        "agreements_signed_note",
    )
    assert CHECKLIST_FIELDS == ("partners_identified", "meetings_held", "agreements_signed")


@translation.override("en")
def test_short_labels_fall_back_to_the_column_label():
    _worksheet, risks = table_for_model(Risk)
    assert str(risks.column("level").short_label) == "Risk level"
    assert str(risks.column("factor").short_label) == str(risks.column("factor").label) == "Risk factor"
    _worksheet, indicators = table_for_model(Indicator)
    assert str(indicators.column("indicator").short_label) == "Indicator"


def test_activities_quality_checked_columns_in_the_order_problems_name_them():
    _worksheet, activities = table_for_model(Activity)
    assert [c.name for c in activities.quality_checked_columns] == ["responsible_unit", "timeline", "funding_source"]


def test_nothing_under_worksheets_imports_indicators():
    importers = []
    for path in sorted((Path(settings.BASE_DIR) / "worksheets").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            importers += [f"{path.name}: {name}" for name in names if name.split(".")[0] == "indicators"]
    assert importers == []
