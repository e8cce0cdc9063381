"""Lithuanian as a working language, the app side: the language follows the person, a plan's content follows its
municipality's language, the Panevėžys core indicators and demo data, and the Lithuanian alphabetical order."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models.functions import Collate
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override
from openpyxl import load_workbook

from indicators.models import CoreIndicator
from indicators.seed import load_core_indicators
from municipalities.languages import preferred_language, recipients_by_language
from municipalities.models import Membership, Municipality, Profile, Role
from seimpact.lib.collation import sort_key
from seimpact.lib.emails import render_email
from tests.factories import (
    ActionPlanFactory,
    MunicipalityFactory,
    RiskFactory,
    TargetGroupNeedFactory,
    UserFactory,
    coordinator_of,
    editor_of,
    viewer_of,
)
from worksheets.editing import services
from worksheets.exports.excel import COVER_KEY_COLUMN
from worksheets.followup.reminders import reminder_messages
from worksheets.models import (
    ActionPlan,
    Activity,
    Indicator,
    MonitoringActivity,
    PlanStatus,
    PlanTransition,
    Risk,
    StrategicGoal,
    Task,
)
from worksheets.regional.comparisons import plan_columns, target_groups
from worksheets.registry import STANDARD_MONITORING, STANDARD_RISKS, TARGET_GROUPS
from worksheets.registry.guidance import (
    COOPERATION_SUGGESTIONS,
    LITHUANIAN_COOPERATION_TYPES,
    LITHUANIAN_TARGET_GROUPS,
    TARGET_GROUP_SUGGESTIONS,
)
from worksheets.review.notifications import notify_transition
from worksheets.review.versions import freeze_version

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r'<html lang="([a-z]+)">')
LETTERS_LITHUANIAN_NEVER_USES = set("āēīģķļņĀĒĪĢĶĻŅ")


@pytest.fixture
def lithuanian_editor(birzai):
    return editor_of(birzai, user__username="ausra")


@pytest.fixture
def lithuanian_plan(birzai, lithuanian_editor):
    return services.plan_create(
        user=lithuanian_editor, municipality=birzai, period_start=2026, period_end=2027, title="Veiksmų planas"
    )


def page_language(client, url=None) -> str:
    response = client.get(url or reverse("worksheets:plan_list"))
    assert response.status_code == 200
    language = HTML_LANG.search(response.content.decode())[1]
    assert response["Content-Language"] == language
    return language


def datalist(body: str, table: str, column: str) -> list[str]:
    """The values a worksheet page offers in a column's cells (its ``<datalist>``), [] when it offers none."""
    found = re.search(rf'<datalist id="suggest-{table}-{column}">(.*?)</datalist>', body, re.S)
    return re.findall(r'<option value="([^"]*)">', found[1]) if found else []


def unescaped(text: str) -> str:
    return text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")


def texts_in(language: str, values) -> list[str]:
    with override(language):
        return [str(value) for value in values]


# --- the language follows the person --------------------------------------------------------------------------


def test_preferred_language_defaults_to_the_region_of_the_memberships(
    lithuanian_editor, editor, coordinator, other_coordinator, birzai, aizkraukle
):
    both = editor_of(aizkraukle, user__username="dace")
    Membership.objects.create(user=both, role=Role.VIEWER, municipality=birzai)
    nobody = UserFactory(username="bez-lomas")

    languages = {user.username: preferred_language(user) for user in (lithuanian_editor, editor, both, nobody)}
    languages.update({user.username: preferred_language(user) for user in (coordinator, other_coordinator)})

    assert languages == {"ausra": "lt", "anna": "lv", "dace": "lv", "bez-lomas": "lv", "zane": "lv", "ruta": "lt"}


def test_signed_in_pages_speak_the_users_language_whatever_the_browser_asks(client, lithuanian_editor, editor):
    client.force_login(lithuanian_editor)
    assert page_language(client) == "lt"
    response = client.get(reverse("worksheets:plan_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "lt"
    client.force_login(editor)
    assert page_language(client) == "lv"


def test_a_stored_preference_wins_over_the_region(client, lithuanian_editor):
    Profile.objects.create(user=lithuanian_editor, language="en")
    client.force_login(lithuanian_editor)
    assert page_language(client) == "en"


def test_switcher_stores_the_preference_of_a_signed_in_user_and_it_holds_at_the_next_login(editor):
    browser = Client()
    browser.force_login(editor)
    response = browser.post(reverse("set_language"), {"language": "lt", "next": reverse("worksheets:plan_list")})
    assert response.status_code == 302
    assert Profile.objects.get(user=editor).language == "lt"
    assert page_language(browser) == "lt"
    browser.post(reverse("logout"))

    other_browser = Client()  # no language cookie: only the stored preference can say "lt"
    response = other_browser.post(reverse("login"), {"username": "anna", "password": "parole-123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("worksheets:plan_list")
    assert HTML_LANG.search(response.content.decode())[1] == "lt"
    assert page_language(other_browser) == "lt"


def test_a_choice_made_before_signing_in_gives_way_to_the_stored_preference(client, lithuanian_editor):
    Profile.objects.create(user=lithuanian_editor, language="lt")
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})  # before signing in
    client.post(reverse("login"), {"username": "ausra", "password": "parole-123"})
    assert page_language(client) == "lt"  # the browser's cookie may be a previous user's (tests/test_language_defaults)
    assert Profile.objects.get(user=lithuanian_editor).language == "lt"  # chosen while signed out: not stored


def test_anonymous_switcher_changes_the_language_and_stores_nothing(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="lt")
    assert response["Content-Language"] == "lv"  # the browser's language does not count
    assert 'name="language" value="lt" lang="lt">' in response.content.decode()  # the switcher offers Lithuanian
    client.post(reverse("set_language"), {"language": "lt", "next": reverse("login")})
    assert page_language(client, reverse("login")) == "lt"
    assert page_language(client, reverse("public:regions")) == "lt"
    assert Profile.objects.count() == 0


def test_switcher_ignores_a_language_that_is_not_offered(client, lithuanian_editor):
    client.force_login(lithuanian_editor)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert Profile.objects.filter(user=lithuanian_editor).count() == 0
    assert page_language(client) == "lt"


def test_the_administrator_edits_a_users_preferred_language(client, lithuanian_editor):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get(reverse("admin:auth_user_change", args=[lithuanian_editor.pk]))
    assert response.status_code == 200
    assert 'name="profile-0-language"' in response.content.decode()


# --- e-mails in the recipient's language -------------------------------------------------------------------------


def test_each_editor_is_told_in_their_own_language(plan, editor, aizkraukle):
    colleague = editor_of(aizkraukle, user__username="lina")
    Profile.objects.create(user=colleague, language="lt")
    record = PlanTransition(plan=plan, from_status=PlanStatus.SUBMITTED, to_status=PlanStatus.APPROVED)

    assert notify_transition(record) == 2

    context_plan = f"{plan.municipality.name} {plan.period}"
    by_recipient = {tuple(message.to): message.subject for message in mail.outbox}
    expected = {}
    for language, user in (("lv", editor), ("lt", colleague)):
        context = {"status": PlanStatus.APPROVED, "plan": context_plan, "url": "", "comment": ""}
        expected[(user.email,)] = render_email("plan_transition", context, language=language)[0]
    assert by_recipient == expected


def test_reminders_are_written_in_each_editors_language(birzai, lithuanian_editor):
    plan = ActionPlanFactory(municipality=birzai, status=PlanStatus.APPROVED)
    Activity.objects.create(plan=plan, position=1, description="Seminaras", due_date=datetime.date(2026, 11, 1))
    english = editor_of(birzai, user__username="emma")
    Profile.objects.create(user=english, language="en")

    messages = reminder_messages(today=datetime.date(2026, 11, 24))

    context = {"municipality": birzai.name, "today": "", "overdue": [], "upcoming": []}
    assert [(to, subject) for subject, _body, _sender, to in messages] == [
        ([lithuanian_editor.email], render_email("progress_reminder", context, language="lt")[0]),
        ([english.email], render_email("progress_reminder", context, language="en")[0]),
    ]  # one message per editor, by address


def test_recipients_are_grouped_by_preferred_language(birzai, aizkraukle, lithuanian_editor, editor):
    english = editor_of(birzai, user__username="emma")
    Profile.objects.create(user=english, language="en")

    assert recipients_by_language(Role.EDITOR, [birzai.pk, aizkraukle.pk]) == {
        birzai.pk: {"en": [english.email], "lt": [lithuanian_editor.email]},
        aizkraukle.pk: {"lv": [editor.email]},
    }


# --- a plan's content in its municipality's language --------------------------------------------------------------


def test_a_panevezys_plan_starts_with_the_standard_rows_in_lithuanian_whatever_the_interface(birzai, lithuanian_editor):
    with override("en"):
        plan = services.plan_create(
            user=lithuanian_editor, municipality=birzai, period_start=2026, period_end=2027, title="Planas"
        )

    risks = list(Risk.objects.filter(plan=plan).values_list("factor", "impact"))
    monitoring = list(MonitoringActivity.objects.filter(plan=plan).values_list("activity", flat=True))
    with override("lt"):  # the template's texts as the Lithuanian catalogue gives them
        assert risks == [(str(factor), str(impact)) for factor, impact in STANDARD_RISKS]
        assert monitoring == [str(activity) for activity in STANDARD_MONITORING]


def test_lithuanian_suggestions_are_offered_to_a_panevezys_plan_in_lithuanian_only(
    client, lithuanian_plan, lithuanian_editor
):
    client.force_login(lithuanian_editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})  # the reader's language: English
    body = client.get(reverse("worksheets:worksheet", args=[lithuanian_plan.pk, 4])).content.decode()

    offered = [unescaped(value) for value in datalist(body, "needs", "target_group")]
    assert offered == TARGET_GROUP_SUGGESTIONS.in_language("lt")
    assert offered[len(TARGET_GROUPS) :] == texts_in("lt", LITHUANIAN_TARGET_GROUPS)
    assert '<html lang="en">' in body
    row = client.get(
        reverse("worksheets:new_row", args=[lithuanian_plan.pk, 4, "needs"]), {"needs-TOTAL_FORMS": "0"}
    ).content.decode()
    assert 'list="suggest-needs-target_group"' in row  # a new row's cell is offered the list


def test_lithuanian_suggestions_are_not_offered_to_a_zemgale_plan(client, plan, editor):
    client.force_login(editor)
    body = client.get(reverse("worksheets:worksheet", args=[plan.pk, 4])).content.decode()
    offered = [unescaped(value) for value in datalist(body, "needs", "target_group")]
    assert offered == texts_in("lv", TARGET_GROUPS)
    body = client.get(reverse("worksheets:worksheet", args=[plan.pk, 2])).content.decode()
    offered = [unescaped(value) for value in datalist(body, "cooperation", "cooperation_type")]
    assert offered == COOPERATION_SUGGESTIONS.in_language("lv")
    for language in ("lv", "lt", "en"):
        for text in texts_in(language, LITHUANIAN_COOPERATION_TYPES + LITHUANIAN_TARGET_GROUPS):
            assert text not in unescaped(body), (language, text)


def test_guidance_lists_of_suggestions_follow_the_plan_and_lithuanian_plans_get_their_own_lists(
    client, lithuanian_plan, lithuanian_editor, plan, editor
):
    client.force_login(lithuanian_editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = unescaped(client.get(reverse("worksheets:worksheet", args=[lithuanian_plan.pk, 2])).content.decode())
    cooperation = re.search(r'<ul lang="lt">(.*?)</ul>', body, re.S)[1]
    assert re.findall(r"<li>(.*?)</li>", cooperation) == COOPERATION_SUGGESTIONS.in_language("lt")
    funding = unescaped(client.get(reverse("worksheets:worksheet", args=[lithuanian_plan.pk, 7])).content.decode())
    assert "Sources of funding the regional review names" in funding

    client.force_login(editor)
    funding = client.get(reverse("worksheets:worksheet", args=[plan.pk, 7])).content.decode()
    with override("lv"):
        assert gettext("Sources of funding the regional review names, in the order it recommends using them:") not in (
            unescaped(funding)
        )


def test_the_regional_comparison_groups_by_the_lithuanian_suggestions_and_leaves_zemgale_as_it_was(
    panevezys, birzai, zemgale, aizkraukle
):
    social_housing = texts_in("lt", LITHUANIAN_TARGET_GROUPS)[1]
    lithuanian = ActionPlanFactory(municipality=birzai)
    TargetGroupNeedFactory(plan=lithuanian, target_group=social_housing, unmet_needs="Trūksta būstų")
    latvian = ActionPlanFactory(municipality=aizkraukle)
    TargetGroupNeedFactory(plan=latvian, target_group="Seniori", unmet_needs="Dienas centrs")

    with override("lt"):
        rows = target_groups(plan_columns([lithuanian]))
        assert [row.label for row in rows if row.standard] == [
            str(group) for group in TARGET_GROUP_SUGGESTIONS.values("lt")
        ]
        housing = next(row for row in rows if row.label == social_housing)
        assert [item.detail for item in housing.cells[0].items] == ["Trūksta būstų"]
    with override("lv"):
        rows = target_groups(plan_columns([latvian]))
        assert [row.label for row in rows] == texts_in("lv", TARGET_GROUPS)
        assert [item.text for item in rows[0].cells[0].items] == ["Seniori"]


def test_an_excel_file_exported_in_lithuanian_is_read_back(client, lithuanian_plan, lithuanian_editor):
    client.force_login(lithuanian_editor)
    assert page_language(client) == "lt"
    content = client.get(reverse("worksheets:plan_xlsx", args=[lithuanian_plan.pk])).content
    workbook = load_workbook(io.BytesIO(content))
    cover = workbook.worksheets[0]
    line = next(cell.row for cell in cover[chr(ord("A") + COVER_KEY_COLUMN - 1)] if cell.value == "partners_identified")
    cover[f"B{line}"] = "Taip"
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("planas.xlsx", buffer.getvalue(), content_type="application/octet-stream")

    response = client.post(reverse("worksheets:plan_import", args=[lithuanian_plan.pk]), {"file": upload})

    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.total == (0, 0, 0)
    with override("lt"):
        label = str(ActionPlan._meta.get_field("partners_identified").verbose_name)
    assert [change.label for change in preview.plan_field_changes] == [label]


# --- the Panevėžys core indicators -------------------------------------------------------------------------------


def test_panevezys_core_indicators_are_loaded_once_and_never_overwritten(zemgale, panevezys):
    assert load_core_indicators() == [(zemgale.name, 12), (panevezys.name, 23)]
    first = CoreIndicator.objects.get(region=panevezys, code="PV1")
    first.name = "Koordinatoriaus pavadinimas"
    first.save()

    assert load_core_indicators() == [(zemgale.name, 0), (panevezys.name, 0)]

    indicators = list(CoreIndicator.objects.filter(region=panevezys))
    assert [i.code for i in indicators] == [f"PV{n}" for n in range(1, 24)]
    assert CoreIndicator.objects.get(region=panevezys, code="PV1").name == "Koordinatoriaus pavadinimas"
    groups = [re.match(r"Grupė „([^“]+)“\. ", i.definition)[1] for i in indicators]
    assert list(dict.fromkeys(groups)) == [
        "Valdymas",
        "Finansai",
        "Gebėjimai",
        "Pirkimai",
        "Paslaugų produktai",
        "Rezultatai",
        "Bendruomenės kapitalas",
    ]
    for indicator in indicators:
        text = indicator.name + indicator.definition + indicator.collection
        assert not LETTERS_LITHUANIAN_NEVER_USES & set(text), indicator.code


# --- demo data ---------------------------------------------------------------------------------------------------


def test_seed_demo_creates_the_lithuanian_accounts_and_plan_once(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    out = capsys.readouterr().out
    User = get_user_model()
    for username, role in (("redaktorius", Role.EDITOR), ("skaitytojas", Role.VIEWER)):
        user = User.objects.get(username=username)
        assert list(user.memberships.values_list("role", "municipality__slug")) == [(role, "birzai")]
        assert Profile.objects.get(user=user).language == "lt"
        assert f"  {username} " in out
        browser = Client()
        browser.post(reverse("login"), {"username": username, "password": f"demo-{username}-2026"})
        assert page_language(browser) == "lt"
    plan = Municipality.objects.get(slug="birzai").plans.get()
    assert (plan.status, plan.period) == (PlanStatus.DRAFT, "2028–2029")
    assert "demonstracinis" in plan.title
    counts = [model.objects.filter(plan=plan).count() for model in (StrategicGoal, Task, Activity, Indicator)]
    assert counts == [1, 2, 3, 2]
    assert Risk.objects.filter(plan=plan).count() == len(STANDARD_RISKS)
    activity = Activity.objects.filter(plan=plan).select_related("task").first()
    assert activity.task.goal.plan == plan
    assert Municipality.objects.get(slug="aizkraukles-novads").plans.count() == 1


def test_the_lithuanian_demo_viewer_reads_the_demo_plan_in_lithuanian():
    call_command("seed_demo", stdout=io.StringIO())
    browser = Client()
    browser.post(reverse("login"), {"username": "skaitytojas", "password": "demo-skaitytojas-2026"})
    plan = Municipality.objects.get(slug="birzai").plans.get()
    assert page_language(browser, plan.get_absolute_url()) == "lt"


# --- Lithuanian alphabetical order -------------------------------------------------------------------------------

LITHUANIAN_NAMES = ["Šiaulių savivaldybė", "Sėdos seniūnija", "Čiobiškio seniūnija", "Cirkliškio seniūnija", "Ylakiai"]
LITHUANIAN_ORDER = ["Cirkliškio seniūnija", "Čiobiškio seniūnija", "Ylakiai", "Sėdos seniūnija", "Šiaulių savivaldybė"]


def test_lithuanian_sort_key_puts_caron_letters_after_their_base_letter_and_y_with_i():
    assert sorted(LITHUANIAN_NAMES, key=lambda name: sort_key(name, "lt")) == LITHUANIAN_ORDER
    assert sort_key("Sėdos", "lt") < sort_key("Šiauliai", "lt")
    assert sort_key("Cirkliškis", "lt") < sort_key("Čiobiškis", "lt")
    assert sort_key("Ylakiai", "lt") < sort_key("Žagarė", "lt")


def test_lists_of_the_panevezys_region_are_in_lithuanian_order(client, panevezys, other_coordinator):
    for index, name in enumerate(LITHUANIAN_NAMES):
        municipality = MunicipalityFactory(region=panevezys, name=name, slug=f"lt-{index}")
        ActionPlanFactory(municipality=municipality, status=PlanStatus.PUBLISHED)
    client.force_login(other_coordinator)

    public = client.get(reverse("public:region", args=[panevezys.slug])).context["plans"]
    comparison = client.get(reverse("worksheets:region_comparison", args=[panevezys.slug, "target-groups"])).context
    dashboard = client.get(reverse("worksheets:dashboard", args=[panevezys.slug]))

    assert [plan.municipality.name for plan in public] == LITHUANIAN_ORDER
    assert [name for _slug, name in comparison["municipality_choices"]] == LITHUANIAN_ORDER
    assert [column.municipality for column in comparison["comparison"].columns] == LITHUANIAN_ORDER
    body = dashboard.content.decode()
    assert sorted(LITHUANIAN_ORDER, key=body.index) == LITHUANIAN_ORDER
    if connection.vendor == "postgresql":  # the database's ICU collation agrees with the Python key
        ordered = Municipality.objects.filter(region=panevezys).order_by(Collate("name", "lt-x-icu"))
        assert list(ordered.values_list("name", flat=True)) == LITHUANIAN_ORDER


def test_zemgale_lists_stay_in_latvian_order(client, zemgale, coordinator):
    for index, name in enumerate(["Jelgavas novads", "Jēkabpils novads", "Ādažu novads"]):
        municipality = MunicipalityFactory(region=zemgale, name=name, slug=f"lv-{index}")
        ActionPlanFactory(municipality=municipality, status=PlanStatus.PUBLISHED)
    client.force_login(coordinator)
    comparison = client.get(reverse("worksheets:region_comparison", args=[zemgale.slug, "target-groups"])).context
    assert [name for _slug, name in comparison["municipality_choices"]] == [
        "Ādažu novads",
        "Jēkabpils novads",
        "Jelgavas novads",
    ]


def test_the_coordinator_of_panevezys_and_a_viewer_see_lithuanian(client, other_coordinator, birzai):
    viewer = viewer_of(birzai, user__username="jonas")
    for user in (other_coordinator, viewer, coordinator_of(birzai.region, user__username="rasa")):
        client.force_login(user)
        assert page_language(client) == "lt", user.username


def test_a_version_keeps_the_plans_language_whatever_the_approving_coordinators_interface(birzai_plan, coordinator):
    """The choice labels a version freezes (a risk's level) are in the plan's language, not in the language of the
    coordinator who approved it."""
    RiskFactory(plan=birzai_plan, factor="Finansavimo trūkumas", level="medium", preventive_measures="Planuoti")
    with override("lv"):
        version = freeze_version(plan=birzai_plan, user=coordinator)
    with override("lt"):
        lithuanian = gettext("medium")
    with override("lv"):
        latvian = gettext("medium")
    cells = [
        cell
        for worksheet in version.content["worksheets"]
        for table in worksheet["tables"]
        for row in table["rows"]
        for cell in row["cells"]
    ]
    assert lithuanian != latvian
    assert lithuanian in cells
    assert latvian not in cells
