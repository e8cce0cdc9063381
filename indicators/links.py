"""Links of plans' worksheet 8 indicators to their region's core indicators: what the app suggests
(``indicators.matching``), and the confirmations and rejections of the plan's editor or the region's coordinator.

A confirmed link is what the indicator row's ``core_indicator`` holds, whoever set it: the officers in the worksheet
grid, or a confirmation here. Confirming is a change of the plan's content, written like a worksheet save: in one
transaction holding the row (``select_for_update``), the row's history names the person and gives the reason (in the
plan's language, e.g. "core indicator link confirmed by the regional coordinator"), and worksheet 8's revision moves
on (``WorksheetState``), so an officer with the grid open keeps their own changes and gets this one merged
(``seimpact.lib.merge``). Who may confirm (``rules.LINK_PLAN_INDICATORS``): the municipality's editors while the plan
is a draft (the lifecycle's rule for content), and the region's coordinators at every stage, each confirmation
attributed to them as coordinator in ``CoreIndicatorLink`` and in the row's history. A rejection changes no content:
it is kept in ``CoreIndicatorLink`` (with its history) so the same suggestion does not come back while the
indicator's text stays as it was.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import override

from seimpact.lib.text import clean_text
from worksheets.models import ActionPlan, Indicator, WorksheetState

from .matching import Matcher, Suggestion
from .models import CoreIndicator, CoreIndicatorLink, DeciderRole, LinkDecision
from .rules import LINK_PLAN_INDICATORS, edits_plan_content

INDICATORS_WORKSHEET = 8  # the worksheet of the plans' indicators (seeds/002 "Darba lapa #8")
REASON_LENGTH = 100  # django-simple-history's ``history_change_reason`` column
MAX_ID = 2**63 - 1  # the largest id a row can have (a 64-bit signed integer on SQLite and PostgreSQL alike)


def matcher_for(region) -> Matcher:
    """A ``Matcher`` of ``region``'s core indicators (one query), for texts in the region's language."""
    return Matcher(CoreIndicator.objects.filter(region=region), language=region.language)


@dataclass
class IndicatorLink:
    """One worksheet 8 indicator of a plan and its link: ``linked``, the core indicator its row holds (confirmed);
    ``suggestion``, the app's pending suggestion (``matching.Suggestion``, only while nothing is linked and the
    suggestion was not rejected for this text); ``decision``, the last ``CoreIndicatorLink`` recorded for it."""

    row: Indicator
    linked: CoreIndicator | None
    suggestion: Suggestion | None
    decision: CoreIndicatorLink | None

    @property
    def state(self) -> str:
        """ "confirmed", "suggested", "rejected" (the suggestion was turned down) or "" (nothing matches)."""
        if self.linked is not None:
            return "confirmed"
        if self.suggestion is not None:
            return "suggested"
        if self.decision is not None and self.decision.decision == LinkDecision.REJECTED:
            return "rejected"
        return ""


def _is_rejected(decision: CoreIndicatorLink | None, text: str, indicator) -> bool:
    return (
        decision is not None
        and decision.decision == LinkDecision.REJECTED
        and decision.core_indicator_id == indicator.pk
        and decision.text == clean_text(text).strip()
    )


def indicator_links(plans, matcher: Matcher) -> dict[int, list[IndicatorLink]]:
    """``{plan pk: [IndicatorLink, …]}`` of the worksheet 8 indicators of ``plans`` (of one region, whose core
    indicators ``matcher`` holds), in row order; every plan has a list, empty without indicators. Two queries."""
    by_plan: dict[int, list[IndicatorLink]] = {plan.pk: [] for plan in plans}
    rows = (
        Indicator.objects.filter(plan__in=list(by_plan))
        .select_related("core_indicator", "core_link")
        .order_by("plan_id", "position", "id")
    )
    for row in rows:
        decision = getattr(row, "core_link", None)
        suggestion = None
        if row.core_indicator_id is None and row.indicator.strip():
            suggestion = matcher.suggest(row.indicator)
            if suggestion is not None and _is_rejected(decision, row.indicator, suggestion.indicator):
                suggestion = None
        by_plan[row.plan_id].append(IndicatorLink(row, row.core_indicator, suggestion, decision))
    return by_plan


@dataclass
class LinkResult:
    """What a confirmation or rejection did: ``confirmed``/``rejected``, how many links it wrote; ``unchanged``,
    asked for what was already so; ``taken``, rows a colleague linked to another core indicator meanwhile (left as
    they are); ``gone``, rows deleted meanwhile or not of the region; ``refused``, rows of plans this user may not
    change now (e.g. submitted meanwhile)."""

    confirmed: int = 0
    rejected: int = 0
    unchanged: int = 0
    taken: int = 0
    gone: int = 0
    refused: int = 0
    plans: set[int] = field(default_factory=set)


def _reason(plan: ActionPlan, role: str) -> str:
    """The change reason of a confirmation, in the language of the plan's municipality."""
    with override(plan.municipality.language):
        if role == DeciderRole.COORDINATOR:
            reason = _("core indicator link confirmed by the regional coordinator")
        else:
            reason = _("core indicator link confirmed by the municipal editor")
    return Truncator(str(reason)).chars(REASON_LENGTH)


def _worksheet_changed(plan_id: int, user) -> None:
    """Move worksheet 8's revision of the plan on, as a worksheet save does, and mark the plan as updated by
    ``user``; holds the worksheet's state row until the transaction ends."""
    locked = WorksheetState.objects.select_for_update()
    state = locked.filter(plan_id=plan_id, number=INDICATORS_WORKSHEET).first()
    if state is None:
        try:
            with transaction.atomic():
                state = WorksheetState.objects.create(plan_id=plan_id, number=INDICATORS_WORKSHEET)
        except IntegrityError:  # a colleague's first save of the worksheet, at the same moment
            state = locked.get(plan_id=plan_id, number=INDICATORS_WORKSHEET)
    state.revision += 1
    state.saved_at = timezone.now()
    state.saved_by = user
    state.save()
    ActionPlan.objects.filter(pk=plan_id).update(updated_at=state.saved_at, updated_by=user)


def _record(row: Indicator, core: CoreIndicator, decision: str, *, user, role: str, matcher: Matcher) -> None:
    suggestion = matcher.suggest(row.indicator)
    link = CoreIndicatorLink.objects.filter(plan_indicator=row).first() or CoreIndicatorLink(plan_indicator=row)
    link.core_indicator = core
    link.decision = decision
    link.suggested = suggestion is not None and suggestion.indicator.pk == core.pk
    link.score = next((s.score for s in matcher.ranked(row.indicator) if s.indicator.pk == core.pk), None)
    link.text = clean_text(row.indicator).strip()
    link.decided_by = user
    link.decided_as = role
    link.decided_at = timezone.now()
    link._history_user = user
    link.save()


def links_decide(*, user, region, confirm=(), reject=()) -> LinkResult:
    """Confirm and reject links of worksheet 8 indicators of ``region``'s plans, all in one transaction.

    ``confirm`` and ``reject``: ``[(indicator row pk, core indicator pk)]``, the pairs the person saw on their page.
    A confirmation sets the row's ``core_indicator`` (history: the person and the reason) when the row is still
    unlinked, and records the decision; a rejection records it, for a row still unlinked. Rows of plans the person
    may not change (``rules.LINK_PLAN_INDICATORS``), rows gone (or of ids no row can have, above ``MAX_ID``) and core
    indicators not of the region are counted, never written. Worksheet 8's revision moves on once per plan whose content changed."""
    cores = {c.pk: c for c in CoreIndicator.objects.filter(region=region)}
    matcher = Matcher(cores.values(), language=region.language)
    wanted = [(pk, core, LinkDecision.CONFIRMED) for pk, core in confirm] + [
        (pk, core, LinkDecision.REJECTED) for pk, core in reject
    ]
    result = LinkResult()
    out_of_range = [w for w in wanted if not 0 <= w[0] <= MAX_ID]  # no row has such an id (and the query cannot ask)
    wanted = [w for w in wanted if 0 <= w[0] <= MAX_ID]
    result.gone += len(out_of_range)
    with transaction.atomic():
        rows = {
            row.pk: row
            for row in Indicator.objects.select_for_update(of=("self",))
            .select_related("plan__municipality__region")
            .filter(pk__in=[pk for pk, _core, _decision in wanted], plan__municipality__region=region)
        }
        for pk, core_pk, decision in wanted:
            row, core = rows.get(pk), cores.get(core_pk)
            if row is None or core is None:
                result.gone += 1
                continue
            if not user.has_perm(LINK_PLAN_INDICATORS, row.plan):
                result.refused += 1
                continue
            role = DeciderRole.EDITOR if edits_plan_content(user, row.plan) else DeciderRole.COORDINATOR
            if row.core_indicator_id is not None:
                if row.core_indicator_id == core.pk and decision == LinkDecision.CONFIRMED:
                    result.unchanged += 1
                else:
                    result.taken += 1
                continue
            if decision == LinkDecision.REJECTED:
                if _is_rejected(getattr(row, "core_link", None), row.indicator, core):
                    result.unchanged += 1
                    continue
                _record(row, core, decision, user=user, role=role, matcher=matcher)
                result.rejected += 1
                continue
            row.core_indicator = core
            row._history_user = user
            row._change_reason = _reason(row.plan, role)
            row.save()
            _record(row, core, decision, user=user, role=role, matcher=matcher)
            result.confirmed += 1
            result.plans.add(row.plan_id)
        for plan_id in sorted(result.plans):
            _worksheet_changed(plan_id, user)
    return result


def pending_suggestions(plans, matcher: Matcher) -> list[tuple[ActionPlan, IndicatorLink]]:
    """``[(plan, IndicatorLink)]`` of every pending suggestion of ``plans``, plan by plan in the given order."""
    links = indicator_links(plans, matcher)
    return [(plan, link) for plan in plans for link in links[plan.pk] if link.state == "suggested"]


@dataclass(frozen=True)
class KeptIndicator:
    """A worksheet 8 indicator as an approved version keeps it: the row's id then, its text, and the text of its
    core indicator cell ("K1 Sociālo uzņēmumu skaits …", ``str`` of the core indicator; "" when none was linked)."""

    row_id: int | None
    text: str
    core_text: str


def kept_indicators(content: dict) -> list[KeptIndicator]:
    """The worksheet 8 indicators of a version's ``content`` (``PlanVersion.content``, made by
    ``worksheets.exports.data.snapshot``), in the version's order; [] when it keeps none. A version frozen before
    the core indicator column existed has "" as every ``core_text``."""
    worksheet = next((w for w in content.get("worksheets", []) if w.get("number") == INDICATORS_WORKSHEET), {})
    table = next((t for t in worksheet.get("tables", []) if t.get("key") == "indicators"), None)
    if table is None:
        return []
    index = {name: i for i, name in enumerate(table["columns"])}

    def cell(row, name: str) -> str:
        return row["cells"][index[name]] if name in index else ""

    return [KeptIndicator(row.get("id"), cell(row, "indicator"), cell(row, "core_indicator")) for row in table["rows"]]


def _core_of_cell(text: str, cores: list[CoreIndicator]) -> CoreIndicator | None:
    """The core indicator a version's cell names: the one written exactly so, else the one whose code the cell starts
    with (the indicator may have been renamed since); None for "" or a core indicator that no longer exists."""
    text = text.strip()
    if not text:
        return None
    exact = next((c for c in cores if str(c) == text), None)
    if exact is not None:
        return exact
    code = text.split(maxsplit=1)[0]
    return next((c for c in cores if c.code == code), None)


def usage_by_indicator(
    plans, matcher: Matcher, contents: dict[int, dict] | None = None
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """``({core indicator pk: {plan pk…}}, {…})``: the plans whose worksheet 8 links each core indicator (confirmed),
    and those where the app suggests it for an unlinked indicator (pending).

    ``contents``: ``{plan pk: PlanVersion.content}`` of the plans read as a version (a plan being revised is read as
    its published version, as the regional review reads it: ``worksheets.regional.comparisons.plan_columns``); their
    links are those the version keeps, their suggestions those of the version's texts (a suggestion a person rejected
    for the same row and text stays rejected). The other plans are read as they are now. One query more with
    ``contents``."""
    contents = contents or {}
    confirmed: dict[int, set[int]] = defaultdict(set)
    suggested: dict[int, set[int]] = defaultdict(set)
    live = [plan for plan in plans if plan.pk not in contents]
    for plan_pk, links in indicator_links(live, matcher).items():
        for link in links:
            if link.linked is not None:
                confirmed[link.linked.pk].add(plan_pk)
            elif link.suggestion is not None:
                suggested[link.suggestion.indicator.pk].add(plan_pk)
    kept = {plan_pk: kept_indicators(content) for plan_pk, content in contents.items()}
    row_ids = [row.row_id for rows in kept.values() for row in rows if row.row_id is not None]
    decisions = {d.plan_indicator_id: d for d in CoreIndicatorLink.objects.filter(plan_indicator_id__in=row_ids)}
    for plan_pk, rows in kept.items():
        for row in rows:
            core = _core_of_cell(row.core_text, matcher.indicators)
            if core is not None:
                confirmed[core.pk].add(plan_pk)
                continue
            suggestion = matcher.suggest(row.text) if row.text.strip() else None
            if suggestion is not None and not _is_rejected(decisions.get(row.row_id), row.text, suggestion.indicator):
                suggested[suggestion.indicator.pk].add(plan_pk)
    return confirmed, suggested
