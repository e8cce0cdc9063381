"""Signing in: the login form, refusing what no account could match before anything is looked up or logged; the
language switcher, which a signed-in user's choice is remembered by; and the answer to a form whose page expired."""

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from municipalities.languages import SESSION_KEY, store_preferred_language, supported


class LoginForm(AuthenticationForm):
    """Django's login form, with a username longer than any account's (``User.username``, 150 characters) refused as
    an invalid login before it is checked.

    Django only puts that length on the input's ``maxlength``; a longer username posted anyway would reach the
    authentication backends and the lockout log (django-axes keeps it in a 255-character column, which PostgreSQL
    enforces with an error), so the answer would be a server error instead of "invalid login".
    """

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > self.username_field.max_length:
            raise self.get_invalid_login_error()
        return super().clean()


@login_not_required
@require_POST
def set_language(request):
    """The language switcher (POST ``language``, ``next``): Django's ``set_language``, which keeps the choice in the
    language cookie for this browser and redirects to ``next``; a signed-in user's choice is also stored as their
    preferred language (``municipalities.languages``), so it holds at their next sign-in, in any browser. Nothing is
    stored for a visitor who is not signed in, and their choice lasts until somebody signs in in this browser: signing
    in sets the cookie to the language of the user who signs in (``seimpact.middleware.InterfaceLanguageMiddleware``).
    A language that is not an interface language changes nothing."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and supported(language):
        store_preferred_language(request.user, language)
        request.session[SESSION_KEY] = language
    return response


def csrf_failure(request, reason: str = ""):
    """A form posted without a valid CSRF token: the page it came from expired (``CSRF_FAILURE_VIEW``).

    Signed out meanwhile (the browser dropped its cookies, the session ended): redirected to the login page, which
    leads back to the page the form was on (its ``Referer``, when it is this site's), where what the officer typed is
    offered back (``static/js/keep-typed.js``). Signed in: a 403 page in the user's language asking to reload.
    """
    page = same_site_path(request, request.headers.get("Referer", ""))
    if not request.user.is_authenticated:
        return redirect_to_login(page or "/")
    return render(request, "403_csrf.html", {"page": page}, status=403)


def same_site_path(request, url: str) -> str:
    """The path and query of ``url`` when it points at this site (same host), else ""."""
    parts = urlsplit(url)
    if not parts.path or (parts.netloc and parts.netloc != request.get_host()):
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")
