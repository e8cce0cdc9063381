"""Cells with suggestions (ws 2's cooperation type, ws 4's target group, ws 8's indicator and data method) show what
the real plans hold there: a text longer than one line, or with line breaks, is an auto-growing textarea with all
of it, and a save of the page keeps its line breaks; a short text keeps the one-line input with its suggestions."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import editor_of
from worksheets.editing.grid import ONE_LINE_LIMIT, fits_one_line
from worksheets.editing.page_data import post_data
from worksheets.models import ActionPlan, Cooperation, Indicator, PlanStatus

pytestmark = pytest.mark.django_db


class PageFields(HTMLParser):
    """The fields of a page as a browser reads them: ``{name: (tag, value, attributes)}``; a textarea's value is
    its text without the one line break after its opening tag, a text input's value without line breaks (HTML's
    rules)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.textarea = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "name" in attrs:
            value = attrs.get("value") or ""
            if attrs.get("type", "text") == "text":  # HTML's value sanitisation: a one-line input has no line break
                value = value.replace("\r", "").replace("\n", "")
            self.fields[attrs["name"]] = ("input", value, attrs)
        elif tag == "textarea":
            self.textarea = (attrs["name"], attrs, [])

    def handle_data(self, data):
        if self.textarea:
            self.textarea[2].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            name, attrs, parts = self.textarea
            text = "".join(parts)
            self.fields[name] = ("textarea", text[1:] if text.startswith("\n") else text, attrs)
            self.textarea = None


def page_fields(response) -> dict:
    parser = PageFields()
    parser.feed(response.content.decode())
    return parser.fields


def draft(seed_plans, slug: str) -> ActionPlan:
    plan = next(p for p in seed_plans if p.municipality.slug == slug)
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    plan.refresh_from_db()
    return plan


def test_line_breaks_in_the_seed_plans_cells_with_suggestions(seed_plans):
    """Five cells of the real plans hold line breaks where the grid offered a one-line input: Jelgavas novads' ws 2
    first cooperation type (592 characters), two of Jelgavas valstspilsēta's, two of Bauskas novads' ws 8
    indicators."""
    multi_line = {
        "cooperation_type": sorted(
            (row.plan.municipality.slug, len(row.cooperation_type))
            for row in Cooperation.objects.filter(cooperation_type__contains="\n").select_related("plan__municipality")
        ),
        "indicator": sorted(
            row.plan.municipality.slug
            for row in Indicator.objects.filter(indicator__contains="\n").select_related("plan__municipality")
        ),
    }
    assert multi_line["indicator"] == ["bauskas-novads", "bauskas-novads"]
    assert [slug for slug, _length in multi_line["cooperation_type"]] == [
        "jelgavas-novads",
        "jelgavas-valstspilseta",
        "jelgavas-valstspilseta",
    ]
    assert ("jelgavas-novads", 592) in multi_line["cooperation_type"]


def test_the_592_character_cooperation_type_is_a_textarea_with_all_of_it(client, seed_plans):
    plan = draft(seed_plans, "jelgavas-novads")
    row = Cooperation.objects.filter(plan=plan).order_by("position").first()
    assert len(row.cooperation_type) == 592 and "\n" in row.cooperation_type
    last = Cooperation.objects.filter(plan=plan).order_by("position").last()
    Cooperation.objects.filter(pk=last.pk).update(cooperation_type="Līgums")  # a short text
    client.force_login(editor_of(plan.municipality))
    fields = page_fields(client.get(reverse("worksheets:worksheet", args=[plan.pk, 2])))
    tag, value, attrs = fields["cooperation-0-cooperation_type"]
    assert tag == "textarea"
    assert value == row.cooperation_type  # every character, every line break
    assert "list" not in attrs
    assert (attrs["rows"], attrs["class"], attrs["id"]) == (
        "2",
        "form-control form-control-sm",
        "id_cooperation-0-cooperation_type",
    )
    assert "data-grow" in attrs
    short = [
        (name, field)
        for name, field in fields.items()
        if name.endswith("-cooperation_type") and fits_one_line(field[1])
    ]
    assert len(short) == 1
    for name, (tag, _value, attrs) in short:
        assert (tag, attrs.get("list")) == ("input", "suggest-cooperation-cooperation_type"), name


def test_a_save_of_the_page_keeps_the_line_breaks(client, seed_plans):
    plan = draft(seed_plans, "jelgavas-valstspilseta")
    rows = list(Cooperation.objects.filter(plan=plan).order_by("position"))
    kept = {row.pk: row.cooperation_type for row in rows if "\n" in row.cooperation_type}
    assert len(kept) == 2
    client.force_login(editor_of(plan.municipality))
    url = reverse("worksheets:worksheet", args=[plan.pk, 2])
    shown = page_fields(client.get(url))
    data = post_data(plan, 2)
    for name in data:  # the cells as the page shows them, as the browser sends them back
        if name in shown and name.rsplit("-", 1)[-1] in ("cooperation_type", "organisation", "result"):
            data[name] = shown[name][1]
    data["cooperation-1-organisation"] = "Cita organizācija"  # the officer changes another cell
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Cooperation.objects.get(pk=rows[1].pk).organisation == "Cita organizācija"
    assert {pk: Cooperation.objects.get(pk=pk).cooperation_type for pk in kept} == kept


def test_a_multi_line_text_typed_into_a_cell_with_suggestions_is_stored_with_its_line_breaks(client, seed_plans):
    plan = draft(seed_plans, "jekabpils-novads")
    client.force_login(editor_of(plan.municipality))
    url = reverse("worksheets:worksheet", args=[plan.pk, 8])
    data = post_data(plan, 8)
    data["indicators-0-indicator"] = "Sociālo uzņēmumu skaits\r\n- pirms\r\n- pēc"
    data["indicators-0-data_method"] = "Aptaujas\nIntervijas"
    assert client.post(url, data).status_code == 302
    row = Indicator.objects.filter(plan=plan).order_by("position").first()
    assert (row.indicator, row.data_method) == ("Sociālo uzņēmumu skaits\n- pirms\n- pēc", "Aptaujas\nIntervijas")
    fields = page_fields(client.get(url))
    assert fields["indicators-0-indicator"][:2] == ("textarea", row.indicator)
    assert fields["indicators-0-data_method"][:2] == ("textarea", row.data_method)  # short, but two lines


@pytest.mark.parametrize(
    ("text", "one_line"),
    [
        ("", True),
        (None, True),
        ("Seniori", True),
        ("x" * ONE_LINE_LIMIT, True),
        ("x" * (ONE_LINE_LIMIT + 1), False),
        ("a\nb", False),
        ("a\rb", False),
    ],
)
def test_what_fits_one_line(text, one_line):
    assert fits_one_line(text) is one_line
