"""Request middleware of the whole site: the chosen language, refusing NUL characters."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Like Django's LocaleMiddleware, but ignores Accept-Language.

    Many Vietnamese officers' and citizens' browsers announce English; the product must
    still speak Vietnamese to them. Only the language switch (set_language's cookie)
    changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulBytesMiddleware:
    """A NUL character in the path, a query or form key or value, or a cookie is a 400.

    No form or page needs one, and PostgreSQL cannot store or even compare a string
    holding one: without this, ``?co-quan=%00`` reaches a query and answers 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in text for text in self._submitted_texts(request)):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)

    @staticmethod
    def _submitted_texts(request):
        yield from request.COOKIES
        yield from request.COOKIES.values()
        data = (request.GET, request.POST) if request.method == "POST" else (request.GET,)
        for query in data:
            for key, values in query.lists():
                yield key
                yield from values
