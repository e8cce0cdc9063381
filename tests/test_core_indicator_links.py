"""Links of plans' worksheet 8 indicators to the region's core indicators: the suggestions on the six real Zemgale
plans, confirming and rejecting (the plan's editor; the region's coordinator in bulk), the history, the lifecycle,
who may do it, and the regional review's table of core indicators."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override

from indicators.evidence import core_indicators_in_plans
from indicators.links import indicator_links, matcher_for
from indicators.matching import THRESHOLD
from indicators.models import CoreIndicator, CoreIndicatorLink, IndicatorValue
from indicators.reports import core_indicator_usage
from indicators.seed import load_core_indicators
from municipalities.models import Region
from tests.factories import ActionPlanFactory, CoreIndicatorFactory, IndicatorFactory, coordinator_of
from worksheets.models import ActionPlan, Indicator, PlanStatus, WorksheetState
from worksheets.regional.review import regional_review
from worksheets.review.lifecycle import plan_transition


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def k1(zemgale):
    return CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits pašvaldības teritorijā")


@pytest.fixture
def k2(zemgale):
    return CoreIndicatorFactory(
        region=zemgale, code="K2", name="Jaunu partnerību skaits starp sociālajiem uzņēmumiem, NVO un pašvaldību"
    )


@pytest.fixture
def row(plan, k1, k2):
    return IndicatorFactory(plan=plan, indicator="Sociālo uzņēmumu skaits (pirms un pēc)")


def test_editor_confirms_a_suggestion_into_the_grid_with_history(client, editor, plan, row, k1):
    client.force_login(editor)
    page = client.get(reverse("indicators:plan_links", args=[plan.pk]))
    assert page.status_code == 200
    assert f'value="{row.pk}:{k1.pk}"'.encode() in page.content

    response = client.post(reverse("indicators:plan_links", args=[plan.pk]), {"confirm": f"{row.pk}:{k1.pk}"})

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.core_indicator == k1
    record = row.history.order_by("-history_id").first()
    assert record.history_user == editor
    with override("lv"):  # the reason is written in the plan's language
        assert record.history_change_reason == gettext("core indicator link confirmed by the municipal editor")
    assert record.history_change_reason.startswith("saiti ar pamatrādītāju")
    link = CoreIndicatorLink.objects.get(plan_indicator=row)
    assert (link.decision, link.decided_as, link.decided_by, link.suggested) == ("confirmed", "editor", editor, True)
    assert link.history.count() == 1
    assert WorksheetState.objects.get(plan=plan, number=8).revision == 1


def test_confirming_twice_writes_nothing_more(client, editor, plan, row, k1):
    client.force_login(editor)
    url = reverse("indicators:plan_links", args=[plan.pk])
    client.post(url, {"confirm": f"{row.pk}:{k1.pk}"})
    client.post(url, {"confirm": f"{row.pk}:{k1.pk}"})
    assert row.history.count() == 2  # created, then linked once
    assert WorksheetState.objects.get(plan=plan, number=8).revision == 1


def test_a_row_a_colleague_linked_elsewhere_meanwhile_is_left_alone(client, editor, plan, row, k1, k2):
    row.core_indicator = k2
    row.save()
    client.force_login(editor)
    client.post(reverse("indicators:plan_links", args=[plan.pk]), {"confirm": f"{row.pk}:{k1.pk}"})
    row.refresh_from_db()
    assert row.core_indicator == k2
    assert not CoreIndicatorLink.objects.exists()


def test_editor_cannot_confirm_in_a_submitted_plan(client, editor, plan, row, k1):
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    client.force_login(editor)
    response = client.post(reverse("indicators:plan_links", args=[plan.pk]), {"confirm": f"{row.pk}:{k1.pk}"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.core_indicator is None


def test_coordinator_confirms_in_bulk_in_an_approved_plan_attributed_to_them(client, coordinator, plan, row, k1):
    plan.status = PlanStatus.APPROVED
    plan.save()
    other = IndicatorFactory(plan=plan, indicator="Jaunu partnerību skaits")
    k2 = CoreIndicator.objects.get(code="K2")
    client.force_login(coordinator)
    url = reverse("indicators:region_links", args=["zemgale"])
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{other.pk}:{k2.pk}"'.encode() in page.content

    response = client.post(url, {"action": "confirm", "link": [f"{row.pk}:{k1.pk}", f"{other.pk}:{k2.pk}"]})

    assert response.status_code == 302
    assert dict(Indicator.objects.filter(plan=plan).values_list("pk", "core_indicator")) == {
        row.pk: k1.pk,
        other.pk: k2.pk,
    }
    record = row.history.order_by("-history_id").first()
    with override("lv"):  # the reason is written in the plan's language
        reason = gettext("core indicator link confirmed by the regional coordinator")
    assert (record.history_user, record.history_change_reason) == (coordinator, reason)
    assert reason != "core indicator link confirmed by the regional coordinator"
    assert set(CoreIndicatorLink.objects.values_list("decided_as", flat=True)) == {"coordinator"}
    assert WorksheetState.objects.get(plan=plan, number=8).revision == 1  # once per plan


def test_a_malformed_choice_is_a_400(client, coordinator, plan, row):
    client.force_login(coordinator)
    url = reverse("indicators:region_links", args=["zemgale"])
    assert client.post(url, {"action": "confirm", "link": ["x:1"]}).status_code == 400
    assert client.post(url, {"action": "delete", "link": [f"{row.pk}:1"]}).status_code == 400
    assert client.post(reverse("indicators:plan_links", args=[plan.pk]), {"confirm": "1"}).status_code == 400


def test_a_core_indicator_of_another_region_is_not_linked(client, coordinator, plan, row, panevezys):
    foreign = CoreIndicatorFactory(region=panevezys, code="PV1", name="Sociālo uzņēmumu skaits")
    client.force_login(coordinator)
    client.post(
        reverse("indicators:region_links", args=["zemgale"]), {"action": "confirm", "link": f"{row.pk}:{foreign.pk}"}
    )
    row.refresh_from_db()
    assert row.core_indicator is None


def test_outsiders_are_refused(client, plan, row, k1, viewer, other_editor, other_coordinator):
    url = reverse("indicators:plan_links", args=[plan.pk])
    client.force_login(other_editor)  # another municipality's editor
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": f"{row.pk}:{k1.pk}"}).status_code == 404
    client.force_login(other_coordinator)  # another region's coordinator
    assert client.get(url).status_code == 404
    assert client.get(reverse("indicators:region_links", args=["zemgale"])).status_code == 403
    client.force_login(viewer)  # reads, does not confirm
    assert client.get(url).status_code == 200
    assert client.post(url, {"confirm": f"{row.pk}:{k1.pk}"}).status_code == 403
    assert client.get(reverse("indicators:region_links", args=["zemgale"])).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    row.refresh_from_db()
    assert row.core_indicator is None


def test_the_review_counts_confirmed_and_suggested_plans_and_the_values(plan, row, k1, k2, aizkraukle, bauska):
    bauska_plan = ActionPlanFactory(municipality=bauska)
    IndicatorFactory(plan=bauska_plan, indicator="Sociālo uzņēmumu skaits", core_indicator=k1)
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=k1, year=2026, actual="3")
    IndicatorValue.objects.create(municipality=bauska, indicator=k1, year=2026, half=1, actual="4")
    IndicatorValue.objects.create(municipality=bauska, indicator=k1, year=2027, actual="5")
    IndicatorValue.objects.create(municipality=bauska, indicator=k1, year=2031, actual="99")  # outside the plan
    plans = list(ActionPlan.objects.filter(pk__in=[plan.pk, bauska_plan.pk]).order_by("municipality__name"))

    with override("en"):
        table = core_indicators_in_plans([], plans)

    assert table.rows[0][:5] == [
        "K1 Sociālo uzņēmumu skaits pašvaldības teritorijā",
        "count",
        1,
        "1 plan: Bauskas novads",
        "1 plan: Aizkraukles novads",
    ]
    assert table.rows[0][5] == "Aizkraukles novads: 3 (2026)\nBauskas novads: 5 (2027)"
    assert table.rows[1][2:5] == [0, "", ""]


def _review_table(region, plans, title="Core indicators in the plans"):
    with override("en"):
        review = regional_review(region, plans)
    return next(table for section in review.sections for table in section.tables if table.title == title)


def test_the_review_counts_a_plan_under_revision_by_its_published_version(
    sound_plan, editor, coordinator, zemgale, k1, k2
):
    linked = Indicator.objects.get(plan=sound_plan)  # "SU skaits"
    linked.core_indicator = k1
    linked.save()
    partnerships = IndicatorFactory(
        plan=sound_plan, indicator="Jaunu partnerību skaits starp sociālajiem uzņēmumiem, NVO un pašvaldību"
    )
    plan_transition(plan=sound_plan, action="submit", user=editor, comment="Iesniedzam.")
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    plan_transition(plan=sound_plan, action="publish", user=coordinator)
    plan_transition(plan=sound_plan, action="reopen", user=coordinator, comment="Pārskatīšana.")
    # the revision's draft unlinks K1 and links K2: the review still reads version 1, in force
    Indicator.objects.filter(pk=linked.pk).update(core_indicator=None)
    Indicator.objects.filter(pk=partnerships.pk).update(core_indicator=k2)
    sound_plan.refresh_from_db()
    assert sound_plan.in_revision

    table = _review_table(zemgale, [sound_plan])

    assert [row[:5] for row in table.rows] == [
        ["K1 Sociālo uzņēmumu skaits pašvaldības teritorijā", "count", 1, "1 plan: Aizkraukles novads", ""],
        [
            "K2 Jaunu partnerību skaits starp sociālajiem uzņēmumiem, NVO un pašvaldību",
            "count",
            0,
            "",
            "1 plan: Aizkraukles novads",
        ],
    ]
    # the coordinator's links page works on the draft: there K2 is linked and K1 is not
    usage = {u.indicator.code: (u.confirmed, u.suggested) for u in core_indicator_usage(zemgale, [sound_plan])}
    assert usage["K2"] == (["Aizkraukles novads"], [])
    assert usage["K1"][0] == []


def test_a_rejected_suggestion_stays_out_of_the_review_of_a_version(sound_plan, editor, coordinator, zemgale, k1, k2):
    row = Indicator.objects.get(plan=sound_plan)  # "SU skaits": K1 suggested
    plan_transition(plan=sound_plan, action="submit", user=editor, comment="Iesniedzam.")
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    plan_transition(plan=sound_plan, action="publish", user=coordinator)
    plan_transition(plan=sound_plan, action="reopen", user=coordinator, comment="Pārskatīšana.")
    sound_plan.refresh_from_db()
    assert _review_table(zemgale, [sound_plan]).rows[0][4] == "1 plan: Aizkraukles novads"

    response = _client(coordinator).post(
        reverse("indicators:plan_links", args=[sound_plan.pk]), {"reject": f"{row.pk}:{k1.pk}"}
    )

    assert response.status_code == 302
    assert _review_table(zemgale, [sound_plan]).rows[0][2:5] == [0, "", ""]


# --- the links pages, reached from the plan and from worksheet 8 ------------------------------------------------


def test_the_plan_page_and_worksheet_8_lead_an_editor_to_the_links_page(client, editor, plan):
    links = reverse("indicators:plan_links", args=[plan.pk]).encode()
    client.force_login(editor)
    assert links in client.get(reverse("worksheets:plan", args=[plan.pk])).content
    assert links in client.get(reverse("worksheets:worksheet", args=[plan.pk, 8])).content
    assert links not in client.get(reverse("worksheets:worksheet", args=[plan.pk, 7])).content


def test_an_outsider_reading_the_published_plan_gets_no_link(client, sound_plan, editor, coordinator, other_editor):
    publish = [("submit", editor), ("approve", coordinator), ("publish", coordinator)]
    for action, user in publish:
        plan_transition(plan=sound_plan, action=action, user=user, comment="Iesniedzam.")
    links = reverse("indicators:plan_links", args=[sound_plan.pk]).encode()
    client.force_login(other_editor)  # another municipality's editor reads the published plan
    plan_page = client.get(reverse("worksheets:plan", args=[sound_plan.pk]))
    worksheet = client.get(reverse("worksheets:worksheet", args=[sound_plan.pk, 8]))
    assert (plan_page.status_code, worksheet.status_code) == (200, 200)
    assert links not in plan_page.content
    assert links not in worksheet.content
    assert client.get(links.decode()).status_code == 404


# --- the six real Zemgale plans (loaded once, for the rest of the module: these tests come last) -------------


def _suggested_codes(plans):
    region = Region.objects.get(slug="zemgale")
    links = indicator_links(plans, matcher_for(region))
    return {
        plan.municipality.slug: [link.suggestion.indicator.code if link.suggestion else None for link in links[plan.pk]]
        for plan in plans
    }


def test_seed_plans_get_the_measured_suggestions(db, seed_plans):
    load_core_indicators()
    codes = _suggested_codes(seed_plans)
    # fixtures/plans, worksheet 8, in row order; measured with THRESHOLD = 60 (indicators/matching.py)
    assert THRESHOLD == 60
    assert codes["aizkraukles-novads"] == ["K1", "K3", "K4", "K7", "KV2", "KV4", None, None, None, "K4", "KV5"]
    assert codes["jekabpils-novads"] == ["K1", "K2", "K3", "K4", "K6", None, "K2", "K3", "K4", "KV3", "K7"]
    assert codes["jelgavas-novads"] == ["K1", "K2", None, None, "K5", "K7", "KV2", None]
    assert codes["dobeles-novads"] == [None, None, None, None, None]
    assert codes["jelgavas-valstspilseta"][:3] == ["K1", None, None]
    assert sum(code is not None for plan_codes in codes.values() for code in plan_codes) == 28


def test_a_rejected_suggestion_stays_rejected_until_the_text_changes(seed_plans, coordinator_zemgale):
    load_core_indicators()
    plan = next(p for p in seed_plans if p.municipality.slug == "jekabpils-novads")
    row = Indicator.objects.filter(plan=plan).order_by("position").first()  # "Sociālo uzņēmumu skaits (pirms un pēc)"
    k1 = CoreIndicator.objects.get(region__slug="zemgale", code="K1")
    client = _client(coordinator_zemgale)
    response = client.post(reverse("indicators:plan_links", args=[plan.pk]), {"reject": f"{row.pk}:{k1.pk}"})
    assert response.status_code == 302
    assert _suggested_codes([plan])["jekabpils-novads"][0] is None
    row.indicator = "Sociālo uzņēmumu skaits pašvaldībā (pirms un pēc)"
    row.save()
    assert _suggested_codes([plan])["jekabpils-novads"][0] == "K1"


@pytest.fixture
def coordinator_zemgale(db, seed_plans):
    return coordinator_of(Region.objects.get(slug="zemgale"), user__username="zane-seed")
