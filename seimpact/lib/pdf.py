"""PDF documents (WeasyPrint) with the fonts shipped in ``static/vendor``, so the output does not depend on
the machine's fonts.

A document is a template that extends ``pdf/base.html`` (page frame, running headers, page numbers, fonts,
headings and tables: the rules every document shares) and adds only its own rules in ``{% block style %}``.
Rendered with :func:`document_html`, printed with :func:`render_pdf` as a tagged PDF (PDF/UA-1: structure
tree, document language and title), which the EU Web Accessibility Directive asks of published documents.
A mark on every page (a draft's) is a page background (:func:`watermark_image`): an artifact of the tagged PDF,
which a screen reader does not read into every page.

The text is set in Source Sans 3; an emoji an officer typed (💬, 👍) is drawn from Noto Emoji (monochrome), whose
files are added to a document only when its text has a character they draw (:func:`emoji_faces`), so a document
without emoji costs nothing more to print.

Whatever an officer typed stays inside its table cell and its page: :func:`printable` turns Word's line breaks
into line breaks, drops the other control characters (which no font can draw), and lets a long run of
characters without a space (a pasted link, a word of 2,000 letters) break every few characters, while ordinary
words keep the column widths they need.
"""

import base64
import json
import re
from functools import cache
from io import BytesIO
from itertools import groupby
from pathlib import Path
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _

from .text import clean_text

# The unicode-range of each subset of the @fontsource package the fonts come from.
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
    """The @font-face sources of Source Sans 3 as ``file://`` URLs of the files in ``static/vendor``.

    One dict per weight/style and subset: ``family``, ``weight`` (int), ``style``, ``url``, ``range``
    (a CSS unicode-range).
    """
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


EMOJI_DIRECTORY = "vendor/fonts/noto-emoji"
EMOJI_FILE = "noto-emoji-{subset}-400-normal.woff2"
# Joiners and selectors every subset lists; they pick no subset by themselves.
EMOJI_JOINERS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


def _code_ranges(unicode_range: str) -> list[tuple[int, int]]:
    """A CSS unicode-range ("U+0000-00FF, U+0131") as ``[(first, last), …]`` code points."""
    ranges = []
    for part in unicode_range.split(","):
        first, _dash, last = part.strip().removeprefix("U+").removeprefix("u+").partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return ranges


@cache
def _emoji_subsets() -> list[tuple[str, str, list[tuple[int, int]]]]:
    """The subsets of Noto Emoji in ``static/vendor`` (``unicode-ranges.json`` of the @fontsource package):
    ``[(subset, unicode-range, code ranges), …]`` in the package's order."""
    path = finders.find(f"{EMOJI_DIRECTORY}/unicode-ranges.json")
    subsets = json.loads(Path(path).read_text(encoding="utf-8"))
    return [(name.strip("[]"), text, _code_ranges(text)) for name, text in subsets.items()]


@cache
def _text_font_codes() -> frozenset[int]:
    """The code points Source Sans 3 draws (its subsets' ``UNICODE_RANGES``)."""
    ranges = [code_range for text in UNICODE_RANGES.values() for code_range in _code_ranges(text)]
    return frozenset(code for first, last in ranges for code in range(first, last + 1))


def emoji_faces(text: str) -> list[dict]:
    """The @font-face sources of Noto Emoji (as :func:`font_faces`) that ``text`` needs: for each character Source
    Sans 3 does not draw, the first subset of the font that has it; ``[]`` for a text without emoji. Each subset is
    a family of its own ("Noto Emoji 9"): WeasyPrint embeds the files of one family and weight as one font, which
    would mix up their glyphs."""
    wanted = {ord(character) for character in set(text)} - _text_font_codes() - EMOJI_JOINERS
    faces = []
    for subset, unicode_range, ranges in _emoji_subsets():
        covered = {code for code in wanted if any(first <= code <= last for first, last in ranges)}
        if covered:
            wanted -= covered
            path = finders.find(f"{EMOJI_DIRECTORY}/{EMOJI_FILE.format(subset=subset)}")
            faces.append(
                {
                    "family": f"Noto Emoji {subset}",
                    "weight": 400,
                    "style": "normal",
                    "url": f"file://{path}",
                    "range": unicode_range,
                }
            )
    return faces


def font_stack(faces: list[dict]) -> str:
    """The CSS ``font-family`` value naming the families of ``faces`` in their order, each once: the text font
    first, the emoji subsets last."""
    families = dict.fromkeys(face["family"] for face in faces)
    return ", ".join(f'"{family}"' for family in families)


@cache
def _latin_codes() -> frozenset[int]:
    """The code points of Source Sans 3's "latin" subset (the family "Source Sans 3"; the rest is "… Ext")."""
    return frozenset(code for first, last in _code_ranges(UNICODE_RANGES["latin"]) for code in range(first, last + 1))


def _svg_runs(text: str) -> str:
    """``text`` as SVG text content, each run of characters outside the "latin" subset (e.g. "Š" of the Lithuanian
    "JUODRAŠTIS") in a ``<tspan>`` of the "Source Sans 3 Ext" family: WeasyPrint's SVG text takes every glyph from
    the first family of a list, and a glyph that family lacks from a system font instead of the next family."""
    latin = _latin_codes()
    parts = []
    for is_latin, run in groupby(text, key=lambda character: ord(character) in latin):
        run = escape("".join(run))
        parts.append(run if is_latin else f"<tspan font-family=\"'Source Sans 3 Ext'\">{run}</tspan>")
    return "".join(parts)


def watermark_image(text: str) -> str:
    """A page background showing ``text`` (e.g. the translated "DRAFT") large, faint red and rotated across the
    page, as a ``data:`` URL of an SVG image for ``@page { background: url(…) }``. Drawn as a page background it is
    an artifact of the tagged PDF, not content: a screen reader does not read it on every page."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">'
        '<text x="150" y="150" text-anchor="middle" dominant-baseline="middle" transform="rotate(-28 150 150)" '
        "font-family=\"'Source Sans 3'\" "
        'font-weight="700" font-size="44" fill="rgb(190, 30, 30)" '
        f'fill-opacity="0.13">{_svg_runs(text)}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def css_text(template: str, **counters: str) -> str:
    """A translated "Page %(page)s of %(pages)s" as a CSS ``content`` value: the text parts quoted, each
    ``%(name)s`` replaced by ``counters[name]`` (e.g. ``page="counter(page)"``). ``KeyError`` for a name
    that ``counters`` lacks."""
    parts = re.split(r"%\((\w+)\)s", template)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(counters[part])
        elif part:
            out.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


# The options of every PDF the app writes: tagged PDF/UA-1 (the variant turns tagging on).
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

# A run of this many characters without a space is not an ordinary word (the longest Latvian and Lithuanian
# words have about 30 letters) but a pasted link or code: it gets a break opportunity every few characters.
UNBROKEN_RUN = re.compile(r"[^ \t\n\r<>]{36,}")
RUN_PIECE = re.compile(r"(?:&#?\w+;|[^&]){1,8}")  # 8 characters, an entity (&amp;) counted as one
TEXT_NODE = re.compile(r"(?<=>)[^<]+")
ZERO_WIDTH_SPACE = "\u200b"


def printable(html: str) -> str:
    """``html`` (a document from :func:`document_html`) as it can be printed: U+000B, U+000C, U+2028 and U+2029
    as line breaks, the other control characters removed, and a zero-width space (an invisible break opportunity)
    after every 8 characters of each run of 36 or more characters without a space in the body's text. Markup and
    the head are left as they are.

    A table sizes its columns by their longest unbreakable run, so without the break opportunities one pasted
    link would push the other columns off the page (``overflow-wrap: anywhere`` would too, but WeasyPrint
    measures it character by character: minutes for a few long words)."""
    html = clean_text(html)
    head, body_tag, body = html.partition("<body>")
    if not body_tag:
        return html

    def breakable(run: re.Match) -> str:
        return ZERO_WIDTH_SPACE.join(RUN_PIECE.findall(run[0]))

    body = TEXT_NODE.sub(lambda text: UNBROKEN_RUN.sub(breakable, text[0]), body)
    return head + body_tag + body


def document_html(template_name: str, context: dict) -> str:
    """A document template (one extending ``pdf/base.html``) rendered in the active language, with the
    ``fonts``, their ``font_stack`` and the ``page_counter`` the base template needs added to ``context``, made
    :func:`printable`. The fonts are Source Sans 3 and, when the text has emoji, the subsets of Noto Emoji that
    draw them (:func:`emoji_faces`; the document is then rendered a second time with them)."""
    page_counter = css_text(_("Page %(page)s of %(pages)s"), page="counter(page)", pages="counter(pages)")
    fonts = font_faces()
    context = {**context, "fonts": fonts, "font_stack": font_stack(fonts), "page_counter": page_counter}
    html = render_to_string(template_name, context)
    if emoji := emoji_faces(html):
        fonts = fonts + emoji
        html = render_to_string(template_name, {**context, "fonts": fonts, "font_stack": font_stack(fonts)})
    return printable(html)


@cache
def _decoded_font(path: str) -> bytes:
    """The WOFF2 font file ``path`` as the TrueType font WeasyPrint decodes it to (``fontTools``' ``woff2``), once
    per process: decoding the eight faces of Source Sans 3 took a tenth of a 44-page review's printing."""
    from fontTools.ttLib import woff2  # noqa: PLC0415  (WeasyPrint's own dependency, imported with it)

    decoded = BytesIO()
    woff2.decompress(BytesIO(Path(path).read_bytes()), decoded)
    return decoded.getvalue()


def _url_fetcher():
    """WeasyPrint's URL fetcher, except that the app's WOFF2 fonts (``file://`` URLs of ``font_faces`` and
    ``emoji_faces``) come already decoded (``_decoded_font``): the same font, so the same PDF."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415  imported on use, like HTML

    class FontFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://") and url.endswith(".woff2"):
                try:
                    return URLFetcherResponse(url, _decoded_font(url2pathname(url.removeprefix("file://"))))
                except (OSError, ValueError):
                    pass  # WeasyPrint's own fetching says what is wrong with the file
            return super().fetch(url, headers)

    return FontFetcher()


def render_pdf(html: str) -> bytes:
    """The tagged PDF (``PDF_OPTIONS``) of ``html``; relative URLs in it are read from the project directory.
    The document language is ``html``'s ``<html lang>``, its title the ``<title>``."""
    from weasyprint import HTML  # noqa: PLC0415  imported on use: it takes half a second

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_url_fetcher()).write_pdf(**PDF_OPTIONS)
