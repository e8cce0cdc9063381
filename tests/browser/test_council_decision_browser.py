"""Approving with what is still open, and the council decision recorded afterwards, in a real Chromium (axe-core on
each page): the list, the "approve anyway" tick, the decision form and its history."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, serious_violations
from tests.factories import CommentFactory
from worksheets.models import PlanStatus, PlanVersion, Task
from worksheets.review.lifecycle import plan_transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_approves_anyway_then_records_the_decision(page, live_server, sound_plan, editor, coordinator):
    task = Task.objects.get(plan=sound_plan)
    CommentFactory(plan=sound_plan, worksheet=6, table="tasks", row_id=task.pk, author=coordinator, text="Termiņš?")
    plan_transition(plan=sound_plan, action="submit", user=editor)
    page.context.set_extra_http_headers({"Accept-Language": "lv"})
    log_in(page.context, live_server, coordinator)
    page.goto(f"{live_server.url}/plans/{sound_plan.pk}/")

    approving = page.locator("form", has=page.get_by_role("button", name="Apstiprināt"))
    expect(approving.get_by_text("Pirms apstiprināšanas ņemiet vērā, kas vēl ir atvērts:")).to_be_visible()
    expect(approving.get_by_role("link", name=re.compile("par rindu 1.1 „Grantu konkurss"))).to_be_visible()
    assert serious_violations(page) == []
    approving.get_by_role("button", name="Apstiprināt").click()  # without the tick: refused, explained
    expect(page.get_by_text("Atzīmējiet „Tomēr apstiprināt”, lai apstiprinātu plānu")).to_be_visible()
    assert serious_violations(page) == []
    approving = page.locator("form", has=page.get_by_role("button", name="Apstiprināt"))
    approving.get_by_label(re.compile("Tomēr apstiprināt")).check()
    approving.get_by_role("button", name="Apstiprināt").click()
    expect(page.get_by_text("Plāna statuss tagad: Apstiprināts.")).to_be_visible()
    expect(page.get_by_text(re.compile("Šai versijai vēl nav ierakstīts domes lēmums"))).to_be_visible()

    page.get_by_text("Ierakstīt vai labot 1. versijas domes lēmumu").click()
    decision = page.locator("#decision-1")
    decision.get_by_label("Domes lēmuma numurs").fill("Nr. 12/7")
    decision.get_by_label("Domes lēmuma datums").fill("2026-01-29")
    assert serious_violations(page) == []
    decision.get_by_role("button", name="Saglabāt domes lēmumu").click()
    expect(page.get_by_text("1. versijas domes lēmums ir saglabāts.")).to_be_visible()
    expect(page.get_by_text(re.compile("izmainīja 1. versijas domes lēmumu"))).to_be_visible()
    assert serious_violations(page) == []

    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.APPROVED
    assert PlanVersion.objects.get(plan=sound_plan).decision_number == "Nr. 12/7"
