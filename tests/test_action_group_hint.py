"""Worksheet 7 on the worksheet page: beside an activity's empty action group, the group its text points at, as a
hint; the field itself stays empty until the officer chooses."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from tests.factories import ActivityFactory
from worksheets.models import ActionGroup
from worksheets.regional.comparisons import action_group_hint

pytestmark = pytest.mark.django_db


def hint_in_latvian(group):
    with override("lv"):
        return gettext("suggested: %(group)s") % {"group": ActionGroup(group).label}


def test_the_hint_names_the_group_the_text_points_at_while_none_is_chosen(plan):
    granted = ActivityFactory(plan=plan, description="Grantu konkurss sociālajiem uzņēmumiem")
    chosen = ActivityFactory(plan=plan, description="Grantu konkurss jauniešiem", action_group=ActionGroup.EDUCATION)
    unnamed = ActivityFactory(plan=plan, description="Ceļa seguma atjaunošana")
    with override("en"):
        assert action_group_hint(granted) == "suggested: Financial support"
    assert action_group_hint(chosen) == ""
    assert action_group_hint(unnamed) == ""


def test_worksheet_page_shows_the_hint_beside_the_empty_select(client, plan, editor):
    activity = ActivityFactory(plan=plan, description="Grantu konkurss sociālajiem uzņēmumiem")
    ActivityFactory(plan=plan, description="Grantu konkurss jauniešiem", action_group=ActionGroup.EDUCATION)
    client.force_login(editor)

    html = client.get(reverse("worksheets:worksheet", args=[plan.pk, 7])).content.decode()

    hint = hint_in_latvian(ActionGroup.FINANCIAL_SUPPORT)
    assert html.count(hint) == 1  # the chosen group gets none
    activity.refresh_from_db()
    assert activity.action_group == ""  # shown, not written
    assert f'_note">{hint}</div>' in html
