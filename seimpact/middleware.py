"""Project-wide middleware: the interface language, text normalised at the edge, no caching of what a signed-in
user sees, and htmx requests of an expired session sent to the login page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, QueryDict
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from municipalities.languages import session_language
from seimpact.lib.text import clean_text


class InterfaceLanguageMiddleware:
    """The interface language of a request: the language chosen with the switcher in this browser (its cookie), else
    the signed-in user's preferred language (``municipalities.languages``: stored with the switcher or in the admin,
    else their region's), else Latvian, or on a region's public pages that region's language (``in_region_language``,
    which the view is decorated with and which reads ``request.language_decided``).

    Django's LocaleMiddleware would follow the browser's Accept-Language; municipal laptops often run English
    browsers, and the product's default is the region's language, so only an explicit choice counts.

    The cookie belongs to the browser, not the person, and one user's choice must not carry over to the next user who
    signs in there: the answer to signing in sets it to the language of the user who signed in (``remember_on_login``
    leaves it in ``request.signed_in_language``), so a choice made before, by whoever used the browser, no longer
    counts; what a signed-in user then chooses with the switcher is both their cookie and their stored preference.
    After they log out, the login page stays in their language until somebody chooses another or signs in.

    Order in ``MIDDLEWARE``: after ``AuthenticationMiddleware`` (it reads ``request.user``). The preferred language is
    kept in the session at sign-in, so a page costs no query for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language, decided = self.language_of(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        request.language_decided = decided
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)  # a view may have given its region's
        signed_in = getattr(request, "signed_in_language", None)
        if signed_in is not None and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            set_language_cookie(response, signed_in)
        return response

    def language_of(self, request) -> tuple[str, bool]:
        """The request's interface language (a code of ``settings.LANGUAGES``) and whether it was decided (the
        switcher's choice, the user's preference) rather than the default, which a region's public page may
        replace."""
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in self.supported:
            return chosen, True
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return session_language(request), True
        return settings.LANGUAGE_CODE, False


def set_language_cookie(response, language: str) -> None:
    """The language cookie, set on ``response`` as Django's ``set_language`` sets it (``settings.LANGUAGE_COOKIE_*``)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class NormalisedTextMiddleware:
    """Every text a form posts, normalised once, at the edge (``seimpact.lib.text.clean_text``: line endings
    ``"\\n"``, Unicode NFC, invisible control characters dropped), so no form of the app stores a browser's CRLF
    or a pasted control character, and saving a page again never changes what it shows.

    Password fields (any field whose name contains "password") are passed on exactly as typed: a password is
    compared, never shown. Uploaded files are not touched (the import reads them through the same rules).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST = normalised_post(request.POST)
        return self.get_response(request)


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def normalised_post(data: QueryDict) -> QueryDict:
    """A copy of ``data`` (immutable, like Django's) with every value but passwords through ``clean_text``."""
    copy = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        copy.setlist(key, values if "password" in key else [clean_text(value) for value in values])
    copy._mutable = False
    return copy


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user (pages, htmx fragments and
    downloads: a draft's PDF and Excel, indicator CSV) and on the login page, so that neither a shared office
    computer's browser cache nor a proxy keeps a copy of a draft, a colleague's comment or the login form.

    Responses to anonymous visitors (the public portal's published plans, their PDF and Excel) keep the caching
    their views chose. The user is looked at when the response leaves: the answer to a successful login counts as
    signed in, the page after logging out as anonymous.

    Order in ``MIDDLEWARE``: after ``AuthenticationMiddleware``, which sets ``request.user``; static files are
    answered before it (WhiteNoise) and keep their long caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path == login_path():
            patch_cache_control(response, private=True, no_store=True)
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request from a signed-out user (the session expired, or its cookie was deleted) is answered with
    status 200 and ``HX-Redirect: <login url>?next=<page>``: htmx then loads the login page as a whole page
    instead of swapping it into the grid, and after logging in the officer is back on the page they were on.

    The page is the one the ``HX-Current-URL`` request header names (its path and query) when that is of this site,
    else the ``Referer`` when that is, else "/": never the fragment's own URL (e.g. ``…/risks/new-row/``), which is
    no page to come back to. htmx follows ``HX-Redirect`` only on a 2xx answer, so the login redirect cannot simply
    be passed on.

    Order in ``MIDDLEWARE``: after ``AuthenticationMiddleware`` (it reads ``request.user``) and just before
    ``LoginRequiredMiddleware``, which it wraps: the login redirect that middleware (or ``login_required``) answers
    is turned into the htmx redirect on its way out. Requests that are not htmx, and any other response, pass
    untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code in REDIRECT_STATUSES
            and urlsplit(response.get("Location", "")).path == login_path()
            and not request.user.is_authenticated
        ):
            page = same_site_page(request, request.headers.get("HX-Current-URL", ""))
            page = page or same_site_page(request, request.headers.get("Referer", "")) or "/"
            login = HttpResponse(status=200)
            login["HX-Redirect"] = redirect_to_login(page)["Location"]
            patch_cache_control(login, no_store=True)
            return login
        return response


REDIRECT_STATUSES = (301, 302, 303, 307, 308)


def login_path() -> str:
    """The login page's path, e.g. ``/accounts/login/`` (``settings.LOGIN_URL`` resolved)."""
    return urlsplit(resolve_url(settings.LOGIN_URL)).path


def same_site_page(request, url: str) -> str:
    """The path and query of ``url`` (``/plans/3/worksheets/10/?tab=1``) when it is an address of this site (same
    host, and https when the request is), else ""."""
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return ""
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
