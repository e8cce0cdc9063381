"""Bad parameters are the user's error, never a server error.

Every URL pattern of the project (``django.urls.get_resolver()``, walked recursively) is requested with malformed
values wherever its converters allow them (huge ids, unknown slugs, absurdly long values), and with malformed query
strings and form bodies (ids ``abc``, ``-1``, ``""``, numbers ``-5`` and ``99999999999999999999``, the pair
``99999999999999999999:1``, dates ``2025-13-45``, 10,000 characters), by GET and POST, as an anonymous visitor, an
outsider, a reader, an editor and the region's coordinator. No answer may have a status of 500 or more. The forms of every page are posted back with one
field malformed at a time, and with every text malformed at once.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.factories import (
    ActivityFactory,
    CommentFactory,
    CoreIndicatorFactory,
    IndicatorFactory,
    MunicipalityFactory,
    RegionFactory,
    RiskFactory,
    StrategicGoalFactory,
    TaskFactory,
    UserFactory,
    coordinator_of,
    editor_of,
    viewer_of,
)
from worksheets.editing import services
from worksheets.models import Risk
from worksheets.registry import get_worksheet
from worksheets.review.lifecycle import plan_transition

pytestmark = pytest.mark.django_db

# --- the URL patterns ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name (``worksheets:plan``, or the route when unnamed) and the pieces of its pattern,
    ``[(kind, text, converters)]`` with kind "route" (``path()``) or "regex" (``re_path()``)."""

    name: str
    pieces: tuple

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def params(self) -> list[tuple[str, str]]:
        """``[(parameter, the regular expression its value must match)]``; unnamed regex groups are ``_1``, ``_2``."""
        params = []
        for kind, text, converters in self.pieces:
            if kind == "route":
                params += [(name, converters[name].regex) for name in ROUTE_PARAM.findall(text)]
            else:
                params += [(name, regex) for name, regex in regex_groups(text)]
        return params

    def url(self, values: dict) -> str | None:
        """The URL with ``values`` put in (every parameter must have one), or None when a value does not match
        what the pattern allows there (such a URL never reaches the view)."""
        for name, regex in self.params:
            if not re.fullmatch(regex, values[name]):
                return None
        url = "/"
        for kind, text, _converters in self.pieces:
            if kind == "route":
                url += ROUTE_PARAM_FULL.sub(lambda m: values[m.group(1)], text)
            else:
                url += regex_fill(text, values)
        return url


ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
ROUTE_PARAM_FULL = re.compile(r"<(?:\w+:)?(\w+)>")
GROUP = re.compile(r"\((\?P<(\w+)>)?((?:[^()\\]|\\.)*)\)")


def regex_groups(text: str) -> list[tuple[str, str]]:
    groups, unnamed = [], 0
    for match in GROUP.finditer(text):
        if match.group(2):
            groups.append((match.group(2), match.group(3)))
        else:
            unnamed += 1
            groups.append((f"_{unnamed}", match.group(3)))
    return groups


def regex_fill(text: str, values: dict) -> str:
    counter = iter(range(1, 100))

    def value(match):
        return values[match.group(2) or f"_{next(counter)}"]

    filled = GROUP.sub(value, text)
    return re.sub(r"\\(.)", r"\1", filled.lstrip("^").rstrip("$"))


def walk(resolver=None, pieces=(), namespace="") -> list[Route]:
    """Every URL pattern below ``resolver`` (the project's root), with the pieces of its full pattern."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        kind = "regex" if pattern.__class__.__name__ == "RegexPattern" else "route"
        piece = (kind, str(pattern), getattr(pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            routes += walk(entry, (*pieces, piece), inner)
        elif isinstance(entry, URLPattern):
            full = (*pieces, piece)
            label = entry.name or "".join(text for _kind, text, _c in full)
            routes.append(Route(f"{namespace}:{label}".lstrip(":"), full))
    return routes


ROUTES = walk()
APP_ROUTES = [route for route in ROUTES if not route.is_admin]
ADMIN_ROUTES = [route for route in ROUTES if route.is_admin]

# --- malformed values -------------------------------------------------------------------------------------------

HUGE = "99999999999999999999"
# "2025-13-45T00:00:00" is a bad date and a bad date-time: parse_date reads its first ten characters.
# f"{HUGE}:1": a "row:core indicator" pair (the indicator links' choices) whose id no row can have.
BAD_VALUES = ["abc", "-1", "", "-5", HUGE, "2025-13-45T00:00:00", "x" * 10_000, f"{HUGE}:1"]
BAD_PATH_VALUES = ["0", str(10**12), HUGE, "-1", "abc", "no-such-thing", "1/2", "x" * 300]

# Every parameter name the views read from a query string or a body, and the formset management fields.
PARAM_NAMES = [
    "parent",
    "text",
    "row",
    "resolved",
    "revision",
    "loaded_at",
    "a",
    "b",
    "m",
    "period",
    "q",
    "token",
    "comment",
    "decision_number",
    "decision_date",
    "year",
    "half",
    "next",
    "language",
    "file",
    "municipality",
    "period_start",
    "period_end",
    "title",
    "code",
    "name",
    "position",
    "username",
    "password",
    "email",
    "plan",
    "entry",
    "confirm",
    "reject",
    "link",
]
WALKED_WORKSHEET = 10  # the worksheet the walk's URLs name; its tables' formset fields are sent too
for _table in get_worksheet(WALKED_WORKSHEET).tables:
    for _field in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS", "0-id", "0-position"):
        PARAM_NAMES.append(f"{_table.key}-{_field}")


# --- the world the walk runs in -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The users and plans the walk runs with, made once per module (inside a transaction rolled back when the module
    is done; each test's own changes are rolled back after it, as usual): the conftest roles (an editor and a reader
    of Aizkraukle, an editor of Bauska who is an outsider to Aizkraukle's plans, Zemgale's coordinator); Aizkraukle's
    published plan with approved version 1 (2026–2027); a draft (2028–2029) with a review comment on worksheet 10
    and a deleted risk; a core indicator of the region."""
    with django_db_blocker.unblock(), transaction.atomic():
        zemgale = RegionFactory(name="Zemgales plānošanas reģions", slug="zemgale", country="LV")
        aizkraukle = MunicipalityFactory(name="Aizkraukles novads", slug="aizkraukles-novads", region=zemgale)
        bauska = MunicipalityFactory(name="Bauskas novads", slug="bauskas-novads", region=zemgale)
        editor = editor_of(aizkraukle, user__username="anna")
        coordinator = coordinator_of(zemgale, user__username="zane")
        users = {
            "anonymous": None,
            "outsider": editor_of(bauska, user__username="peteris"),
            "reader": viewer_of(aizkraukle, user__username="janis"),
            "editor": editor,
            "coordinator": coordinator,
        }
        published = services.plan_create(
            user=editor, municipality=aizkraukle, period_start=2026, period_end=2027, title="Rīcības plāns 2026–2027"
        )
        goal = StrategicGoalFactory(plan=published, text="Līdz 2027. gadam divi jauni sociālie uzņēmumi")
        task = TaskFactory(goal=goal, text="Grantu konkurss jaunajiem uzņēmējiem")
        ActivityFactory(
            task=task,
            description="Grantu konkursa „Sociālā uzņēmējdarbība” nolikums",
            timeline="2026. gada pirmā puse",
            funding_source="Pašvaldības budžets",
            responsible_unit="Attīstības nodaļa",
        )
        IndicatorFactory(goal=goal, indicator="SU skaits", target="2")
        plan_transition(plan=published, action="submit", user=editor, comment="Darba lapas 1–5 un 9 vēl tiek pildītas.")
        plan_transition(plan=published, action="approve", user=coordinator, decision_number="12/7")
        plan_transition(plan=published, action="publish", user=coordinator)
        draft = services.plan_create(
            user=editor, municipality=aizkraukle, period_start=2028, period_end=2029, title="Rīcības plāns 2028–2029"
        )
        comment = CommentFactory(plan=draft, worksheet=WALKED_WORKSHEET, author=coordinator, text="Lūdzu novērtēt")
        deleted = RiskFactory(plan=draft, factor="Dzēsts risks")
        deleted_id = deleted.pk
        deleted.delete()
        indicator = CoreIndicatorFactory(region=zemgale)
        admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
        with django_db_blocker.block():  # the tests get the database as they ask for it
            yield {
                "admin": admin,
                "published": published,
                "draft": draft,
                "comment": comment,
                "deleted_id": deleted_id,
                "indicator": indicator,
                "users": users,
                "municipality": aizkraukle.slug,
                "region": zemgale.slug,
            }
        transaction.set_rollback(True)


def valid_values(route: Route, world) -> dict:
    """A value for every parameter of ``route`` that names something of ``world`` the users know."""
    route_text = "".join(text for _kind, text, _c in route.pieces)
    published_plan = route.name.startswith("public:") or route.name in ("followup:plan", "worksheets:version_pdf")
    plan = world["published"] if published_plan or route.name == "worksheets:version_compare" else world["draft"]
    values = {}
    for name, _regex in route.params:
        if name == "pk":
            values[name] = str(world["indicator"].pk if route.name.startswith("indicators:core") else plan.pk)
        elif name == "number":
            values[name] = "1" if route.name == "worksheets:version_pdf" else str(WALKED_WORKSHEET)
        elif name == "slug":
            values[name] = world["municipality"] if "municipalities/" in route_text else world["region"]
        else:
            values[name] = {
                "table": "risks",
                "comment_id": str(world["comment"].pk),
                "row_id": str(world["deleted_id"]),
                "key": "risks",
                "action": "submit",
                "year": "2026",
                "half": "0",
                "kind": "csv",
                "app_label": "worksheets",
                "url": "nothing/",
            }.get(name, "1")
    return values


# --- requests ---------------------------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def server_errors(world, requests, roles=None) -> list[str]:
    """Send ``requests`` (``[(method, url, data)]``) as every user (or those of ``roles``); the ones answered with
    status >= 500. Each user keeps one signed-in client, signed in again only after a request signed them out."""
    errors = []
    for role, user in world["users"].items():
        if roles is not None and role not in roles:
            continue
        client = client_for(user)
        for method, url, data in requests:
            if user is not None and "_auth_user_id" not in client.session:
                client = client_for(user)  # a request logged out or locked out: sign in again
            response = getattr(client, method)(url, data)
            if response.status_code >= 500:
                errors.append(f"{role} {method.upper()} {url[:120]} {shorten(data)} -> {response.status_code}")
    return errors


def shorten(data: dict) -> str:
    return str({k: (v[:20] + "…" if isinstance(v, str) and len(v) > 20 else v) for k, v in list(data.items())[:4]})


def path_variants(route: Route, world) -> list[str]:
    """The route's URL with each parameter in turn replaced by every malformed value the pattern lets through."""
    valid = valid_values(route, world)
    urls = []
    for name, _regex in route.params:
        for bad in BAD_PATH_VALUES:
            url = route.url({**valid, name: bad})
            if url and url not in urls:
                urls.append(url)
    return urls


def test_the_walk_covers_every_pattern_of_the_project():
    names = {route.name for route in ROUTES}
    assert {"worksheets:worksheet", "worksheets:new_row", "indicators:values_enter", "public:plan", "login"} <= names
    assert len(ADMIN_ROUTES) > 50
    params = {name for route in ROUTES for name, _regex in route.params}
    expected = {"pk", "number", "table", "comment_id", "row_id", "slug", "key", "action", "year", "half", "kind"}
    assert expected | {"object_id", "app_label", "uidb64", "token"} <= params


@pytest.mark.parametrize("route", APP_ROUTES, ids=lambda route: route.name)
def test_no_server_error_for_malformed_path_values(route, world):
    valid = valid_values(route, world)
    assert route.url(valid) is not None, f"{route.name}: the walk's values do not fit the pattern"
    match = resolve(route.url(valid))
    assert route.name.endswith(match.url_name or "")
    requests = [(method, url, {}) for url in path_variants(route, world) for method in ("get", "post")]
    assert server_errors(world, requests) == []


def rotated(shift: int) -> dict:
    """Every parameter of ``PARAM_NAMES`` with a malformed value, the values handed out in turn from ``shift`` on."""
    return {name: BAD_VALUES[(i + shift) % len(BAD_VALUES)] for i, name in enumerate(PARAM_NAMES)}


@pytest.mark.parametrize("route", APP_ROUTES, ids=lambda route: route.name)
def test_no_server_error_for_malformed_query_strings_and_bodies(route, world):
    """Each malformed value in every parameter at once, by GET and POST, as the users who get past the permission
    check to the parsing (the municipality's editor, the region's coordinator); the anonymous visitor, the outsider
    and the reader, who are refused before anything is read, send every malformed value once, handed out over the
    parameters. A PDF takes seconds to render and its views read no parameter but the region review's filter (the
    same code as its Excel, walked in full): for a PDF every role sends the handed-out values once."""
    url = route.url(valid_values(route, world))
    once = [("get", url, rotated(0)), ("post", url, rotated(3))]
    if route.name.endswith("pdf"):
        assert server_errors(world, once[:1], roles=("anonymous", "outsider", "coordinator")) == []
        return
    requests = []
    for bad in BAD_VALUES:
        requests += [("get", url, dict.fromkeys(PARAM_NAMES, bad)), ("post", url, dict.fromkeys(PARAM_NAMES, bad))]
    errors = server_errors(world, requests, roles=("editor", "coordinator"))
    errors += server_errors(world, once, roles=("anonymous", "outsider", "reader"))
    assert errors == []


def test_no_server_error_on_admin_urls(world):
    """The administration answers everybody but staff with its login page: the walk's users are sent once through
    every admin URL; an administrator reads each admin page with malformed ids and list parameters."""
    requests = []
    for route in ADMIN_ROUTES:
        valid = valid_values(route, world)
        urls = [url for url in [route.url(valid), *path_variants(route, world)[:2]] if url]
        requests += [("get", url, {"o": "abc", "p": "-1", "q": "x" * 1000}) for url in urls]
        requests += [("post", urls[0], {"_save": "abc"})]
    errors = server_errors(world, [r for r in requests if r[0] == "post"] + requests[:20], roles=("editor",))
    admin = client_for(world["admin"])
    for _method, url, data in requests:
        if admin.get(url, data).status_code >= 500:
            errors.append(f"admin GET {url[:120]} {shorten(data)}")
    assert errors == []


# --- the forms of every page, posted back malformed --------------------------------------------------------------


class FormReader(HTMLParser):
    """The ``<form method="post">`` of an HTML page: ``[{"action": str, "fields": [(name, value, kind)]}]`` with
    kind "text" (text inputs, textareas), "choice" (selects, radios, checkboxes) or "hidden"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = None
            if (attrs.get("method") or "").lower() == "post":
                self._form = {"action": attrs.get("action") or "", "fields": []}
                self.forms.append(self._form)
        if self._form is None or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "reset", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].append((attrs["name"], None, "choice"))
                return
            category = "hidden" if kind == "hidden" else "choice" if kind in ("checkbox", "radio") else "text"
            self._form["fields"].append(
                (attrs["name"], attrs.get("value", "on" if category == "choice" else ""), category)
            )
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = [attrs["name"], None]
        elif tag == "option" and self._select is not None and (self._select[1] is None or "selected" in attrs):
            self._select[1] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self._form["fields"].append((self._textarea[0], self._textarea[1], "text"))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self._form["fields"].append((self._select[0], self._select[1] or "", "choice"))
            self._select = None
        elif tag == "form":
            self._form = None


def page_forms(html: str, page_url: str) -> list[tuple[str, dict, dict]]:
    """The page's post forms as ``(action URL, {name: value as the browser sends it}, {name: kind})``."""
    reader = FormReader()
    reader.feed(html)
    forms = []
    for form in reader.forms:
        data, kinds = {}, {}
        for name, value, kind in form["fields"]:
            kinds[name] = kind
            if value is not None:
                data[name] = value
        forms.append((urljoin(page_url, form["action"]), data, kinds))
    return forms


SKIPPED_ACTIONS = {"logout"}  # posting it only logs the user out of the rest of the walk


def field_shape(name: str) -> str:
    """A formset field's name with the row index taken out (``risks-3-level`` → ``risks-N-level``)."""
    return re.sub(r"-\d+-", "-N-", name)


def malformed_posts(action: str, data: dict, kinds: dict) -> list[tuple[str, str, dict]]:
    """The form posted back with each non-text field in turn (one per shape) set to each malformed value, and with
    every text field at once."""
    posts, shapes = [], set()
    for name, kind in kinds.items():
        if name == "csrfmiddlewaretoken" or kind == "text" or field_shape(name) in shapes:
            continue
        shapes.add(field_shape(name))
        posts += [("post", action, {**data, name: bad}) for bad in BAD_VALUES if bad != "-5"]  # "-1" is its kind
    texts = [name for name, kind in kinds.items() if kind == "text"]
    if texts:
        posts += [("post", action, {**data, **dict.fromkeys(texts, bad)}) for bad in ("", "x" * 10_000)]
    return posts


DOWNLOADS_AND_ACTIONS = ("pdf", "xlsx", "download", "logout", "set_language", "password_reset_confirm")
PAGE_ROUTES = [route for route in APP_ROUTES if not any(word in route.name for word in DOWNLOADS_AND_ACTIONS)]


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=lambda route: route.name)
def test_no_server_error_when_a_pages_forms_are_posted_back_malformed(route, world):
    url = route.url(valid_values(route, world))
    errors = []
    for role in ("editor", "coordinator"):
        client = client_for(world["users"][role])
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for action, data, kinds in page_forms(page.content.decode(), url):
            try:
                if resolve(urlsplit(action).path).url_name in SKIPPED_ACTIONS:
                    continue
            except Resolver404:
                continue
            for _method, post_url, body in malformed_posts(urlsplit(action).path, data, kinds):
                response = client_for(world["users"][role]).post(post_url, body)
                if response.status_code >= 500:
                    errors.append(f"{role} POST {post_url} {field_diff(body, data)} -> {response.status_code}")
    assert errors == []


def field_diff(body: dict, data: dict) -> str:
    changed = {k: v for k, v in body.items() if data.get(k) != v}
    return shorten(changed)


def test_the_form_walk_reads_the_worksheet_grid(client, world):
    client.force_login(world["users"]["editor"])
    url = f"/plans/{world['draft'].pk}/worksheets/10/"
    forms = page_forms(client.get(url).content.decode(), url)
    action, data, kinds = next(form for form in forms if "risks-TOTAL_FORMS" in form[1])
    assert action == "http://testserver" + url or action == url or urlsplit(action).path == url
    assert data["risks-INITIAL_FORMS"] == str(Risk.objects.filter(plan=world["draft"]).count())
    assert kinds["risks-0-factor"] == "text"
    assert kinds["revision"] == "hidden"


# --- the cases of issue 12 --------------------------------------------------------------------------------------


def grid_post(client, plan, number: int) -> dict:
    """The worksheet form of the page as the browser would post it unchanged."""
    url = f"/plans/{plan.pk}/worksheets/{number}/"
    forms = page_forms(client.get(url).content.decode(), url)
    return next(data for _action, data, _kinds in forms if "revision" in data)


def worksheet_url(plan, number: int) -> str:
    return f"/plans/{plan.pk}/worksheets/{number}/"


@pytest.mark.parametrize(
    "field,value", [("revision", "abc"), ("loaded_at", "2025-13-45T00:00:00"), ("revision", HUGE)], ids=str
)
def test_a_malformed_worksheet_post_is_refused_to_a_reader_before_it_is_read(field, value, world):
    editor_client = client_for(world["users"]["editor"])
    data = {**grid_post(editor_client, world["draft"], 10), field: value}
    reader = client_for(world["users"]["reader"])
    assert reader.post(worksheet_url(world["draft"], 10), data).status_code == 403


@pytest.mark.parametrize(
    "field,value", [("revision", "abc"), ("loaded_at", "2025-13-45T00:00:00"), ("revision", HUGE)], ids=str
)
def test_a_malformed_worksheet_post_by_an_editor_is_400_and_saves_nothing(field, value, world):
    client = client_for(world["users"]["editor"])
    data = grid_post(client, world["draft"], 10)
    data["risks-0-factor"] = "Mainīts riska faktors"
    data[field] = value
    response = client.post(worksheet_url(world["draft"], 10), data)
    assert response.status_code == 400
    assert not Risk.objects.filter(plan=world["draft"], factor="Mainīts riska faktors").exists()


def test_revision_minus_one_on_a_never_saved_worksheet_is_no_server_error(world):
    plan = world["draft"]
    client = client_for(world["users"]["editor"])
    data = {**grid_post(client, plan, 4), "revision": "-1"}
    response = client.post(worksheet_url(plan, 4), data)
    assert response.status_code in (400, 409)
    assert services.worksheet_state(plan, 4).revision == 0


def test_negative_initial_forms_does_not_duplicate_rows(world):
    plan = world["draft"]
    client = client_for(world["users"]["editor"])
    before = sorted(Risk.objects.filter(plan=plan).values_list("factor", flat=True))
    data = {**grid_post(client, plan, 10), "risks-INITIAL_FORMS": "-5"}
    response = client.post(worksheet_url(plan, 10), data)
    assert response.status_code in (200, 400)
    assert sorted(Risk.objects.filter(plan=plan).values_list("factor", flat=True)) == before


def test_initial_forms_larger_than_the_rows_that_exist_is_refused(world):
    plan = world["draft"]
    client = client_for(world["users"]["editor"])
    count = Risk.objects.filter(plan=plan).count()
    data = {**grid_post(client, plan, 10), "risks-INITIAL_FORMS": str(count + 3)}
    response = client.post(worksheet_url(plan, 10), data)
    assert response.status_code < 500
    assert Risk.objects.filter(plan=plan).count() == count


# --- the cases of this module's own views -----------------------------------------------------------------------


@pytest.mark.parametrize("parent", ["abc", "-1", "0", HUGE, "1.5", "²"])
def test_an_answer_to_a_malformed_parent_is_404(parent, world):
    client = client_for(world["users"]["editor"])
    url = f"/plans/{world['draft'].pk}/worksheets/10/comments/"
    response = client.post(url, {"text": "Atbilde", "parent": parent})
    assert response.status_code == 404


def test_an_answer_is_refused_to_a_reader_before_its_parent_is_read(world):
    client = client_for(world["users"]["reader"])
    url = f"/plans/{world['draft'].pk}/worksheets/10/comments/"
    assert client.post(url, {"text": "Atbilde", "parent": "abc"}).status_code == 403
    assert client.post(url, {"text": "Atbilde", "parent": world["comment"].pk}).status_code == 403


def test_an_answer_to_a_thread_of_another_worksheet_is_404(world):
    client = client_for(world["users"]["editor"])
    url = f"/plans/{world['draft'].pk}/worksheets/6/comments/"
    assert client.post(url, {"text": "Atbilde", "parent": world["comment"].pk}).status_code == 404


@pytest.mark.parametrize("total", ["-5", "abc", "", "1.5", "2000", HUGE, "x" * 10_000])
def test_new_row_with_a_malformed_or_absurd_index_is_400(total, world):
    client = client_for(world["users"]["editor"])
    url = f"/plans/{world['draft'].pk}/worksheets/10/risks/new-row/"
    assert client.get(url, {"risks-TOTAL_FORMS": total}).status_code == 400


def test_new_row_is_refused_to_a_reader_before_the_index_is_read(world):
    client = client_for(world["users"]["reader"])
    url = f"/plans/{world['draft'].pk}/worksheets/10/risks/new-row/"
    assert client.get(url, {"risks-TOTAL_FORMS": "-5"}).status_code == 403
    assert client_for(world["users"]["outsider"]).get(url, {"risks-TOTAL_FORMS": "-5"}).status_code == 404


def test_new_row_at_a_saved_rows_index_is_still_an_empty_new_row(world):
    """A colleague's rows saved since the page loaded make the page's count smaller than the rows stored: the row
    the page asks for is still new, never a copy of a saved row with its id."""
    plan = world["draft"]
    client = client_for(world["users"]["editor"])
    response = client.get(f"/plans/{plan.pk}/worksheets/10/risks/new-row/", {"risks-TOTAL_FORMS": "0"})
    body = response.content.decode()
    first = Risk.objects.filter(plan=plan).order_by("position").first()
    assert response.status_code == 200
    assert 'name="risks-0-factor"' in body
    assert first.factor not in body
    assert re.search(r'name="risks-0-id"(?![^>]*value="\d)', body)


def test_a_worksheet_the_registry_does_not_know_is_404_at_any_size(world):
    client = client_for(world["users"]["editor"])
    for number in ("0", "12", str(10**12), HUGE):
        assert client.get(f"/plans/{world['draft'].pk}/worksheets/{number}/").status_code == 404


@pytest.mark.parametrize("username", ["x" * 151, "x" * 10_000])
def test_a_login_with_an_overlong_username_is_an_invalid_login(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": "parole-123"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not response.wsgi_request.user.is_authenticated


def test_a_login_with_the_longest_possible_username_still_works(client):
    user = UserFactory(username="u" * 150)
    response = client.post("/accounts/login/", {"username": user.username, "password": "parole-123"})
    assert response.status_code == 302
