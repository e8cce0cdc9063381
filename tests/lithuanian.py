"""What the Lithuanian tests share: the gettext catalogues read as they are written, the Latvian interface texts
a Lithuanian page must not show, the visible text of a page, a PDF and a workbook, the Panevėžys region of
``fixtures/regions.json``, and a plan written in Lithuanian only.

The catalogues are read from ``locale/<language>/LC_MESSAGES/django.po`` with a small reader of the PO format (the
subset ``makemessages`` and ``msgfmt`` use: comments, flags, ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` and
``msgstr[n]``, strings continued over lines, C escapes; obsolete ``#~`` entries are skipped).
"""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

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
)
from worksheets.models import ActionGroup, PolicyCategory, ResourceType, RiskLevel

LOCALE = Path(settings.BASE_DIR) / "locale"

# --- the catalogues -------------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One message of a PO file: ``msgstr`` holds the one translation, or one per plural form (``msgstr[n]``)."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None


KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+"(.*)"\s*$')
CONTINUATION = re.compile(r'^"(.*)"\s*$')
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def unescape_po(text: str) -> str:
    """A PO string's contents as text: ``\\n``, ``\\t``, ``\\"``, ``\\\\`` … decoded."""
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.mo"


def read_po(path: Path) -> list[Entry]:
    """The entries of the PO file at ``path``, the header (``msgid ""``) first when the file has one. Raises
    ``ValueError`` naming the line for a line the format does not allow."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None  # the string a continuation line adds to

    def flush():
        nonlocal entry, target
        if entry.line:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry.msgstr:
                flush()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if match := KEYWORD.match(line):
            keyword, index, text = match.group(1), match.group(2), unescape_po(match.group(3))
            if keyword in ("msgctxt", "msgid") and entry.msgstr:
                flush()
            if keyword == "msgctxt":
                entry.msgctxt, target = text, ("msgctxt", None)
            elif keyword == "msgid":
                entry.msgid, entry.line, target = text, number, ("msgid", None)
            elif keyword == "msgid_plural":
                entry.msgid_plural, target = text, ("msgid_plural", None)
            else:
                position = int(index or 0)
                while len(entry.msgstr) <= position:
                    entry.msgstr.append("")
                entry.msgstr[position], target = text, ("msgstr", position)
            continue
        if (match := CONTINUATION.match(line)) and target is not None:
            text = unescape_po(match.group(1))
            name, position = target
            if name == "msgstr":
                entry.msgstr[position] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
            continue
        raise ValueError(f"{path}:{number}: not a line of a PO file: {raw!r}")
    flush()
    return entries


@cache
def catalogue(language: str) -> tuple[Entry, ...]:
    """The entries of ``locale/<language>/LC_MESSAGES/django.po`` (none while the file does not exist)."""
    path = po_path(language)
    return tuple(read_po(path)) if path.exists() else ()


def header(language: str) -> dict[str, str]:
    """The catalogue's header fields (``{"Plural-Forms": "nplurals=3; plural=…", …}``)."""
    for entry in catalogue(language):
        if entry.is_header:
            lines = entry.msgstr[0].splitlines() if entry.msgstr else []
            return {
                name.strip(): value.strip() for name, value in (line.split(":", 1) for line in lines if ":" in line)
            }
    return {}


def translated(language: str, msgid: str, context: str | None = None) -> str:
    """The catalogue's translation of ``msgid`` (its first form for a plural); AssertionError when the catalogue
    has no translation of it (so a test never reads a msgid that is not the app's, or an untranslated one)."""
    for entry in catalogue(language):
        if entry.key == (context, msgid) and entry.msgstr and entry.msgstr[0]:
            return entry.msgstr[0]
    raise AssertionError(f"locale/{language}/LC_MESSAGES/django.po has no translation of {msgid!r}")


def lt(msgid: str, context: str | None = None, **values) -> str:
    """``msgid`` as the Lithuanian interface shows it: ``gettext`` (``pgettext`` with ``context``) under
    ``override("lt")``, with ``values`` put into its placeholders.

    The answer is checked against the lt catalogue's own ``msgstr``: before the catalogue is compiled, or while
    its ``.mo`` is older than its ``.po``, gettext falls back to Latvian, and a test must say so instead of looking
    for Latvian words on Lithuanian pages."""
    expected = translated("lt", msgid, context)
    with translation.override("lt"):
        text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    assert text == expected, (
        f"gettext under override('lt') gives {text!r} for {msgid!r}, the lt catalogue {expected!r}: "
        "compile it (manage.py compilemessages) and check that 'lt' is in LANGUAGES"
    )
    return text % values if values else text


def lt_plural(singular: str, plural: str, number: int, **values) -> str:
    """``ngettext`` of the message under ``override("lt")`` for ``number``, with ``values`` (and ``counter``: the
    number, as ``{% blocktranslate count counter=… %}`` names it) put in; checked against the lt catalogue as ``lt``."""
    forms = next(
        (entry.msgstr for entry in catalogue("lt") if entry.key == (None, singular) and entry.msgid_plural == plural),
        None,
    )
    assert forms and all(forms), f"locale/lt/LC_MESSAGES/django.po has no plural forms of {singular!r}"
    with translation.override("lt"):
        text = translation.ngettext(singular, plural, number)
    assert text in forms, f"gettext under override('lt') gives {text!r} for {singular!r}: compile the lt catalogue"
    return text % {"counter": number, **values}


def source_text(text) -> str:
    """The English source string (msgid) of a lazy translation."""
    with translation.override(None):
        return str(text)


def in_lithuanian(text) -> str:
    """A lazy translation (a model's verbose name, a choice's label) as the Lithuanian interface shows it."""
    with translation.override("lt"):
        return str(text)


# --- Latvian interface text -----------------------------------------------------------------------------------

# Letters of Latvian that Lithuanian never writes (ū, č, š, ž are shared).
LATVIAN_ONLY_LETTERS = re.compile(r"[āēīģķļņĀĒĪĢĶĻŅ]")
LATVIAN_WORD = re.compile(r"\w*[āēīģķļņĀĒĪĢĶĻŅ]\w*")
# Where a translation is cut into the pieces a page shows whole: placeholders, markup, line breaks.
PIECE_BREAK = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[sdifr%]|<[^>]*>|\n")
# A piece shorter than this (in letters) is too likely to occur in other words or languages to mean Latvian.
MIN_LETTERS = 6
EDGE_PUNCTUATION = " .,:;!?—–-()[]{}\"'„“”«»‘’…/#*·|+=→"


def letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def pieces(text: str) -> list[str]:
    """The pieces of a catalogue string a page shows whole (between placeholders, markup and line breaks), with
    their whitespace collapsed and the punctuation at their ends left out."""
    return [" ".join(piece.split()).strip(EDGE_PUNCTUATION) for piece in PIECE_BREAK.split(html.unescape(text))]


def _flat(texts) -> str:
    return " ".join(" ".join(html.unescape(text).split()) for text in texts).casefold()


@cache
def latvian_interface_texts() -> dict[str, str]:
    """The Latvian interface texts a Lithuanian page must not show, ``{casefolded text: text}``: the pieces of the lv
    catalogue's translations that differ from the English source and from the lt translation of the same message,
    of at least ``MIN_LETTERS`` letters, that occur in no English source string and no Lithuanian translation."""
    lt_by_key = {entry.key: entry for entry in catalogue("lt") if not entry.is_header}
    shared = [entry.msgid for entry in catalogue("lv")] + [entry.msgid_plural or "" for entry in catalogue("lv")]
    shared_text = _flat(shared + [text for entry in lt_by_key.values() for text in entry.msgstr])
    texts = {}
    for entry in catalogue("lv"):
        if entry.is_header:
            continue
        lt_entry = lt_by_key.get(entry.key)
        same = {entry.msgid, entry.msgid_plural, *(lt_entry.msgstr if lt_entry else ())}
        for piece in [piece for text in entry.msgstr if text not in same for piece in pieces(text)]:
            if letters(piece) >= MIN_LETTERS and piece.casefold() not in shared_text:
                texts[piece.casefold()] = piece
    return texts


# An English source string left untranslated is looked for only when it is this long and has several words: short
# English words ("Excel", "seimpact") are names in every language.
MIN_ENGLISH_LETTERS = 12


@cache
def english_interface_texts() -> dict[str, str]:
    """The English source strings a Lithuanian page shows only when their translation is missing, ``{casefolded
    text: text}``: the pieces of the catalogue's msgids of at least ``MIN_ENGLISH_LETTERS`` letters and two words
    that no Latvian or Lithuanian translation contains."""
    entries = [entry for entry in catalogue("lv") if not entry.is_header]
    translations = _flat(
        [text for entry in entries for text in entry.msgstr]
        + [text for entry in catalogue("lt") if not entry.is_header for text in entry.msgstr]
    )
    texts = {}
    for entry in entries:
        for piece in [piece for text in (entry.msgid, entry.msgid_plural) if text for piece in pieces(text)]:
            if letters(piece) >= MIN_ENGLISH_LETTERS and " " in piece and piece.casefold() not in translations:
                texts[piece.casefold()] = piece
    return texts


def _by_longest_word(texts: dict[str, str]) -> list[tuple[str, str, str]]:
    """``[(longest word, casefolded text, text)]``: a text can only be on a page that has its longest word."""
    return [(max(re.findall(r"\w+", folded), key=len), folded, text) for folded, text in texts.items()]


@cache
def _interface_texts() -> list[tuple[str, str, str, str]]:
    """``[(what, longest word, casefolded text, text)]`` of the Latvian and the untranslated English texts."""
    return [
        (what, *item)
        for what, texts in [
            ("Latvian interface text", latvian_interface_texts()),
            ("untranslated English interface text", english_interface_texts()),
        ]
        for item in _by_longest_word(texts)
    ]


def not_lithuanian(text: str) -> list[str]:
    """What in ``text`` is not Lithuanian: each Latvian interface text of the lv catalogue it contains (whitespace and
    case aside), each word with a letter Lithuanian never writes (ā ē ī ģ ķ ļ ņ), and each English source string of
    the catalogue (``english_interface_texts``) that is shown untranslated."""
    flat = " ".join(text.split()).casefold()
    words = set(re.findall(r"\w+", flat))
    found = [f"{what} {original!r}" for what, word, folded, original in _interface_texts()
             if word in words and folded in flat]  # fmt: skip
    found += [f"letters Lithuanian never uses in {word!r}" for word in dict.fromkeys(LATVIAN_WORD.findall(text))]
    return found


# --- what a reader sees ---------------------------------------------------------------------------------------

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TEXT_ATTRIBUTES = {"aria-label", "aria-description", "aria-roledescription", "title", "placeholder", "alt", "label"}
VALUE_INPUTS = {"submit", "button", "reset", "text", "search", "url", "email", "number", "tel", "date"}


class VisibleText(HTMLParser):
    """The texts of a page a reader meets in ``language``: text nodes, the attributes that are read (``aria-label``,
    ``title``, ``placeholder``, ``alt``, ``data-*``), the values of buttons and of text fields, the suggestions of a
    ``<datalist>``, and the strings of ``<script type="application/json">`` data (chart labels). Left out: scripts
    and styles, and every element marked as another language by its ``lang`` (the language switcher names each
    language in itself)."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.parts: list[str] = []
        self.skipping: tuple[str, int] | None = None  # (tag, depth) of the element being left out
        self.json_script = False
        self.in_datalist = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skipping:
            if tag == self.skipping[0] and tag not in VOID_ELEMENTS:
                self.skipping = (tag, self.skipping[1] + 1)
            return
        lang = (attrs.get("lang") or self.language).lower()
        if tag in ("script", "style") or not lang.startswith(self.language):
            self.json_script = tag == "script" and attrs.get("type") == "application/json" and lang == self.language
            if tag not in VOID_ELEMENTS and not self.json_script:
                self.skipping = (tag, 1)
            return
        if tag == "datalist":
            self.in_datalist += 1
        for name, value in attrs.items():
            if value and (name in TEXT_ATTRIBUTES or name.startswith("data-")):
                self.parts.append(value)
        shown_value = (
            (tag == "input" and attrs.get("type", "text") in VALUE_INPUTS)
            or (tag == "option" and self.in_datalist)
            or tag == "button"
        )
        if shown_value and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.skipping and self.skipping == (tag, 1):
            self.skipping = None

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping[0]:
                depth = self.skipping[1] - 1
                self.skipping = (tag, depth) if depth else None
            return
        if tag == "script":
            self.json_script = False
        if tag == "datalist" and self.in_datalist:
            self.in_datalist -= 1

    def handle_data(self, data):
        if self.skipping:
            return
        if self.json_script:
            self.parts.extend(json_strings(json.loads(data)))
        else:
            self.parts.append(data)


def json_strings(value) -> list[str]:
    """Every string in a JSON value (keys aside)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return []


def visible_text(page: str, language: str = "lt") -> str:
    """The texts of the HTML ``page`` a reader meets in ``language`` (``VisibleText``), one per line."""
    parser = VisibleText(language)
    parser.feed(page)
    parser.close()
    return "\n".join(part for part in parser.parts if part.strip())


def pdf_text(content: bytes) -> str:
    """The text of a PDF as ``pdftotext`` (poppler) reads it, in content order (``-raw``), NFC, without the invisible
    break opportunities and soft hyphens the PDF may carry."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    text = result.stdout.decode("utf-8")
    return unicodedata.normalize("NFC", re.sub("[\u200b\u00ad\u2060]", "", text))


def pdf_fonts(content: bytes, tmp_path: Path) -> list[str]:
    """The names of the fonts embedded in a PDF (``pdffonts``)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return [line.split()[0] for line in result.stdout.splitlines()[2:] if line.strip()]


def workbook_texts(content: bytes) -> list[str]:
    """Every text of an .xlsx workbook: its sheet names and every string cell, sheet by sheet."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    texts = []
    for sheet in workbook.worksheets:
        texts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            texts += [value for value in row if isinstance(value, str)]
    workbook.close()
    return texts


# --- the Panevėžys region, and a plan in Lithuanian -----------------------------------------------------------

REGIONS_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "regions.json"


def panevezys_region():
    """The Panevėžys region and its six municipalities as ``fixtures/regions.json`` has them (and nothing of
    Zemgale): ``(region, {slug: municipality})``."""
    objects = json.loads(REGIONS_FIXTURE.read_text(encoding="utf-8"))
    [region_object] = [
        o for o in objects if o["model"] == "municipalities.region" and o["fields"]["slug"] == "panevezys"
    ]
    region = RegionFactory(**region_object["fields"])
    municipalities = {
        o["fields"]["slug"]: MunicipalityFactory(name=o["fields"]["name"], slug=o["fields"]["slug"], region=region)
        for o in objects
        if o["model"] == "municipalities.municipality" and o["fields"]["region"] == region_object["pk"]
    }
    return region, municipalities


# People with Lithuanian names (the factories' default is a Latvian name).
LITHUANIAN_PEOPLE = {
    "editor": {"username": "ausra", "first_name": "Aušra", "last_name": "Kazlauskienė"},
    "viewer": {"username": "jonas", "first_name": "Jonas", "last_name": "Petrauskas"},
    "coordinator": {"username": "gintare", "first_name": "Gintarė", "last_name": "Žukauskaitė"},
    "colleague": {"username": "vytautas", "first_name": "Vytautas", "last_name": "Šimkūnas"},
}


def person(role: str) -> dict:
    """The keyword arguments of ``editor_of`` / ``viewer_of`` / ``coordinator_of`` for the person of ``role`` in
    ``LITHUANIAN_PEOPLE``, with an e-mail address of their own."""
    names = LITHUANIAN_PEOPLE[role]
    return {f"user__{key}": value for key, value in names.items()} | {"user__email": f"{names['username']}@example.lt"}


LITHUANIAN_LOWER = "ąčęėįšųūž"
LITHUANIAN_LETTERS = LITHUANIAN_LOWER + LITHUANIAN_LOWER.upper()

# A plan's rows, written as a Lithuanian officer would; together they hold every Lithuanian letter, lower and upper
# case (the goal, the upper-case activity and the task carry all of them).
GOAL = "Iki 2027 m. Biržų rajone įsteigti dvi naujas socialines įmones ir užtikrinti jų veiklos tęstinumą"
TASK = "Surengti dotacijų konkursą pradedantiesiems socialiniams verslininkams ir jaunimui"
UPPER_ACTIVITY = "TĘSTINĖ ŠVIETIMO PROGRAMA „ČIA ĮMANOMA“: ŪKININKŲ SĄRAŠAS IR ŽEMĖS NUOMOS SĄLYGOS"
ROWS = {
    "documents": [
        {
            "category": PolicyCategory.NATIONAL_ACT,
            "title": "Lietuvos Respublikos socialinių įmonių įstatymas",
            "reference": "4 straipsnis, 2 dalis",
            "implementer": "Socialinės apsaugos ir darbo ministerija",
        }
    ],
    "cooperation": [
        {
            "organisation": "Asociacija „Biržų krašto kaimo bendruomenių sąjunga“",
            "cooperation_type": "Bendri projektai ir mokymai",
            "result": "Pasirašyta bendradarbiavimo sutartis dėl užimtumo didinimo",
        }
    ],
    "data": [
        {
            "data_type": "Socialinių įmonių ir jų darbuotojų skaičius",
            "source": "Užimtumo tarnyba prie Socialinės apsaugos ir darbo ministerijos",
            "update_frequency": "Kas ketvirtį",
        }
    ],
    "needs": [
        {
            "target_group": "Kaimo gyventojai be viešojo transporto",
            "existing_support": "Socialinis taksi du kartus per savaitę",
            "unmet_needs": "Nuolatinis susisiekimas su rajono centru darbo dienomis",
            "opportunities": "Socialinė įmonė galėtų teikti pavėžėjimo paslaugas",
        }
    ],
    "resources": [
        {
            "resource_type": ResourceType.INFRASTRUCTURE,
            "description": "Patalpos Biržų kultūros centre su įrengtomis dirbtuvėmis",
            "holder": "Biržų kultūros centras",
        }
    ],
    "engagement": [
        {
            "activity": "Informacinis seminaras ūkininkams ir jaunimui",
            "target_audience": "Jaunieji ūkininkai ir seniūnijų gyventojai",
            "channel": "Savivaldybės interneto svetainė ir vietos laikraštis „Šiaurės Rytai“",
            "timeline": "2026 m. kovas",
            "responsible": "Ryšių su visuomene skyrius",
        }
    ],
    "risks": [
        {
            "factor": "Žiemą užpustyti keliai į atokias seniūnijas",
            "impact": "Vėluoja paslaugų teikimas",
            "level": RiskLevel.MEDIUM,
            "preventive_measures": "Iš anksto suderintas kelių valymo grafikas",
            "reactive_action": "Seniūnas perkelia paslaugų teikimą į artimiausią seniūniją",
        }
    ],
    "monitoring": [
        {
            "activity": "Pusmečio ataskaita savivaldybės tarybai",
            "responsible": "Strateginio planavimo ir investicijų skyrius",
            "deadline": "Kiekvienų metų liepos 1 d.",
            "completion_indicator": "Ataskaita pateikta ir svarstyta tarybos posėdyje",
        }
    ],
}
ACTIVITIES = [
    {
        "description": "Parengti konkurso „Socialinis verslas“ nuostatus",
        "timeline": "2026 m. pirmasis pusmetis",
        "funding_source": "Savivaldybės biudžetas",
        "involved_parties": "Biržų verslo informacijos centras",
        "responsible_unit": "Strateginio planavimo ir investicijų skyrius",
        "action_group": ActionGroup.FINANCIAL_SUPPORT,
    },
    {
        "description": UPPER_ACTIVITY,
        "timeline": "2026 m. rugsėjis – gruodis",
        "funding_source": "Europos socialinis fondas",
        "involved_parties": "Biržų žemės ūkio mokykla",
        "responsible_unit": "Švietimo skyrius",
        "action_group": ActionGroup.EDUCATION,
    },
]
SUPPORT_GIVEN = "Savivaldybė 2025 m. skyrė patalpas dviem socialinėms įmonėms, čia veikia jų dirbtuvės"
INDICATOR = {
    "indicator": "Naujai įsteigtų socialinių įmonių skaičius",
    "target": "2",
    "data_method": "Registrų duomenys",
}

FACTORIES = {
    "documents": PolicyDocumentFactory,
    "cooperation": CooperationFactory,
    "data": DataSourceFactory,
    "needs": TargetGroupNeedFactory,
    "resources": ResourceFactory,
    "engagement": EngagementActivityFactory,
    "risks": RiskFactory,
    "monitoring": MonitoringActivityFactory,
}


def lithuanian_texts() -> list[str]:
    """Every text ``fill_in_lithuanian`` writes into a plan (choices aside)."""
    texts = [GOAL, TASK, SUPPORT_GIVEN, *INDICATOR.values()]
    for rows in (*ROWS.values(), ACTIVITIES):
        texts += [value for row in rows for value in row.values() if not hasattr(value, "label")]
    return texts


def fill_in_lithuanian(plan, *, due_date=None) -> dict:
    """Put a row in Lithuanian into each of the plan's 11 worksheets (after the rows it has), a goal with a task,
    two activities of the task (due on ``due_date``) and an indicator of the goal; the plan's own answers too.
    Returns ``{"goal": goal, "task": task, "activities": [...], "indicator": indicator}``."""
    for key, rows in ROWS.items():
        for row in rows:
            FACTORIES[key](plan=plan, **row)
    goal = StrategicGoalFactory(plan=plan, text=GOAL)
    task = TaskFactory(goal=goal, text=TASK)
    activities = [ActivityFactory(task=task, due_date=due_date, **row) for row in ACTIVITIES]
    indicator = IndicatorFactory(goal=goal, **INDICATOR)
    plan.support_given = SUPPORT_GIVEN
    plan.partners_identified = True
    plan.save()
    return {"goal": goal, "task": task, "activities": activities, "indicator": indicator}
