"""The synthetic region (``worksheets.seed.synthetic``, ``manage.py generate_region``): plans a worksheet save would
accept, consistent numbers and links, the stages and versions it claims, marked synthetic, removed alone,
deterministic, and guarded like any region."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicators.models import CoreIndicator, IndicatorValue
from municipalities.models import Membership, Municipality, Region
from tests.factories import ActionPlanFactory, coordinator_of, editor_of
from worksheets.editing.editor import WorksheetEditor
from worksheets.editing.page_data import post_data
from worksheets.models import ActionPlan, PlanStatus, PlanTransition, PlanVersion, Task
from worksheets.numbering import UNKNOWN_PARENT, Numbering
from worksheets.registry import ALL_TABLES, WORKSHEETS, get_worksheet
from worksheets.seed.synthetic import (
    ROW_COUNTS,
    SyntheticRegionError,
    all_stages_of,
    generate_region,
    remove_region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db):
    """Five municipalities: one plan at each stage (draft, submitted, approved, published, revision)."""
    return generate_region(municipalities=5, slug="synt", seed=3)


def content_of(region) -> list:
    """Everything generated that a seed decides, without ids and times: municipalities, stages, rows, links."""
    plans = ActionPlan.objects.filter(municipality__region=region).select_related("municipality").order_by("pk")
    content = []
    for plan in plans:
        numbering = Numbering(plan)
        tables = []
        for _worksheet, table in ALL_TABLES:
            rows = []
            for row in table.rows_of(plan):
                values = []
                for column in table.bound_columns:
                    value = getattr(row, column.field.attname)
                    if column.is_link and value is not None:
                        value = numbering.numbers(column.linked_table)[value]
                    elif column.is_reference and value is not None:
                        value = CoreIndicator.objects.get(pk=value).code
                    values.append(value)
                rows.append(tuple(values))
            tables.append(rows)
        name = plan.municipality.name
        content.append((name, plan.status, plan.support_given, plan.partners_identified, tables))
    values = list(
        IndicatorValue.objects.filter(municipality__region=region)
        .order_by("municipality__name", "indicator__code", "year")
        .values_list("municipality__name", "indicator__code", "year", "baseline", "target", "actual")
    )
    return [content, values]


def test_generated_worksheets_pass_the_worksheet_forms(generated):
    for plan in generated.plans:
        for worksheet in WORKSHEETS:
            editor = WorksheetEditor(plan, worksheet, editable=True, data=post_data(plan, worksheet.number))
            assert editor.is_valid(), (plan.municipality.slug, worksheet.number, [f.errors for f in editor.formsets])


def test_generated_rows_pass_the_models_validation_as_new_rows(generated):
    for plan in generated.plans:
        for _worksheet, table in ALL_TABLES:
            for row in table.rows_of(plan):
                row.full_clean()  # every required cell filled, a medium or high risk has preventive measures


def test_generated_row_counts_lie_within_the_real_plans_ranges(generated):
    for plan in generated.plans:
        for _worksheet, table in ALL_TABLES:
            low, high = ROW_COUNTS[table.key]
            count = table.model.objects.filter(plan=plan).count()
            if table.key == "tasks":
                low = max(low, table.model.objects.filter(plan=plan).values("goal").distinct().count())
            assert low <= count <= high, (table.key, count)
    assert generated.rows == sum(t.model.objects.filter(plan__in=generated.plans).count() for _w, t in ALL_TABLES)


def test_generated_numbering_and_links_are_consistent(generated):
    tasks_table = get_worksheet(6).table("tasks")
    goals_table = get_worksheet(6).table("goals")
    for plan in generated.plans:
        for _worksheet, table in ALL_TABLES:
            positions = list(
                table.model.objects.filter(plan=plan).order_by("position").values_list("position", flat=True)
            )
            assert positions == list(range(1, len(positions) + 1)), table.key
            for column in table.link_columns:
                linked = column.field.related_model.objects.filter(plan=plan).values_list("pk", flat=True)
                targets = set(table.model.objects.filter(plan=plan).values_list(column.field.attname, flat=True))
                assert targets - {None} <= set(linked), (table.key, column.name)
        numbering = Numbering(plan)
        goal_numbers = set(numbering.numbers(goals_table).values())
        task_numbers = list(numbering.numbers(tasks_table).values())
        assert {number.split(".")[0] for number in task_numbers} == goal_numbers  # every goal has a task
        assert not any(number.startswith(UNKNOWN_PARENT) for number in task_numbers)
        assert Task.objects.filter(plan=plan).exclude(goal__plan=plan).count() == 0
        for indicator in plan.municipality.region.core_indicators.all():
            assert indicator.region_id == generated.region.pk


def test_generated_stages_and_versions_are_as_claimed(generated):
    assert generated.stages == {"draft": 1, "submitted": 1, "approved": 1, "published": 1, "revision": 1}
    stages = all_stages_of(ActionPlan.objects.filter(municipality__region=generated.region))
    assert sorted(stages.values()) == ["approved", "draft", "published", "revision", "submitted"]
    by_stage = {stage: ActionPlan.objects.get(municipality__slug=slug) for slug, stage in stages.items()}
    assert by_stage["draft"].status == PlanStatus.DRAFT and not by_stage["draft"].versions.exists()
    assert by_stage["submitted"].status == PlanStatus.SUBMITTED and not by_stage["submitted"].versions.exists()
    assert list(by_stage["approved"].versions.values_list("number", flat=True)) == [1]
    published = by_stage["published"]
    assert published.status == PlanStatus.PUBLISHED
    assert published.published_version == published.versions.get(number=1)
    revision = by_stage["revision"]
    assert revision.status == PlanStatus.RETURNED and revision.in_revision
    assert generated.versions == 3 == PlanVersion.objects.filter(plan__municipality__region=generated.region).count()
    actions = list(PlanTransition.objects.filter(plan=revision).order_by("pk").values_list("to_status", flat=True))
    assert actions == ["submitted", "approved", "published", "returned"]
    assert published.history.count() == 4  # created, submitted, approved, published


def test_generated_region_is_marked_synthetic_with_people_and_indicator_values(generated):
    region = Region.objects.get(slug="synt")
    assert region.synthetic is True
    assert Municipality.objects.filter(region=region).count() == 5
    assert Membership.objects.filter(region=region, role="coordinator").count() == 1
    assert Membership.objects.filter(municipality__region=region).count() == 10  # an editor and a viewer each
    assert CoreIndicator.objects.filter(region=region).count() == 5
    assert IndicatorValue.objects.filter(municipality__region=region).count() == generated.indicator_values > 0
    for value in IndicatorValue.objects.filter(municipality__region=region):
        value.full_clean()  # the unit's number format
    assert not get_user_model().objects.get(username="synt-koordinators").has_usable_password()


def test_synthetic_badge_shown_to_staff_and_region_left_off_the_public_list(client, generated, zemgale):
    client.force_login(generated.coordinator)
    for url in (
        reverse("worksheets:dashboard", args=["synt"]),
        reverse("worksheets:region_comparisons", args=["synt"]),
        reverse("worksheets:region_comparison", args=["synt", "risks"]),
    ):
        assert client.get(url).content.count(b"data-synthetic") == 1, url
    real_coordinator = coordinator_of(zemgale, user__username="zane")
    client.force_login(real_coordinator)
    assert b"data-synthetic" not in client.get(reverse("worksheets:dashboard", args=[zemgale.slug])).content
    client.logout()
    listing = client.get(reverse("public:regions")).content.decode()
    assert zemgale.name in listing
    assert "Sintētiskais reģions synt" not in listing
    assert "Sintētiskais reģions synt" in client.get(reverse("public:regions") + "?synthetic=1").content.decode()
    assert client.get(reverse("public:region", args=["synt"])).status_code == 200


def test_synthetic_region_is_refused_to_outsiders(client, generated, zemgale):
    urls = [
        reverse("worksheets:dashboard", args=["synt"]),
        reverse("worksheets:region_comparisons", args=["synt"]),
        reverse("worksheets:region_comparison", args=["synt", "activities"]),
        reverse("worksheets:region_review_pdf", args=["synt"]),
    ]
    client.force_login(coordinator_of(zemgale, user__username="zane"))  # another region's coordinator
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(get_user_model().objects.get(username="synt-1-redaktors"))  # a municipal editor of it
    assert client.get(urls[0]).status_code == 404
    for url in urls[1:]:
        assert client.get(url).status_code == 403, url
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    draft = ActionPlan.objects.get(municipality__region=generated.region, status=PlanStatus.DRAFT)
    assert client.get(reverse("public:plan", args=[draft.pk])).status_code == 404


def test_same_seed_gives_the_same_region(db):
    first = generate_region(municipalities=5, slug="a", seed=11)
    second = generate_region(municipalities=5, slug="b", seed=11)
    other = generate_region(municipalities=5, slug="c", seed=12)
    assert content_of(first.region) == content_of(second.region)
    assert content_of(first.region) != content_of(other.region)


def test_remove_deletes_only_the_synthetic_region(zemgale, aizkraukle):
    real_plan = ActionPlanFactory(municipality=aizkraukle)
    real_editor = editor_of(aizkraukle, user__username="anna")
    kept = generate_region(municipalities=2, slug="kept", seed=1)
    generate_region(municipalities=3, slug="gone", seed=1)
    out = io.StringIO()
    call_command("generate_region", "--remove", "--slug", "gone", stdout=out)
    assert out.getvalue().startswith("Removed the synthetic region gone: 3 plans,")
    assert not Region.objects.filter(slug="gone").exists()
    assert not Municipality.objects.filter(slug__startswith="gone-").exists()
    assert not get_user_model().objects.filter(username__startswith="gone-").exists()
    assert not ActionPlan.history.filter(municipality__slug__startswith="gone-").exists()
    assert ActionPlan.objects.filter(municipality__region=kept.region).count() == 2
    assert get_user_model().objects.filter(username__startswith="kept-").count() == 5
    assert ActionPlan.objects.filter(pk=real_plan.pk).exists()
    assert get_user_model().objects.filter(pk=real_editor.pk).exists()
    assert Region.objects.filter(pk=zemgale.pk).exists()


def test_remove_refuses_a_real_region(zemgale):
    with pytest.raises(SyntheticRegionError):
        remove_region(zemgale.slug)
    with pytest.raises(CommandError, match="not synthetic"):
        call_command("generate_region", "--remove", "--slug", zemgale.slug)
    assert Region.objects.filter(pk=zemgale.pk).exists()


def test_command_refuses_a_taken_short_name(zemgale):
    with pytest.raises(CommandError, match="exists already"):
        call_command("generate_region", "--municipalities", "2", "--slug", zemgale.slug)
    with pytest.raises(CommandError, match="at least one"):
        call_command("generate_region", "--municipalities", "0", "--slug", "empty")
