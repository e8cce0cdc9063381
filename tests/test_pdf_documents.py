"""The PDF documents (plan, approved version, regional review): whatever an officer types stays inside its table
cell and its page with all of its text, and every document is tagged for assistive technology (PDF/UA-1)."""

import html
import re
import subprocess
import zlib

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import override
from weasyprint import HTML

from seimpact.lib.pdf import emoji_faces, printable, render_pdf
from tests.conftest import add_sound_rows, database_independent
from tests.factories import (
    ActivityFactory,
    CooperationFactory,
    DataSourceFactory,
    EngagementActivityFactory,
    IndicatorFactory,
    MonitoringActivityFactory,
    MunicipalityFactory,
    PolicyDocumentFactory,
    RegionFactory,
    ResourceFactory,
    RiskFactory,
    StrategicGoalFactory,
    TargetGroupNeedFactory,
    TaskFactory,
    editor_of,
)
from worksheets.editing import services
from worksheets.exports.pdf import plan_pdf, plan_pdf_html, version_pdf
from worksheets.models import ActionPlan, PlanStatus, PlanVersion
from worksheets.regional.review import regional_review, review_pdf
from worksheets.registry import CHECKLIST_FIELDS

pytestmark = pytest.mark.django_db

# How a document is drawn and tagged (its tags, language, draft mark, fonts, printed words) comes from the HTML and
# WeasyPrint, whatever database the rows were read from. What officers paste is stored and read back on both
# databases (the two "keeps any text inside its cell" tests), and so is the approved version's snapshot.
RENDERING = database_independent("how WeasyPrint draws and tags a document, from rows whatever database holds them")

MM = 72 / 25.4  # PDF points per millimetre

# What officers paste: a word of 2,000 letters, a long link, tabs, direction marks, emoji, Word's line break
# (U+000B) and other control characters. Each sample's words are listed for the "all text present" check.
LONG_WORD = "".join(f"vārds{n:03d}" for n in range(250))  # 2,000 letters, no piece of it repeated
LONG_URL = "https://www.example.lv/lv/dokumenti/" + "/".join(f"sadala-{n}?lapa={n}&id={n:04d}" for n in range(18))
SAMPLES = {
    "long word": LONG_WORD,
    "long link": LONG_URL,
    "tabs": "Kolonna\tar\t\ttabulāciju\tstarp\tvārdiem",
    "direction marks": "\u200fמרכז\u200f un \u200etulkojums\u200e \u202bשלום\u202c beigas",
    "emoji": "Sociālais 😀 uzņēmums 👍🏽 un 🇱🇻 karogs",
    "vertical tab": "Pirmā rinda\u000bOtrā rinda\u000b\u000bTrešā rinda",
    "control characters": "Teksts\u0001ar\u0007vadības\u001fzīmēm\u007fbeigās",
    "mixed": "Ļoti garš teikums bez pārtraukuma: " + "ābolšķūņžē" * 40 + " un vēl " + "x" * 300,
}
LINES = "\n".join(f"Rinda numur {n} no divsimt rindām" for n in range(1, 201))

FACTORIES = [
    PolicyDocumentFactory,
    CooperationFactory,
    DataSourceFactory,
    TargetGroupNeedFactory,
    ResourceFactory,
    StrategicGoalFactory,
    TaskFactory,
    ActivityFactory,
    IndicatorFactory,
    EngagementActivityFactory,
    RiskFactory,
    MonitoringActivityFactory,
]


def text_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.TextField)]


def fill_with_samples(plan) -> list[str]:
    """One row in every table with every text column holding one of ``SAMPLES`` (each table starts at another
    sample, so every sample lands in wide and narrow columns), 200 lines in a narrow column of the widest table
    and in a plan field; the texts written, in order."""
    goal = StrategicGoalFactory(plan=plan, text="Mērķis")
    samples = list(SAMPLES.values())
    written = []
    for offset, factory in enumerate(FACTORIES):
        model = factory._meta.model
        values = {}
        for index, field in enumerate(text_fields(model)):
            # A mark of its own before each text, to find it in the PDF among the same samples in other cells.
            values[field.name] = f"T{len(written) + len(values)}: " + samples[(offset + index) % len(samples)]
        if model.__name__ == "Activity":
            values["responsible_unit"] = f"T{len(written) + len(values)}: " + LINES
        if model.__name__ == "PolicyDocument":
            values["link"] = LONG_URL[:500]
        if model.__name__ == "Task":
            values["goal"] = goal
        factory(plan=plan, **values)
        written += [value for value in values.values() if isinstance(value, str) and value.startswith("T")]
    plan.support_given = f"T{len(written)}: " + LINES + "\n" + LONG_WORD
    plan.save()
    return [*written, plan.support_given]


def words_of(text: str) -> list[str]:
    """The words a reader should find in the PDF: control characters and direction marks are not printed,
    Word's line break (U+000B) separates words."""
    text = re.sub(r"[\u0000-\u0008\u000e-\u001f\u007f\u200e\u200f\u202a-\u202e]", "", text)
    return text.split()


def pdf_words(content: bytes) -> list[dict]:
    """Every word ``pdftotext -bbox`` finds: ``{"page", "width", "height", "x0", "y0", "x1", "y1", "text"}``
    in points, y downwards from the top of the page."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    words, page = [], None
    for match in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">|<word ([^>]*)>([^<]*)</word>', out):
        if match.group(1):
            page = {"page": (page or {"page": 0})["page"] + 1, "width": float(match[1]), "height": float(match[2])}
            continue
        box = dict(re.findall(r'(\w+)="([\d.]+)"', match[3]))
        words.append(
            {
                **page,
                "x0": float(box["xMin"]),
                "y0": float(box["yMin"]),
                "x1": float(box["xMax"]),
                "y1": float(box["yMax"]),
                "text": html.unescape(match[4]),
            }
        )
    return words


def text_area(word: dict) -> tuple[float, float, float, float]:
    """The text area (left, top, right, bottom) of the word's page: A4 portrait pages have margins of 20, 16, 18
    and 16 mm, A4 landscape ones 16, 14, 16 and 14 mm (the ``@page`` rules of both documents)."""
    if word["width"] > word["height"]:
        top, side, bottom = 16 * MM, 14 * MM, 16 * MM
    else:
        top, side, bottom = 20 * MM, 16 * MM, 18 * MM
    return side, top, word["width"] - side, word["height"] - bottom


FOOTER = re.compile(r"\d+\.|lpp\.|no|\d+")  # "3. lpp. no 17"


def assert_inside_pages(content: bytes, texts: list[str]) -> None:
    """Every word of ``content`` lies inside its page's text area (the running header above it, the page number
    below), and all the words of ``texts`` are there in order."""
    words = pdf_words(content)
    tolerance = 0.5
    for word in words:
        left, top, right, bottom = text_area(word)
        assert left - tolerance <= word["x0"] and word["x1"] <= right + tolerance, word
        assert word["y0"] >= 0 and word["y1"] <= word["height"], word
        if word["y0"] >= bottom - tolerance:
            assert FOOTER.fullmatch(word["text"]), word  # only the page number under the text area
        else:
            assert word["y1"] <= bottom + tolerance, word
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    printed = re.sub(r"[\s\u200b\u200e\u200f\u202a-\u202e]+", "", raw.stdout.decode())
    for text in texts:
        assert_printed(printed, text)


def assert_printed(printed: str, text: str) -> None:
    """The words of ``text`` (a mark like "T12:", then the text) are in ``printed`` (the PDF's text in drawing
    order, without spaces) in order, after the mark; a cell that goes on over a page break may be interrupted
    by the page's header, page number and the table's repeated header row."""
    mark, _space, text = text.partition(" ")
    target = "".join(words_of(text))
    position, done = printed.find(mark + target[:12]) + len(mark), 0
    assert position >= len(mark), (mark, text[:60])
    while done < len(target):
        if position < len(printed) and printed[position] == target[done]:
            position, done = position + 1, done + 1
            continue
        found = printed.find(target[done : done + 12], position)  # the text goes on after an interruption
        assert found >= 0, (mark, target[done : done + 60])
        position = found


@pytest.fixture
def pasted_plan(plan):
    """The editor's plan with every sample of what officers paste in every table and a plan field."""
    plan.written = fill_with_samples(plan)
    return plan


def test_plan_pdf_keeps_any_text_inside_its_cell_and_page(pasted_plan):
    with override("lv"):
        content = plan_pdf(pasted_plan)
    assert_inside_pages(content, pasted_plan.written)


def test_regional_review_pdf_keeps_any_text_inside_its_cell_and_page(pasted_plan):
    with override("lv"):
        content = review_pdf(regional_review(pasted_plan.municipality.region, [pasted_plan]))
    assert_inside_pages(content, [])


@RENDERING
def test_printable_breaks_lines_drops_control_characters_and_lets_long_runs_break():
    document = (
        '<html><head><title>A\u0001</title><style>@font-face { src: url("file:///' + "a" * 60 + '") }</style>'
        '</head><body><td title="x">Pirmā\u000bOtrā\u0007 rinda ' + "x" * 20 + " " + "y" * 40 + "</td></body></html>"
    )
    assert printable(document) == (
        '<html><head><title>A</title><style>@font-face { src: url("file:///' + "a" * 60 + '") }</style>'
        '</head><body><td title="x">Pirmā\nOtrā rinda ' + "x" * 20 + " " + "\u200b".join(["y" * 8] * 5) + "</td>"
        "</body></html>"
    )
    # An entity counts as one character and is never cut.
    assert printable("<body><p>" + "a&amp;" * 20 + "</p>") == ("<body><p>" + "\u200b".join(["a&amp;" * 4] * 5) + "</p>")


# --- tagged PDF (PDF/UA-1) -------------------------------------------------------------------------------


def pdf_objects(content: bytes) -> bytes:
    """The PDF's bytes with every Flate stream (object streams hold the catalog) appended decompressed."""
    parts = [content]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(stream[1]))
        except zlib.error:
            continue  # an image or a font: not a dictionary
    return b"\n".join(parts)


def catalog(content: bytes) -> str:
    """The document catalog dictionary as text, nested dictionaries included."""
    objects = pdf_objects(content)
    start = objects.index(b"/Type /Catalog")
    start = objects.rindex(b"<<", 0, start)
    depth, position = 0, start
    while True:
        if objects.startswith(b"<<", position):
            depth, position = depth + 1, position + 2
        elif objects.startswith(b">>", position):
            depth, position = depth - 1, position + 2
            if depth == 0:
                return objects[start:position].decode("latin-1")
        else:
            position += 1


def structure(content: bytes) -> list[str]:
    """The structure elements of the PDF's tag tree (``pdfinfo -struct``), e.g. ``["Document", "Sect", "H1",
    …]``."""
    out = subprocess.run(["pdfinfo", "-struct", "-"], input=content, capture_output=True, check=True)
    return [line.split()[0].rstrip(":") for line in out.stdout.decode().splitlines() if line.strip()]


def assert_tagged(content: bytes, language: str, title: str) -> None:
    """``content`` is a tagged PDF in ``language`` titled ``title``, with headings and table header cells."""
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+(.*)$", info, re.M)[1] == title
    dictionary = catalog(content)
    assert "/StructTreeRoot" in dictionary
    assert re.search(r"/MarkInfo\s*<<\s*/Marked\s+true\s*>>", dictionary)
    assert re.search(r"/Lang\s*\(([^)]*)\)", dictionary)[1] == language
    assert re.search(r"/DisplayDocTitle\s+true", dictionary)
    assert b"pdfuaid:part" in pdf_objects(content)  # the metadata names the PDF/UA part
    elements = structure(content)
    assert elements[0] == "Document"
    for tag in ("H1", "H2", "H3", "Table", "TH", "TD"):
        assert tag in elements, tag


@pytest.fixture(scope="module")
def drawn(django_db_setup, django_db_blocker) -> dict:
    """The draft plan of ``sound_plan`` (the same rows, the partnership checklist's first question answered "yes")
    drawn once per module, for the tests that only read the documents: ``{"plan": ActionPlan, "lv": (html, pdf),
    "en": (html, pdf)}``, each pdf being ``plan_pdf(plan)`` (``render_pdf`` of that html) in that language.

    The rows are written inside a transaction rolled back when the module is done; each test's own changes are
    rolled back after it as usual. The short names (slugs, username) are the fixture's own, so the tests that make
    the conftest's region, municipality and editor meanwhile do not collide with them."""
    with django_db_blocker.unblock(), transaction.atomic():
        zemgale = RegionFactory(name="Zemgales plānošanas reģions", slug="zemgale-drawn", country="LV")
        aizkraukle = MunicipalityFactory(name="Aizkraukles novads", slug="aizkraukles-novads-drawn", region=zemgale)
        plan = services.plan_create(
            user=editor_of(aizkraukle, user__username="anna-drawn"),
            municipality=aizkraukle,
            period_start=2026,
            period_end=2027,
            title="Rīcības plāns 2026–2027",
        )
        add_sound_rows(plan)
        plan.partners_identified = True
        plan.save()
        documents = {"plan": plan}
        for language in ("lv", "en"):
            with override(language):
                html = plan_pdf_html(plan)
                documents[language] = (html, render_pdf(html))
        with django_db_blocker.block():  # the tests get the database as they ask for it
            yield documents
        transaction.set_rollback(True)


@RENDERING
def test_plan_pdf_is_tagged_in_the_interface_language(drawn):
    assert_tagged(drawn["lv"][1], "lv", "Rīcības plāns 2026–2027 — Aizkraukles novads 2026–2027")
    assert_tagged(drawn["en"][1], "en", "Rīcības plāns 2026–2027 — Aizkraukles novads 2026–2027")


def test_approved_version_pdf_is_tagged(client, sound_plan, editor, coordinator):
    client.force_login(editor)
    client.post(reverse("worksheets:transition", args=[sound_plan.pk, "submit"]))
    client.force_login(coordinator)
    client.post(reverse("worksheets:transition", args=[sound_plan.pk, "approve"]), {"decision_number": "1/1"})
    version = PlanVersion.objects.get(plan=sound_plan)
    with override("lv"):
        assert_tagged(version_pdf(version), "lv", "Rīcības plāns 2026–2027 — Aizkraukles novads 2026–2027")


@RENDERING
def test_regional_review_pdf_is_tagged(sound_plan):
    region = sound_plan.municipality.region
    with override("lv"):
        review = regional_review(region, [sound_plan])
        assert_tagged(review_pdf(review), "lv", review.title)


@RENDERING
def test_tagging_keeps_the_text_as_printed(drawn):
    """The tagged PDF reads exactly as the untagged one would."""
    html, tagged = drawn["lv"]
    untagged = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    assert pdf_layout_text(tagged) == pdf_layout_text(untagged)
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=tagged, capture_output=True, check=True)
    assert "Grantu konkursa „Sociālā uzņēmējdarbība” nolikums" in " ".join(raw.stdout.decode().split())


def pdf_layout_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


# --- read as a screen reader reads it: the structure tree ----------------------------------------------------


def structure_text(content: bytes) -> str:
    """The text of the PDF's tag tree (``pdfinfo -struct-text``): what a screen reader reads, without artifacts."""
    out = subprocess.run(["pdfinfo", "-struct-text", "-"], input=content, capture_output=True, check=True)
    return " ".join(re.findall(r'^\s*"(.*)"$', out.stdout.decode(), re.M))


def page_count(content: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M)[1])


def mark_pixels(content: bytes, page: int) -> int:
    """How many pixels of ``page`` (drawn at 15 dpi) have the draft mark's faint red: red clearly above green and
    blue (the text is near black, the headings and table headers blue)."""
    ppm = subprocess.run(
        ["pdftoppm", "-r", "15", "-f", str(page), "-l", str(page), "-"], input=content, capture_output=True, check=True
    ).stdout
    magic, width, height, _depth, pixels = ppm.split(maxsplit=4)
    assert magic == b"P6"
    pixels = pixels[: int(width) * int(height) * 3]
    return sum(1 for r, g, b in zip(pixels[::3], pixels[1::3], pixels[2::3], strict=True) if r - g > 10 and r - b > 10)


@RENDERING
def test_draft_mark_is_on_every_page_as_an_artifact_never_read_as_content(drawn):
    draft = drawn["lv"][1]
    read = structure_text(draft)
    assert "Aizkraukles novads" in read
    assert "MELNRAKSTS" not in read
    assert all(mark_pixels(draft, page) > 200 for page in range(1, page_count(draft) + 1))
    plan = ActionPlan.objects.get(pk=drawn["plan"].pk)
    plan.status = PlanStatus.APPROVED
    plan.save()
    with override("lv"):
        approved = plan_pdf(plan)
    assert [mark_pixels(approved, page) for page in range(1, page_count(approved) + 1)] == [0] * page_count(approved)


@RENDERING
@pytest.mark.parametrize(("language", "yes", "no"), [("lv", "jā", "nē"), ("en", "yes", "no")])
def test_checklist_answers_are_read_as_words(drawn, language, yes, no):
    assert drawn["plan"].partners_identified
    content = drawn[language][1]
    with override(language):
        labels = [str(ActionPlan._meta.get_field(name).verbose_name) for name in CHECKLIST_FIELDS]
    answers = [yes, no, no]
    printed = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True).stdout.decode().split()
    )
    read = structure_text(content)
    for answer, label in zip(answers, labels, strict=True):
        assert f"{answer}: {label}" in printed
        assert re.search(rf"{answer}:\s*{re.escape(label)}", read), (answer, label)


def pdf_fonts(content: bytes) -> list[str]:
    """The names of the fonts embedded in the PDF (``pdffonts``), without their subset prefix."""
    out = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return [line.split()[0].split("+", 1)[-1].rstrip(",") for line in out.splitlines()[2:]]


@RENDERING
def test_emoji_typed_in_a_cell_print_with_the_emoji_font(plan):
    CooperationFactory(plan=plan, organisation="Biedrība 👍 un 💬 kopā")
    with override("lv"):
        content = plan_pdf(plan)
    emoji_fonts = sorted(name for name in pdf_fonts(content) if name.startswith("Noto-Emoji"))
    assert emoji_fonts == ["Noto-Emoji-2", "Noto-Emoji-9"]  # 💬 and 👍 come from two subsets, each its own font
    printed = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    assert "Biedrība 👍 un 💬 kopā" in printed


@RENDERING
def test_a_document_without_emoji_loads_no_emoji_font(sound_plan):
    with override("lv"):
        html = plan_pdf_html(sound_plan)
    assert "Noto Emoji" not in html
    assert emoji_faces("Teksts ar garumzīmēm: āčēģīķļņšūž, ąčęėįšųūž, 1.03.2027, 50 %, © ™ — “ ” €") == []
    assert [face["family"] for face in emoji_faces("👍 ❤️ 👍")] == ["Noto Emoji 2", "Noto Emoji 9"]


@RENDERING
def test_the_pages_fall_back_to_the_shipped_emoji_font():
    css = (settings.BASE_DIR / "static" / "css" / "fonts.css").read_text(encoding="utf-8")
    files = re.findall(r'url\("\.\./(vendor/fonts/noto-emoji/[^"]+)"\)', css)
    assert len(files) == 11
    assert all(finders.find(file) for file in files)
    stack = re.search(r"--bs-font-sans-serif:([^;]+);", (settings.BASE_DIR / "static/css/seimpact.css").read_text())
    assert stack[1].split(",")[-1].strip() == '"Noto Emoji"'
