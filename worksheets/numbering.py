"""Row numbers as officers see them: "3" for the third risk, "1.2" for the second task of goal 1.

One rule (``row_numbers``) numbers the plan's rows on every page, the rows of an imported Excel file and
the rows of a seed plan's fixture. Numbers follow the rows' order (position) and are computed, never
stored, so reordering renumbers. ``Numbering`` reads a plan's numbers with one query per table, whatever
the number of rows.
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.utils.text import Truncator

from .registry import Table

LABEL_LENGTH = 90
UNKNOWN_PARENT = "?"  # the number prefix of a row whose parent row is missing

R = TypeVar("R")


def row_numbers(table: Table, rows: Sequence[R], parent_number: Callable[[R], str | None]) -> list[str]:
    """The numbers of ``rows`` of ``table``, given in their order: one string per row, in the same order.

    A row's number is its rank in the table ("3"); in a table numbered under a parent (``Table.parent``,
    e.g. the tasks under their goals) it is the parent row's number, ".", and the row's rank among the rows
    of the same parent ("1.2"). ``parent_number(row)`` gives the parent row's number, ``None`` where it is
    unknown (the row is then numbered under "?"); it is not called for a table without parent.
    """
    if not table.parent:
        return [str(rank) for rank in range(1, len(rows) + 1)]
    counters: dict[str, int] = {}
    numbers = []
    for row in rows:
        parent = parent_number(row) or UNKNOWN_PARENT
        counters[parent] = counters.get(parent, 0) + 1
        numbers.append(f"{parent}.{counters[parent]}")
    return numbers


class Numbering:
    """Numbers and short labels of a plan's rows, loaded per table on first use."""

    def __init__(self, plan):
        self.plan = plan
        self._numbers: dict[type, dict[int, str]] = {}
        self._labels: dict[type, dict[int, str]] = {}

    def numbers(self, table: Table) -> dict[int, str]:
        """``{row id: "1.2"}`` for the rows of ``table``, in the order they are numbered."""
        if table.model not in self._numbers:
            self._load(table)
        return self._numbers[table.model]

    def labels(self, table: Table) -> dict[int, str]:
        """``{row id: "1.2. Text of the row…"}``, for link choices and references.

        Rows of a table numbered under a parent come grouped under their parents ("1.1", "1.2", "2.1").
        """
        if table.model not in self._labels:
            self._load(table)
        return self._labels[table.model]

    def _load(self, table: Table) -> None:
        fields = ["pk", table.model.TITLE_FIELD] + ([f"{table.parent}_id"] if table.parent else [])
        rows = list(table.model.objects.filter(plan=self.plan).order_by("position", "pk").values_list(*fields))
        parent_numbers: dict[int, str] = {}
        if table.parent:
            parent_numbers = self.numbers(table.parent_table)
            rows.sort(key=lambda row: _sortable(parent_numbers.get(row[2])))  # stable: in order under each parent
        numbers = row_numbers(table, rows, lambda row: parent_numbers.get(row[2]))
        self._numbers[table.model] = {row[0]: number for row, number in zip(rows, numbers, strict=True)}
        self._labels[table.model] = {
            row[0]: f"{number}. {Truncator(row[1]).chars(LABEL_LENGTH)}"
            for row, number in zip(rows, numbers, strict=True)
        }


def _sortable(number: str | None) -> tuple:
    return tuple(int(part) for part in number.split(".")) if number else (10**9,)
