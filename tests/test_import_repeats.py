"""Imports that meet rows with nothing to do: a sheet's blank lines in the admin's imports (skipped, never refused)
and a core indicator values preview applied a second time (nothing written, and the message says so)."""

import pytest
import tablib
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import ngettext, override

from indicators.models import CoreIndicator, IndicatorValue
from indicators.resources import CoreIndicatorResource
from municipalities.models import Membership, Municipality, Region
from municipalities.resources import MembershipResource, MunicipalityResource, RegionResource
from tests.factories import CoreIndicatorFactory

pytestmark = pytest.mark.django_db

MEMBERSHIP_HEADERS = ["username", "first_name", "last_name", "email", "municipality", "region", "role"]


@pytest.mark.parametrize("blank", [["", "", "", "", "", "", ""], [None] * 7, [" ", "", None, "  ", "", "", ""]])
def test_a_blank_membership_row_is_skipped_without_a_refusal(aizkraukle, blank):
    refusals = []
    dataset = tablib.Dataset(
        ["ilze", "Ilze", "Kalniņa", "ilze@example.lv", "aizkraukles-novads", "", "editor"],
        blank,
        ["liga", "Līga", "Bērziņa", "liga@example.lv", "aizkraukles-novads", "", "mayor"],
        blank,
        headers=MEMBERSHIP_HEADERS,
    )

    result = MembershipResource(refusals=refusals).import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert [number for number, _message in refusals] == [4]  # "mayor" only, numbered as the sheet shows it
    assert [row.import_type for row in result.rows] == ["new", "skip", "skip", "skip"]
    assert list(Membership.objects.values_list("user__username", "role")) == [("ilze", "editor")]


def test_the_admin_import_of_a_sheet_ending_with_a_blank_line_refuses_nothing(admin_client, aizkraukle):
    content = (
        "username,first_name,last_name,email,municipality,region,role\n"
        "ilze,Ilze,Kalniņa,ilze@example.lv,aizkraukles-novads,,editor\n"
        ",,,,,,\n"
    ).encode()
    response = admin_client.post(
        reverse("admin:municipalities_membership_import"),
        {"import_file": SimpleUploadedFile("officers.csv", content), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == []
    assert response.context["result"].totals["new"] == 1
    assert response.context["result"].totals["error"] == 0
    assert response.context["result"].totals["invalid"] == 0


@pytest.mark.parametrize(
    ("resource", "headers", "row", "model"),
    [
        (RegionResource, ["slug", "name", "country", "coordinator_body"], ["kurzeme", "Kurzemes", "LV", ""], Region),
        (
            MunicipalityResource,
            ["slug", "name", "region"],
            ["dobeles-novads", "Dobeles novads", "zemgale"],
            Municipality,
        ),
        (
            CoreIndicatorResource,
            ["region", "code", "name", "definition", "unit", "kind", "collection", "position"],
            ["zemgale", "K9", "Jaunu sociālo uzņēmumu skaits", "", "count", "quantitative", "", "9"],
            CoreIndicator,
        ),
    ],
    ids=["region", "municipality", "core_indicator"],
)
def test_every_resource_skips_blank_rows(zemgale, resource, headers, row, model):
    before = model.objects.count()
    dataset = tablib.Dataset(row, [""] * len(headers), [None] * len(headers), headers=headers)

    result = resource().import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert [r.import_type for r in result.rows] == ["new", "skip", "skip"]
    assert model.objects.count() == before + 1


HEADER = "Municipality;Core indicator code;Year;Part of the year;Baseline;Target;Actual value;Source\n"


def _values_csv(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("values.csv", ("\ufeff" + HEADER + "".join(f"{line}\n" for line in lines)).encode())


@pytest.mark.parametrize("language", ["en", "lv", "lt"])
def test_applying_a_preview_twice_says_the_values_were_already_imported(
    client, coordinator, zemgale, aizkraukle, language
):
    CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits", unit="count")
    CoreIndicatorFactory(region=zemgale, code="K5", name="Atbalsta apjoms", unit="eur")
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("indicators:values_import", args=["zemgale"])
    preview = client.post(
        url, {"file": _values_csv("Aizkraukles novads;K1;2026;;1;4;5;LM reģistrs", "Aizkraukles novads;K5;2026;;;;10;")}
    ).context["preview"]

    first = client.post(url, {"token": preview.token}, follow=True)
    second = client.post(url, {"token": preview.token}, follow=True)

    with override(language):
        imported = ngettext("Imported %(count)s value.", "Imported %(count)s values.", 2) % {"count": 2}
        already = ngettext(
            "The file's %(count)s value was already imported: nothing changed.",
            "The file's %(count)s values were already imported: nothing changed.",
            2,
        ) % {"count": 2}
        zero = ngettext("Imported %(count)s value.", "Imported %(count)s values.", 0) % {"count": 0}
    assert [str(m) for m in first.context["messages"]] == [imported]
    assert [str(m) for m in second.context["messages"]] == [already]
    assert zero not in second.content.decode()
    assert IndicatorValue.objects.count() == 2
    assert IndicatorValue.history.count() == 2


def test_a_preview_partly_imported_meanwhile_says_which_part_was_unchanged(client, coordinator, zemgale, aizkraukle):
    k1 = CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits", unit="count")
    CoreIndicatorFactory(region=zemgale, code="K5", name="Atbalsta apjoms", unit="eur")
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("indicators:values_import", args=["zemgale"])
    upload = _values_csv("Aizkraukles novads;K1;2026;;1;4;5;LM reģistrs", "Aizkraukles novads;K5;2026;;;;10;")
    preview = client.post(url, {"file": upload}).context["preview"]
    IndicatorValue.objects.create(
        municipality=aizkraukle, indicator=k1, year=2026, baseline="1", target="4", actual="5", source="LM reģistrs"
    )

    response = client.post(url, {"token": preview.token}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Imported 1 value.",
        "1 value was already imported and is unchanged.",
    ]
