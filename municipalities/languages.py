"""The language that follows the person: each user's preferred interface language (lv, lt, en).

A user's preferred language is the one stored in their ``Profile`` (chosen with the language switcher while signed
in, or set in the admin); without one, their region's: the language of the regions of their memberships (the
municipalities they edit or read, the regions they coordinate) when these all have the same, else Latvian
(``settings.LANGUAGE_CODE``), which is also the language of a user without memberships.

The interface language of a request is decided in ``seimpact.middleware.InterfaceLanguageMiddleware``: the
switcher's choice (its cookie, which signing in sets to the language of the user who signs in), then the signed-in
user's preferred language, kept in their session from the moment they sign in (``remember_on_login``), then the
language of the region whose public page is read (``in_region_language``), then Latvian. E-mails to a user are
written in their preferred language (``recipients_by_language``).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import Model
from django.dispatch import receiver
from django.utils import translation

from .access import Role
from .models import Country, Membership, Profile

SESSION_KEY = "seimpact_language"  # the signed-in user's preferred language, kept in their session


def supported(language: str | None) -> bool:
    """Whether ``language`` is one of the interface languages (``settings.LANGUAGES``)."""
    return language in {code for code, _name in settings.LANGUAGES}


def preferred_languages(user_ids: Iterable[int]) -> dict[int, str]:
    """``{user id: preferred language}`` for the given users (see the module's docstring), in two queries."""
    user_ids = set(user_ids)
    if not user_ids:
        return {}
    stored = dict(Profile.objects.filter(user_id__in=user_ids).exclude(language="").values_list("user_id", "language"))
    countries: dict[int, set[str]] = defaultdict(set)
    memberships = Membership.objects.filter(user_id__in=user_ids - set(stored)).values_list(
        "user_id", "region__country", "municipality__region__country"
    )
    for user_id, region_country, municipality_country in memberships:
        countries[user_id].add(region_country or municipality_country)
    result = {}
    for user_id in user_ids:
        language = stored.get(user_id)
        if not supported(language):
            regional = {Country(country).language for country in countries.get(user_id, ())}
            language = regional.pop() if len(regional) == 1 else settings.LANGUAGE_CODE
            language = language if supported(language) else settings.LANGUAGE_CODE
        result[user_id] = language
    return result


def preferred_language(user) -> str:
    """The preferred language of ``user`` ("lv", "lt", "en"); Latvian for an anonymous user."""
    if not user.is_authenticated:
        return settings.LANGUAGE_CODE
    return preferred_languages([user.pk])[user.pk]


def store_preferred_language(user, language: str) -> None:
    """Store ``language`` as the preferred language of ``user`` (a signed-in user); ``ValueError`` for a language that
    is not an interface language."""
    if not supported(language):
        raise ValueError(f"not an interface language: {language!r}")
    Profile.objects.update_or_create(user=user, defaults={"language": language})


def session_language(request) -> str:
    """The preferred language of the request's signed-in user, as kept in their session; read and kept there when
    the session has none yet (e.g. it began before the preference existed)."""
    language = request.session.get(SESSION_KEY)
    if not supported(language):
        language = preferred_language(request.user)
        request.session[SESSION_KEY] = language
    return language


@receiver(user_logged_in, dispatch_uid="seimpact_language_on_login")
def remember_on_login(sender, request, user, **kwargs):
    """At sign-in, keep the user's preferred language in the new session, so no page needs a query for it, and in
    ``request.signed_in_language``, for the middleware to set the browser's language cookie to it on the answer (a
    language chosen in this browser before, perhaps by another person, gives way to the user's)."""
    if request is not None and hasattr(request, "session"):
        language = preferred_language(user)
        request.session[SESSION_KEY] = language
        request.signed_in_language = language


def in_region_language(model: type[Model], country: str, *, lookup: str = "pk") -> Callable:
    """View decorator for a region's public pages: a visitor whose language nothing decided (no language chosen with
    the switcher, not signed in: ``request.language_decided`` false, as ``InterfaceLanguageMiddleware`` leaves it) reads
    the page, and the file it downloads, in the language of the region it belongs to (Lithuanian for Panevėžys).

    ``model``: what the view's URL names, found by its field ``lookup`` equal to the view's keyword argument of that
    name (``Region`` by ``"slug"``, ``ActionPlan`` by ``"pk"``); ``country``: the path from it to the region's
    country (``"country"``, ``"municipality__region__country"``). One query, only for such a visitor; nothing is
    found (the view answers 404): the default stays. The middleware sends the language the view ran in
    (``Content-Language``).
    """

    def decorator(view):
        @wraps(view)
        def in_language(request, *args, **kwargs):
            if not getattr(request, "language_decided", True):
                found = model._default_manager.filter(**{lookup: kwargs[lookup]}).values_list(country, flat=True)
                code = found.first()
                if code in Country.values and supported(Country(code).language):
                    use_language(request, Country(code).language)
            return view(request, *args, **kwargs)

        return in_language

    return decorator


def use_language(request, language: str) -> None:
    """Make ``language`` the interface language of the rest of ``request`` (its templates, exports and
    ``request.LANGUAGE_CODE``, which the middleware sends as ``Content-Language``)."""
    translation.activate(language)
    request.LANGUAGE_CODE = language


def recipients_by_language(role: str, scope_ids: Iterable[int]) -> dict[int, dict[str, list[str]]]:
    """``{municipality or region id: {language: e-mail addresses}}``: the active users holding ``role`` there, by
    their preferred language, addresses sorted; in three queries.

    The scope is a municipality for editors and viewers and a region for coordinators; users without an e-mail
    address are left out.
    """
    scope = "region_id" if role == Role.COORDINATOR else "municipality_id"
    rows = list(
        Membership.objects.filter(role=role, **{f"{scope}__in": list(scope_ids)}, user__is_active=True)
        .exclude(user__email="")
        .values_list(scope, "user_id", "user__email")
    )
    languages = preferred_languages(user_id for _scope, user_id, _email in rows)
    result: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for scope_id, user_id, email in rows:
        result[scope_id][languages[user_id]].add(email)
    return {
        scope_id: {language: sorted(emails) for language, emails in sorted(by_language.items())}
        for scope_id, by_language in result.items()
    }
