"""The coordinator's merge, split and rename on the vocabulary page, on the six real Zemgale plans (``fixtures/plans``):
the canonical text typed is the entry's, entries left without variants go (their history stays), and a text too
long is refused with its reason."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, override

from municipalities.models import Region
from tests.factories import coordinator_of
from worksheets.models import VariantMapping, VocabularyEntry, VocabularyField
from worksheets.regional.comparisons import field_grouping, plan_columns
from worksheets.regional.vocabulary import RegionVocabulary, assign_variants, variant_key

pytestmark = pytest.mark.django_db

FUNDING = VocabularyField.FUNDING_SOURCES


@pytest.fixture
def region(seed_plans):
    return Region.objects.get(slug="zemgale")


@pytest.fixture
def zane(region):
    return coordinator_of(region, user__username="zane")


def grouping_of(seed_plans, region):
    return field_grouping(FUNDING, plan_columns(seed_plans), RegionVocabulary.load(region))


def entry_choices(page) -> list[str]:
    return [text for _pk, text in page.context["form"].fields["entry"].choices]


def test_merging_groups_that_are_entries_takes_the_typed_text_and_drops_the_emptied_entry(
    client, seed_plans, region, zane
):
    grouping = grouping_of(seed_plans, region)
    projects = grouping.group_of(variant_key("ES fondu projekti"))
    means = grouping.group_of(variant_key("ES fondu līdzekļi"))
    regional = grouping.group_of(variant_key("ZPR"))
    kept = assign_variants(
        region=region, field_name=FUNDING, variants=projects.variants, user=zane, new_text="ES fondu projekti"
    )
    emptied = assign_variants(
        region=region, field_name=FUNDING, variants=means.variants, user=zane, new_text="ES fondu līdzekļi"
    )
    url = reverse("worksheets:vocabulary", args=[region.slug])
    client.force_login(zane)
    data = {
        "field": FUNDING,
        "action": "merge",
        "groups": [f"entry-{kept.pk}", f"entry-{emptied.pk}", regional.row_key],
        "text": "ES fondi",
    }
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Merged into “ES fondi”."]
    kept.refresh_from_db()
    assert kept.text == "ES fondi"
    assert set(VariantMapping.objects.filter(entry=kept).values_list("key", flat=True)) == {
        v.key for v in projects.variants + means.variants + regional.variants
    }
    assert not VocabularyEntry.objects.filter(pk=emptied.pk).exists()
    assert list(VocabularyEntry.history.filter(id=emptied.pk).values_list("history_type", "history_user")) == [
        ("-", zane.pk),
        ("+", None),
    ]
    assert list(kept.history.values_list("text", "history_user")) == [
        ("ES fondi", zane.pk),
        ("ES fondu projekti", None),
    ]
    assert [t for t in entry_choices(response) if t.startswith("ES")] == ["ES fondi"]


def test_merging_without_a_typed_text_keeps_the_entrys_text(client, seed_plans, region, zane):
    projects = grouping_of(seed_plans, region).group_of(variant_key("ES fondu projekti"))
    kept = assign_variants(
        region=region, field_name=FUNDING, variants=projects.variants, user=zane, new_text="ES fondu projekti"
    )
    regional = grouping_of(seed_plans, region).group_of(variant_key("ZPR"))
    client.force_login(zane)
    data = {"field": FUNDING, "action": "merge", "groups": [f"entry-{kept.pk}", regional.row_key], "text": ""}
    response = client.post(reverse("worksheets:vocabulary", args=[region.slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    kept.refresh_from_db()
    assert kept.text == "ES fondu projekti"
    # the entry's group holds the variant suggested into it since ("ES fondu līdzekļi"): merged with it
    assert sorted(VariantMapping.objects.filter(entry=kept).values_list("text", flat=True)) == [
        "ES fondi",
        "ES fondu līdzekļi",
        "ES fondu projekti",
        "ZPR",
    ]
    assert kept.history.count() == 1


def test_splitting_every_variant_out_of_an_entry_drops_it(seed_plans, region, zane):
    grouping = grouping_of(seed_plans, region)
    means = grouping.group_of(variant_key("ES fondu līdzekļi"))
    old = assign_variants(region=region, field_name=FUNDING, variants=means.variants, user=zane, new_text="ES līdzekļi")
    new = assign_variants(region=region, field_name=FUNDING, variants=means.variants, user=zane, new_text="ES nauda")
    assert not VocabularyEntry.objects.filter(pk=old.pk).exists()
    assert VariantMapping.objects.filter(entry=new).count() == len(means.variants)


def test_an_emptied_entry_left_from_before_is_not_offered(client, seed_plans, region, zane):
    VocabularyEntry.objects.create(region=region, field=FUNDING, text="Tukšs ieraksts", position=9)
    client.force_login(zane)
    page = client.get(reverse("worksheets:vocabulary", args=[region.slug]), {"field": FUNDING})
    assert "Tukšs ieraksts" not in entry_choices(page)


@pytest.mark.parametrize("language", ["en", "lv", "lt"])
def test_renaming_to_a_text_too_long_says_so_in_the_users_language(client, seed_plans, region, zane, language):
    grouping = grouping_of(seed_plans, region)
    entry = assign_variants(
        region=region,
        field_name=FUNDING,
        variants=grouping.group_of(variant_key("ALTUM")).variants,
        user=zane,
        new_text="ALTUM",
    )
    client.force_login(zane)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = {"field": FUNDING, "action": "rename", "entry": str(entry.pk), "text": "ā" * 600}
    response = client.post(reverse("worksheets:vocabulary", args=[region.slug]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.non_field_errors() == []
    with override(language):
        expected = gettext(
            "The canonical text can be at most %(limit_value)d characters long (it has %(show_value)d)."
        ) % {"limit_value": 500, "show_value": 600}
    assert form.errors["text"] == [expected]
    assert expected in response.content.decode()
    entry.refresh_from_db()
    assert entry.text == "ALTUM"
