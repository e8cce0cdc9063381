"""The body of a comparison table (``templates/worksheets/regional/includes/comparison_table.html``): its rows and
cells made here rather than by the template's loops, because a comparison of 100 municipalities has some 25,000
cells, and a template's conditions, filters and translation tags per cell cost the page over a second.

The markup is the template's own: a row's header cell (``th scope="row"``), how many plans name it (with how many by
suggestion only), then a cell per plan in the columns' order, as the comparison's kind shows it — a list of entries
with their details on expand, a risk level with the entries' measures on expand (the heat map), or a number of
activities with the activities on expand. An empty cell says so to screen readers ("not named", "none"). Every text
the plans hold is HTML-escaped, and line breaks in it become ``<br>`` (as the ``linebreaksbr`` filter makes them).
"""

from __future__ import annotations

import html
import re

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from ..models import RiskLevel
from ..regional.comparisons import COUNT, HEATMAP, Cell, Comparison, Row

register = template.Library()

_NEWLINES = re.compile(r"\r\n|\r")


def _text(value) -> str:
    """``value`` as the template's ``{{ value }}`` shows a plain text: HTML-escaped."""
    return html.escape(str(value))


def _lines(value) -> str:
    """``value`` as ``{{ value|linebreaksbr }}`` shows a plain text: escaped, each line break a ``<br>``."""
    return html.escape(_NEWLINES.sub("\n", str(value))).replace("\n", "<br>")


class _RowWriter:
    """Writes the rows of one comparison; the texts every cell shares (translations, labels) are looked up once."""

    def __init__(self, comparison: Comparison):
        self.kind = comparison.spec.kind
        self.detail_label = _text(comparison.spec.detail_label)
        self.summary = f"<summary>{self.detail_label}</summary>"
        not_named, none = gettext("not named"), gettext("none")
        self.not_named = f'<span class="visually-hidden">{not_named}</span>'
        self.levels = {level: _text(label) for level, label in RiskLevel.choices}
        self.not_assessed = gettext("not assessed")
        empty = {
            HEATMAP: f'<td class="risk-cell">\n{self.not_named}\n</td>',
            COUNT: f'<td class="cmp-number">\n<span class="visually-hidden">{none}</span>\n</td>',
        }
        self.empty_cell = empty.get(self.kind, f"<td>\n{self.not_named}\n</td>")
        self.write_cell = {HEATMAP: self._heatmap_cell, COUNT: self._count_cell}.get(self.kind, self._list_cell)

    def row(self, row: Row) -> str:
        parts = [
            '<tr class="cmp-standard">' if row.standard else "<tr>",
            f'\n<th scope="row" class="cmp-group">{_text(row.label)}</th>\n<td class="cmp-count">{row.named_by}',
        ]
        suggested_by = row.suggested_by
        if suggested_by:
            badge = ngettext("%(counter)s suggested", "%(counter)s suggested", suggested_by) % {"counter": suggested_by}
            parts.append(f'<br><span class="badge cmp-note">{badge}</span>')
        parts.append("</td>")
        empty_cell, write_cell = self.empty_cell, self.write_cell
        for cell in row.cells:
            parts.append("\n")
            parts.append(write_cell(cell, row) if cell.items else empty_cell)
        parts.append("\n</tr>\n")
        return "".join(parts)

    def _heatmap_cell(self, cell: Cell, row: Row) -> str:
        items = cell.items
        level = cell.level
        css = f" risk-{_text(level)}" if level else " risk-none"
        shown_level = self.levels.get(level, _text(level)) if level else self.not_assessed
        parts = [f'<td class="risk-cell{css}">\n<span class="risk-level">{shown_level}</span>\n']
        named = len(items) > 1 or not row.standard
        if named or cell.has_details:
            parts.append(f'<details>\n{self.summary}\n<ul class="cmp-items">\n')
            for item in items:
                parts.append("<li>")
                if named:
                    note = f" ({_text(item.note)})" if item.note else ""
                    parts.append(f"<strong>{_text(item.text)}</strong>{note}: ")
                parts.append(f"{_lines(item.detail) if item.detail else '—'}</li>")
            parts.append("\n</ul>\n</details>\n")
        parts.append("</td>")
        return "".join(parts)

    def _count_cell(self, cell: Cell, row: Row) -> str:
        count = len(cell.items)
        summary = ngettext("%(counter)s activity", "%(counter)s activities", count) % {"counter": count}
        entries = "".join(
            f'<li>{_text(item.text)} <span class="badge cmp-note">{_text(item.note)}</span></li>'
            if item.note
            else f"<li>{_text(item.text)}</li>"
            for item in cell.items
        )
        return (
            f'<td class="cmp-number">\n<details>\n<summary>{summary}</summary>\n'
            f'<ul class="cmp-items">{entries}</ul>\n</details>\n</td>'
        )

    def _list_cell(self, cell: Cell, row: Row) -> str:
        parts = ['<td>\n<ul class="cmp-items">\n']
        for item in cell.items:
            parts.append(f"<li>{_lines(item.text)}")
            if item.note:
                parts.append(f' <span class="badge cmp-note">{_text(item.note)}</span>')
            parts.append("\n")
            if item.detail:
                parts.append(f"<details>{self.summary}{_lines(item.detail)}</details>\n")
            parts.append("</li>\n")
        parts.append("</ul>\n</td>")
        return "".join(parts)


@register.simple_tag
def comparison_rows(comparison: Comparison) -> SafeString:
    """The ``<tr>`` rows of ``comparison``'s table body, in the interface language (see the module's docstring)."""
    writer = _RowWriter(comparison)
    return mark_safe("".join(writer.row(row) for row in comparison.rows))  # noqa: S308 (every text escaped above)
