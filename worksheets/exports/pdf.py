"""The council-ready PDF of a plan (WeasyPrint), in the interface language, with the app's own fonts."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ADOPTED_STATUSES
from .data import plan_export

UNICODE_RANGES = {
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, "
    "U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
    "latin-ext": "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+1D00-1DBF, U+1E00-1E9F, "
    "U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF",
}

FONT_FILES = {
    (400, "normal"): "source-sans-3-{subset}-400-normal.woff2",
    (600, "normal"): "source-sans-3-{subset}-600-normal.woff2",
    (700, "normal"): "source-sans-3-{subset}-700-normal.woff2",
    (400, "italic"): "source-sans-3-{subset}-400-italic.woff2",
}


def font_faces() -> list[dict]:
    """@font-face sources as file URLs of the fonts shipped in static/vendor (not the machine's)."""
    faces = []
    for (weight, style), pattern in FONT_FILES.items():
        for subset in ("latin-ext", "latin"):
            path = finders.find(f"vendor/fonts/source-sans-3/{pattern.format(subset=subset)}")
            faces.append(
                {
                    # A family per subset: Pango then takes each glyph from the file that has it.
                    "family": "Source Sans 3" if subset == "latin" else "Source Sans 3 Ext",
                    "weight": weight,
                    "style": style,
                    "url": f"file://{path}",
                    "range": UNICODE_RANGES[subset],
                }
            )
    return faces


def css_text(template: str, **counters: str) -> str:
    """Turn a translated "Page %(page)s of %(pages)s" into a CSS ``content`` value with counters."""
    parts = re.split(r"%\((\w+)\)s", template)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(counters[part])
        elif part:
            out.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


def plan_pdf_html(plan, *, version=None) -> str:
    """The plan as it is now, or (``version``) the content approved as that version."""
    from ..review.versions import export_of, latest_version

    adopted = plan.status in ADOPTED_STATUSES
    if version is not None:
        worksheets, adopted = export_of(version.content), True
    else:
        worksheets = plan_export(plan)
        version = latest_version(plan) if adopted else None  # the live content is that version's
    context = {
        "plan": plan,
        "worksheets": worksheets,
        "version": version,
        "is_draft": not adopted,
        "generated_at": timezone.localtime(),
        "fonts": font_faces(),
        "page_counter": css_text(_("Page %(page)s of %(pages)s"), page="counter(page)", pages="counter(pages)"),
    }
    return render_to_string("worksheets/pdf/plan.html", context)


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on use: it takes half a second

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def plan_pdf(plan) -> bytes:
    return render_pdf(plan_pdf_html(plan))


def version_pdf(version) -> bytes:
    return render_pdf(plan_pdf_html(version.plan, version=version))


def plan_filename(plan, extension: str) -> str:
    return f"{plan.municipality.slug}-{plan.period_start}-{plan.period_end}.{extension}"
