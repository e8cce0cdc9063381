"""The POST data of a worksheet page as the browser sends it: for the tests, ``make bench`` and anything else that
saves a worksheet without a browser."""

from django.utils import timezone

from seimpact.lib.merge import encode_base

from ..notes import worksheet_note
from ..registry import get_worksheet
from .forms import NOTE_PREFIX
from .services import worksheet_state


def existing_rows(plan, table) -> list[dict]:
    """The saved rows of ``table`` as the page sends them: id, position, every column, and the ``base`` digests of
    what the page was loaded with."""
    rows = []
    for row in table.rows_of(plan):
        values = {"id": row.pk, "position": row.position}
        for column in table.bound_columns:
            value = getattr(row, column.field.attname)
            values[column.name] = "" if value is None else value
        values["base"] = encode_base(
            {column.name: getattr(row, column.field.attname) for column in table.bound_columns}
        )
        rows.append(values)
    return rows


def post_data(plan, number, tables=None, *, revision=None, plan_fields=None, note=None) -> dict:
    """``tables``: {table key: [row dicts]}; a table not given is sent as it is saved. Saved rows (with
    "id") must come first, as Django formsets expect. ``note``: the worksheet's notes as typed; ``None`` sends them
    as saved. The notes' ``base`` is what is saved now."""
    worksheet = get_worksheet(number)
    tables = tables or {}
    data = {
        "revision": worksheet_state(plan, number).revision if revision is None else revision,
        "loaded_at": timezone.now().isoformat(),
    }
    for table in worksheet.tables:
        rows = tables.get(table.key)
        if rows is None:
            rows = existing_rows(plan, table)
        data[f"{table.key}-TOTAL_FORMS"] = len(rows)
        data[f"{table.key}-INITIAL_FORMS"] = len([r for r in rows if r.get("id")])
        for index, row in enumerate(rows):
            for key, value in row.items():
                if key == "DELETE" or isinstance(value, bool):  # a checkbox: "on" when ticked, else not sent
                    if value:
                        data[f"{table.key}-{index}-{key}"] = "on"
                    continue
                data[f"{table.key}-{index}-{key}"] = value
    stored_note = worksheet_note(plan, number)
    data[f"{NOTE_PREFIX}-text"] = stored_note.text if note is None else note
    data[f"{NOTE_PREFIX}-base"] = encode_base({"text": stored_note.text})
    for name, value in (plan_fields or {}).items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = value
    return data
