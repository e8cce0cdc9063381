"""Load test of a running server: officers saving worksheets at the same time, over HTTP on loopback.

What an office does to the server, measured from outside it: each officer's browser loads a worksheet page,
changes one cell and saves the page as a browser submits it (every input, textarea and select of the form,
the hidden ones and the CSRF token included, line breaks as CRLF), then follows the redirect. Afterwards the
database tells whether every save the server confirmed is stored.

- ``prepare(offices=n)`` creates or reuses the load-test data in the database the server uses: a region of its
  own (``Slodzes testa reģions``), municipalities ``Slodzes tests 1 … n``, each with two editors and one draft
  plan whose tables are filled with a few rows. Demo and real data are not touched. ``clean()`` removes it all.
  For the production load test (``manage.py loadtest_production``) ``prepare_coordinators(count=n)`` adds the
  region's coordinators and ``prepare_published(count=n)`` municipalities with a published plan each, which the
  public reads.
- ``run(...)`` drives the officers in threads: *clients* officers each save ``saves`` worksheets of their own plan,
  all at once; then *pairs*: two editors of one municipality load the same worksheet, each changes a different
  cell, and both save at the same moment (``threading.Barrier``).
- ``lost_writes(saves)`` reads the stored rows: a save answered 302 whose marker is not in its cell, unless a
  later confirmed save of the same cell replaced it, is a lost write.

``manage.py loadtest`` (``worksheets/management/commands/loadtest.py``) prints the report; the concurrency test
(``tests/test_concurrent_saves.py``) runs the same against ``live_server``. Only the standard library speaks
HTTP here (``urllib``, ``html.parser``), and the threads never touch the ORM.
"""

import http.cookiejar
import re
import secrets
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from random import Random

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.urls import reverse

from municipalities.models import Country, Membership, Municipality, Region, Role

from .editing import services
from .models import ActionPlan, PlanStatus, PlanVersion
from .registry import ALL_TABLES, WORKSHEETS
from .review.lifecycle import keep_published_version
from .review.versions import freeze_version
from .seed.demo import fill_plan

REGION_SLUG = "slodzes-tests"
REGION_NAME = "Slodzes testa reģions"
MUNICIPALITY_SLUG = "slodzes-tests-{n}"
MUNICIPALITY_NAME = "Slodzes tests {n}"
USERNAME = "slodzes-tests-{n}{seat}"  # seat "a" saves alone and in a pair, seat "b" is the colleague in a pair
COORDINATOR_USERNAME = "slodzes-tests-koordinators-{n}"
PUBLISHED_MUNICIPALITY_SLUG = "slodzes-tests-publicets-{n}"
PUBLISHED_MUNICIPALITY_NAME = "Slodzes tests publicēts {n}"
PUBLISHED_PLAN_TITLE = "Slodzes testa publicētais plāns"
PLAN_TITLE = "Slodzes testa plāns"
PLAN_PERIOD = (2026, 2027)
ROWS_PER_TABLE = 3  # rows fill_plan adds to every table of a new load-test plan: a pair needs two in a table

TABLES = {table.key: table for _worksheet, table in ALL_TABLES}
CELL_NAME = re.compile(r"^(?P<table>\w+?)-(?P<index>\d+)-(?P<column>\w+)$")
TEXT_CONTROLS = {("textarea", ""), ("input", "text")}


class LoadTestError(Exception):
    """The load test cannot run: a login refused, a page without a form, a server using another database."""


# --- the load-test data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Officer:
    """A load-test editor: username, the password set for this run, and the plan they save."""

    username: str
    password: str
    plan_id: int


@dataclass(frozen=True)
class Office:
    """One load-test municipality: its two editors (``officer`` saves alone and in a pair, ``colleague`` only in a
    pair) and their plan."""

    officer: Officer
    colleague: Officer


def prepare(*, offices: int) -> list[Office]:
    """Create what is missing of ``offices`` load-test municipalities (region ``REGION_SLUG``), their editors and
    draft plans, and give each editor a new random password; returns the offices in order ``1 … offices``.

    A plan made here gets ``ROWS_PER_TABLE`` rows in every table; an existing one is reused as it is (earlier runs'
    markers stay in its cells). Raises ``ValueError`` for fewer than one office.
    """
    if offices < 1:
        raise ValueError("at least one office is needed")
    User = get_user_model()
    result = []
    with transaction.atomic():
        region, _created = Region.objects.get_or_create(
            slug=REGION_SLUG, defaults={"name": REGION_NAME, "country": Country.LATVIA, "coordinator_body": ""}
        )
        for n in range(1, offices + 1):
            municipality, _created = Municipality.objects.get_or_create(
                slug=MUNICIPALITY_SLUG.format(n=n), defaults={"name": MUNICIPALITY_NAME.format(n=n), "region": region}
            )
            if municipality.region_id != region.pk:
                raise LoadTestError(f"municipality {municipality.slug} exists outside the load-test region")
            seats = {}
            for seat in ("a", "b"):
                username = USERNAME.format(n=n, seat=seat)
                user, _created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": "Slodzes", "last_name": f"Tests {n}{seat}", "email": ""},
                )
                password = secrets.token_urlsafe(18)
                user.set_password(password)
                user.is_active = True
                user.save()
                Membership.objects.get_or_create(user=user, role=Role.EDITOR, municipality=municipality)
                seats[seat] = (user, password)
            plan = ActionPlan.objects.filter(municipality=municipality).order_by("pk").first()
            if plan is None:
                plan = services.plan_create(
                    user=seats["a"][0],
                    municipality=municipality,
                    period_start=PLAN_PERIOD[0],
                    period_end=PLAN_PERIOD[1],
                    title=PLAN_TITLE,
                )
                fill_plan(plan, rows=ROWS_PER_TABLE)
            officer, colleague = (Officer(user.username, password, plan.pk) for user, password in seats.values())
            result.append(Office(officer=officer, colleague=colleague))
    return result


@dataclass(frozen=True)
class Account:
    """A load-test user who only reads: username and the password set for this run."""

    username: str
    password: str


def _load_test_region() -> Region:
    region, _created = Region.objects.get_or_create(
        slug=REGION_SLUG, defaults={"name": REGION_NAME, "country": Country.LATVIA, "coordinator_body": ""}
    )
    return region


def prepare_coordinators(*, count: int) -> list[Account]:
    """Create what is missing of ``count`` coordinators of the load-test region (``COORDINATOR_USERNAME``) and give
    each a new random password; returns them in order ``1 … count``. Raises ``ValueError`` for a negative count."""
    if count < 0:
        raise ValueError("the number of coordinators counts from 0")
    User = get_user_model()
    accounts = []
    with transaction.atomic():
        region = _load_test_region()
        for n in range(1, count + 1):
            user, _created = User.objects.get_or_create(
                username=COORDINATOR_USERNAME.format(n=n),
                defaults={"first_name": "Slodzes", "last_name": f"Koordinators {n}", "email": ""},
            )
            password = secrets.token_urlsafe(18)
            user.set_password(password)
            user.is_active = True
            user.save()
            Membership.objects.get_or_create(user=user, role=Role.COORDINATOR, region=region, municipality=None)
            accounts.append(Account(user.username, password))
    return accounts


def prepare_published(*, count: int, rows: int = ROWS_PER_TABLE) -> list[int]:
    """Create what is missing of ``count`` load-test municipalities ``Slodzes tests publicēts 1 … count``, each with
    one published plan (``rows`` rows in every table, kept as its approved version 1, which is the plan in force), as
    the seed loader publishes the real plans; returns the plans' ids in order. An existing plan is reused as it is.
    The versions are credited to the first load-test coordinator (``prepare_coordinators`` first). Raises
    ``ValueError`` for a negative count, ``LoadTestError`` without a coordinator."""
    if count < 0:
        raise ValueError("the number of published plans counts from 0")
    coordinator = get_user_model().objects.filter(username=COORDINATOR_USERNAME.format(n=1)).first()
    if count and coordinator is None:
        raise LoadTestError("prepare the load-test coordinators before the published plans")
    plan_ids = []
    with transaction.atomic():
        region = _load_test_region()
        for n in range(1, count + 1):
            municipality, _created = Municipality.objects.get_or_create(
                slug=PUBLISHED_MUNICIPALITY_SLUG.format(n=n),
                defaults={"name": PUBLISHED_MUNICIPALITY_NAME.format(n=n), "region": region},
            )
            if municipality.region_id != region.pk:
                raise LoadTestError(f"municipality {municipality.slug} exists outside the load-test region")
            plan = ActionPlan.objects.filter(municipality=municipality).order_by("pk").first()
            if plan is None:
                plan = services.plan_create(
                    user=coordinator,
                    municipality=municipality,
                    period_start=PLAN_PERIOD[0],
                    period_end=PLAN_PERIOD[1],
                    title=PUBLISHED_PLAN_TITLE,
                )
                fill_plan(plan, rows=rows)
                freeze_version(plan=plan, user=coordinator)
                plan.status = PlanStatus.PUBLISHED
                keep_published_version(plan)
                plan._history_user = coordinator
                plan.save(update_fields=["status", "published_version", "updated_at"])
            plan_ids.append(plan.pk)
    return plan_ids


def clean() -> int:
    """Remove all load-test data: the plans of the load-test region (rows, their history, versions, states), its
    editors and coordinators (with their login records), municipalities and the region. Returns the number of plans
    removed."""
    User = get_user_model()
    with transaction.atomic():
        plans = ActionPlan.objects.filter(municipality__region__slug=REGION_SLUG)
        plan_ids = list(plans.values_list("pk", flat=True))
        for _worksheet, table in reversed(ALL_TABLES):  # rows pointing at others (tasks at goals) go first
            table.model.objects.filter(plan_id__in=plan_ids).delete()
        for _worksheet, table in ALL_TABLES:
            table.model.history.filter(plan_id__in=plan_ids).delete()
        plans.delete()  # with their versions; then the history, deletions recorded just now included
        ActionPlan.history.filter(id__in=plan_ids).delete()
        PlanVersion.history.filter(plan_id__in=plan_ids).delete()
        users = User.objects.filter(username__startswith=USERNAME.format(n="", seat="")).filter(
            models.Q(memberships__municipality__region__slug=REGION_SLUG)
            | models.Q(memberships__region__slug=REGION_SLUG)
        )
        usernames = list(users.values_list("username", flat=True).distinct())
        for model_name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):  # django-axes' login records
            model = _axes_model(model_name)
            if model is not None:
                model.objects.filter(username__in=usernames).delete()
        User.objects.filter(username__in=usernames).delete()
        Municipality.objects.filter(region__slug=REGION_SLUG).delete()
        Region.objects.filter(slug=REGION_SLUG).delete()
    return len(plan_ids)


def _axes_model(name: str):
    try:
        return apps.get_model("axes", name)
    except LookupError:
        return None


# --- a browser: forms as a browser submits them -------------------------------------------------------------


@dataclass
class Control:
    """One form control as parsed: ``tag`` (input, textarea, select, button), ``type`` (lower case; "" for
    textarea and select), ``name``, ``value``, flags, and a select's options ``[(value, selected, disabled)]``."""

    tag: str
    type: str
    name: str
    value: str = ""
    checked: bool = False
    disabled: bool = False
    multiple: bool = False
    options: list = field(default_factory=list)


@dataclass
class Form:
    """A ``<form>``: its attributes and its controls in document order."""

    attrs: dict
    controls: list[Control] = field(default_factory=list)

    @property
    def method(self) -> str:
        return (self.attrs.get("method") or "get").lower()

    def control(self, name: str) -> Control | None:
        """The first control named ``name``, or None."""
        return next((c for c in self.controls if c.name == name), None)

    def entries(self) -> list[tuple[str, str]]:
        """The name/value pairs a browser submits when the form's first submit button is pressed (HTML's
        "constructing the entry list"): disabled and unnamed controls left out, checkboxes and radios only when
        checked ("on" without a value), a select's selected options (the first enabled one when none is),
        other buttons left out, and every line break as CRLF."""
        entries = []
        submitter = next((c for c in self.controls if _is_submit(c)), None)
        for control in self.controls:
            if control.disabled or not control.name:
                continue
            if control.tag == "button" or control.type in ("submit", "image", "reset", "button"):
                if control is submitter:
                    entries.append((control.name, control.value))
                continue
            if control.type in ("checkbox", "radio"):
                if control.checked:
                    entries.append((control.name, control.value if control.value is not None else "on"))
            elif control.type == "file":
                continue
            elif control.tag == "select":
                chosen = [value for value, selected, disabled in control.options if selected and not disabled]
                if not chosen and not control.multiple:
                    chosen = [value for value, _selected, disabled in control.options if not disabled][:1]
                entries.extend((control.name, value) for value in chosen)
            else:
                entries.append((control.name, control.value))
        return [(_crlf(name), _crlf(value)) for name, value in entries]


def _is_submit(control: Control) -> bool:
    return (control.tag == "button" and control.type in ("", "submit")) or (
        control.tag == "input" and control.type in ("submit", "image")
    )


def _crlf(text: str) -> str:
    return re.sub(r"\r\n|\r|\n", "\r\n", text)


class FormParser(HTMLParser):
    """Collects the forms of a page (``.forms``) with their controls, as a browser's DOM holds them: a textarea's
    text without its first line break, an option's text when it has no value, controls inside a disabled
    fieldset disabled, and controls with a ``form="id"`` attribute given to that form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._by_id: dict[str, Form] = {}
        self._owned: list[tuple[str, Control]] = []
        self._text: Control | None = None  # the textarea or option whose text is being read
        self._option: list | None = None
        self._select: Control | None = None
        self._disabled_fieldsets = 0
        self._fieldsets: list[bool] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
            if attrs.get("id"):
                self._by_id[attrs["id"]] = self._form
        elif tag == "fieldset":
            disabled = "disabled" in attrs
            self._fieldsets.append(disabled)
            self._disabled_fieldsets += disabled
        elif tag in ("input", "textarea", "select", "button"):
            default_type = {"input": "text", "button": "submit"}.get(tag, "")
            control = Control(
                tag=tag,
                type=(attrs.get("type") or default_type).lower(),
                name=attrs.get("name", ""),
                value=attrs.get("value", "on" if attrs.get("type", "").lower() in ("checkbox", "radio") else ""),
                checked="checked" in attrs,
                disabled="disabled" in attrs or self._disabled_fieldsets > 0,
                multiple="multiple" in attrs,
            )
            if tag == "input" and control.type not in ("checkbox", "radio", "hidden"):
                control.value = re.sub(r"[\r\n]", "", control.value)  # a text input's value has no line breaks
            self._own(control, attrs.get("form"))
            if tag == "textarea":
                self._text = control
            elif tag == "select":
                self._select = control
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, "disabled" in attrs, ""]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "option":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._text is not None:
            self._text.value += data
        elif self._option is not None:
            self._option[3] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "fieldset" and self._fieldsets:
            self._disabled_fieldsets -= self._fieldsets.pop()
        elif tag == "textarea" and self._text is not None:
            text = self._text.value
            self._text.value = text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text
            self._text = None
        elif tag in ("option", "select") and self._option is not None:
            value, selected, disabled, text = self._option
            if value is None:
                value = " ".join(text.split())
            self._select.options.append((value, selected, disabled))
            self._option = None
        if tag == "select":
            self._select = None

    def close(self):
        super().close()
        for form_id, control in self._owned:
            if form_id in self._by_id:
                self._by_id[form_id].controls.append(control)

    def _own(self, control: Control, form_id: str | None):
        if form_id:
            self._owned.append((form_id, control))
        elif self._form is not None:
            self._form.controls.append(control)


def parse_forms(html: str) -> list[Form]:
    """The forms of an HTML page (see ``FormParser``)."""
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


@dataclass
class Response:
    """An HTTP answer: status (None when the connection failed: ``error`` says why), headers, body text, the URL."""

    status: int | None
    url: str
    text: str = ""
    location: str = ""
    error: str = ""


class _AnswerAsIs(urllib.request.HTTPErrorProcessor):
    """Hands every answer back as it is: redirects are not followed and 4xx/5xx raise nothing."""

    def http_response(self, request, response):
        return response

    https_response = http_response


class Browser:
    """One officer's browser: its own cookies, pages fetched and forms posted over HTTP, redirects not followed
    (the caller follows them, so the status of each answer is seen). ``timeout`` in seconds per request."""

    def __init__(self, base_url: str, *, timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _AnswerAsIs)

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url + "/", path)

    def get(self, path: str) -> Response:
        """GET ``path`` (absolute or relative to the base URL)."""
        return self._send(urllib.request.Request(self.url(path), method="GET"))

    def post(self, path: str, entries: list[tuple[str, str]], *, referer: str) -> Response:
        """POST ``entries`` urlencoded as UTF-8 to ``path``, with the Origin and Referer a browser sends."""
        body = urllib.parse.urlencode(entries, encoding="utf-8").encode("ascii")
        origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(self.base_url))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": referer}
        return self._send(urllib.request.Request(self.url(path), data=body, headers=headers, method="POST"))

    def submit(self, page: Response, form: Form, entries: list[tuple[str, str]]) -> Response:
        """Submit ``form`` of ``page`` with ``entries`` to the form's action (the page itself without one)."""
        action = urllib.parse.urljoin(page.url, form.attrs.get("action") or page.url)
        return self.post(action, entries, referer=page.url)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def log_in(self, username: str, password: str, *, login_path: str) -> None:
        """Sign in through the login form; ``LoadTestError`` when the server does not answer with a redirect."""
        page = self.get(login_path)
        form = next((f for f in parse_forms(page.text) if any(c.type == "password" for c in f.controls)), None)
        if page.status != 200 or form is None:
            raise LoadTestError(f"the login page {page.url} answered {page.status or page.error} without a login form")
        entries = [
            (name, username if name == "username" else password if name == "password" else value)
            for name, value in form.entries()
        ]
        answer = self.submit(page, form, entries)
        if answer.status != 302:
            raise LoadTestError(f"{username} could not sign in at {page.url}: {answer.status or answer.error}")

    def log_out(self, *, logout_path: str) -> None:
        """Sign out (POST with the CSRF cookie as token), ending the session on the server; failures are ignored."""
        token = self.cookie("csrftoken")
        if token:
            self.post(logout_path, [("csrfmiddlewaretoken", token)], referer=self.url(logout_path))

    def _send(self, request) -> Response:
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                text = answer.read().decode("utf-8", errors="replace")
                return Response(answer.status, answer.url, text, answer.headers.get("Location", ""))
        except (urllib.error.URLError, OSError) as error:
            return Response(None, request.full_url, error=f"{type(error).__name__}: {error}")


# --- one save --------------------------------------------------------------------------------------------


@dataclass
class Save:
    """One worksheet save and its outcome.

    ``status`` is the POST's answer (None when it was not sent or the connection failed; ``error`` says why),
    ``followed`` the status of the page the redirect led to, ``latency_ms`` the POST's round trip in
    milliseconds, ``finished`` a ``time.monotonic()`` reading when it was answered (orders saves of one cell).
    """

    phase: str
    username: str
    plan_id: int
    worksheet: int
    marker: str
    table: str = ""
    row_id: int | None = None
    column: str = ""
    status: int | None = None
    followed: int | None = None
    error: str = ""
    latency_ms: float | None = None
    finished: float = 0.0

    def describe(self) -> str:
        """One line for a report: phase, officer, worksheet, cell and what happened."""
        outcome = self.error or f"answered {self.status}" + (f", then {self.followed}" if self.followed else "")
        cell = f"{self.table} row {self.row_id} {self.column}" if self.table else "no cell"
        return f"{self.phase} {self.username} worksheet {self.worksheet} {cell}: {outcome}"

    @property
    def cell(self) -> tuple[str, int | None, str]:
        return (self.table, self.row_id, self.column)

    @property
    def failed(self) -> bool:
        """A server error or no answer: a 5xx, a connection error, or a page that could not be loaded."""
        return bool(self.error) or self.status is None or self.status >= 500 or (self.followed or 0) >= 500

    @property
    def saved(self) -> bool:
        return self.status == 302 and not self.failed

    @property
    def conflict(self) -> bool:
        """The server refused the save as overtaken by a colleague's and showed the conflict (nothing lost)."""
        return self.status == 409

    @property
    def rejected(self) -> bool:
        """Answered, but neither saved nor a conflict (e.g. 200 with form errors, 403): the save did not happen."""
        return not self.failed and not self.saved and not self.conflict


@dataclass(frozen=True)
class Cell:
    """A text cell of a worksheet form: the form, the control's name, its table key, row id and column name."""

    form: Form
    name: str
    table: str
    row_id: int
    column: str


def text_cells(forms: list[Form]) -> list[Cell]:
    """The free-text cells of saved rows in ``forms``, in page order: textareas and text inputs named
    ``<table>-<index>-<column>`` whose row has an id and whose column is free text in the registry."""
    cells = []
    for form in forms:
        for control in form.controls:
            match = CELL_NAME.match(control.name)
            if not match or (control.tag, control.type) not in TEXT_CONTROLS or control.disabled:
                continue
            table = TABLES.get(match["table"])
            row = form.control(f"{match['table']}-{match['index']}-id")
            if table is None or row is None or not row.value.isdigit() or not _free_text(table, match["column"]):
                continue
            cells.append(Cell(form, control.name, table.key, int(row.value), match["column"]))
    return cells


def _free_text(table, name: str) -> bool:
    column = next((c for c in table.bound_columns if c.name == name), None)
    if column is None:
        return False
    model_field = column.field
    return (
        isinstance(model_field, models.CharField | models.TextField)
        and not isinstance(model_field, models.URLField)
        and not model_field.choices
        and (model_field.max_length is None or model_field.max_length >= 64)
    )


def load_worksheet(browser: Browser, save: Save) -> tuple[Response | None, list[Cell]]:
    """GET the worksheet page of ``save``; its text cells, or ``save.error`` set when the page failed."""
    page = browser.get(reverse("worksheets:worksheet", args=[save.plan_id, save.worksheet]))
    if page.status != 200:
        save.error = f"worksheet page answered {page.status or page.error}"
        return None, []
    cells = text_cells(parse_forms(page.text))
    if not cells:
        save.error = "worksheet page has no text cell to change"
    return page, cells


def post_cell(browser: Browser, page: Response, cell: Cell, save: Save) -> None:
    """Submit the page's form with ``cell`` set to ``save.marker``, follow the redirect, and record the outcome in
    ``save``."""
    save.table, save.row_id, save.column = cell.table, cell.row_id, cell.column
    entries = [(name, save.marker if name == cell.name else value) for name, value in cell.form.entries()]
    started = time.monotonic()
    answer = browser.submit(page, cell.form, entries)
    save.finished = time.monotonic()
    save.latency_ms = (save.finished - started) * 1000
    save.status, save.error = answer.status, answer.error
    if answer.status == 302:
        save.followed = browser.get(answer.location).status


# --- the run -------------------------------------------------------------------------------------------


def editable_worksheets() -> list[int]:
    """The numbers of the worksheets with a table that has a free-text column (those a save can change)."""
    return [
        worksheet.number
        for worksheet in WORKSHEETS
        if any(_free_text(table, column.name) for table in worksheet.tables for column in table.bound_columns)
    ]


def run(
    base_url: str,
    offices: list[Office],
    *,
    clients: int,
    saves: int,
    pairs: int = 0,
    pair_rounds: int = 1,
    seed: int | None = None,
    timeout: float = 60,
) -> list[Save]:
    """Drive the load test against the server at ``base_url`` and return every save.

    Phase "clients": the officers of the first ``clients`` offices sign in, then save ``saves`` worksheets each, all
    at once (officer i's save j is worksheet ``editable_worksheets()[(i + j) % n]``, a text cell chosen at random).
    Phase "pairs": in each of ``pair_rounds`` rounds, the officer and the colleague of each of the first ``pairs``
    offices load the same worksheet, change the same column of two different rows, and post at the same moment.
    ``seed`` fixes the cells chosen; the markers are new every run. ``timeout``: seconds per request.
    ``offices`` come from ``prepare`` and must number at least ``max(clients, pairs)``. Raises ``LoadTestError``
    when an officer cannot sign in or the server does not know the plans (another database).
    """
    if len(offices) < max(clients, pairs):
        raise ValueError("prepare at least max(clients, pairs) offices")
    rng_seed = seed if seed is not None else secrets.randbits(32)
    tag = f"slodze-{secrets.token_hex(4)}"  # new every run, so an earlier run's marker never passes for this one's
    numbers = editable_worksheets()
    login_path, logout_path = reverse("login"), reverse("logout")
    seats = [o.officer for o in offices[:clients]] + [s for o in offices[:pairs] for s in (o.officer, o.colleague)]
    officers = list({officer.username: officer for officer in seats}.values())  # one browser, one login each
    browsers = {officer.username: Browser(base_url, timeout=timeout) for officer in officers}
    _in_threads([(browsers[o.username].log_in, (o.username, o.password), {"login_path": login_path}) for o in officers])
    first = next(iter(browsers.values()))
    if officers and first.get(reverse("worksheets:plan", args=[officers[0].plan_id])).status == 404:
        raise LoadTestError(
            f"the server at {base_url} does not know plan {officers[0].plan_id}: is it using this database?"
        )

    results: list[Save] = []
    lock = threading.Lock()

    def record(save: Save) -> None:
        with lock:
            results.append(save)

    start = threading.Barrier(max(clients, 1))

    def client(index: int, officer: Officer) -> None:
        browser, rng = browsers[officer.username], Random(rng_seed + index)
        start.wait()
        for number in range(saves):
            save = Save(
                "clients",
                officer.username,
                officer.plan_id,
                numbers[(index + number) % len(numbers)],
                f"{tag}-c{index}-s{number}#",  # "#": no marker is the start of another
            )
            page, cells = load_worksheet(browser, save)
            if cells:
                post_cell(browser, page, rng.choice(cells), save)
            record(save)

    _in_threads([(client, (i, o.officer), {}) for i, o in enumerate(offices[:clients])])

    def pair_member(seat: int, officer: Officer, number: int, marker: str, both: threading.Barrier, rng: Random):
        save = Save("pairs", officer.username, officer.plan_id, number, marker)
        try:
            browser = browsers[officer.username]
            page, cells = load_worksheet(browser, save)
            rows: dict[tuple[str, str], list[Cell]] = {}
            for cell in cells:
                rows.setdefault((cell.table, cell.column), []).append(cell)
            shared = sorted(key for key, found in rows.items() if len({c.row_id for c in found}) >= 2)
            if not shared:
                save.error = save.error or "worksheet page has no column with two rows to change"
                both.abort()  # the other one does not wait for nothing
                return
            cell = rows[rng.choice(shared)][seat]  # the same column as the other one (same seed), another row
            both.wait()  # both pages are loaded at the same revision: post at the same moment
            post_cell(browser, page, cell, save)
        except threading.BrokenBarrierError:
            save.error = save.error or "the other save of the pair could not be prepared"
        finally:
            record(save)

    for round_number in range(pair_rounds):
        jobs = []
        for k, office in enumerate(offices[:pairs]):
            number = numbers[(k + round_number) % len(numbers)]
            both = threading.Barrier(2, timeout=timeout)
            for seat, officer in enumerate((office.officer, office.colleague)):
                marker = f"{tag}-p{k}-r{round_number}-{'ab'[seat]}#"
                jobs.append(
                    (pair_member, (seat, officer, number, marker, both, Random(rng_seed + k + round_number)), {})
                )
        _in_threads(jobs)

    _in_threads([(browser.log_out, (), {"logout_path": logout_path}) for browser in browsers.values()])
    return results


def _in_threads(jobs: list) -> None:
    """Run ``[(function, args, kwargs)]`` each in its own thread and wait for all; the first exception is raised."""
    errors = []

    def call(function, args, kwargs):
        try:
            function(*args, **kwargs)
        except Exception as error:  # handed to the caller's thread
            errors.append(error)

    threads = [threading.Thread(target=call, args=job, daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


# --- the outcome -------------------------------------------------------------------------------------------


def lost_writes(saves: list[Save]) -> list[Save]:
    """The confirmed saves (302) whose marker is not in the stored cell, leaving out those a later confirmed save of
    the same cell replaced. Reads the database (one query per table)."""
    latest: dict[tuple, Save] = {}
    for save in sorted((s for s in saves if s.saved), key=lambda s: s.finished):
        latest[save.cell] = save
    stored: dict[tuple, str] = {}
    by_table: dict[str, set] = {}
    for table, row_id, _column in latest:
        by_table.setdefault(table, set()).add(row_id)
    for key, row_ids in by_table.items():
        model = TABLES[key].model
        for row in model.objects.filter(pk__in=row_ids):
            for table, row_id, column in latest:
                if table == key and row_id == row.pk:
                    stored[(table, row_id, column)] = str(getattr(row, column) or "")
    return [save for cell, save in latest.items() if save.marker not in stored.get(cell, "")]


@dataclass
class Report:
    """The outcome of a load test: every save and the lost writes; counts, latency percentiles and the printout."""

    saves: list[Save]
    lost: list[Save]

    @property
    def status_counts(self) -> Counter:
        """``{status or "no answer": count}`` of the saves' POSTs."""
        return Counter(s.status if s.status is not None else "no answer" for s in self.saves)

    @property
    def errors(self) -> list[Save]:
        return [s for s in self.saves if s.failed]

    @property
    def conflicts(self) -> list[Save]:
        return [s for s in self.saves if s.conflict]

    @property
    def rejected(self) -> list[Save]:
        return [s for s in self.saves if s.rejected]

    def percentile(self, p: float) -> float | None:
        """The ``p``-th percentile (0–100) of the POST latencies in milliseconds, None without any."""
        latencies = sorted(s.latency_ms for s in self.saves if s.latency_ms is not None)
        if not latencies:
            return None
        if len(latencies) == 1:
            return latencies[0]
        return statistics.quantiles(latencies, n=100, method="inclusive")[round(p) - 1]

    @property
    def ok(self) -> bool:
        """No server error, no failed connection, no save refused as invalid, no lost write."""
        return not self.errors and not self.rejected and not self.lost

    def lines(self) -> list[str]:
        """The printout: totals, statuses per phase, errors (first few), conflicts shown, lost writes, p50/p95."""
        p50, p95 = self.percentile(50), self.percentile(95)
        phases = {}
        for save in self.saves:
            phases.setdefault(save.phase, Counter())[save.status if save.status is not None else "no answer"] += 1
        lines = [f"saves: {len(self.saves)}"]
        for phase, counts in phases.items():
            statuses = ", ".join(f"{status}: {count}" for status, count in sorted(counts.items(), key=str))
            lines.append(f"  {phase}: {sum(counts.values())} ({statuses})")
        lines += [
            f"errors (5xx, no answer, page failed): {len(self.errors)}",
            f"conflicts shown (409): {len(self.conflicts)}",
            f"refused otherwise (e.g. 200 with form errors, 403): {len(self.rejected)}",
            f"lost writes: {len(self.lost)}",
            "latency of saves: " + (f"p50 {p50:.0f} ms, p95 {p95:.0f} ms" if p50 is not None else "-"),
        ]
        for save in (self.errors + self.rejected)[:5]:
            lines.append(f"  failed: {save.describe()}")
        for save in self.lost[:5]:
            lines.append(f"  lost: {save.describe()}")
        return lines


def load_test(base_url: str, *, clients: int, saves: int, pairs: int = 0, pair_rounds: int = 1, **options) -> Report:
    """``prepare`` the offices, ``run`` against ``base_url`` and check the stored cells: the ``Report``."""
    offices = prepare(offices=max(clients, pairs, 1))
    done = run(base_url, offices, clients=clients, saves=saves, pairs=pairs, pair_rounds=pair_rounds, **options)
    return Report(saves=done, lost=lost_writes(done))
