"""Vietnamese first: the language is Vietnamese unless the visitor chose another one."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Like Django's LocaleMiddleware, but ignores Accept-Language.

    Many Vietnamese officers' and citizens' browsers announce English; the product must
    still speak Vietnamese to them. Only the language cookie of a language in
    settings.LANGUAGES changes it (Vietnamese alone for now: docs/architecture.md).
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
