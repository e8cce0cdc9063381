"""axe-core on one page of every type, as the role that sees it: the public portal, signing in, the officer's plan and
every worksheet (editable, read-only, progress-only), the coordinator's dashboard, comparisons, review pages and
editions, the indicator and follow-up pages, the error pages. No serious or critical finding on any of them.

``PAGES`` lists the pages by URL name; ``test_every_page_type_is_checked_or_left_out_with_a_reason`` holds every
named URL pattern of the project to it, so a new page type is visited here or left out with its reason (a POST
action, a download, a fragment for htmx)."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from indicators.models import IndicatorValue
from municipalities.access import Role
from municipalities.models import Municipality, Region
from tests.browser.conftest import log_in, restore_rows, serious_violations
from tests.conftest import database_independent
from tests.factories import CoreIndicatorFactory, MembershipFactory, coordinator_of, editor_of, viewer_of
from worksheets.editing import services
from worksheets.models import ActionPlan, Activity, PlanStatus, PreparedFile, RegionalReviewEdition
from worksheets.models.jobs import PreparedFileKind
from worksheets.regional.editions import edition_create, edition_issue
from worksheets.registry import WORKSHEETS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class Page:
    """A page visited: who reads it (a key of ``ROLES``), its URL name and the arguments it is reversed with, made
    from the seeded world (``{name: object}``), an optional query string, and the status it answers with."""

    role: str
    name: str
    args: Callable[[dict], list] = lambda world: []
    query: str = ""
    status: int = 200

    def path(self, world: dict) -> str:
        return reverse(self.name, args=self.args(world)) + self.query


def _worksheets(role: str, plan: str, numbers) -> list[Page]:
    return [Page(role, "worksheets:worksheet", lambda w, n=n: [w[plan].pk, n]) for n in numbers]


ALL_WORKSHEETS = [w.number for w in WORKSHEETS]
WITH_PROGRESS = [w.number for w in WORKSHEETS if w.has_progress]
ZEMGALE = lambda w: [w["region"].slug]  # noqa: E731

PAGES: list[Page] = [
    # The public: the portal, signing in and its password pages.
    Page("anonymous", "public:regions"),
    Page("anonymous", "public:region", ZEMGALE),
    Page("anonymous", "public:plan", lambda w: [w["published"].pk]),
    Page("anonymous", "public:edition", lambda w: [w["region"].slug, w["issued"].pk]),
    Page("anonymous", "public:comparison", lambda w: [w["region"].slug, "risks"]),
    Page("anonymous", "indicators:index"),
    Page("anonymous", "login"),
    Page("anonymous", "password_reset"),
    Page("anonymous", "password_reset_done"),
    Page("anonymous", "password_reset_confirm", lambda w: ["MQ", "no-such-token"]),
    Page("anonymous", "password_reset_complete"),
    # The officer (editor) of Aizkraukle, with a draft plan copied from the published one, and of Dobele, whose plan
    # is approved (only its progress is recorded).
    Page("editor", "worksheets:plan_list"),
    Page("editor", "worksheets:plan_create"),
    Page("editor", "worksheets:plan", lambda w: [w["draft"].pk]),
    *_worksheets("editor", "draft", ALL_WORKSHEETS),
    *_worksheets("editor", "approved", WITH_PROGRESS),
    Page("editor", "worksheets:history", lambda w: [w["draft"].pk, 7]),
    Page("editor", "worksheets:plan_import", lambda w: [w["draft"].pk]),
    Page("editor", "worksheets:version_compare", lambda w: [w["approved"].pk]),
    Page("editor", "followup:plan", lambda w: [w["approved"].pk]),
    Page("editor", "indicators:municipality", lambda w: [w["draft"].municipality.slug]),
    Page("editor", "indicators:values_enter", lambda w: [w["draft"].municipality.slug, 2026, 0]),
    Page("editor", "indicators:history", lambda w: [w["draft"].municipality.slug]),
    Page("editor", "indicators:plan_links", lambda w: [w["draft"].pk]),
    # A reader (viewer) of Aizkraukle: the published plan, read-only.
    Page("viewer", "worksheets:plan", lambda w: [w["published"].pk]),
    *_worksheets("viewer", "published", ALL_WORKSHEETS),
    # Zemgale's coordinator: a submitted plan read-only (with review comments), the dashboard, comparisons, the
    # regional review and its editions, vocabularies, core indicators, the follow-up.
    *_worksheets("coordinator", "submitted", ALL_WORKSHEETS),
    Page("coordinator", "worksheets:dashboard", ZEMGALE),
    Page("coordinator", "worksheets:region_comparisons", ZEMGALE),
    Page("coordinator", "worksheets:region_comparison", lambda w: [w["region"].slug, "risks"]),
    Page("coordinator", "worksheets:review_notes", ZEMGALE),
    Page("coordinator", "worksheets:vocabulary", ZEMGALE),
    Page("coordinator", "worksheets:prepared_file", lambda w: [w["prepared"].pk]),
    Page("coordinator", "worksheets:edition_list", ZEMGALE),
    Page("coordinator", "worksheets:edition_detail", lambda w: [w["region"].slug, w["issued"].pk]),
    Page("coordinator", "worksheets:edition_history", lambda w: [w["region"].slug, w["issued"].pk]),
    Page("coordinator", "worksheets:edition_edit", lambda w: [w["region"].slug, w["edition"].pk]),
    Page("coordinator", "worksheets:edition_issue", lambda w: [w["region"].slug, w["edition"].pk]),
    Page("coordinator", "worksheets:edition_plans", lambda w: [w["region"].slug, w["edition"].pk]),
    Page("coordinator", "indicators:region", ZEMGALE),
    Page("coordinator", "indicators:core_list", ZEMGALE),
    Page("coordinator", "indicators:core_create", ZEMGALE),
    Page("coordinator", "indicators:core_edit", lambda w: [w["region"].slug, w["indicator"].pk]),
    Page("coordinator", "indicators:region_links", ZEMGALE),
    Page("coordinator", "indicators:values_import", ZEMGALE),
    Page("coordinator", "followup:region", ZEMGALE),
    # The administrator: every region's comparisons.
    Page("admin", "worksheets:plan_list"),
    Page("admin", "worksheets:comparisons_home"),
    # The error pages, in the site's layout.
    Page("editor", "worksheets:plan", lambda w: [10**9], status=404),
    Page("viewer", "indicators:values_enter", lambda w: [w["published"].municipality.slug, 2026, 0], status=403),
    Page("anonymous", "public:plan", lambda w: [10**9], status=404),
]

# Named URL patterns not visited, each with its reason.
LEFT_OUT = {
    "home": "redirects to the plan list (or the login page)",
    "logout": "POST only",
    "set_language": "POST only (the switcher's form, on every page)",
    "health": "JSON for the load balancer",
    "password_change": "Django admin's page, not linked from the app",
    "password_change_done": "Django admin's page, not linked from the app",
    "worksheets:plan_pdf": "file download",
    "worksheets:plan_xlsx": "file download",
    "worksheets:region_xlsx": "file download (prepared in the background)",
    "worksheets:region_comparison_xlsx": "file download",
    "worksheets:region_review_pdf": "file download (prepared in the background)",
    "worksheets:region_review_xlsx": "file download (prepared in the background)",
    "worksheets:review_note_leave_out": "POST only",
    "worksheets:review_note_put_back": "POST only",
    "worksheets:prepared_file_status": "fragment swapped in by htmx (part of prepared_file)",
    "worksheets:prepared_file_download": "file download",
    "worksheets:edition_new_row": "fragment swapped in by htmx (a row of edition_edit)",
    "worksheets:edition_correct": "POST only",
    "worksheets:edition_pdf": "file download",
    "worksheets:edition_xlsx": "file download",
    "worksheets:transition": "POST only",
    "worksheets:version_pdf": "file download",
    "worksheets:version_decision": "POST only",
    "worksheets:comment_create": "POST only",
    "worksheets:comment_resolve": "POST only",
    "worksheets:plan_import_apply": "POST only",
    "worksheets:autosave": "POST only (JSON for the worksheet's autosave)",
    "worksheets:new_row": "fragment swapped in by htmx (a row of the worksheet)",
    "worksheets:restore_row": "POST only",
    "indicators:values_period": "redirects to values_enter",
    "indicators:municipality_download": "file download",
    "indicators:region_download": "file download",
    "indicators:core_delete": "POST only",
    "public:plan_pdf": "file download",
    "public:plan_xlsx": "file download",
    "public:edition_pdf": "file download",
    "public:edition_xlsx": "file download",
    "public:comparison_xlsx": "file download",
}


def url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL pattern of the project as "namespace:name" (the admin's left out: Django's own pages)."""
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            if inner != "admin":
                names |= url_names(entry, inner)
        elif entry.name:
            names.add(f"{namespace}:{entry.name}".lstrip(":"))
    return names


def test_every_page_type_is_checked_or_left_out_with_a_reason():
    visited = {page.name for page in PAGES}
    assert sorted(visited & set(LEFT_OUT)) == []
    assert sorted(url_names() - visited - set(LEFT_OUT)) == []
    assert sorted((visited | set(LEFT_OUT)) - url_names()) == []  # no name of a page that is gone


@pytest.fixture
def world(transactional_db, seed_plan_rows) -> dict:
    """The regions and the real Zemgale plans, and what the pages need: Aizkraukle's published plan and a draft copied
    from it (every worksheet has rows), Dobele's plan approved with an activity overdue and without a description,
    Bauska's plan submitted for review, an issued and a draft review edition, a core indicator with a value, a file
    being prepared; the users of ``ROLES``."""
    restore_rows(seed_plan_rows)
    region = Region.objects.get(slug="zemgale")
    plans = {p.municipality.slug: p for p in ActionPlan.objects.filter(municipality__region=region)}
    aizkraukle, dobele = (
        Municipality.objects.get(slug="aizkraukles-novads"),
        Municipality.objects.get(slug="dobeles-novads"),
    )
    editor = editor_of(aizkraukle, user__username="anna")
    MembershipFactory(role=Role.EDITOR, municipality=dobele, user=editor)  # the same password: her session holds
    coordinator = coordinator_of(region, user__username="zane")
    with transaction.atomic():
        issued = edition_create(region=region, year=2025, title="Reģionālais pārskats 2025", user=coordinator)
        issued = edition_issue(edition=issued, user=coordinator)
    edition = edition_create(region=region, year=2026, title="Reģionālais pārskats 2026", user=coordinator)
    published = plans["aizkraukles-novads"]
    draft = services.plan_create(
        user=editor,
        municipality=aizkraukle,
        period_start=published.period_end + 1,
        period_end=published.period_end + 3,
        title="Rīcības plāns (projekts)",
        copy_from=published,
        worksheets=ALL_WORKSHEETS,
    )
    approved, submitted = plans["dobeles-novads"], plans["bauskas-novads"]
    ActionPlan.objects.filter(pk=approved.pk).update(status=PlanStatus.APPROVED)
    ActionPlan.objects.filter(pk=submitted.pk).update(status=PlanStatus.SUBMITTED)
    overdue = Activity.objects.filter(plan=approved).order_by("position", "pk").first()
    Activity.objects.filter(pk=overdue.pk).update(description="", due_date=timezone.localdate().replace(year=2020))
    indicator = CoreIndicatorFactory(region=region, code="K1", name="Sociālo uzņēmumu skaits", unit="count")
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=indicator, year=2026, target="4", actual="3")
    prepared = PreparedFile.objects.create(
        kind=PreparedFileKind.REVIEW_PDF, region=region, language="lv", key="a" * 64, requested_by=coordinator
    )
    return {
        "region": region,
        "published": published,
        "draft": draft,
        "approved": ActionPlan.objects.get(pk=approved.pk),
        "submitted": ActionPlan.objects.get(pk=submitted.pk),
        "issued": RegionalReviewEdition.objects.get(pk=issued.pk),
        "edition": edition,
        "indicator": indicator,
        "prepared": prepared,
        "users": {
            "anonymous": None,
            "editor": editor,
            "viewer": viewer_of(aizkraukle, user__username="janis"),
            "coordinator": coordinator,
            "admin": get_user_model().objects.create_superuser("admin", "admin@example.lv", "parole-123"),
        },
    }


ROLES = ("anonymous", "editor", "viewer", "coordinator", "admin")


@database_independent("the pages' markup, checked by axe-core in the browser")
def test_no_serious_accessibility_finding_on_any_page_type(live_server, browser, browser_context_args, world):
    findings = {}
    for role in ROLES:
        context = browser.new_context(**browser_context_args, viewport={"width": 1366, "height": 768})
        if world["users"][role] is not None:
            log_in(context, live_server, world["users"][role])
        page = context.new_page()
        for visited in (p for p in PAGES if p.role == role):
            path = visited.path(world)
            response = page.goto(live_server.url + path)
            if response.status != visited.status or page.url != live_server.url + path:
                findings[f"{role} {path}"] = [f"answered {response.status} at {page.url}, not {visited.status}"]
                continue
            page.locator("details").evaluate_all("nodes => nodes.slice(0, 20).forEach(n => n.open = true)")
            found = serious_violations(page)
            if found:
                findings[f"{role} {path}"] = found
        context.close()
    assert findings == {}, "\n".join(f"{where}: {found}" for where, found in findings.items())
