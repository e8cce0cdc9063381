"""The worksheet cells of a plan's row on the coordinator's dashboard (``templates/worksheets/dashboard.html``), made
here rather than by a template loop: a region of 100 municipalities has 1,100 of them, and the loop's lookups,
conditions and translation tag per cell were most of the page's time.

Each cell is the template's own markup: a badge coloured by the worksheet's completeness, linking to the worksheet
page, showing the number of rows (hidden from screen readers, which read ``DashboardCell.label`` instead), and the
open comments when there are any.
"""

from __future__ import annotations

import html

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from seimpact.lib.icons import icon

from ..review.dashboard import DashboardPlan

register = template.Library()


@register.simple_tag
def dashboard_cells(item: DashboardPlan) -> SafeString:
    """The ``<td>`` of every worksheet of ``item``, in the interface language (see the module's docstring)."""
    open_comments = html.escape(gettext("open comments"))
    comment_icon = icon("chat-left-text")
    cells = []
    for cell in item.cells:
        comments = (
            f'<span class="badge text-bg-warning" title="{open_comments}">{comment_icon} {cell.open_comments}'
            f'<span class="visually-hidden"> {open_comments}</span></span>'
            if cell.open_comments
            else ""
        )
        cells.append(
            f'<td class="text-center">\n<a class="badge completeness-{html.escape(cell.completeness)} '
            f'text-decoration-none" href="{html.escape(cell.url)}">\n'
            f'<span aria-hidden="true">{cell.rows}</span>\n'
            f'<span class="visually-hidden">{html.escape(str(cell.label))}</span>\n</a>\n{comments}\n</td>'
        )
    return mark_safe("\n".join(cells))  # noqa: S308 (every text escaped above)
