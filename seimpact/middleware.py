"""Project-wide middleware: the interface language, and text normalised at the edge."""

from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers

from seimpact.lib.text import clean_text


class InterfaceLanguageMiddleware:
    """Latvian unless the user chose another language with the switcher (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; municipal laptops often
    run English browsers, and the product's default is Latvian, so only an explicit choice counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


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
