"""Reference data in bulk: core indicator values of a region's municipalities from a spreadsheet (preview, confirm,
refusals, all or nothing, a colleague's change meanwhile) and, in the admin, officers' memberships, regions and core
indicators (django-import-export)."""

import io

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from indicators.models import IndicatorValue
from indicators.resources import CoreIndicatorResource
from municipalities.models import Membership
from municipalities.resources import MembershipResource, RegionResource
from tests.factories import CoreIndicatorFactory, MunicipalityFactory

HEADER = "Municipality;Core indicator code;Year;Part of the year;Baseline;Target;Actual value;Source\n"


def _csv(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("values.csv", ("\ufeff" + HEADER + "".join(f"{line}\n" for line in lines)).encode())


@pytest.fixture
def k1(zemgale):
    return CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits", unit="count")


@pytest.fixture
def k5(zemgale):
    return CoreIndicatorFactory(region=zemgale, code="K5", name="Atbalsta apjoms", unit="eur")


def _preview(client, region_slug, upload):
    return client.post(reverse("indicators:values_import", args=[region_slug]), {"file": upload})


def test_coordinator_previews_then_imports_values_with_a_decimal_comma(client, coordinator, aizkraukle, bauska, k1, k5):
    IndicatorValue.objects.create(municipality=bauska, indicator=k1, year=2026, actual="3", baseline="2")
    client.force_login(coordinator)
    upload = _csv(
        "Aizkraukles novads;K1;2026;;1;4;5;LM reģistrs",
        "bauskas-novads;k1;2026;;;;6;",
        "Aizkraukles novads;K5;2026;1;;;1 500,50;Budžets",
    )

    response = _preview(client, "zemgale", upload)

    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.new, preview.changed, preview.unchanged, preview.errors) == (2, 1, 0, [])
    assert IndicatorValue.objects.count() == 1  # a preview writes nothing
    response = client.post(reverse("indicators:values_import", args=["zemgale"]), {"token": preview.token})
    assert response.status_code == 302
    stored = {
        (v.municipality.slug, v.indicator.code, v.year, v.half): (v.baseline, v.target, v.actual, v.source)
        for v in IndicatorValue.objects.select_related("municipality", "indicator")
    }
    assert stored == {
        ("aizkraukles-novads", "K1", 2026, 0): ("1", "4", "5", "LM reģistrs"),
        ("bauskas-novads", "K1", 2026, 0): ("2", "", "6", ""),  # an empty cell keeps the stored baseline
        ("aizkraukles-novads", "K5", 2026, 1): ("", "", "1500.50", "Budžets"),
    }
    record = IndicatorValue.history.filter(municipality=bauska).order_by("-history_id").first()
    assert (record.history_user, record.actual) == (coordinator, "6")


def test_rows_with_errors_are_named_and_nothing_can_be_imported(client, coordinator, aizkraukle, k1, panevezys):
    MunicipalityFactory(region=panevezys, name="Biržų rajono savivaldybė", slug="birzai")
    client.force_login(coordinator)
    upload = _csv(
        "Aizkraukles novads;K1;2026;;;;12;",
        "Aizkraukles novads;K1;2027;;;;2,5;",
        "Biržų rajono savivaldybė;K1;2026;;;;3;",
        "Nekurienes novads;K9;1999;3;;;;",
        "Aizkraukles novads;K1;2026;;;;13;",
    )

    preview = _preview(client, "zemgale", upload).context["preview"]

    assert [(e.row, e.column) for e in preview.errors] == [
        (3, "Actual value"),
        (4, "Municipality"),
        (5, "Municipality"),
        (5, "Core indicator code"),
        (5, "Year"),
        (5, "Part of the year"),
        (6, "Core indicator code"),
    ]
    assert "12" in preview.errors[0].message  # the count's message, with its example
    assert "Biržų rajono savivaldybė" in preview.errors[1].message
    assert not preview.can_apply and preview.token == ""
    assert IndicatorValue.objects.count() == 0


def test_a_colleagues_change_since_the_preview_stops_the_whole_import(client, coordinator, editor, aizkraukle, k1, k5):
    value = IndicatorValue.objects.create(municipality=aizkraukle, indicator=k1, year=2026, actual="3")
    client.force_login(coordinator)
    preview = _preview(
        client, "zemgale", _csv("Aizkraukles novads;K5;2026;;;;100;", "Aizkraukles novads;K1;2026;;;;4;")
    )
    token = preview.context["preview"].token
    value.actual = "7"  # an editor saves meanwhile
    value.save()

    response = client.post(reverse("indicators:values_import", args=["zemgale"]), {"token": token})

    assert response.status_code == 409
    assert [c[:3] for c in response.context["conflicts"]] == [(3, "Aizkraukles novads", "K1")]
    assert list(IndicatorValue.objects.values_list("indicator__code", "actual")) == [("K1", "7")]  # K5 not written


def test_a_changed_or_foreign_token_is_refused(client, coordinator, other_coordinator, aizkraukle, k1):
    client.force_login(coordinator)
    token = _preview(client, "zemgale", _csv("Aizkraukles novads;K1;2026;;;;4;")).context["preview"].token
    url = reverse("indicators:values_import", args=["zemgale"])
    response = client.post(url, {"token": token[:-2] + "xx"})
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 0
    client.force_login(other_coordinator)
    assert client.post(url, {"token": token}).status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_an_xlsx_file_is_read(client, coordinator, aizkraukle, k1):
    workbook = Workbook()
    workbook.active.append(["Pašvaldība", "Kods", "Gads", "Faktiskā vērtība"])
    workbook.active.append(["Aizkraukles novads", "K1", 2026, 7])
    content = io.BytesIO()
    workbook.save(content)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("values.xlsx", content.getvalue())
    preview = _preview(client, "zemgale", upload).context["preview"]
    assert preview.errors == []
    assert [(r.municipality.slug, r.indicator.code, r.values["actual"]) for r in preview.rows] == [
        ("aizkraukles-novads", "K1", "7")
    ]


def test_a_file_that_is_no_spreadsheet_is_a_form_error(client, coordinator, zemgale):
    client.force_login(coordinator)
    response = _preview(client, "zemgale", SimpleUploadedFile("values.xlsx", b"not a workbook"))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_only_the_regions_coordinator_imports(client, zemgale, editor, other_coordinator):
    url = reverse("indicators:values_import", args=["zemgale"])
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 403
    assert client.get(reverse("indicators:values_import", args=["nowhere"])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# --- the admin: officers' memberships, regions, core indicators ---------------------------------------------------


def _dataset(*rows):
    return tablib.Dataset(
        *rows, headers=["username", "first_name", "last_name", "email", "municipality", "region", "role"]
    )


def test_membership_import_refuses_bad_rows_and_imports_the_good_ones(aizkraukle, bauska):
    refusals = []
    dataset = _dataset(
        ["ilze", "Ilze", "Kalniņa", "ilze@example.lv", "aizkraukles-novads", "", "editor"],
        ["martins", "Mārtiņš", "Ozols", "martins@example.lv", "Nekurienes novads", "", "editor"],
        ["liga", "Līga", "Bērziņa", "liga@example.lv", "bauskas-novads", "", "mayor"],
        ["zane", "Zane", "Liepa", "zane@example.lv", "", "zemgale", "Reģiona koordinators"],
        ["ilze", "", "", "", "Bauskas novads", "", "viewer"],
    )

    result = MembershipResource(refusals=refusals).import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert [number for number, _message in refusals] == [3, 4]
    assert "Nekurienes novads" in refusals[0][1] and "mayor" in refusals[1][1]
    memberships = sorted(Membership.objects.values_list("user__username", "role", "municipality__slug", "region__slug"))
    assert memberships == [
        ("ilze", "editor", "aizkraukles-novads", None),
        ("ilze", "viewer", "bauskas-novads", None),
        ("zane", "coordinator", None, "zemgale"),
    ]
    ilze = get_user_model().objects.get(username="ilze")
    assert (ilze.first_name, ilze.email) == ("Ilze", "ilze@example.lv")
    assert next(PasswordResetForm().get_users("ilze@example.lv")) == ilze  # can set a password of their own
    assert not get_user_model().objects.filter(username__in=["martins", "liga"]).exists()


def test_membership_export_then_import_changes_nothing(aizkraukle, editor, coordinator):
    exported = MembershipResource().export()
    before = sorted(Membership.objects.values_list("pk", "user_id", "role", "municipality_id", "region_id"))
    users = sorted(get_user_model().objects.values_list("pk", "username", "first_name", "last_name", "email"))

    result = MembershipResource().import_data(tablib.Dataset().load(exported.csv, format="csv"), dry_run=False)

    assert [row.import_type for row in result.rows] == ["skip", "skip"]
    assert sorted(Membership.objects.values_list("pk", "user_id", "role", "municipality_id", "region_id")) == before
    assert sorted(get_user_model().objects.values_list("pk", "username", "first_name", "last_name", "email")) == users


def test_region_and_core_indicator_export_then_import_changes_nothing(zemgale, k1, k5):
    for resource in (RegionResource(), CoreIndicatorResource()):
        exported = resource.export()
        result = resource.import_data(tablib.Dataset().load(exported.csv, format="csv"), dry_run=False)
        assert {row.import_type for row in result.rows} == {"skip"}, type(resource).__name__


def test_admin_membership_import_tells_the_refused_rows(admin_client, aizkraukle):
    content = (
        "username,first_name,last_name,email,municipality,region,role\n"
        "ilze,Ilze,Kalniņa,ilze@example.lv,aizkraukles-novads,,editor\n"
        "liga,Līga,Bērziņa,liga@example.lv,aizkraukles-novads,,mayor\n"
    ).encode()
    response = admin_client.post(
        reverse("admin:municipalities_membership_import"),
        {"import_file": SimpleUploadedFile("officers.csv", content), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert len(texts) == 1 and "3" in texts[0] and "mayor" in texts[0]
    assert response.context["result"].totals["new"] == 1
    assert not Membership.objects.exists()  # the preview wrote nothing


def test_admin_import_keeps_the_file_between_preview_and_confirmation_in_the_shared_storage(
    admin_client, aizkraukle, tmp_path, settings
):
    """Between the preview and "Confirm import" the file waits in the default storage (shared by every app server,
    S3 when configured), not in one server's /tmp; confirming imports it and removes it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    content = "username,first_name,last_name,email,municipality,region,role\nilze,Ilze,Kalniņa,ilze@example.lv,aizkraukles-novads,,editor\n"
    preview = admin_client.post(
        reverse("admin:municipalities_membership_import"),
        {"import_file": SimpleUploadedFile("officers.csv", content.encode()), "format": "0", "resource": "0"},
    )
    kept = preview.context["confirm_form"].initial["import_file_name"]
    assert "/" not in kept
    assert (tmp_path / "django-import-export" / kept).exists()

    confirmed = admin_client.post(
        reverse("admin:municipalities_membership_process_import"),
        {**preview.context["confirm_form"].initial, "resource": "0"},
    )

    assert confirmed.status_code == 302
    assert Membership.objects.filter(user__username="ilze", municipality=aizkraukle).exists()
    assert not (tmp_path / "django-import-export" / kept).exists()


@pytest.mark.parametrize(
    "model",
    ["municipalities_region", "municipalities_municipality", "municipalities_membership", "indicators_coreindicator"],
)
def test_an_export_with_filters_the_list_does_not_know_goes_back_to_the_list(admin_client, zemgale, k1, model):
    export = reverse(f"admin:{model}_export")
    assert admin_client.get(export).status_code == 200

    response = admin_client.get(export, {"_save": "abc", "colour": "red"}, follow=True)

    assert response.redirect_chain == [(reverse(f"admin:{model}_changelist"), 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_an_export_with_the_lists_filters_exports_those_rows(admin_client, zemgale, panevezys):
    response = admin_client.post(
        reverse("admin:municipalities_region_export") + f"?country__exact={zemgale.country}",
        {"format": "0", "resource": "0", "regionresource_slug": "on", "regionresource_name": "on"},
    )
    assert response.status_code == 200
    assert response.content.decode().splitlines() == ["slug,name", f"{zemgale.slug},{zemgale.name}"]
