"""The Panevėžys region in Lithuanian: no Latvian interface text on any page its people reach, in its PDFs, workbooks
and e-mails; Lithuanian dates; a Lithuanian plan's PDF read back with every Lithuanian letter.

The plans are written in Lithuanian only (``tests.lithuanian``), the people have Lithuanian names and the database
holds the Panevėžys region alone, so any Latvian found is the interface's: a text of the lv catalogue that differs
from its English source and its Lithuanian translation, or a letter Lithuanian never writes (ā ē ī ģ ķ ļ ņ).
"""

import base64
import html
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from indicators.models import CoreIndicator, Half, IndicatorValue
from indicators.seed import load_core_indicators
from tests.factories import RiskFactory, coordinator_of, editor_of, viewer_of
from tests.lithuanian import (
    LITHUANIAN_LETTERS,
    fill_in_lithuanian,
    in_lithuanian,
    lithuanian_texts,
    lt,
    not_lithuanian,
    panevezys_region,
    pdf_fonts,
    pdf_text,
    person,
    source_text,
    visible_text,
    workbook_texts,
)
from worksheets.editing import services
from worksheets.editing.page_data import post_data
from worksheets.exports.pdf import plan_pdf_html
from worksheets.models import MonitoringActivity, PlanStatus, PlanTransition, PlanVersion, Risk
from worksheets.regional.comparisons import COMPARISONS
from worksheets.registry import WORKSHEETS, get_worksheet
from worksheets.registry.guidance import STANDARD_MONITORING, STANDARD_RISKS
from worksheets.review.comments import comment_add
from worksheets.review.notifications import notify_transition

pytestmark = pytest.mark.django_db

DECISION_DATE = date(2026, 11, 26)
LITHUANIAN_DATE = re.compile(r"\d{4} m\. \w+ \d{1,2} d\.")  # "2026 m. lapkričio 26 d." (Django's lt DATE_FORMAT)


# Approving a plan with open problems or comments asks to tick "approve anyway" (a plan without them has no such box).
ANYWAY = {"confirmed": "on"}


def review_round(plan, editor, coordinator) -> None:
    """The plan's review round as its people click it (each in their own interface language): submit, return with a
    comment, submit again, approve with a council decision, publish."""
    officer, reviewer = client_for(editor), client_for(coordinator)
    for client, action, data in [
        (officer, "submit", {"comment": "Prašome įvertinti planą."}),
        (reviewer, "return", {"comment": "Prašome papildyti 6 darbo lapą."}),
        (officer, "submit", {"comment": "Papildėme uždavinių terminus."}),
        (reviewer, "approve", {"decision_number": "Nr. T-125", "decision_date": DECISION_DATE.isoformat(), **ANYWAY}),
        (reviewer, "publish", {}),
    ]:
        response = client.post(reverse("worksheets:transition", args=[plan.pk, action]), data)
        assert response.status_code == 302, f"{action}: {response.status_code}"


def client_for(user=None) -> Client:
    """A client signed in as ``user``, with no language chosen (their own language counts); anonymous: with the
    language cookie the switcher sets for Lithuanian."""
    client = Client()
    if user is None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lt"
    else:
        client.force_login(user)
    return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The Panevėžys region alone (``fixtures/regions.json``), its people with Lithuanian names, its core indicators
    (``load_core_indicators``) with values of Biržai, and three plans written in Lithuanian: Biržai's published plan
    (2026–2027, version 1, through a whole review round, its activities overdue), Biržai's draft (2028–2029) with an
    answered review comment and a deleted risk, and Kupiškis's published plan. Made once per module inside a
    transaction rolled back at its end; each test's own changes are rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        region, municipalities = panevezys_region()
        birzai, kupiskis = municipalities["birzai"], municipalities["kupiskis"]
        editor = editor_of(birzai, **person("editor"))
        viewer = viewer_of(birzai, **person("viewer"))
        coordinator = coordinator_of(region, **person("coordinator"))
        colleague = editor_of(kupiskis, **person("colleague"))
        load_core_indicators()
        core = list(CoreIndicator.objects.filter(region=region).order_by("position"))
        for indicator in core[:3]:
            IndicatorValue.objects.create(
                municipality=birzai,
                indicator=indicator,
                year=2026,
                half=Half.WHOLE_YEAR,
                baseline="1",
                target="3",
                actual="2",
                source="Juridinių asmenų registras",
                updated_by=editor,
            )
        overdue = timezone.localdate() - timedelta(days=10)
        published = services.plan_create(
            user=editor,
            municipality=birzai,
            period_start=2026,
            period_end=2027,
            title="Socialinio verslo plėtros planas",
        )
        fill_in_lithuanian(published, due_date=overdue)
        review_round(published, editor, coordinator)
        draft = services.plan_create(
            user=editor, municipality=birzai, period_start=2028, period_end=2029, title="Veiksmų planas 2028–2029"
        )
        rows = fill_in_lithuanian(draft)
        comment = comment_add(
            plan=draft, worksheet=get_worksheet(6), user=coordinator, text="Uždaviniui trūksta termino.",
            row=f"tasks:{rows['task'].pk}",
        )  # fmt: skip
        comment_add(
            plan=draft, worksheet=get_worksheet(6), user=editor, text="Terminas – 2028 m. kovas.", parent=comment
        )
        RiskFactory(plan=draft, factor="Pašalinta rizika").delete()
        other = services.plan_create(
            user=colleague, municipality=kupiskis, period_start=2026, period_end=2028, title="Kupiškio veiksmų planas"
        )
        fill_in_lithuanian(other)
        review_round(other, colleague, coordinator)
        with django_db_blocker.block():  # the tests get the database as they ask for it
            yield {
                "region": region,
                "birzai": birzai,
                "editor": editor,
                "viewer": viewer,
                "coordinator": coordinator,
                "core": core,
                "published": published,
                "draft": draft,
                "rows": rows,
            }
        transaction.set_rollback(True)


def worksheet_urls(plan) -> list[tuple[str, str]]:
    return [
        (f"worksheet {ws.number} of {plan.period}", reverse("worksheets:worksheet", args=[plan.pk, ws.number]))
        for ws in WORKSHEETS
    ]


def pages_of(role: str, world) -> list[tuple[str, str]]:
    """``[(page, url)]``: every kind of page ``role`` reaches in the Panevėžys region. The downloads (PDF, Excel, CSV)
    are fetched by one role each (the anonymous visitor the public ones, the editor the plan's, the coordinator the
    region's): a download is the same for every reader of one language."""
    draft, published, region, birzai = world["draft"], world["published"], world["region"], world["birzai"]
    public = [
        ("public regions", reverse("public:regions")),
        ("public region", reverse("public:region", args=[region.slug])),
        ("public plan", reverse("public:plan", args=[published.pk])),
        *[(f"public comparison {s.key}", reverse("public:comparison", args=[region.slug, s.key])) for s in COMPARISONS],
        ("indicators", reverse("indicators:index")),
        ("municipality indicators", reverse("indicators:municipality", args=[birzai.slug])),
        ("region indicators", reverse("indicators:region", args=[region.slug])),
        ("core indicators", reverse("indicators:core_list", args=[region.slug])),
    ]
    public_downloads = [
        ("public plan PDF", reverse("public:plan_pdf", args=[published.pk])),
        ("public plan Excel", reverse("public:plan_xlsx", args=[published.pk])),
        *[
            (f"public comparison {s.key} Excel", reverse("public:comparison_xlsx", args=[region.slug, s.key]))
            for s in COMPARISONS
        ],
        ("municipality indicators CSV", reverse("indicators:municipality_download", args=[birzai.slug, "csv"])),
        ("region indicators Excel", reverse("indicators:region_download", args=[region.slug, "xlsx"])),
    ]
    plan_pages = [
        ("my plans", reverse("worksheets:plan_list")),
        ("draft overview", draft.get_absolute_url()),
        ("published overview", published.get_absolute_url()),
        *worksheet_urls(draft),
        *[(f"history of worksheet {ws.number}", reverse("worksheets:history", args=[draft.pk, ws.number])) for ws in WORKSHEETS],
        ("versions", reverse("worksheets:version_compare", args=[published.pk])),
        ("indicator values history", reverse("indicators:history", args=[birzai.slug])),
    ]  # fmt: skip
    if role == "anonymous":
        return [
            ("login", reverse("login")),
            ("password reset", reverse("password_reset")),
            ("login asked for by a page", draft.get_absolute_url()),
            *public,
            *public_downloads,
        ]
    if role == "viewer":
        return [*plan_pages, *public]
    if role == "editor":
        return [
            *plan_pages,
            *worksheet_urls(published),
            ("new plan", reverse("worksheets:plan_create")),
            ("import", reverse("worksheets:plan_import", args=[draft.pk])),
            ("follow-up of the plan", reverse("followup:plan", args=[published.pk])),
            ("indicator values entry", reverse("indicators:values_enter", args=[birzai.slug, 2026, Half.WHOLE_YEAR])),
            ("version 1 PDF", reverse("worksheets:version_pdf", args=[published.pk, 1])),
            ("draft PDF", reverse("worksheets:plan_pdf", args=[draft.pk])),
            ("draft Excel", reverse("worksheets:plan_xlsx", args=[draft.pk])),
            ("municipality indicators Excel", reverse("indicators:municipality_download", args=[birzai.slug, "xlsx"])),
            *public,
        ]
    assert role == "coordinator"
    first_core = world["core"][0].pk if world["core"] else None
    return [
        *plan_pages,
        *worksheet_urls(published),
        ("dashboard", reverse("worksheets:dashboard", args=[region.slug])),
        ("comparisons", reverse("worksheets:comparisons_home")),
        *[
            (f"comparison {s.key}", reverse("worksheets:region_comparison", args=[region.slug, s.key]))
            for s in COMPARISONS
        ],
        *[
            (f"comparison {s.key} Excel", reverse("worksheets:region_comparison_xlsx", args=[region.slug, s.key]))
            for s in COMPARISONS
        ],
        ("regional review PDF", reverse("worksheets:region_review_pdf", args=[region.slug])),
        ("regional review Excel", reverse("worksheets:region_review_xlsx", args=[region.slug])),
        ("region's plans Excel", reverse("worksheets:region_xlsx", args=[region.slug])),
        ("follow-up of the region", reverse("followup:region", args=[region.slug])),
        ("new core indicator", reverse("indicators:core_create", args=[region.slug])),
        *([("core indicator", reverse("indicators:core_edit", args=[region.slug, first_core]))] if first_core else []),
        *public,
    ]


def texts_of(response) -> str:
    """What the answer shows a reader: the visible text of a page, the text of a PDF, the texts of a workbook."""
    content_type = response["Content-Type"]
    content = response.getvalue()  # a prepared download is streamed
    if content_type.startswith("text/html"):
        return visible_text(content.decode())
    if content_type == "application/pdf":
        return pdf_text(content)
    if content_type.startswith("application/vnd.openxmlformats"):
        return "\n".join(workbook_texts(content))
    return content.decode()


def latvian_on_pages(client, pages) -> list[str]:
    """``["<page> (<url>): <what is Latvian>"]`` over ``pages``; a page that does not open is named too."""
    problems = []
    for name, url in pages:
        response = client.get(url, follow=True)
        if response.status_code != 200:
            problems.append(f"{name} ({url}): status {response.status_code}")
            continue
        if response["Content-Type"].startswith("text/html") and response.get("Content-Language") != "lt":
            problems.append(f"{name} ({url}): answered in {response.get('Content-Language')!r}, not 'lt'")
        problems += [f"{name} ({url}): {found}" for found in not_lithuanian(texts_of(response))]
    return problems


@pytest.mark.parametrize("role", ["editor", "viewer", "coordinator", "anonymous"])
def test_no_latvian_interface_text_on_any_page_of_the_panevezys_region(role, world):
    client = client_for(None if role == "anonymous" else world[role])
    problems = latvian_on_pages(client, pages_of(role, world))
    assert problems == [], "\n".join(problems)


def test_the_region_has_its_core_indicators_named_in_lithuanian(world):
    assert world["core"], "load_core_indicators created no core indicator for the Panevėžys region"
    for indicator in world["core"]:
        text = " ".join([indicator.code, indicator.name, indicator.definition, indicator.collection])
        assert not_lithuanian(text) == [], indicator.code


def test_a_new_plan_of_the_region_starts_with_the_standard_rows_in_lithuanian(world):
    draft = world["draft"]
    risks = [risk.factor for risk in Risk.objects.filter(plan=draft).order_by("position")[: len(STANDARD_RISKS)]]
    monitoring = MonitoringActivity.objects.filter(plan=draft).order_by("position")[: len(STANDARD_MONITORING)]
    assert risks == [lt(source_text(factor)) for factor, _impact in STANDARD_RISKS]
    assert [row.activity for row in monitoring] == [lt(source_text(activity)) for activity in STANDARD_MONITORING]


def test_answers_to_an_officers_actions_are_lithuanian(world):
    draft, editor, coordinator = world["draft"], world["editor"], world["coordinator"]
    officer, reviewer = client_for(editor), client_for(coordinator)
    answers = {
        "worksheet saved": officer.post(
            reverse("worksheets:worksheet", args=[draft.pk, 6]), post_data(draft, 6), follow=True
        ),
        "comment refused": reviewer.post(
            reverse("worksheets:comment_create", args=[draft.pk, 6]), {"text": ""}, follow=True
        ),
        "submitted": officer.post(
            reverse("worksheets:transition", args=[draft.pk, "submit"]), {"comment": "Prašome įvertinti."}, follow=True
        ),
        "return refused without a comment": reviewer.post(
            reverse("worksheets:transition", args=[draft.pk, "return"]), {"comment": ""}, follow=True
        ),
    }
    statuses = {name: response.status_code for name, response in answers.items()}
    assert statuses == {
        "worksheet saved": 200,
        "comment refused": 400,
        "submitted": 200,
        "return refused without a comment": 400,
    }
    problems = [
        f"{name}: {found}"
        for name, response in answers.items()
        for found in not_lithuanian(visible_text(response.content.decode()))
    ]
    assert problems == [], "\n".join(problems)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED
    shown = {name: " ".join(visible_text(response.content.decode()).split()) for name, response in answers.items()}
    assert lt("The plan is now: %(status)s.", status=in_lithuanian(PlanStatus.SUBMITTED.label)) in shown["submitted"]
    assert (
        lt("Please write a comment: the municipality needs to know what to change.")
        in (shown["return refused without a comment"])
    )


def test_review_emails_to_the_regions_people_are_lithuanian(world):
    draft = world["draft"]
    for before, after in [
        (PlanStatus.DRAFT, PlanStatus.SUBMITTED),
        (PlanStatus.SUBMITTED, PlanStatus.RETURNED),
        (PlanStatus.SUBMITTED, PlanStatus.APPROVED),
    ]:
        notify_transition(PlanTransition(plan=draft, from_status=before, to_status=after, comment="Ačiū už planą."))
    assert len(mail.outbox) == 3
    problems = [f"{m.subject!r}: {found}" for m in mail.outbox for found in not_lithuanian(f"{m.subject}\n{m.body}")]
    assert problems == []
    assert in_lithuanian(PlanStatus.SUBMITTED.label) in mail.outbox[0].body


# --- the exports ----------------------------------------------------------------------------------------------


def test_the_plan_pdf_reads_lithuanian_dates_and_a_lithuanian_draft_watermark(world):
    published = world["published"]
    version = PlanVersion.objects.get(plan=published, number=1)
    client = client_for(world["editor"])
    text = " ".join(pdf_text(client.get(reverse("worksheets:plan_pdf", args=[published.pk])).content).split())
    with translation.override("lt"):
        decided = formats.date_format(DECISION_DATE, "DATE_FORMAT")
        approved = formats.date_format(timezone.localtime(version.approved_at), "DATE_FORMAT")
    assert LITHUANIAN_DATE.fullmatch(decided), decided
    assert decided in text
    assert lt("%(number)s, approved %(date)s", number=1, date=approved) in text
    assert lt("Council decision") in text
    assert not_lithuanian(text) == []

    with translation.override("lt"):
        document = plan_pdf_html(world["draft"])
    [watermark] = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", document)
    svg = base64.b64decode(watermark).decode()
    [drawn] = re.findall(r"<text\b[^>]*>(.*?)</text>", svg)
    assert html.unescape(re.sub(r"<[^>]*>", "", drawn)) == lt("DRAFT")  # the text, whatever spans it is set in
    assert not_lithuanian(visible_text(svg)) == []


def test_the_plan_workbook_has_lithuanian_sheet_names_headers_and_cover(world):
    content = client_for(world["editor"]).get(reverse("worksheets:plan_xlsx", args=[world["draft"].pk])).content
    texts = workbook_texts(content)
    assert texts[0] == lt("Plan")[:31]
    assert lt("Planning period") in texts
    assert not_lithuanian("\n".join(texts)) == []


def test_the_pdf_of_a_lithuanian_plan_gives_back_every_lithuanian_letter(world, tmp_path):
    content = client_for(world["editor"]).get(reverse("worksheets:plan_pdf", args=[world["draft"].pk])).content
    text = pdf_text(content)
    flat = " ".join(text.split())
    assert set(LITHUANIAN_LETTERS) <= set(text)
    missing = [row for row in lithuanian_texts() if " ".join(row.split()) not in flat]
    assert missing == []
    headings = [
        lt("Worksheet #%(number)s: %(title)s", number=ws.number, title=in_lithuanian(ws.title)) for ws in WORKSHEETS
    ]
    assert [heading for heading in headings if heading not in flat] == []
    assert lt("Contents") in flat


def test_every_glyph_of_a_lithuanian_draft_pdf_comes_from_the_shipped_fonts(world, tmp_path):
    """Text, headings and the draft watermark: no letter is drawn from a font of the machine (only DejaVu is
    installed here), so the PDF looks the same wherever it is printed."""
    content = client_for(world["editor"]).get(reverse("worksheets:plan_pdf", args=[world["draft"].pk])).content
    fonts = pdf_fonts(content, tmp_path)
    assert [font for font in fonts if "Source-Sans-3" not in font] == []
