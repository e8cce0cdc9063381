"""Excel workbooks of the regional views: a comparison table, and the regional review with its empty
"Conclusions" place per section. Same look and the same writer as every workbook of the app (``seimpact.lib.excel``):
typed texts are text cells, counts numbers, dates dates."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side

from seimpact.lib.excel import WRAP, safe_sheet_title, set_widths, style_header, style_sheet, write_row

from .comparisons import COUNT, HEATMAP, Comparison
from .review import RegionalReview

TITLE_FONT = Font(bold=True, size=13)
NOTE_FONT = Font(italic=True, color="444444")
THIN = Side(style="thin", color="777777")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# A review table's cell classes (``ReviewTable.classes``) as fills: the risk heat map's colours (the level is written
# in the cell too).
CELL_FILLS = {
    "risk-high": PatternFill("solid", fgColor="F8D7DA"),
    "risk-medium": PatternFill("solid", fgColor="FFF3CD"),
    "risk-low": PatternFill("solid", fgColor="D1E7DD"),
}


def comparison_cell(comparison: Comparison, cell) -> int | str:
    """A comparison cell's value: the number of entries (count comparisons; "" for none), the level and preventive
    measures (the heat map), else the entries with their details, one per line."""
    if comparison.spec.kind == COUNT:
        return len(cell.items) if cell.items else ""
    if comparison.spec.kind == HEATMAP and cell.items:
        measures = "; ".join(item.detail for item in cell.items if item.detail)
        return f"{cell.level_label or '—'}\n{measures}".strip()
    return cell.as_text()


def comparison_workbook(comparison: Comparison) -> Workbook:
    """The comparison as one sheet: a row per group, a column per compared plan."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = safe_sheet_title(str(comparison.title))
    write_row(sheet, [str(comparison.spec.row_header), _("Named by"), *[c.label for c in comparison.columns]])
    for row in comparison.rows:
        write_row(sheet, [row.label, row.named_by, *[comparison_cell(comparison, cell) for cell in row.cells]])
    width = 16 if comparison.spec.kind == COUNT else 44
    style_sheet(sheet, [40, 12, *[width] * len(comparison.columns)])
    return workbook


def review_workbook(
    review: RegionalReview,
    *,
    title: str | None = None,
    section_texts: dict[int, str] | None = None,
    closing: list[list[str]] | None = None,
) -> Workbook:
    """A cover sheet, then a sheet per section: its tables one under another and the "Conclusions" box, empty or
    holding the coordinator's text of the section (``section_texts``: ``{section number: text}``, an edition's).
    ``title`` replaces the review's title on the cover; ``closing`` (``[[label, text], …]``: an edition's
    conclusions, recommendations, strengths and challenges, sources) adds a last sheet of them."""
    workbook = Workbook()
    cover = workbook.active
    cover.title = safe_sheet_title(_("Review"))
    write_row(cover, [title or review.title])[0].font = TITLE_FONT
    write_row(cover, [_("Region"), review.region.name])
    write_row(cover, [_("Prepared"), review.generated_at])
    write_row(cover, [])
    style_header(write_row(cover, [_("Municipality"), _("Period"), _("Status")]), wrap=False)
    for column in review.columns:
        write_row(cover, [column.municipality, column.period, column.status_label])
    set_widths(cover, [34, 16, 24])

    for section in review.sections:
        sheet = workbook.create_sheet(safe_sheet_title(f"{section.number} {section.title}"))
        write_row(sheet, [f"{section.number}. {section.title}"])[0].font = TITLE_FONT
        write_row(sheet, [section.guidance])[0].font = NOTE_FONT
        widths: list[int] = []
        for table in section.tables:
            write_row(sheet, [])
            write_row(sheet, [table.title])[0].font = Font(bold=True)
            style_header(write_row(sheet, table.header))
            for row in table.cell_rows:
                for cell, (_value, css) in zip(write_row(sheet, [value for value, _css in row]), row, strict=False):
                    cell.alignment = WRAP
                    if css in CELL_FILLS:
                        cell.fill = CELL_FILLS[css]
            if not table.rows:
                write_row(sheet, [_("No rows in the compared plans.")])
            if table.note:
                write_row(sheet, [table.note])[0].font = NOTE_FONT
            size = max(len(widths), len(table.widths))
            padded = widths + [0] * (size - len(widths)), table.widths + [0] * (size - len(table.widths))
            widths = [max(a, b) for a, b in zip(*padded, strict=True)]
        write_row(sheet, [])
        write_row(sheet, [_("Conclusions (written by the coordinator)")])[0].font = Font(bold=True)
        start = sheet.max_row + 1
        if section_texts and section_texts.get(section.number):
            write_row(sheet, [section_texts[section.number]])  # the box's first cell, row ``start``
        last_column = max(len(widths), 2)
        sheet.merge_cells(start_row=start, start_column=1, end_row=start + 7, end_column=last_column)
        box = sheet.cell(start, 1)
        box.alignment = WRAP
        for row in sheet.iter_rows(min_row=start, max_row=start + 7, max_col=last_column):
            for cell in row:
                cell.border = BOX
        set_widths(sheet, widths)
    if closing:
        sheet = workbook.create_sheet(safe_sheet_title(_("Conclusions and recommendations")))
        for row in closing:
            for cell in write_row(sheet, row):
                cell.alignment = WRAP
        set_widths(sheet, [28, 110])
    return workbook
