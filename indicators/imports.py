"""Core indicator values of many municipalities and periods from one spreadsheet (.xlsx or .csv), e.g. the
social-enterprise register's counts, imported by the region's coordinator: read and checked into a preview, then
applied entirely or not at all.

The file's first row names the columns, in any of the interface languages or as the app's own download writes them
(``indicators.exports``): municipality (its name or short name), core indicator code, year, part of the year
(optional: 0/1/2 or "first half"…; a whole year when empty), baseline, target, actual value, source, note (each
optional). Values are checked as the values form checks them (``values.parse_value``: the indicator's unit, a decimal
comma or point, "1 500,50", "45 %"); a row naming a municipality of another region, an unknown indicator code or a
period twice is refused with a message naming the row and the column. An empty cell leaves the stored value as it is.

Applying goes through the values form's merge (``services.period_values_save``): the preview carries what was stored
when it was made, so a value a colleague changed meanwhile is kept where the file does not change it, and a value
both changed stops the whole import (nothing is saved) with the colleague's value named.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import tablib
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipalities.models import Municipality
from seimpact.lib.merge import decode_complete_base, encode_base
from seimpact.lib.text import clean_text

from . import services
from .forms import MAX_YEAR, MIN_YEAR, VALUE_FIELDS, stored_form, value_texts
from .matching import fold
from .models import CoreIndicator, Half, IndicatorValue, period_label
from .values import display, parse_value

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
SIGNING_SALT = "indicators.values-import"
PREVIEW_MAX_AGE = 6 * 3600  # seconds a preview stays valid for applying


def _header_names() -> dict[str, str]:
    """``{folded heading: column}`` for every heading accepted, in every interface language and as the app's download
    writes them."""
    english = {
        "municipality": ["municipality"],
        "code": ["core indicator code", "code", "indicator code", "core indicator"],
        "year": ["year"],
        "half": ["half", "part of the year"],
        "baseline": ["baseline"],
        "target": ["target"],
        "actual": ["actual", "actual value"],
        "source": ["source"],
        "note": ["note"],
    }
    names = {fold(text): column for column, texts in english.items() for text in texts}
    for language, _name in settings.LANGUAGES:
        with override(language):
            for column, label in (
                ("municipality", _("Municipality")),
                ("code", _("Code")),
                ("code", _("Core indicator code")),
                ("year", _("Year")),
                ("half", _("Part of the year")),
                ("baseline", _("Baseline")),
                ("target", _("Target")),
                ("actual", _("Actual value")),
                ("source", _("Source")),
                ("note", _("Note")),
            ):
                names.setdefault(fold(str(label)), column)
    return names


def _half_names() -> dict[str, int]:
    names = {"": Half.WHOLE_YEAR, "0": Half.WHOLE_YEAR, "1": Half.FIRST, "2": Half.SECOND}
    for language, _name in settings.LANGUAGES:
        with override(language):
            for value, label in Half.choices:
                names.setdefault(fold(str(label)), value)
    return names


class UnreadableFile(Exception):
    """The upload is not a spreadsheet this import reads; ``str()`` says why, in the interface language."""


def read_table(content: bytes, filename: str) -> list[list]:
    """The rows of the file's first sheet (.xlsx) or of a CSV file (UTF-8, with or without a byte order mark; ``;``
    or ``,`` between cells), header first, read with tablib (django-import-export's reader). Raises
    ``UnreadableFile``."""
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile(_("The file is larger than 5 MB."))
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx", headers=False)
        elif name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
            dataset = tablib.Dataset().load(text, format="csv", headers=False, delimiter=delimiter)
        else:
            raise UnreadableFile(_("Choose an Excel (.xlsx) or CSV (.csv) file."))
    except UnicodeDecodeError:
        raise UnreadableFile(_("The CSV file is not in UTF-8: save it from Excel as “CSV UTF-8”.")) from None
    except UnreadableFile:
        raise
    except Exception:  # a damaged or disguised file: the readers raise many kinds of errors
        raise UnreadableFile(_("The file could not be read as a spreadsheet.")) from None
    rows = [list(row) for row in dataset]
    if len(rows) > MAX_ROWS + 1:
        raise UnreadableFile(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
    return rows


def _cell_text(value) -> str:
    """A cell as text the values form would get: numbers without float noise, dates ISO, texts cleaned; a leading
    ``'`` the app's CSV puts before a formula-like text is dropped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, int | Decimal):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = clean_text(str(value)).strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


@dataclass
class RowError:
    """A refused row: its number in the file (the header is row 1), the column's heading and the message."""

    row: int
    column: str
    message: str


@dataclass
class PreviewRow:
    """A value the import would write: ``kind`` "new", "changed" or "unchanged"; ``changes`` ``[(field label, stored
    text, new text)]`` as readers see them."""

    row: int
    municipality: Municipality
    indicator: CoreIndicator
    year: int
    half: int
    kind: str
    changes: list[tuple[str, str, str]]
    values: dict[str, str]
    base: str

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.half)


@dataclass
class Preview:
    """What importing a file would do: ``rows`` (``PreviewRow``), ``errors`` (``RowError``); it may be applied only
    without errors and with something to write (``can_apply``); ``token`` carries it, signed, to the confirm step."""

    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    token: str = ""

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)

    @property
    def new(self) -> int:
        return self.count("new")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def can_apply(self) -> bool:
        return not self.errors and (self.new + self.changed) > 0


FIELD_LABELS = {
    "baseline": IndicatorValue._meta.get_field("baseline").verbose_name,
    "target": IndicatorValue._meta.get_field("target").verbose_name,
    "actual": IndicatorValue._meta.get_field("actual").verbose_name,
    "source": IndicatorValue._meta.get_field("source").verbose_name,
    "note": IndicatorValue._meta.get_field("note").verbose_name,
}


def preview(rows: list[list], *, region, user) -> Preview:
    """Check ``rows`` (``read_table``'s, header first) for ``region`` and say what importing them would do.

    Every row is checked and every error reported (row and column named); nothing is written. The rows' values are
    compared with what is stored now; the preview's ``token`` (signed, for ``user`` and ``region``) carries them and
    what was stored, for ``apply``."""
    result = Preview()
    if not rows:
        result.errors.append(RowError(1, "", _("The file is empty.")))
        return result
    known = _header_names()
    header = [_cell_text(cell) for cell in rows[0]]
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        column = known.get(fold(text))
        if column and column not in columns:
            columns[column] = index
    missing = [name for name in ("municipality", "code", "year") if name not in columns]
    if missing:
        result.errors.append(
            RowError(
                1,
                "",
                _("The first row must name the columns; missing: %(columns)s.")
                % {"columns": ", ".join(str(_column_title(name)) for name in missing)},
            )
        )
        return result
    headings = {name: header[index] for name, index in columns.items()}
    municipalities = list(Municipality.objects.select_related("region"))
    by_name: dict[str, list[Municipality]] = {}
    for municipality in municipalities:
        for key in {fold(municipality.name), fold(municipality.slug)}:
            by_name.setdefault(key, []).append(municipality)
    indicators = {fold(i.code): i for i in CoreIndicator.objects.filter(region=region)}
    halves = _half_names()
    seen: dict[tuple, int] = {}
    parsed = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = {name: _cell_text(raw[index]) if index < len(raw) else "" for name, index in columns.items()}
        if not any(cells.values()):
            continue
        errors = []

        def refuse(name: str, message: str, errors=errors, number=number) -> None:
            errors.append(RowError(number, headings.get(name, ""), message))

        municipality = None
        candidates = by_name.get(fold(cells["municipality"]), [])
        ours = [m for m in candidates if m.region_id == region.pk]
        if ours:
            municipality = ours[0]
        elif candidates:
            refuse(
                "municipality",
                _("%(name)s belongs to another region: only this region's values can be imported here.")
                % {"name": candidates[0].name},
            )
        else:
            refuse(
                "municipality",
                _("The region has no municipality “%(name)s”.") % {"name": cells["municipality"]}
                if cells["municipality"]
                else _("The municipality is missing."),
            )
        indicator = indicators.get(fold(cells["code"]))
        if indicator is None:
            refuse(
                "code",
                _("The region has no core indicator with the code “%(code)s”.") % {"code": cells["code"]}
                if cells["code"]
                else _("The core indicator's code is missing."),
            )
        year = int(cells["year"]) if cells["year"].isdigit() else None
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            refuse("year", _("The year must be between 2000 and 2100."))
            year = None
        half = halves.get(fold(cells.get("half", "")))
        if half is None:
            refuse("half", _("The part of the year is 1 (first half), 2 (second half) or empty (the whole year)."))
        values = {}
        for name in VALUE_FIELDS:
            text = cells.get(name, "")
            if not text or indicator is None:
                continue
            if name in IndicatorValue.NUMERIC_FIELDS:
                try:
                    values[name] = parse_value(indicator.unit, text).text
                except ValidationError as error:
                    refuse(name, " ".join(error.messages))
            else:
                values[name] = stored_form(indicator.unit, name, text)
        if municipality and indicator and year is not None and half is not None:
            key = (municipality.pk, indicator.pk, year, half)
            if key in seen:
                refuse(
                    "code",
                    _("Row %(row)s has a value of the same municipality, indicator and period already.")
                    % {"row": seen[key]},
                )
            else:
                seen[key] = number
        if errors:
            result.errors.extend(errors)
            continue
        parsed.append((number, municipality, indicator, year, half, values))
    stored = {
        (v.municipality_id, v.indicator_id, v.year, v.half): v
        for v in IndicatorValue.objects.filter(
            municipality__region=region, year__in={p[3] for p in parsed}, indicator__region=region
        )
    }
    for number, municipality, indicator, year, half, values in parsed:
        current = stored.get((municipality.pk, indicator.pk, year, half))
        before = value_texts(indicator, current)
        after = {**before, **values}
        changes = [
            (str(FIELD_LABELS[name]), display(indicator.unit, before[name]), display(indicator.unit, after[name]))
            for name in VALUE_FIELDS
            if before[name] != after[name]
        ]
        kind = "new" if current is None and changes else ("changed" if changes else "unchanged")
        result.rows.append(
            PreviewRow(number, municipality, indicator, year, half, kind, changes, after, encode_base(before))
        )
    if result.can_apply:
        result.token = signing.dumps(
            {
                "region": region.pk,
                "user": user.pk,
                "rows": [
                    [r.row, r.municipality.pk, r.indicator.pk, r.year, r.half, r.values, r.base]
                    for r in result.rows
                    if r.kind != "unchanged"
                ],
            },
            salt=SIGNING_SALT,
            compress=True,
        )
    return result


def _column_title(name: str) -> str:
    return {
        "municipality": _("Municipality"),
        "code": _("Core indicator code"),
        "year": _("Year"),
    }[name]


class StalePreview(Exception):
    """The preview cannot be applied: damaged, too old, someone else's or another region's, or an indicator or
    municipality of it was removed meanwhile; ``str()`` says which, in the interface language."""


class ImportConflict(Exception):
    """Values both the file and a colleague changed since the preview; nothing was saved. ``conflicts``: ``[(row
    number, municipality, indicator code, period, field label, colleague's value)]``."""

    def __init__(self, conflicts: list[tuple]):
        super().__init__(f"{len(conflicts)} values collide")
        self.conflicts = conflicts


@dataclass
class ApplyResult:
    """What ``apply`` wrote: values saved (added or changed), values deleted (the file empties them), values already
    stored as the file has them (``unchanged``: e.g. the same preview applied twice) and fields a colleague changed
    meanwhile that it kept."""

    saved: int = 0
    kept: int = 0
    deleted: int = 0
    unchanged: int = 0


def apply(token: str, *, region, user) -> ApplyResult:
    """Write the values of a preview (its ``token``) for ``region``, all in one transaction, or nothing.

    Each municipality's period is saved through ``services.period_values_save`` (its lock, merge and history, the
    values attributed to ``user``). Raises ``StalePreview`` (nothing written) for a token that is damaged, older than
    ``PREVIEW_MAX_AGE``, made for another user or region, or naming what no longer exists; ``ImportConflict``
    (nothing written) when a colleague changed a value the file changes too."""
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        raise StalePreview(_("The preview is too old: upload the file again.")) from None
    except signing.BadSignature:
        raise StalePreview(_("The page is out of date or incomplete: upload the file again.")) from None
    if payload.get("region") != region.pk or payload.get("user") != user.pk:
        raise StalePreview(_("The page is out of date or incomplete: upload the file again."))
    rows = payload["rows"]
    municipalities = Municipality.objects.in_bulk({r[1] for r in rows})
    indicators = CoreIndicator.objects.in_bulk({r[2] for r in rows})
    groups: dict[tuple[int, int, int], list] = {}
    for number, municipality_pk, indicator_pk, year, half, values, base in rows:
        municipality, indicator = municipalities.get(municipality_pk), indicators.get(indicator_pk)
        if municipality is None or indicator is None or municipality.region_id != region.pk:
            raise StalePreview(
                _("A municipality or core indicator of the file was removed meanwhile: upload it again.")
            )
        if indicator.region_id != region.pk:
            raise StalePreview(_("The page is out of date or incomplete: upload the file again."))
        digests = decode_complete_base(base, VALUE_FIELDS)
        if digests is None or set(values) != set(VALUE_FIELDS):
            raise StalePreview(_("The page is out of date or incomplete: upload the file again."))
        edit = services.ValueEdit(indicator=indicator, base=digests, values=values)
        groups.setdefault((municipality_pk, year, half), []).append((number, edit))
    result = ApplyResult()
    with transaction.atomic():
        conflicts = []
        for (municipality_pk, year, half), edits in groups.items():
            saved = services.period_values_save(
                municipality=municipalities[municipality_pk],
                year=year,
                half=half,
                edits=[edit for _number, edit in edits],
                user=user,
            )
            numbers = {edit.indicator.pk: number for number, edit in edits}
            for indicator_pk, fields in saved.conflicts.items():
                for name, conflict in fields.items():
                    conflicts.append(
                        (
                            numbers[indicator_pk],
                            municipalities[municipality_pk].name,
                            indicators[indicator_pk].code,
                            period_label(year, half),
                            str(FIELD_LABELS[name]),
                            conflict.theirs_display,
                        )
                    )
            result.saved += saved.saved
            result.kept += saved.kept
            result.deleted += saved.deleted
            result.unchanged += len(edits) - saved.saved - saved.deleted
        if conflicts:
            transaction.set_rollback(True)
    if conflicts:
        raise ImportConflict(sorted(conflicts))
    return result
