"""The years of a new plan's period, checked on the server: 2000–2100 (what the form's fields offer), the end not
before the start, at most ``MAX_PERIOD_YEARS`` years."""

import pytest
from django.urls import reverse
from django.utils import translation

from worksheets.editing.forms import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_PERIOD_YEARS,
    ActionPlanCreateForm,
    municipalities_for_new_plan,
)
from worksheets.models import ActionPlan

pytestmark = pytest.mark.django_db

YEAR_RANGE = "Ievadiet gadu no 2000 līdz 2100."
END_BEFORE_START = "Periods nevar beigties pirms tā sākuma."


def too_long(start: int) -> str:
    return f"Plāna periods aptver ne vairāk kā 10 gadus: beidziet to ne vēlāk kā {start + 9}. gadā."


def create(client, aizkraukle, start, end):
    data = {
        "municipality": aizkraukle.pk,
        "period_start": start,
        "period_end": end,
        "title": "Rīcības plāns",
        "source": "",
        "worksheets": [],
    }
    return client.post(reverse("worksheets:plan_create"), data)


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (0, 0, {"period_start": [YEAR_RANGE], "period_end": [YEAR_RANGE]}),
        (99999, 99999, {"period_start": [YEAR_RANGE], "period_end": [YEAR_RANGE]}),
        (-2026, 2027, {"period_start": [YEAR_RANGE]}),
        (1999, 2001, {"period_start": [YEAR_RANGE]}),
        (2040, 2200, {"period_end": [YEAR_RANGE]}),
        (2095, 2101, {"period_end": [YEAR_RANGE]}),
        (1, 70000, {"period_start": [YEAR_RANGE], "period_end": [YEAR_RANGE]}),
        (2027, 2026, {"period_end": [END_BEFORE_START]}),
        (2026, 2036, {"period_end": [too_long(2026)]}),
        (2000, 2100, {"period_end": [too_long(2000)]}),
    ],
)
def test_a_period_out_of_range_is_refused_with_a_message(client, editor, aizkraukle, start, end, errors):
    client.force_login(editor)
    response = create(client, aizkraukle, start, end)
    assert response.status_code == 200
    form = response.context["form"]
    assert {name: form.errors[name] for name in ("period_start", "period_end") if name in form.errors} == errors
    body = response.content.decode()
    for messages in errors.values():
        assert messages[0] in body
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [(2026, 2027), (2026, 2026), (2026, 2035), (FIRST_YEAR, FIRST_YEAR + MAX_PERIOD_YEARS - 1), (2095, LAST_YEAR)],
)
def test_a_period_within_the_limits_creates_the_plan(client, editor, aizkraukle, start, end):
    client.force_login(editor)
    response = create(client, aizkraukle, start, end)
    assert response.status_code == 302
    plan = ActionPlan.objects.get()
    assert (plan.period_start, plan.period_end) == (start, end)


def test_the_fields_offer_the_same_years_the_server_takes(client, editor):
    client.force_login(editor)
    body = client.get(reverse("worksheets:plan_create")).content.decode()
    for name in ("period_start", "period_end"):
        assert f'<input type="number" name="{name}" min="{FIRST_YEAR}" max="{LAST_YEAR}"' in body


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "A plan's period covers at most 10 years: end it in 2035 at the latest."),
        ("lt", "Plano laikotarpis apima ne daugiau kaip 10 metų: baikite jį ne vėliau kaip 2035 m."),
    ],
)
def test_the_limit_of_a_period_is_named_in_the_interface_language(editor, aizkraukle, language, message):
    data = {"municipality": aizkraukle.pk, "period_start": 2026, "period_end": 2040, "title": "Plāns", "source": ""}
    with translation.override(language):
        form = ActionPlanCreateForm(data, municipalities=municipalities_for_new_plan(editor), user=editor)
        assert form.errors["period_end"] == [message]
