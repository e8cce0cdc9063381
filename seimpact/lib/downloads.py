"""File downloads: a PDF opens in the browser, a spreadsheet or CSV is saved; one place for the headers."""

from django.http import HttpResponse

from .excel import workbook_bytes

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def download(content, filename: str) -> HttpResponse:
    """``content`` (bytes, text, or an openpyxl workbook) served as ``filename``; its extension sets the type."""
    kind = filename.rsplit(".", 1)[-1]
    if kind == "xlsx" and not isinstance(content, bytes):
        content = workbook_bytes(content)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    disposition = "inline" if kind == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
