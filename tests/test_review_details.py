"""Details of the review: a status change posted twice or overtaken by a colleague answers with the plan page and its
status now (never 403 for who may make the change); a published plan's PDF says so; the council decision date is a
sensible date; the version comparison shows exactly the pair asked for."""

import datetime
import html
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import override

from tests.factories import coordinator_of
from worksheets.exports.pdf import plan_pdf_html
from worksheets.models import PlanStatus, PlanTransition, PlanVersion, StrategicGoal
from worksheets.review.decisions import DecisionRefused, decision_date_range, decision_record
from worksheets.review.forms import DecisionForm, TransitionForm
from worksheets.review.lifecycle import BY_ACTION, plan_transition
from worksheets.views import review as review_views

pytestmark = pytest.mark.django_db

MOVED_ON = "Statuss netika mainīts: plāna statuss tagad ir"


def transition_url(plan, action):
    return reverse("worksheets:transition", args=[plan.pk, action])


def messages_of(response) -> list[str]:
    return [
        html.unescape(text)
        for text in re.findall(r'<div class="alert alert-\w+">(.*?)</div>', response.content.decode())
    ]


def changed_at(plan) -> str:
    at = PlanTransition.objects.filter(plan=plan).latest("at", "id").at
    with override("lv"):
        return formats.date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT")


# --- a status change the status no longer allows -----------------------------------------------------------------


def test_a_submission_posted_twice_answers_with_the_plan_page_and_its_status_now(client, sound_plan, editor):
    client.force_login(editor)
    assert client.post(transition_url(sound_plan, "submit")).status_code == 302
    again = client.post(transition_url(sound_plan, "submit"), follow=True)  # the double click's second request
    assert again.redirect_chain == [(sound_plan.get_absolute_url(), 302)]
    assert again.status_code == 200
    who = editor.get_full_name()
    assert f"{MOVED_ON} „Iesniegts izvērtēšanai” (mainīja {who}, {changed_at(sound_plan)})." in messages_of(again)
    assert PlanTransition.objects.filter(plan=sound_plan).count() == 1


def test_a_colleague_was_faster_the_second_coordinator_learns_who_changed_the_status_and_when(
    client, sound_plan, editor, coordinator, zemgale
):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    colleague = coordinator_of(zemgale, user__username="ilze", user__first_name="Ilze", user__last_name="Kalniņa")
    client.force_login(colleague)
    page = client.get(sound_plan.get_absolute_url())  # both coordinators have the page open
    assert page.status_code == 200
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    response = client.post(transition_url(sound_plan, "return"), {"comment": "Jāprecizē."}, follow=True)
    assert response.redirect_chain == [(sound_plan.get_absolute_url(), 302)]
    expected = f"{MOVED_ON} „Apstiprināts” (mainīja {coordinator.get_full_name()}, {changed_at(sound_plan)})."
    assert expected in messages_of(response)
    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.APPROVED


def test_a_change_overtaken_under_the_plans_lock_also_answers_with_the_status_now(
    client, sound_plan, editor, coordinator, monkeypatch
):
    """Both requests passed the page's check; the colleague's committed first, so the service refuses under the lock."""
    plan_transition(plan=sound_plan, action="submit", user=editor)
    stale = review_views.get_plan_for(coordinator, sound_plan.pk)  # as loaded before the colleague's change
    plan_transition(plan=sound_plan, action="return", user=coordinator, comment="Jāprecizē.")
    monkeypatch.setattr(review_views, "get_plan_for", lambda user, pk, *args: stale)
    client.force_login(coordinator)
    response = client.post(transition_url(sound_plan, "approve"), {"confirmed": "on"})
    assert response.status_code == 302
    assert response["Location"] == sound_plan.get_absolute_url()
    monkeypatch.undo()
    page = client.get(response["Location"])
    assert any(m.startswith(f"{MOVED_ON} „Atgriezts labošanai”") for m in messages_of(page))
    assert not PlanVersion.objects.filter(plan=sound_plan).exists()


def test_a_status_set_without_a_recorded_change_is_named_without_who_and_when(client, plan, editor):
    plan.status = PlanStatus.APPROVED
    plan.save()
    client.force_login(editor)
    response = client.post(transition_url(plan, "submit"), follow=True)
    assert f"{MOVED_ON} „Apstiprināts”." in messages_of(response)


def test_who_may_never_make_the_change_still_gets_403(client, sound_plan, editor, viewer, coordinator):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    for user, action in ((viewer, "submit"), (viewer, "approve"), (editor, "approve"), (editor, "reopen")):
        client.force_login(user)
        assert client.post(transition_url(sound_plan, action), {"comment": "x"}).status_code == 403, (user, action)
    client.force_login(coordinator)
    assert client.post(transition_url(sound_plan, "submit")).status_code == 403  # only the municipality submits
    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.SUBMITTED


# --- the published plan's PDF ------------------------------------------------------------------------------------


def cover_status(document: str) -> str:
    return re.search(r"<dt>Statuss</dt><dd>(.*?)</dd>", document).group(1)


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", result.stdout.decode())


def test_the_public_pdf_of_a_published_plan_says_published(client, sound_plan, editor, coordinator):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    sound_plan.refresh_from_db()
    with override("lv"):
        assert cover_status(plan_pdf_html(sound_plan)) == "Apstiprināts"  # approved, not yet published
    plan_transition(plan=sound_plan, action="publish", user=coordinator)
    sound_plan.refresh_from_db()
    with override("lv"):
        assert cover_status(plan_pdf_html(sound_plan)) == "Publicēts"
        version = PlanVersion.objects.get(plan=sound_plan, number=1)
        assert cover_status(plan_pdf_html(sound_plan, version=version)) == "Publicēts"  # the version PDF too
    client.logout()
    text = pdf_text(client.get(reverse("public:plan_pdf", args=[sound_plan.pk])).content)
    assert "Statuss Publicēts" in text
    assert "Apstiprināts" not in text


def test_a_version_approved_after_the_published_one_is_approved_and_an_older_one_too(sound_plan, editor, coordinator):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    plan_transition(plan=sound_plan, action="publish", user=coordinator)
    plan_transition(plan=sound_plan, action="reopen", user=coordinator, comment="Pārskatīšana.")
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator, confirmed=True)
    sound_plan.refresh_from_db()
    first, second = PlanVersion.objects.filter(plan=sound_plan).order_by("number")
    with override("lv"):
        assert cover_status(plan_pdf_html(sound_plan, version=first)) == "Publicēts"  # still the plan in force
        assert cover_status(plan_pdf_html(sound_plan, version=second)) == "Apstiprināts"
    plan_transition(plan=sound_plan, action="publish", user=coordinator)
    sound_plan.refresh_from_db()
    with override("lv"):
        assert cover_status(plan_pdf_html(sound_plan, version=first)) == "Apstiprināts"  # replaced by version 2
        assert cover_status(plan_pdf_html(sound_plan, version=second)) == "Publicēts"


# --- the council decision date -----------------------------------------------------------------------------------


def bad_dates() -> list[datetime.date]:
    earliest, latest = decision_date_range()
    return [datetime.date(1900, 1, 1), earliest - datetime.timedelta(days=1), latest + datetime.timedelta(days=1)]


def test_the_decision_date_range_runs_from_2000_to_a_year_after_today():
    assert decision_date_range(datetime.date(2026, 11, 30)) == (datetime.date(2000, 1, 1), datetime.date(2027, 11, 30))
    assert decision_date_range(datetime.date(2028, 2, 29)) == (datetime.date(2000, 1, 1), datetime.date(2029, 2, 28))


def test_approval_refuses_a_decision_date_outside_the_range(client, sound_plan, editor, coordinator):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    client.force_login(coordinator)
    for bad in bad_dates():
        response = client.post(
            transition_url(sound_plan, "approve"), {"decision_number": "12/7", "decision_date": bad.isoformat()}
        )
        assert response.status_code == 400, bad
        assert "Domes lēmuma datumam jābūt no" in response.content.decode()
        sound_plan.refresh_from_db()
        assert sound_plan.status == PlanStatus.SUBMITTED
    earliest, latest = decision_date_range()
    form = TransitionForm(transition=BY_ACTION["approve"])
    attrs = form.fields["decision_date"].widget.attrs
    assert (attrs["min"], attrs["max"]) == (earliest.isoformat(), latest.isoformat())
    for good in (earliest, latest):
        form = TransitionForm({"decision_date": good.isoformat()}, transition=BY_ACTION["approve"])
        assert form.is_valid(), (good, form.errors)
    response = client.post(
        transition_url(sound_plan, "approve"), {"decision_number": "12/7", "decision_date": "2026-01-29"}
    )
    assert response.status_code == 302
    assert PlanVersion.objects.get(plan=sound_plan).decision_date == datetime.date(2026, 1, 29)


def test_the_decision_correction_refuses_a_date_outside_the_range_in_the_form_and_the_service(
    client, sound_plan, editor, coordinator
):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    version = PlanVersion.objects.get(plan=sound_plan)
    client.force_login(coordinator)
    url = reverse("worksheets:version_decision", args=[sound_plan.pk, 1])
    for bad in bad_dates():
        data = {"decision_number": "12/7", "decision_date": bad.isoformat(), "loaded_number": "", "loaded_date": ""}
        response = client.post(url, data)
        assert response.status_code == 400, bad
        assert "Domes lēmuma datumam jābūt no" in response.content.decode()
        assert not DecisionForm(data, version=version).is_valid()
        with pytest.raises(DecisionRefused):
            decision_record(
                version=version,
                user=coordinator,
                decision_number="12/7",
                decision_date=bad,
                loaded_number="",
                loaded_date=None,
            )
    version.refresh_from_db()
    assert (version.decision_number, version.decision_date) == ("", None)
    assert "max" in DecisionForm(version=version).fields["decision_date"].widget.attrs


# --- the version comparison --------------------------------------------------------------------------------------


@pytest.fixture
def two_versions(sound_plan, editor, coordinator):
    """Version 1 and version 2 of Aizkraukle's plan, a goal's text changed between them."""
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    plan_transition(plan=sound_plan, action="reopen", user=coordinator, comment="Pārskatīšana.")
    goal = StrategicGoal.objects.get(plan=sound_plan)
    goal.text = "Līdz 2027. gadam trīs jauni sociālie uzņēmumi"
    goal.save()
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator, confirmed=True)
    return sound_plan


def compare_url(plan, query: str) -> str:
    return reverse("worksheets:version_compare", args=[plan.pk]) + query


def selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}">(.*?)</select>', page, flags=re.S).group(1)
    return re.findall(r'<option value="([^"]+)" selected>', select)


@pytest.mark.parametrize("number", ["1", "2"])
def test_the_same_version_twice_has_no_differences(client, two_versions, coordinator, number):
    client.force_login(coordinator)
    response = client.get(compare_url(two_versions, f"?a={number}&b={number}"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Atšķirību nav." in page
    assert "trīs jauni" not in page  # no other pair is compared
    assert (selected(page, "a"), selected(page, "b")) == ([number], [number])


def test_the_pair_asked_for_is_compared(client, two_versions, coordinator):
    client.force_login(coordinator)
    page = client.get(compare_url(two_versions, "?a=2&b=1")).content.decode()
    assert "trīs jauni" in page
    assert (selected(page, "a"), selected(page, "b")) == (["2"], ["1"])
    assert "Atšķirību nav." in client.get(compare_url(two_versions, "?a=current&b=current")).content.decode()


@pytest.mark.parametrize(
    "query, value",
    [("?a=99&b=1", "99"), ("?a=1&b=abc", "abc"), ("?a=-1&b=current", "-1"), ("?a=1.0&b=2", "1.0"), ("?a=1&b=0", "0")],
)
def test_a_value_naming_no_version_is_400_with_a_message_and_no_comparison(
    client, two_versions, coordinator, query, value
):
    client.force_login(coordinator)
    response = client.get(compare_url(two_versions, query))
    assert response.status_code == 400
    assert f"„{value}” nav šī plāna versija: izvēlieties salīdzināmās versijas sarakstos." in messages_of(response)
    page = response.content.decode()
    assert "Atšķirību nav." not in page
    assert "trīs jauni" not in page
    assert "darba lapa" not in page.split("</form>", 1)[1].lower()  # no worksheet compared
