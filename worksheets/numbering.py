"""Row numbers as officers see them: "3" for the third risk, "1.2" for the second task of goal 1.

Numbers follow the rows' order (position) and are computed, never stored, so reordering renumbers.
One query per table, whatever the number of rows.
"""

from django.utils.text import Truncator

from .registry import ALL_TABLES, Table

LABEL_LENGTH = 90


class Numbering:
    """Numbers and short labels of a plan's rows, loaded per table on first use."""

    def __init__(self, plan):
        self.plan = plan
        self._numbers: dict[type, dict[int, str]] = {}
        self._labels: dict[type, dict[int, str]] = {}

    def numbers(self, table: Table) -> dict[int, str]:
        if table.model not in self._numbers:
            self._load(table)
        return self._numbers[table.model]

    def labels(self, table: Table) -> dict[int, str]:
        """``{row id: "1.2. Text of the row…"}``, for link choices and references."""
        if table.model not in self._labels:
            self._load(table)
        return self._labels[table.model]

    def _load(self, table: Table) -> None:
        title_field = table.model.TITLE_FIELD
        fields = ["pk", title_field] + ([f"{table.parent}_id"] if table.parent else [])
        rows = table.model.objects.filter(plan=self.plan).order_by("position", "pk").values_list(*fields)
        numbers, labels = {}, {}
        if table.parent:
            parent_table = table_of(table.model._meta.get_field(table.parent).related_model)
            parent_numbers = self.numbers(parent_table)
            counters: dict[int, int] = {}
            for pk, title, parent_id in sorted(rows, key=lambda r: (_sortable(parent_numbers.get(r[2])),)):
                counters[parent_id] = counters.get(parent_id, 0) + 1
                numbers[pk] = f"{parent_numbers.get(parent_id, '?')}.{counters[parent_id]}"
                labels[pk] = f"{numbers[pk]}. {Truncator(title).chars(LABEL_LENGTH)}"
        else:
            for index, (pk, title) in enumerate(rows, start=1):
                numbers[pk] = str(index)
                labels[pk] = f"{index}. {Truncator(title).chars(LABEL_LENGTH)}"
        self._numbers[table.model] = numbers
        self._labels[table.model] = labels


def _sortable(number: str | None) -> tuple:
    return tuple(int(part) for part in number.split(".")) if number else (10**9,)


def table_of(model) -> Table:
    return next(t for _w, t in ALL_TABLES if t.model is model)
