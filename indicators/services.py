"""Writes of the indicators app: each in one transaction, each change attributed in the history.

Saves of what several people edit (a period's values, a core indicator) are three-way merges at the field
level (``seimpact.lib.merge.merge_row``): the page carries the digests of the values it was loaded with (its
base); a save writes only the fields this user changed since then and keeps what a colleague changed meanwhile.
A field both changed, to different values, is a conflict: nothing is saved, and the page shows both values for
the user to choose.
"""

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from municipalities.models import Municipality
from seimpact.lib.merge import CellConflict, RowMerge, cell_token, merge_row, stored_values

from .forms import CORE_FIELDS, VALUE_FIELDS, unit_fits_kind, value_texts
from .models import CoreIndicator, IndicatorValue
from .values import display


@dataclass(frozen=True)
class FieldConflict(CellConflict):
    """A ``seimpact.lib.merge.CellConflict`` as an indicator page shows it: ``name`` the field this user and a
    colleague both changed, to different values, since the page was loaded; ``theirs`` the text stored now
    (stored form, ``""``: emptied or removed), ``theirs_display`` as readers see it, ``mine`` as this user typed
    it (stored form); ``by`` (a user) and ``at``: who made the colleague's change and when, ``None`` where the
    history does not say."""

    mine: str = ""
    theirs_display: str = ""

    @property
    def changed_by_name(self) -> str:
        """The colleague's full name, their user name without one, "a colleague" where nobody is recorded."""
        user = self.by
        if user is None:
            return _("a colleague")
        return user.get_full_name() or user.get_username()


def _mine_where_changed(merge: RowMerge, mine: dict) -> dict:
    """``{field name: value}`` of ``mine`` in every field this user changed and that differs from what is stored:
    the written ones and the conflicting ones (what the page shows in the field after a conflict)."""
    return {**merge.writes, **{conflict.name: mine[conflict.name] for conflict in merge.conflicts}}


# --- a period's values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueEdit:
    """One indicator's row of a period's values page as submitted: ``base``, ``{field: digest}`` of
    ``forms.VALUE_FIELDS`` as the page was loaded (``ValueForm.cleaned_data["base"]``); ``values``, ``{field:
    text}`` of each of them as it is to be stored (``ValueForm.cleaned_data``)."""

    indicator: CoreIndicator
    base: dict[str, str]
    values: dict[str, str]


@dataclass
class SaveResult:
    """What ``period_values_save`` did: how many values it saved (added or changed) and deleted, and how many
    fields a colleague changed meanwhile it kept. With ``conflicts`` (``{indicator pk: {field: FieldConflict}}``)
    it saved nothing; ``stored`` then has the values as they are now (``{indicator pk: IndicatorValue or
    None}``) and ``proposal`` what the page should show next (``{indicator pk: {field: text}}``: this user's
    value where they changed it, the stored one elsewhere), for every submitted indicator."""

    saved: int = 0
    deleted: int = 0
    kept: int = 0
    conflicts: dict[int, dict[str, FieldConflict]] = field(default_factory=dict)
    stored: dict[int, IndicatorValue | None] = field(default_factory=dict)
    proposal: dict[int, dict[str, str]] = field(default_factory=dict)


def _lock_municipality(municipality: Municipality) -> None:
    """Hold the municipality's row until the transaction ends, so saves of its values serialise (also the ones
    that insert a value nobody recorded yet, which no value row lock covers)."""
    no_key = connection.features.has_select_for_no_key_update
    list(Municipality.objects.select_for_update(no_key=no_key).filter(pk=municipality.pk).values_list("pk"))


def _last_value_changes(*, municipality, year: int, half: int, indicator_ids) -> dict[tuple[int, str], tuple]:
    """``{(indicator pk, field): (user or None, when)}``: the last change of each field of these values in the
    history (a removal empties every field). One query."""
    records = (
        IndicatorValue.history.filter(
            municipality_id=municipality.pk, year=year, half=half, indicator_id__in=list(indicator_ids)
        )
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    texts: dict[tuple[int, str], str] = {}
    changes: dict[tuple[int, str], tuple] = {}
    for record in records:
        for name in VALUE_FIELDS:
            key = (record.indicator_id, name)
            text = "" if record.history_type == "-" else getattr(record, name)
            if texts.get(key, "") != text:
                texts[key] = text
                changes[key] = (record.history_user, record.history_date)
    return changes


def period_values_save(*, municipality, year: int, half: int, edits: list[ValueEdit], user) -> SaveResult:
    """Merge the submitted values of one period (``ValueEdit`` per indicator on the page) into what is stored.

    Writes only the fields this user changed since their page was loaded; what a colleague changed meanwhile
    stays. A value whose fields all end up empty is deleted; one nobody changed is not written (no history
    record, no ``updated_at``). When this user and a colleague changed a field to different values, nothing
    is saved and the result has the ``conflicts``. Runs in one transaction holding the municipality's row and
    the period's value rows (``select_for_update``), so simultaneous saves serialise."""
    result = SaveResult()
    with transaction.atomic():
        _lock_municipality(municipality)
        rows = {
            value.indicator_id: value
            for value in IndicatorValue.objects.select_for_update().filter(
                municipality=municipality, year=year, half=half, indicator_id__in=[e.indicator.pk for e in edits]
            )
        }
        plans = []
        for edit in edits:
            row = rows.get(edit.indicator.pk)
            merge = merge_row(edit.values, value_texts(edit.indicator, row), edit.base)
            result.kept += len(merge.theirs)
            plans.append((edit, row, merge))
            if merge.conflicts:
                result.conflicts[edit.indicator.pk] = {
                    conflict.name: FieldConflict(
                        name=conflict.name,
                        theirs=conflict.theirs,
                        mine=edit.values[conflict.name],
                        theirs_display=display(edit.indicator.unit, conflict.theirs),
                    )
                    for conflict in merge.conflicts
                }
        if result.conflicts:
            _describe_conflicts(result, plans, municipality=municipality, year=year, half=half)
            return result
        for edit, row, merge in plans:
            if not merge.writes:
                continue
            values = {name: getattr(row, name) if row else "" for name in VALUE_FIELDS}
            values.update(merge.writes)
            if not any(values.values()):
                if row is not None:
                    row._history_user = user
                    row.delete()
                    result.deleted += 1
                continue
            if row is None:
                row = IndicatorValue(municipality=municipality, indicator=edit.indicator, year=year, half=half)
            for name, text in values.items():
                setattr(row, name, text)
            row.updated_by = user
            row._history_user = user
            row.save()
            result.saved += 1
    return result


def _describe_conflicts(result: SaveResult, plans, *, municipality, year: int, half: int) -> None:
    """Fill in who changed each conflicting field and when, what is stored and what the page shows next."""
    changes = _last_value_changes(municipality=municipality, year=year, half=half, indicator_ids=result.conflicts)
    for edit, row, merge in plans:
        pk = edit.indicator.pk
        result.stored[pk] = row
        shown = {name: getattr(row, name) if row else "" for name in VALUE_FIELDS}
        shown.update(_mine_where_changed(merge, edit.values))
        result.proposal[pk] = shown
        for name, conflict in result.conflicts.get(pk, {}).items():
            by, at = changes.get((pk, name), (row and row.updated_by, row and row.updated_at))
            result.conflicts[pk][name] = replace(conflict, by=by, at=at)


# --- the core indicator set -----------------------------------------------------------------------------


@dataclass
class CoreSaveResult:
    """What ``core_indicator_update`` did: ``written``, the fields it changed (none: nothing to save); ``kept``,
    how many fields another coordinator changed meanwhile it kept. With ``conflicts`` (``{field:
    FieldConflict}``) it saved nothing; ``indicator`` is the indicator as it is now and ``proposal`` what the page
    should show next (``{field: text}``: this coordinator's value where they changed it, the stored one
    elsewhere)."""

    indicator: CoreIndicator
    written: tuple[str, ...] = ()
    kept: int = 0
    conflicts: dict[str, FieldConflict] = field(default_factory=dict)
    proposal: dict[str, str] = field(default_factory=dict)


def _choice_label(name: str, value: str) -> str:
    choices = dict(CoreIndicator._meta.get_field(name).flatchoices)
    return str(choices.get(value, value))


def core_indicator_update(*, indicator: CoreIndicator, base: dict[str, str], changes: dict) -> CoreSaveResult:
    """Merge a coordinator's edit of ``indicator`` into what is stored, as ``period_values_save`` does for
    values: ``base`` ``{field: digest}`` of ``forms.CORE_FIELDS`` as the page was loaded
    (``CoreIndicatorForm.cleaned_data["base"]``), ``changes`` the valid form's ``cleaned_data``. Writes only the
    fields this coordinator changed; a field another coordinator changed to something else meanwhile is a
    conflict (nothing saved), and so are unit and kind when the merge would pair a qualitative kind with a
    numeric unit. Core indicators keep no history, so a conflict does not
    say who made the other change.

    Raises ``CoreIndicator.DoesNotExist`` when the indicator was deleted meanwhile and ``ValidationError``
    (``{"code": …}``) when another indicator of the region took the code meanwhile."""
    with transaction.atomic():
        stored = CoreIndicator.objects.select_for_update().get(pk=indicator.pk)
        now = stored_values(stored, CORE_FIELDS)
        mine = {name: changes[name] for name in CORE_FIELDS}
        merge = merge_row(mine, now, base)
        conflicts = [conflict.name for conflict in merge.conflicts]
        merged = {**now, **_mine_where_changed(merge, mine)}
        if not unit_fits_kind(merged["unit"], merged["kind"]):
            conflicts += [name for name in ("unit", "kind") if name not in conflicts]
        result = CoreSaveResult(indicator=stored, kept=len(merge.theirs))
        if conflicts:
            for name in conflicts:
                theirs = cell_token(now[name])
                result.conflicts[name] = FieldConflict(
                    name=name,
                    theirs=theirs,
                    mine=cell_token(mine[name]),
                    theirs_display=_choice_label(name, theirs) if name in ("unit", "kind") else theirs,
                )
            result.proposal = {name: cell_token(value) for name, value in merged.items()}
            return result
        if "code" in merge.writes:
            code = merge.writes["code"]
            taken = CoreIndicator.objects.filter(region_id=stored.region_id, code__iexact=code)
            if taken.exclude(pk=stored.pk).exists():
                raise ValidationError(
                    {"code": _("The region already has an indicator with the code %(code)s.") % {"code": code}}
                )
        for name, value in merge.writes.items():
            setattr(stored, name, value)
        if merge.writes:
            stored.save(update_fields=list(merge.writes))
        result.written = tuple(merge.writes)
    return result


class IndicatorInUse(Exception):
    """A core indicator that municipalities recorded values for cannot be deleted."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


@transaction.atomic
def core_indicator_delete(*, indicator: CoreIndicator) -> None:
    """Delete an indicator nobody recorded values for (worksheet 8 rows linked to it are unlinked)."""
    count = IndicatorValue.objects.filter(indicator=indicator).count()
    if count:
        raise IndicatorInUse(count)
    try:
        indicator.delete()
    except ProtectedError:
        raise IndicatorInUse(IndicatorValue.objects.filter(indicator=indicator).count()) from None
