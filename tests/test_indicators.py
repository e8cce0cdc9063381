"""Core indicators and their values: who enters, who reads, what is refused, how it shows in worksheet 8."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from indicators.forms import core_base, value_base
from indicators.models import CoreIndicator, IndicatorValue
from indicators.seed import load_core_indicators
from tests.factories import ActionPlanFactory, ActivityFactory, CoreIndicatorFactory, IndicatorFactory
from worksheets.editing.page_data import existing_rows, post_data
from worksheets.models import Indicator, PlanStatus
from worksheets.registry import get_worksheet

pytestmark = pytest.mark.django_db


def enter_url(municipality, year=2026, half=0):
    return reverse("indicators:values_enter", args=[municipality.slug, year, half])


def page_url(municipality):
    return reverse("indicators:municipality", args=[municipality.slug])


def value_data(indicator, **values):
    prefix = f"indicator-{indicator.pk}"
    fields = {"baseline": "", "target": "", "actual": "", "source": "", "note": ""}
    fields.update(values)
    return {f"{prefix}-{name}": value for name, value in fields.items()}


def post_values(client, municipality, *items, year=2026, half=0):
    """Post the values as a page loaded just now would: with the stored values as its base."""
    data = {}
    for indicator, values in items:
        data.update(value_data(indicator, **values))
        stored = IndicatorValue.objects.filter(municipality=municipality, indicator=indicator, year=year, half=half)
        data[f"indicator-{indicator.pk}-base"] = value_base(indicator, stored.first())
    return client.post(enter_url(municipality, year, half), data)


# --- the seed -------------------------------------------------------------------------------------------


def test_zemgale_set_is_seeded_from_worksheet_8_and_loading_again_keeps_changes(zemgale):
    assert load_core_indicators() == [(zemgale.name, 12)]
    indicators = list(CoreIndicator.objects.filter(region=zemgale))
    assert [i.code for i in indicators] == ["K1", "K2", "K3", "K4", "K5", "K6", "K7", "KV1", "KV2", "KV3", "KV4", "KV5"]
    assert indicators[0].name == "Sociālo uzņēmumu skaits pašvaldības teritorijā"
    assert indicators[4].unit == "eur"
    assert {i.unit for i in indicators[7:]} == {"text"}
    assert {i.kind for i in indicators[7:]} == {"qualitative"}
    CoreIndicator.objects.filter(region=zemgale, code="K1").update(name="Pārdēvēts")
    assert load_core_indicators() == [(zemgale.name, 0)]
    assert CoreIndicator.objects.get(region=zemgale, code="K1").name == "Pārdēvēts"


# --- entering values: roles -----------------------------------------------------------------------------


def test_editor_enters_values_of_a_period_and_each_change_is_in_the_history(
    client, editor, aizkraukle, count_indicator, eur_indicator
):
    client.force_login(editor)
    response = post_values(
        client,
        aizkraukle,
        (count_indicator, {"baseline": "3", "target": "6", "actual": "4", "source": "LM reģistrs"}),
        (eur_indicator, {"actual": "1 500,50"}),
    )
    assert response.status_code == 302
    count = IndicatorValue.objects.get(municipality=aizkraukle, indicator=count_indicator, year=2026, half=0)
    assert (count.baseline, count.target, count.actual, count.source) == ("3", "6", "4", "LM reģistrs")
    assert count.updated_by == editor
    assert IndicatorValue.objects.get(indicator=eur_indicator).actual == "1500.50"

    post_values(client, aizkraukle, (count_indicator, {"baseline": "3", "target": "6", "actual": "5"}))
    count.refresh_from_db()
    assert count.actual == "5"
    history = list(count.history.order_by("history_date").values_list("actual", "history_type", "history_user"))
    assert history == [("4", "+", editor.pk), ("5", "~", editor.pk)]

    page = client.get(reverse("indicators:history", args=[aizkraukle.slug])).content.decode()
    assert "Ilze Bērziņa" in page
    assert "<del>4</del>" in page
    assert "<ins>5</ins>" in page


def test_emptying_an_indicator_removes_its_value_and_the_removal_is_in_the_history(
    client, editor, aizkraukle, count_indicator
):
    client.force_login(editor)
    post_values(client, aizkraukle, (count_indicator, {"actual": "4"}))
    post_values(client, aizkraukle, (count_indicator, {}))
    assert not IndicatorValue.objects.exists()
    assert IndicatorValue.history.filter(history_type="-").count() == 1


def test_editor_records_half_years_also_after_the_plan_is_approved(client, editor, plan, aizkraukle, count_indicator):
    plan.status = PlanStatus.APPROVED
    plan.save()
    client.force_login(editor)
    assert post_values(client, aizkraukle, (count_indicator, {"actual": "2"}), half=1).status_code == 302
    assert post_values(client, aizkraukle, (count_indicator, {"actual": "3"}), half=2).status_code == 302
    assert list(IndicatorValue.objects.order_by("half").values_list("half", "actual")) == [(1, "2"), (2, "3")]


def test_only_the_municipalitys_editors_enter_values(
    client, aizkraukle, count_indicator, viewer, coordinator, other_editor, other_coordinator
):
    for user in (viewer, coordinator, other_editor, other_coordinator):
        client.force_login(user)
        assert client.get(enter_url(aizkraukle)).status_code == 403, user
        response = post_values(client, aizkraukle, (count_indicator, {"actual": "9"}))
        assert response.status_code == 403, user
        chooser = reverse("indicators:values_period", args=[aizkraukle.slug]) + "?year=2026&half=0"
        assert client.get(chooser).status_code == 403, user
    assert not IndicatorValue.objects.exists()


def test_anonymous_is_sent_to_log_in_to_enter_values_or_read_the_history(client, aizkraukle, count_indicator):
    for url in (enter_url(aizkraukle), reverse("indicators:history", args=[aizkraukle.slug])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_history_is_for_members_and_the_coordinator_only(client, aizkraukle, viewer, coordinator, other_editor):
    url = reverse("indicators:history", args=[aizkraukle.slug])
    for user in (viewer, coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(other_editor)
    assert client.get(url).status_code == 404


def test_an_unknown_municipality_or_period_is_not_found(client, editor, aizkraukle):
    client.force_login(editor)
    assert client.get(enter_url(aizkraukle, 2026, 3)).status_code == 404
    assert client.get(enter_url(aizkraukle, 1999, 0)).status_code == 404
    assert client.get(reverse("indicators:municipality", args=["nav-tada"])).status_code == 404


def test_period_chooser_leads_to_the_entry_page(client, editor, aizkraukle):
    client.force_login(editor)
    chooser = reverse("indicators:values_period", args=[aizkraukle.slug])
    assert client.get(chooser + "?year=2027&half=2")["Location"] == enter_url(aizkraukle, 2027, 2)
    assert client.get(chooser + "?year=abc")["Location"] == page_url(aizkraukle)


# --- bad values get clear messages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "typed", "message"),
    [
        ("count", "daudz", "“daudz” is not a number. Write digits only, e.g. 12."),
        ("count", "2,5", "A count is a whole number (e.g. 12), without decimals."),
        ("count", "-3", "A count cannot be negative."),
        ("eur", "-100", "An amount in euro cannot be negative."),
        ("eur", "10,555", "An amount in euro has at most two decimals (cents)."),
        ("eur", "1.500,50", "“1.500,50” is not a number. Write digits only, e.g. 1500 / 1500,50."),
        ("percent", "120", "A percentage is between 0 and 100."),
    ],
)
def test_bad_values_are_refused_with_a_clear_message_keeping_what_was_typed(
    client, editor, aizkraukle, zemgale, unit, typed, message
):
    indicator = CoreIndicatorFactory(region=zemgale, unit=unit)
    client.force_login(editor)
    with_english(client)
    response = post_values(client, aizkraukle, (indicator, {"actual": typed, "source": "Atskaite ģērbtuvē"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body.replace("&quot;", '"').replace("&#x27;", "'")
    assert "Atskaite ģērbtuvē" in body
    assert 'aria-invalid="true"' in body
    assert not IndicatorValue.objects.exists()


def test_values_are_normalised_by_unit(client, editor, aizkraukle, zemgale):
    count = CoreIndicatorFactory(region=zemgale, unit="count")
    eur = CoreIndicatorFactory(region=zemgale, unit="eur")
    percent = CoreIndicatorFactory(region=zemgale, unit="percent")
    text = CoreIndicatorFactory(region=zemgale, unit="text", kind="qualitative")
    client.force_login(editor)
    post_values(
        client,
        aizkraukle,
        (count, {"actual": " 1 200 "}),
        (eur, {"actual": "2500 EUR", "target": "€ 99,9"}),
        (percent, {"actual": "12,5 %"}),
        (text, {"actual": "Izpratne pieaugusi: 3 no 5"}),
    )
    values = {v.indicator_id: v for v in IndicatorValue.objects.all()}
    assert values[count.pk].actual == "1200"
    assert (values[eur.pk].actual, values[eur.pk].target) == ("2500", "99.90")
    assert values[percent.pk].actual == "12.5"
    assert values[text.pk].actual == "Izpratne pieaugusi: 3 no 5"


def test_bad_value_message_is_in_latvian(client, editor, aizkraukle, count_indicator):
    client.force_login(editor)
    response = post_values(client, aizkraukle, (count_indicator, {"actual": "daudz"}))
    assert "“daudz” nav skaitlis. Rakstiet tikai ciparus, piemēram, 12." in response.content.decode()


def with_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- reading: the coordinator reads all, the public values of published plans only --------------------


@pytest.fixture
def recorded(aizkraukle, bauska, count_indicator):
    """Aizkraukle: 2025 (no plan) and 2026 (plan 2026–2027, published); Bauska: 2026 (draft plan)."""
    ActionPlanFactory(municipality=aizkraukle, period_start=2026, period_end=2027, status=PlanStatus.PUBLISHED)
    ActionPlanFactory(municipality=bauska, period_start=2026, period_end=2027, status=PlanStatus.DRAFT)
    for municipality, year, actual in ((aizkraukle, 2025, "111"), (aizkraukle, 2026, "222"), (bauska, 2026, "333")):
        IndicatorValue.objects.create(municipality=municipality, indicator=count_indicator, year=year, actual=actual)


def shown(client, url) -> set[str]:
    body = client.get(url).content.decode()
    return {number for number in ("111", "222", "333") if f">{number}<" in body}


def test_public_sees_only_values_of_published_plans(client, recorded, aizkraukle, bauska, zemgale):
    assert shown(client, page_url(aizkraukle)) == {"222"}
    assert shown(client, page_url(bauska)) == set()
    region = reverse("indicators:region", args=[zemgale.slug])
    assert shown(client, region + "?period=2026") == {"222"}
    assert shown(client, region + "?period=2025") == set()
    exported = client.get(reverse("indicators:region_download", args=[zemgale.slug, "csv"])).content.decode()
    assert [row[8] for row in csv.reader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";")][1:] == ["222"]


def test_coordinator_reads_every_value_of_the_region(client, recorded, coordinator, aizkraukle, bauska, zemgale):
    client.force_login(coordinator)
    assert shown(client, page_url(aizkraukle)) == {"111", "222"}
    assert shown(client, page_url(bauska)) == {"333"}
    assert shown(client, reverse("indicators:region", args=[zemgale.slug]) + "?period=2026") == {"222", "333"}


def test_members_read_their_own_drafts_values_but_not_the_neighbours(client, recorded, viewer, aizkraukle, bauska):
    client.force_login(viewer)
    assert shown(client, page_url(aizkraukle)) == {"111", "222"}
    assert shown(client, page_url(bauska)) == set()


def test_other_regions_coordinator_reads_only_published_values(client, recorded, other_coordinator, aizkraukle):
    client.force_login(other_coordinator)
    assert shown(client, page_url(aizkraukle)) == {"222"}


def test_indicator_pages_are_public(client, recorded, aizkraukle, zemgale):
    for url in (
        reverse("indicators:index"),
        page_url(aizkraukle),
        reverse("indicators:region", args=[zemgale.slug]),
        reverse("indicators:core_list", args=[zemgale.slug]),
    ):
        assert client.get(url).status_code == 200, url


def test_municipality_page_has_a_chart_with_the_target_line_and_a_table(
    client, coordinator, aizkraukle, count_indicator
):
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=count_indicator, year=2025, target="5", actual="3")
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=count_indicator, year=2026, target="6", actual="4")
    client.force_login(coordinator)
    response = client.get(page_url(aizkraukle))
    (chart,) = response.context["charts"]
    assert chart["labels"] == ["2025", "2026"]
    assert chart["datasets"][0]["data"] == [3.0, 4.0]
    assert (chart["datasets"][1]["data"], chart["datasets"][1]["target"]) == ([5.0, 6.0], True)
    body = response.content.decode()
    assert 'id="indicator-charts"' in body
    assert f'data-chart="chart-{count_indicator.pk}"' in body
    assert "vendor/chartjs/chart.umd.min.js" in body
    assert "<script>" not in body
    assert "style=" not in body


def test_downloads_have_the_values_as_numbers(client, coordinator, aizkraukle, eur_indicator, zemgale):
    IndicatorValue.objects.create(
        municipality=aizkraukle, indicator=eur_indicator, year=2026, half=1, actual="1500.50", source="Budžets"
    )
    client.force_login(coordinator)
    response = client.get(reverse("indicators:municipality_download", args=[aizkraukle.slug, "xlsx"]))
    assert response["Content-Disposition"] == 'attachment; filename="aizkraukles-novads-indicators.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [c.value for c in sheet[2]]
    assert row[:2] == ["Aizkraukles novads", "K5"]
    assert (row[4], row[8], row[9]) == (2026, 1500.5, "Budžets")
    text = client.get(reverse("indicators:region_download", args=[zemgale.slug, "csv"])).content.decode("utf-8")
    assert "Aizkraukles novads;K5;Atbalsta apjoms;EUR;2026" in text
    assert "1500,50" in text
    assert client.get(f"/indicators/regions/{zemgale.slug}/values.pdf").status_code == 404


def test_downloads_keep_a_value_as_text_after_its_indicator_changed_unit(client, coordinator, aizkraukle, zemgale):
    indicator = CoreIndicatorFactory(region=zemgale, code="K9", unit="text", kind="qualitative")
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=indicator, year=2026, actual="labs")
    indicator.unit = "count"  # the coordinator makes it a count after a text was recorded
    indicator.save()
    client.force_login(coordinator)
    for kind in ("csv", "xlsx"):
        response = client.get(reverse("indicators:region_download", args=[zemgale.slug, kind]))
        assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:2] + [sheet.cell(2, 9).value] == ["Aizkraukles novads", "K9", "labs"]


# --- the core indicator set, maintained by the coordinator ----------------------------------------------


def test_coordinator_adds_edits_and_deletes_core_indicators(client, coordinator, zemgale, aizkraukle):
    client.force_login(coordinator)
    data = {"code": "K8", "name": "Jaunu sociālo uzņēmumu skaits", "unit": "count", "kind": "quantitative"}
    data.update({"definition": "", "collection": "", "position": 8})
    assert client.post(reverse("indicators:core_create", args=[zemgale.slug]), data).status_code == 302
    indicator = CoreIndicator.objects.get(region=zemgale, code="K8")
    data["name"] = "Jauni sociālie uzņēmumi"
    data["base"] = core_base(indicator)
    assert client.post(reverse("indicators:core_edit", args=[zemgale.slug, indicator.pk]), data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Jauni sociālie uzņēmumi"
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=indicator, year=2026, actual="1")
    client.post(reverse("indicators:core_delete", args=[zemgale.slug, indicator.pk]))
    assert CoreIndicator.objects.filter(pk=indicator.pk).exists()  # values recorded: kept
    IndicatorValue.objects.all().delete()
    client.post(reverse("indicators:core_delete", args=[zemgale.slug, indicator.pk]))
    assert not CoreIndicator.objects.filter(pk=indicator.pk).exists()


def test_core_indicator_form_refuses_a_duplicate_code_and_a_mismatched_unit(
    client, coordinator, zemgale, count_indicator
):
    client.force_login(coordinator)
    with_english(client)
    data = {"code": "k1", "name": "X", "unit": "text", "kind": "quantitative", "position": 1}
    body = client.post(reverse("indicators:core_create", args=[zemgale.slug]), data).content.decode()
    assert "The region already has an indicator with the code k1." in body
    assert "A qualitative indicator is recorded as text; a quantitative one as a count, EUR or %." in body
    assert CoreIndicator.objects.count() == 1


def test_only_the_regions_coordinator_maintains_the_core_indicators(
    client, zemgale, count_indicator, editor, other_coordinator
):
    urls = [
        ("get", reverse("indicators:core_create", args=[zemgale.slug])),
        ("get", reverse("indicators:core_edit", args=[zemgale.slug, count_indicator.pk])),
        ("post", reverse("indicators:core_delete", args=[zemgale.slug, count_indicator.pk])),
    ]
    for user in (editor, other_coordinator):
        client.force_login(user)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 403, (user, url)
    client.logout()
    for method, url in urls:
        assert getattr(client, method)(url)["Location"].startswith(reverse("login"))
    assert CoreIndicator.objects.filter(pk=count_indicator.pk).exists()


def test_another_regions_indicator_is_not_found_under_this_region(client, coordinator, zemgale, panevezys):
    foreign = CoreIndicatorFactory(region=panevezys)
    client.force_login(coordinator)
    assert client.get(reverse("indicators:core_edit", args=[zemgale.slug, foreign.pk])).status_code == 404


# --- worksheet 8 linked to core indicators --------------------------------------------------------------


def test_worksheet_8_offers_the_regions_core_indicators_and_shows_the_latest_actual(
    client, editor, plan, aizkraukle, count_indicator, panevezys
):
    foreign = CoreIndicatorFactory(region=panevezys, code="P1", name="Socialinių įmonių skaičius")
    IndicatorFactory(plan=plan, indicator="Sociālo uzņēmumu skaits", core_indicator=count_indicator)
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=count_indicator, year=2026, half=1, actual="4")
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=count_indicator, year=2026, half=2, actual="7")
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=count_indicator, year=2030, actual="99")
    client.force_login(editor)
    with_english(client)
    body = client.get(reverse("worksheets:worksheet", args=[plan.pk, 8])).content.decode()
    assert f'<option value="{count_indicator.pk}" selected>K1 Sociālo uzņēmumu skaits</option>' in body
    assert foreign.name not in body
    assert "Latest actual value: 7 (2026, second half)" in body


def test_worksheet_8_refuses_another_regions_core_indicator(client, editor, plan, panevezys):
    foreign = CoreIndicatorFactory(region=panevezys)
    row = {"indicator": "Rādītājs", "core_indicator": foreign.pk}
    client.force_login(editor)
    table_rows = existing_rows(plan, _indicator_table()) + [row]
    response = client.post(
        reverse("worksheets:worksheet", args=[plan.pk, 8]), post_data(plan, 8, {"indicators": table_rows})
    )
    assert response.status_code == 200
    assert not Indicator.objects.filter(plan=plan, indicator="Rādītājs").exists()


def _indicator_table():
    return get_worksheet(8).table("indicators")


def test_worksheet_7_suggests_the_due_date_read_from_the_timeline(client, editor, plan):
    ActivityFactory(plan=plan, description="Seminārs", timeline="2026. gada pirmā puse")
    client.force_login(editor)
    with_english(client)
    body = client.get(reverse("worksheets:worksheet", args=[plan.pk, 7])).content.decode()
    assert "Read from “Timeline”: 30.06.2026" in body
    assert 'type="date"' in body
