"""Export → import round trip of a plan's workbook for any content an officer can type (issue 13): the unchanged
file previews "no changes", and so does the file after Latvian Excel converted what it takes for dates, percents and
numbers. A property test (Hypothesis): each example is a new plan whose cells are saved through the worksheet
forms."""

import io
import re
import string
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from seimpact.lib.excel import CELL_LIMIT, text_length, workbook_bytes
from seimpact.lib.text import clean_text
from tests.factories import ActionPlanFactory, MunicipalityFactory
from worksheets.editing.forms import plan_fields_form_class, row_formset_class
from worksheets.exports.excel import COVER_KEY_COLUMN, ID_HEADER, NUMBER_HEADER, plan_workbook, table_code
from worksheets.exports.excel_import import read_plan_workbook
from worksheets.models import Cooperation, Indicator, MonitoringActivity
from worksheets.registry import ALL_TABLES, get_worksheet, table_for_model

pytestmark = pytest.mark.django_db

LATVIAN = "āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ"
LITHUANIAN = "ąčęėįšųūžĄČĘĖĮŠŲŪŽ"
# Pieces officers type or paste: line endings of every system, Word's breaks, control characters, formula starts,
# texts Excel takes for dates and numbers, emoji (a flag, a skin tone), a decomposed letter, Excel's own escape
# notation, non-breaking and zero-width spaces, a byte order mark, characters XML cannot hold.
PIECES = [
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\u000b",
    "\u000c",
    "\u0007",
    "\u0000",
    "\u0085",
    "\u2028",
    "=",
    "+",
    "-",
    "@",
    "=Jelgavas NVO centrs",
    '=HYPERLINK("http://x","x")',
    "+371 26000000",
    "1.03.2027",
    "50%",
    "1250,5",
    "0012",
    "💬",
    "👍🏽",
    "🇱🇻",
    "s\u030c",
    "_x000D_",
    "_x005F_",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\ufffe",
    "\uffff",
    " ",
]
WORD_ALPHABET = LATVIAN + LITHUANIAN + string.ascii_letters + string.digits + " .,;:%/()"


@st.composite
def excel_like(draw) -> str:
    """A whole cell Latvian Excel converts when it is typed: a date d.mm.yyyy, a percent, a decimal comma, digits."""
    kind = draw(st.sampled_from(["date", "percent", "decimal", "digits"]))
    if kind == "date":
        day = draw(st.dates(min_value=datetime(1950, 1, 1).date(), max_value=datetime(2099, 12, 31).date()))
        return f"{day.day if draw(st.booleans()) else f'{day.day:02d}'}.{day.month:02d}.{day.year}"
    sign = draw(st.sampled_from(["", "-"]))
    whole = draw(st.integers(0, 10 ** draw(st.integers(1, 17))))
    if kind == "digits":
        return sign + "0" * draw(st.integers(0, 2)) + str(whole)
    decimals = draw(st.text("0123456789", min_size=1, max_size=4))
    if kind == "percent":
        return f"{sign}{whole % 1000}{',' + decimals if draw(st.booleans()) else ''}%"
    return f"{sign}{whole},{decimals}"


long_line = st.integers(200, 1500).map(lambda times: "Ļoti gara rinda bez beigām " * times)  # 5,400–40,500
typed_piece = st.one_of(
    st.sampled_from(PIECES),
    st.text(WORD_ALPHABET, max_size=24),
    st.text(max_size=8),  # any character at all
)
typed_text = st.one_of(
    st.just(""),
    excel_like(),
    st.lists(typed_piece, max_size=8).map("".join),
    st.tuples(st.lists(typed_piece, max_size=3).map("".join), long_line).map("".join),
)


def fits(text: str) -> str:
    """``text`` cut to what a worksheet form accepts (a spreadsheet cell's ``CELL_LIMIT``, counted as Excel does)."""
    while text_length(clean_text(text)) > CELL_LIMIT:
        text = text[: len(text) - (text_length(clean_text(text)) - CELL_LIMIT)]
    return text


def title(text: str) -> str:
    """A row's required text: ``text``, or a word before it when nothing of it would be left to save."""
    return text if clean_text(text).strip() else "Ābele" + text


def save_row(plan, model, values: dict[str, str], position: int) -> None:
    """Save a row of ``model`` in ``plan`` as the worksheet page does: the text normalised as every POST is
    (``clean_text``), then the worksheet's own row form."""
    _worksheet, table = table_for_model(model)
    data = {}
    for column in table.bound_columns:
        default = column.field.get_default() if column.field.has_default() else ""
        data[column.name] = "" if default is None else default
    data.update({name: clean_text(fits(value)) for name, value in values.items()})
    form = row_formset_class(table).form(data, instance=model(plan=plan), plan=plan, link_choices={})
    assert form.is_valid(), form.errors
    row = form.save(commit=False)
    row.position = position
    row.save()


def save_plan_field(plan, number: int, name: str, value: str) -> None:
    form_class = plan_fields_form_class(get_worksheet(number))
    data = {field: getattr(plan, field) for field in get_worksheet(number).plan_fields}
    data[name] = clean_text(fits(value))
    form = form_class(data, instance=plan)
    assert form.is_valid(), form.errors
    form.save()


def preview_of(plan, content: bytes):
    return read_plan_workbook(plan, SimpleUploadedFile("plāns.xlsx", content))


def changes(preview) -> list:
    """What a preview would change, readably (for a failing example)."""
    found = [("plan", change) for change in preview.plan_field_changes]
    for table in preview.tables:
        found += [(table.table.key, "added", row.values) for row in table.added]
        found += [(table.table.key, "changed", diff) for _row, diff in table.changed]
        found += [(table.table.key, "removed", row) for row in table.removed]
    return found


def difference(before: str, after: str) -> str:
    """Where two texts part: both lengths and 30 characters either side of the first difference (texts here run to
    32,767 characters, too long to read whole in a failure)."""
    at = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), min(len(before), len(after)))
    return (
        f"length {len(before)} → {len(after)}, first difference at {at}: {before[max(0, at - 30) : at + 30]!r} → "
        + repr(after[max(0, at - 30) : at + 30])
    )


def summary(found: list) -> str:
    """``changes`` readably for a failure message: each changed cell by ``difference``, other changes cut short."""
    lines = []
    for item in found:
        if item[0] == "plan":
            lines.append(f"plan {item[1].label}: {difference(item[1].before, item[1].after)}")
        elif item[1] == "changed":
            lines += [f"{item[0]} {cell.label}: {difference(cell.before, cell.after)}" for cell in item[2]]
        else:
            lines.append(repr(item)[:300])
    return "\n".join(lines)


# --- what Latvian Excel does to a cell typed again --------------------------------------------------------------

DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
PERCENT = re.compile(r"-?\d+(?:,\d+)?%")
DECIMAL = re.compile(r"-?\d+,\d+")
DIGITS = re.compile(r"-?\d+")


def excel_converted(text: str):
    """``(value, number_format)`` Latvian Excel stores for a cell typed as ``text``, or ``None`` when it keeps the
    text: a date shown dd.mm.yyyy, a percent as its fraction shown 0%, a decimal comma as the number shown with its
    decimals, digits as the number (leading zeros dropped; Excel keeps 15 significant digits)."""
    if match := DATE.fullmatch(text):
        try:
            return datetime(int(match[3]), int(match[2]), int(match[1])), "dd.mm.yyyy"
        except ValueError:
            return None
    if PERCENT.fullmatch(text):
        return float(text[:-1].replace(",", ".")) / 100, "0%"
    if DECIMAL.fullmatch(text):
        return float(text.replace(",", ".")), "0." + "0" * len(text.split(",")[1])
    if DIGITS.fullmatch(text):
        return float(f"{int(text):.14e}"), "General"
    return None


def excel_retyped(content: bytes) -> bytes:
    """The workbook after an officer retyped every text cell Latvian Excel converts (``excel_converted``) and saved
    it: the cover's values and every text column of the worksheet sheets."""
    workbook = load_workbook(io.BytesIO(content))
    cells = [row[1] for row in workbook.worksheets[0].iter_rows(min_row=2) if row[COVER_KEY_COLUMN - 1].value]
    for worksheet, table in ALL_TABLES:
        code = table_code(worksheet, table)
        sheet = next(s for s in workbook.worksheets if s.title.split(" ", 1)[0] == code)
        header = [cell.value for cell in sheet[1]]
        assert (header[0], header[-1]) == (NUMBER_HEADER, ID_HEADER)
        texts = [
            index
            for index, column in enumerate(table.bound_columns, start=1)
            if not (column.is_link or column.is_choice or column.is_date or column.is_reference)
        ]
        cells += [row[index] for row in sheet.iter_rows(min_row=2) for index in texts]
    for cell in cells:
        converted = excel_converted(cell.value) if isinstance(cell.value, str) else None
        if converted:
            cell.value, cell.number_format = converted
            cell.quotePrefix = False
    return workbook_bytes(workbook)


@given(
    organisation=typed_text,
    cooperation_type=typed_text,
    result=typed_text,
    indicator=typed_text,
    target=typed_text,
    achieved=typed_text,
    activity=typed_text,
    deadline=typed_text,
    support_given=typed_text,
)
def test_any_typed_content_exports_and_imports_as_no_changes(
    zemgale, organisation, cooperation_type, result, indicator, target, achieved, activity, deadline, support_given
):
    with transaction.atomic():
        plan = ActionPlanFactory(municipality=MunicipalityFactory(region=zemgale))
        save_row(plan, Cooperation, {"organisation": title(organisation), "cooperation_type": cooperation_type}, 1)
        save_row(plan, Cooperation, {"organisation": title(result), "result": result}, 2)
        save_row(plan, Indicator, {"indicator": title(indicator), "target": target, "achieved_result": achieved}, 1)
        save_row(plan, MonitoringActivity, {"activity": title(activity), "deadline": deadline}, 1)
        save_plan_field(plan, 5, "support_given", support_given)
        content = workbook_bytes(plan_workbook(plan))

        found = changes(preview_of(plan, content))
        assert found == [], summary(found)
        found = changes(preview_of(plan, excel_retyped(content)))
        assert found == [], summary(found)
        transaction.set_rollback(True)


def test_a_whole_cell_of_text_holding_the_file_notation_exports_and_imports_unchanged(zemgale):
    """Found by the property test: "_x000D_" typed in a text of the whole 32,767 characters grows by the notation's
    escape ("_x005F_") in the file, and the writer must not cut the text's end for it."""
    plan = ActionPlanFactory(municipality=MunicipalityFactory(region=zemgale))
    text = "_x000D_ _x005F_ " + "Ļoti gara rinda bez beigām " * 1300
    text = text[: CELL_LIMIT - 1] + "."
    save_row(plan, MonitoringActivity, {"activity": text}, 1)
    save_plan_field(plan, 5, "support_given", "0012" + text[4:])
    content = workbook_bytes(plan_workbook(plan))

    assert MonitoringActivity.objects.get(plan=plan).activity == text
    found = changes(preview_of(plan, content))
    assert found == [], summary(found)
