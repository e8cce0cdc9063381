"""Small things a user trips on (issue 15, point 7): the one-step language switcher, icons instead of emoji and
arrow glyphs, one word for a filled-in worksheet, worksheet 9's sections in the template's order, and follow-up links
that always have a text."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.factories import ActivityFactory
from worksheets.completeness import COMPLETENESS_LABELS
from worksheets.models import ActionPlan, PlanStatus
from worksheets.registry import BY_NUMBER, WORKSHEETS
from worksheets.review.dashboard import DashboardCell
from worksheets.templatetags.dashboard_cells import dashboard_cells

BASE = Path(settings.BASE_DIR)
# Emoji, arrows, technical symbols, box drawing, shapes and dingbats (☑, ☐, ✓, ↑, ↓, 💬): shown as empty boxes where
# no font has them, and read out by name. The one arrow kept is "→" between a value before and after a change,
# which is text (every font here has it), not an icon.
GLYPHS = re.compile("[\u2190-\u2191\u2193-\u21ff\u2300-\u23ff\u2500-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]")


def markup_sources() -> list[Path]:
    """The templates, the template tags (which write HTML) and the scripts."""
    return [
        *(BASE / "templates").rglob("*.html"),
        *(BASE / "worksheets" / "templatetags").glob("*.py"),
        *(BASE / "static" / "js").glob("*.js"),
    ]


def test_no_emoji_or_glyph_is_used_as_an_icon():
    found = [
        f"{path.relative_to(BASE)}:{number}: {GLYPHS.findall(line)}"
        for path in markup_sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if GLYPHS.search(line)
    ]
    assert len(markup_sources()) > 50
    assert found == []


def test_the_language_switcher_offers_the_other_languages_as_buttons_named_in_their_own_language(client, db):
    body = client.get(reverse("login") + "?next=/plans/").content.decode()
    form = re.search(r'<form class="language-switcher".*?</form>', body, re.S).group(0)
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="next" type="hidden" value="/accounts/login/?next=/plans/"' in form
    assert re.findall(
        r'<button type="submit" class="btn si-lang" name="language" value="(\w+)" lang="(\w+)">(\w+)<', form
    ) == [
        ("lt", "lt", "Lietuvių"),
        ("en", "en", "English"),
    ]
    assert re.findall(r'lang="(\w+)" aria-current="true">(\w+)<', form) == [("lv", "Latviešu")]
    assert "<select" not in form


def test_the_switchers_button_changes_the_language_and_comes_back_to_the_page(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/public/?x=1"})
    assert (response.status_code, response["Location"]) == (302, "/public/?x=1")
    body = client.get("/public/").content.decode()
    assert '<html lang="en">' in body
    assert 'lang="en" aria-current="true">English<' in body


def test_the_dashboards_open_comments_show_an_icon_and_a_text(db):
    worksheet = BY_NUMBER[7]
    cell = DashboardCell(worksheet=worksheet, rows=4, incomplete_rows=0, open_comments=3, url="/plans/1/worksheets/7/")
    with translation.override("en"):
        html = dashboard_cells(SimpleNamespace(cells=[cell]))
    assert '<use href="/static/vendor/bootstrap-icons/icons.svg#chat-left-text">' in html
    assert '3<span class="visually-hidden"> open comments</span>' in html
    assert "Worksheet 7: complete, 4 rows" in html


def test_a_filled_in_worksheet_has_one_name_in_the_legend_and_the_badges():
    """The dashboard's caption names the three states with the badges' words (Latvian "aizpildīta", not
    "pabeigta"), in every language."""
    caption = "Completeness of the worksheets (empty / started / complete), open review comments and the last change"
    for language in ("en", "lv", "lt"):
        with translation.override(language):
            states = " / ".join(str(COMPLETENESS_LABELS[key]) for key in ("empty", "started", "complete"))
            assert f"({states})" in gettext(caption), language


def test_worksheet_sections_follow_the_template():
    """Worksheet 9 opens with its partnership checklist (section 1, the plan's yes/no answers and the municipality's
    own items), then the information and engagement plan (section 2); the other worksheets have their fields after
    their tables (worksheet 5's "support already given" closes it)."""
    assert [w.number for w in WORKSHEETS if w.plan_fields_first] == [9]
    assert [t.key for t in BY_NUMBER[9].tables] == ["checklist", "engagement"]
    assert [w.number for w in WORKSHEETS if w.plan_fields and not w.plan_fields_first] == [5]


def test_a_followed_row_without_a_description_is_still_a_named_link(client, editor, plan):
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    activity = ActivityFactory(plan=plan, description="", due_date=datetime.date(2020, 1, 1))
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("followup:plan", args=[plan.pk])).content.decode()
    link = re.search(rf'<a href="[^"]*#row-activities-{activity.pk}">(.*?)</a>', body).group(1)
    assert link == "Worksheet 7, row 1 (no description)"


# Last in the module: the seed plans stay loaded until the module ends (``seed_plans``).
def test_the_public_plan_shows_worksheet_9s_section_1_before_section_2(client, db, seed_plans):
    plan = seed_plans[0]
    with translation.override("en"):
        worksheet = BY_NUMBER[9]
        first, second = str(worksheet.plan_fields_title), str(worksheet.table("engagement").title)
        own_items = escape(str(worksheet.table("checklist").title))
        support_given = escape(str(BY_NUMBER[5].plan_fields_title))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("public:plan", args=[plan.pk])).content.decode()
    section = body[body.index('id="ws-9"') : body.index('id="ws-10"')]
    assert section.index(first) < section.index(second)
    assert section.index(first) < section.index(own_items) < section.index(second)
    rest = body[body.index('id="ws-5"') : body.index('id="ws-6"')]  # worksheet 5: its table, then the support given
    assert rest.index("<table") < rest.index(support_given)
