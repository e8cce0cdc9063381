"""Headings in the coordinator's text of a regional review edition: a Markdown heading ("# Ievads") stays a heading,
one level below the heading of the section that holds it, on the reading page and in the tagged PDF."""

import re
import subprocess

import pytest
from django.urls import reverse

from tests.lithuanian import pdf_text
from worksheets.models import PlanStatus, RegionalReviewEdition, ReviewRecommendation
from worksheets.regional.editions import edition_create, edition_pdf, render_text

pytestmark = pytest.mark.django_db

INTRODUCTION = "# Ievads\n\nReģionā darbojas 12 sociālie uzņēmumi.\n\n## Avoti\n\nLSUA dati."


@pytest.fixture
def edition(zemgale, sound_plan, coordinator):
    sound_plan.status = PlanStatus.APPROVED
    sound_plan.save(update_fields=["status"])
    edition = edition_create(region=zemgale, year=2026, title="Reģionālais pārskats 2026", user=coordinator)
    RegionalReviewEdition.objects.filter(pk=edition.pk).update(introduction=INTRODUCTION)
    ReviewRecommendation.objects.filter(edition=edition).delete()
    ReviewRecommendation.objects.create(edition=edition, position=1, text="# Kontaktpunkts\n\nIzveidot to.")
    edition.refresh_from_db()
    return edition


def test_render_text_puts_headings_below_the_section_heading():
    assert render_text(INTRODUCTION) == (
        "<h3>Ievads</h3>\n<p>Reģionā darbojas 12 sociālie uzņēmumi.</p>\n<h4>Avoti</h4>\n<p>LSUA dati.</p>"
    )
    assert render_text("## Ievads\n\n#### Sīkāk") == "<h3>Ievads</h3>\n<h4>Sīkāk</h4>"  # no level skipped
    assert render_text("Ievads\n======\n\nTeksts") == "<h3>Ievads</h3>\n<p>Teksts</p>"
    assert (
        render_text("# A\n\n## B\n\n### C\n\n#### D", top_heading=4) == "<h4>A</h4>\n<h5>B</h5>\n<h6>C</h6>\n<h6>D</h6>"
    )
    assert render_text("<h1>Ievads</h1>\n\nTeksts") == "Ievads\n\n<p>Teksts</p>"  # typed HTML is not kept


def test_reading_page_shows_the_headings_under_the_section(client, edition, coordinator, zemgale):
    client.force_login(coordinator)
    page = client.get(reverse("worksheets:edition_detail", args=[zemgale.slug, edition.pk])).content.decode()
    section = re.search(r'<section [^>]*id="section-1".*?</section>', page, re.S)[0]
    assert re.search(r'<h2 class="h4" id="section-1-heading">1\. ', section)
    text = re.search(r'<div class="si-review-text">(.*?)</div>', section, re.S)[1]
    assert re.findall(r"<(h\d)>(.*?)</h\d>", text) == [("h3", "Ievads"), ("h4", "Avoti")]
    conclusions = re.search(r'<section [^>]*id="conclusions".*?</section>', page, re.S)[0]
    assert "<li><h4>Kontaktpunkts</h4>\n<p>Izveidot to.</p></li>" in conclusions  # under the h3 "Recommendations"


def struct_headings(content: bytes) -> list[tuple[str, str]]:
    """The headings of a tagged PDF's structure tree with their text (``pdfinfo -struct-text``), in order."""
    out = subprocess.run(["pdfinfo", "-struct-text", "-"], input=content, capture_output=True, check=True)
    lines = out.stdout.decode().splitlines()
    headings = []
    for index, line in enumerate(lines):
        match = re.match(r"\s*(H\d)\b", line)
        if match:
            text = next(re.search(r'"(.*)"', after) for after in lines[index + 1 :] if '"' in after)
            headings.append((match[1], text[1].strip()))
    return headings


def test_pdf_tags_the_headings_under_the_section_and_prints_their_text(edition):
    content = edition_pdf(edition)
    headings = struct_headings(content)
    start = next(i for i, (tag, text) in enumerate(headings) if tag == "H2" and text.startswith("1. "))
    assert headings[start + 1 : start + 3] == [("H3", "Ievads"), ("H4", "Avoti")]
    assert ("H4", "Kontaktpunkts") in headings
    text = pdf_text(content)
    assert "\nIevads\nReģionā darbojas 12 sociālie uzņēmumi.\nAvoti\nLSUA dati.\n" in text
    assert "# Ievads" not in text
