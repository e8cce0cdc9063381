"""What changed in a worksheet, who changed it and when, read from django-simple-history.

One query per table (plus one for the plan-level fields), whatever the length of the history.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..models import ActionPlan
from ..registry import Table, Worksheet

KIND_LABELS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    date: datetime
    user: object
    kind: str
    table: Table | None
    row_id: int | None
    row_title: str
    changes: list[Change] = field(default_factory=list)
    restorable: bool = False

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def user_name(self) -> str:
        if self.user is None:
            return str(_("system"))
        return self.user.get_full_name() or self.user.get_username()


def _display(record, model_field) -> str:
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return f"#{value}"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _diff(previous, record, fields) -> list[Change]:
    changes = []
    for model_field in fields:
        before, after = _display(previous, model_field), _display(record, model_field)
        if before != after:
            changes.append(Change(str(model_field.verbose_name), before, after))
    return changes


def worksheet_history(plan: ActionPlan, worksheet: Worksheet, since: datetime | None = None) -> list[HistoryEntry]:
    """Newest first. ``since`` keeps only the changes made after that moment."""
    entries: list[HistoryEntry] = []
    for table in worksheet.tables:
        fields = [table.model._meta.get_field(c.name) for c in table.columns]
        records = (
            table.model.history.filter(plan_id=plan.pk).select_related("history_user").order_by("id", "history_date")
        )
        existing = set(table.model.objects.filter(plan=plan).values_list("pk", flat=True))
        previous_by_id: dict[int, object] = {}
        last_by_id: dict[int, HistoryEntry] = {}
        for record in records:
            previous = previous_by_id.get(record.id)
            if record.history_type == "~":
                changes = _diff(previous, record, fields) if previous is not None else []
                if not changes:
                    previous_by_id[record.id] = record
                    continue  # a move only, or a save without a change of content
            elif record.history_type == "+":
                changes = [
                    Change(str(f.verbose_name), "", _display(record, f)) for f in fields if _display(record, f) != "—"
                ]
            else:
                changes = []
            entry = HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                kind=record.history_type,
                table=table,
                row_id=record.id,
                row_title=Truncator(getattr(record, table.model.TITLE_FIELD)).chars(120),
                changes=changes,
            )
            entries.append(entry)
            last_by_id[record.id] = entry
            previous_by_id[record.id] = record
        for row_id, entry in last_by_id.items():
            entry.restorable = entry.kind == "-" and row_id not in existing
    if worksheet.plan_fields:
        fields = worksheet.plan_form_fields
        previous = None
        for record in plan.history.select_related("history_user").order_by("history_date"):
            changes = _diff(previous, record, fields) if previous is not None else []
            previous = record
            if changes:
                entries.append(
                    HistoryEntry(record.history_date, record.history_user, "~", None, None, str(_("plan")), changes)
                )
    if since is not None:
        entries = [e for e in entries if e.date > since]
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries
