"""A whole review round in a real Chromium: submit, comment, return, answer, resubmit, approve, publish, read."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import log_in, serious_violations
from worksheets.models import Indicator, PlanStatus, PlanVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_as(browser, live_server):
    """A page in a browser context of its own, logged in as ``user`` (anonymous for None); closed afterwards,
    so no keep-alive connection outlives the test."""
    contexts = []

    def open_page(user=None):
        context = browser.new_context(locale="lv-LV")
        contexts.append(context)
        if user is not None:
            log_in(context, live_server, user)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_a_review_round_from_draft_to_the_public(open_as, live_server, sound_plan, editor, coordinator):
    plan_url = f"{live_server.url}/plans/{sound_plan.pk}/"
    officer = open_as(editor)
    officer.goto(plan_url)
    officer.get_by_role("button", name="Iesniegt izvērtēšanai").click()
    expect(officer.get_by_text("Plāna statuss tagad: Iesniegts izvērtēšanai.")).to_be_visible()

    reviewer = open_as(coordinator)
    reviewer.goto(f"{plan_url}worksheets/6/")
    reviewer.get_by_label("Komentārs").fill("Uzdevumam trūkst termiņa.")
    reviewer.get_by_label("Par rindu").select_option(label="1.1. Grantu konkurss jaunajiem uzņēmējiem")
    reviewer.get_by_role("button", name="Pievienot komentāru").click()
    expect(reviewer.get_by_text("Uzdevumam trūkst termiņa.")).to_be_visible()
    assert serious_violations(reviewer) == []
    reviewer.goto(plan_url)
    expect(reviewer.get_by_text("1 atvērts izvērtēšanas komentārs par šo plānu.")).to_be_visible()
    returning = reviewer.locator("form", has=reviewer.get_by_role("button", name="Atgriezt labošanai"))
    returning.get_by_role("button", name="Atgriezt labošanai").click()  # without a comment: refused, explained
    expect(reviewer.get_by_text("Lūdzu, uzrakstiet komentāru: pašvaldībai jāzina, kas jāmaina.")).to_be_visible()
    returning = reviewer.locator("form", has=reviewer.get_by_role("button", name="Atgriezt labošanai"))
    returning.get_by_label("Komentārs").fill("Lūdzu, papildiniet 6. darba lapu.")
    returning.get_by_role("button", name="Atgriezt labošanai").click()
    expect(reviewer.get_by_text("Plāna statuss tagad: Atgriezts labošanai.")).to_be_visible()

    officer.goto(f"{plan_url}worksheets/6/")
    officer.get_by_label("Atbildēt").fill("Termiņš: 2026. gada marts.")
    officer.get_by_role("button", name="Atbildēt").click()
    expect(officer.get_by_text("Termiņš: 2026. gada marts.")).to_be_visible()
    officer.get_by_role("button", name="Atzīmēt kā atrisinātu").click()
    expect(officer.get_by_text("atrisināts", exact=True)).to_be_visible()
    officer.goto(plan_url)
    expect(officer.get_by_text("Lūdzu, papildiniet 6. darba lapu.")).to_be_visible()  # on the timeline
    officer.get_by_role("button", name="Iesniegt izvērtēšanai").click()
    expect(officer.get_by_text("Plāna statuss tagad: Iesniegts izvērtēšanai.")).to_be_visible()

    reviewer.goto(plan_url)
    approving = reviewer.locator("form", has=reviewer.get_by_role("button", name="Apstiprināt"))
    approving.get_by_label("Domes lēmuma numurs").fill("Nr. 12/7")
    approving.get_by_label("Domes lēmuma datums").fill("2026-01-29")
    approving.get_by_role("button", name="Apstiprināt").click()
    expect(reviewer.get_by_text("Plāna statuss tagad: Apstiprināts.")).to_be_visible()
    expect(reviewer.get_by_text(re.compile("Versija 1, apstiprināta"))).to_be_visible()
    reviewer.get_by_role("button", name="Publicēt").click()
    expect(reviewer.get_by_text("Plāna statuss tagad: Publicēts.")).to_be_visible()
    assert serious_violations(reviewer) == []
    reviewer.get_by_role("link", name=re.compile("Pārskats: Zemgales")).click()
    expect(reviewer.get_by_role("row", name=re.compile("Aizkraukles novads"))).to_contain_text("Publicēts")
    assert serious_violations(reviewer) == []

    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.PUBLISHED
    assert PlanVersion.objects.get(plan=sound_plan).decision_number == "Nr. 12/7"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([coordinator.email], "Aizkraukles novads 2026–2027 ir iesniegts izvērtēšanai"),
        ([editor.email], "Aizkraukles novads 2026–2027 ir atgriezts labošanai"),
        ([coordinator.email], "Aizkraukles novads 2026–2027 ir iesniegts izvērtēšanai"),
        ([editor.email], "Aizkraukles novads 2026–2027 ir apstiprināts"),
        ([editor.email], "Aizkraukles novads 2026–2027 ir publicēts"),
    ]

    public = open_as()
    public.goto(f"{live_server.url}/public/zemgale/")
    public.get_by_role("link", name="Rīcības plāns 2026–2027").click()
    expect(public.get_by_text("Līdz 2027. gadam divi jauni sociālie uzņēmumi").first).to_be_visible()
    content = public.content()
    assert "Uzdevumam trūkst termiņa." not in content  # no comments in public
    assert "Bērziņa" not in content  # no people's names (the officer's and the coordinator's)
    assert "Ilze" not in content


def test_an_approved_plan_records_progress_but_keeps_its_content(open_as, live_server, sound_plan, editor):
    sound_plan.status = PlanStatus.APPROVED
    sound_plan.save()
    page = open_as(editor)
    page.goto(f"{live_server.url}/plans/{sound_plan.pk}/worksheets/8/")
    expect(page.get_by_text(re.compile("Plāns ir apstiprināts: tā saturs ir slēgts."))).to_be_visible()
    page.get_by_label("Sasniegtais rezultāts", exact=True).fill("3 jauni sociālie uzņēmumi")
    page.get_by_role("button", name="Saglabāt darba lapu").click()
    expect(page.get_by_text(re.compile("Saglabāts"))).to_be_visible()
    assert Indicator.objects.get(plan=sound_plan).achieved_result == "3 jauni sociālie uzņēmumi"
    expect(page.get_by_role("button", name=re.compile("Pievienot"))).to_have_count(0)
    assert serious_violations(page) == []
