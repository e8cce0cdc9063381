"""A whole review round of a Panevėžys plan in Lithuanian, in a real Chromium: the editor creates the plan, fills a
worksheet and submits it; the coordinator returns it with a comment; the editor answers and submits again; the
coordinator approves and publishes it; the public reads it in Lithuanian, the region's language. axe-core after each
main page.

Every role and label name is the lt catalogue's translation of the English source string (``tests.lithuanian.lt``),
so the test follows the catalogue and fails, saying so, while the catalogue lacks a translation or is not compiled.
"""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from seimpact.lib.dates import date_in_sentence
from tests.browser.conftest import log_in, serious_violations
from tests.factories import coordinator_of, editor_of
from tests.lithuanian import (
    LITHUANIAN_PEOPLE,
    in_lithuanian,
    lt,
    lt_plural,
    not_lithuanian,
    panevezys_region,
    person,
    visible_text,
)
from worksheets.models import ActionPlan, PlanStatus, PlanVersion, StrategicGoal, Task
from worksheets.registry import get_worksheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOAL = "Iki 2027 m. Biržų rajone įsteigti dvi naujas socialines įmones"
TASK = "Surengti dotacijų konkursą pradedantiesiems socialiniams verslininkams"
TITLE = "Socialinio verslo plėtros veiksmų planas 2026–2027"


@pytest.fixture
def open_as(browser, live_server):
    """A page in a browser context of its own (a Lithuanian browser: it does not choose the language; reduced motion,
    as ``tests/conftest.py`` explains), logged in as ``user`` (anonymous for None); closed afterwards."""
    contexts = []

    def open_page(user=None):
        context = browser.new_context(locale="lt-LT", reduced_motion="reduce")
        contexts.append(context)
        if user is not None:
            log_in(context, live_server, user)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def people(transactional_db):
    """The Panevėžys region (``fixtures/regions.json``), an editor of Biržai and the region's coordinator, with
    Lithuanian names and no language chosen: theirs is the region's."""
    region, municipalities = panevezys_region()
    editor = editor_of(municipalities["birzai"], **person("editor"))
    coordinator = coordinator_of(region, **person("coordinator"))
    return {"region": region, "birzai": municipalities["birzai"], "editor": editor, "coordinator": coordinator}


def field_label(model, name: str) -> str:
    """A model field's form label as the Lithuanian interface shows it."""
    return capfirst(in_lithuanian(model._meta.get_field(name).verbose_name))


def status_message(status) -> str:
    return lt("The plan is now: %(status)s.", status=in_lithuanian(PlanStatus(status).label))


def transition_form(page, action_label: str):
    """The form on the plan page whose button is ``action_label``."""
    return page.locator("form", has=page.get_by_role("button", name=action_label, exact=True))


def no_latvian(page) -> list[str]:
    """What is not Lithuanian on the page (``tests.lithuanian.not_lithuanian``), each with the page's address."""
    return [f"{page.url}: {found}" for found in not_lithuanian(visible_text(page.content()))]


def add_row(page, table_key: str, worksheet: int):
    """Click the table's add button and wait for htmx to bring the new row; return it."""
    table = get_worksheet(worksheet).table(table_key)
    rows = page.locator(f"#rows-{table_key} > tr")
    count = rows.count()
    page.get_by_role("button", name=f"+ {in_lithuanian(table.add_label)}").click()
    expect(rows).to_have_count(count + 1)
    return rows.nth(count)


def save_worksheet(page) -> None:
    """Click the save button and wait for the server's answer (the rows are then saved)."""
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_role("button", name=lt("Save the worksheet")).click()


def test_a_review_round_in_lithuanian_from_a_new_plan_to_the_public(open_as, live_server, people):
    editor, coordinator, birzai = people["editor"], people["coordinator"], people["birzai"]

    # The editor starts a plan: the interface is Lithuanian without choosing it (the region's language).
    officer = open_as(editor)
    officer.goto(f"{live_server.url}/plans/")
    expect(officer.locator("html")).to_have_attribute("lang", "lt")
    officer.get_by_role("link", name=lt("New plan")).click()
    officer.get_by_label(field_label(ActionPlan, "period_start")).fill("2026")
    officer.get_by_label(field_label(ActionPlan, "period_end")).fill("2027")
    officer.get_by_label(field_label(ActionPlan, "title")).fill(TITLE)
    assert serious_violations(officer) == []
    officer.get_by_role("button", name=lt("Create the plan")).click()
    expect(officer.get_by_text(lt("The plan was created."))).to_be_visible()
    plan = ActionPlan.objects.get(municipality=birzai)
    plan_url = f"{live_server.url}/plans/{plan.pk}/"
    assert serious_violations(officer) == []
    assert no_latvian(officer) == []

    # … fills worksheet 6: a goal and its task.
    officer.goto(f"{plan_url}worksheets/6/")
    goal_label, task_label = field_label(StrategicGoal, "text"), field_label(Task, "text")
    add_row(officer, "goals", 6).get_by_label(goal_label).fill(GOAL)
    save_worksheet(officer)
    saved = re.compile(re.escape(lt("Saved: %(changes)s.").split("%(changes)s")[0]))
    expect(officer.get_by_text(saved)).to_be_visible()
    task_row = add_row(officer, "tasks", 6)  # a task chooses among the saved goals
    task_row.get_by_label(goal_label).select_option(label=f"1. {GOAL}")
    task_row.get_by_label(task_label, exact=True).fill(TASK)
    save_worksheet(officer)
    expect(officer.get_by_text(saved)).to_be_visible()
    assert list(Task.objects.filter(plan=plan).values_list("goal__text", "text")) == [(GOAL, TASK)]
    assert serious_violations(officer) == []
    assert no_latvian(officer) == []

    # … and submits it, explaining what is still missing.
    officer.goto(plan_url)
    submitting = transition_form(officer, lt("Submit for review"))
    submitting.get_by_label(lt("Comment")).fill("Veiklas ir rodiklius papildysime po derinimo su partneriais.")
    submitting.get_by_role("button", name=lt("Submit for review")).click()
    expect(officer.get_by_text(status_message(PlanStatus.SUBMITTED))).to_be_visible()

    # The coordinator comments on the task and returns the plan.
    reviewer = open_as(coordinator)
    reviewer.goto(f"{plan_url}worksheets/6/")
    reviewer.get_by_label(lt("Comment")).fill("Uždaviniui trūksta įvykdymo termino.")
    reviewer.get_by_label(lt("About the row")).select_option(label=f"1.1. {TASK}")
    reviewer.get_by_role("button", name=lt("Add the comment")).click()
    expect(reviewer.get_by_text("Uždaviniui trūksta įvykdymo termino.")).to_be_visible()
    assert serious_violations(reviewer) == []
    assert no_latvian(reviewer) == []
    reviewer.goto(plan_url)
    open_comments = "%(counter)s open review comment on this plan.", "%(counter)s open review comments on this plan."
    expect(reviewer.get_by_text(lt_plural(*open_comments, 1))).to_be_visible()
    returning = transition_form(reviewer, lt("Return for changes"))
    returning.get_by_role("button", name=lt("Return for changes")).click()  # without a comment: refused, explained
    expect(
        reviewer.get_by_text(lt("Please write a comment: the municipality needs to know what to change."))
    ).to_be_visible()
    returning = transition_form(reviewer, lt("Return for changes"))
    returning.get_by_label(lt("Comment")).fill("Prašome papildyti 6 darbo lapą.")
    returning.get_by_role("button", name=lt("Return for changes")).click()
    expect(reviewer.get_by_text(status_message(PlanStatus.RETURNED))).to_be_visible()
    assert serious_violations(reviewer) == []
    assert no_latvian(reviewer) == []

    # The editor answers, resolves the comment and submits again.
    officer.goto(f"{plan_url}worksheets/6/")
    officer.get_by_label(lt("Answer")).fill("Terminas – 2026 m. kovas.")
    officer.get_by_role("button", name=lt("Answer"), exact=True).click()
    expect(officer.get_by_text("Terminas – 2026 m. kovas.")).to_be_visible()
    officer.get_by_role("button", name=lt("Mark resolved")).click()
    expect(officer.get_by_text(lt("resolved"), exact=True)).to_be_visible()
    assert serious_violations(officer) == []
    assert no_latvian(officer) == []
    officer.goto(plan_url)
    expect(officer.get_by_text("Prašome papildyti 6 darbo lapą.")).to_be_visible()  # on the timeline
    submitting = transition_form(officer, lt("Submit for review"))
    submitting.get_by_label(lt("Comment")).fill("Terminas nurodytas; veiklas papildysime.")
    submitting.get_by_role("button", name=lt("Submit for review")).click()
    expect(officer.get_by_text(status_message(PlanStatus.SUBMITTED))).to_be_visible()

    # The coordinator approves with the council's decision and publishes.
    reviewer.goto(plan_url)
    approving = transition_form(reviewer, lt("Approve"))
    approving.get_by_label(lt("Council decision number")).fill("Nr. T-125")
    approving.get_by_label(lt("Council decision date")).fill("2026-11-26")
    approving.get_by_label(lt("Comment")).fill("Planas atitinka regiono prioritetus.")
    approving.get_by_label(lt("Approve anyway, with the open problems and comments listed above")).check()
    approving.get_by_role("button", name=lt("Approve")).click()
    expect(reviewer.get_by_text(status_message(PlanStatus.APPROVED))).to_be_visible()
    approved = PlanVersion.objects.get(plan=plan).approved_at
    with translation.override("lt"):
        approved_on = date_in_sentence(approved)  # "2026 m. gruodžio 1 d.": the month in the genitive
    expect(
        reviewer.get_by_text(lt("Version %(number)s, approved %(date)s", number=1, date=approved_on))
    ).to_be_visible()
    reviewer.get_by_role("button", name=lt("Publish")).click()
    expect(reviewer.get_by_text(status_message(PlanStatus.PUBLISHED))).to_be_visible()
    assert serious_violations(reviewer) == []
    assert no_latvian(reviewer) == []
    region = people["region"]
    reviewer.get_by_role("link", name=lt("Dashboard: %(region)s", region=region.name)).click()
    expect(reviewer.get_by_role("row", name=re.compile(re.escape(birzai.name)))).to_contain_text(
        in_lithuanian(PlanStatus.PUBLISHED.label)
    )
    assert serious_violations(reviewer) == []
    assert no_latvian(reviewer) == []

    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert PlanVersion.objects.get(plan=plan).decision_number == "Nr. T-125"
    assert [message.to for message in mail.outbox] == [
        [coordinator.email],
        [editor.email],
        [coordinator.email],
        [editor.email],
        [editor.email],
    ]
    assert [found for m in mail.outbox for found in not_lithuanian(f"{m.subject}\n{m.body}")] == []

    # The public, having chosen no language, reads the Lithuanian region's pages in Lithuanian (English on
    # request, and back with the switcher) and reads the plan.
    public = open_as()
    public.goto(f"{live_server.url}/public/{region.slug}/")
    expect(public.locator("html")).to_have_attribute("lang", "lt")
    public.locator("form.language-switcher").get_by_role("button", name="English").click()
    expect(public.locator("html")).to_have_attribute("lang", "en")
    public.locator("form.language-switcher").get_by_role("button", name="Lietuvių").click()
    expect(public.locator("html")).to_have_attribute("lang", "lt")
    assert serious_violations(public) == []
    assert no_latvian(public) == []
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_text(GOAL).first).to_be_visible()
    expect(public.get_by_text(TASK).first).to_be_visible()
    assert serious_violations(public) == []
    assert no_latvian(public) == []
    content = public.content()
    assert "Uždaviniui trūksta įvykdymo termino." not in content  # no comments in public
    assert LITHUANIAN_PEOPLE["editor"]["last_name"] not in content  # no people's names
    assert LITHUANIAN_PEOPLE["coordinator"]["last_name"] not in content
