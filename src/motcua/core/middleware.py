"""Middleware of every page: Vietnamese first, sign-out after an idle spell, the
Permissions-Policy header, refusing NUL characters."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.utils import timezone, translation
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


def login_url_for(path: str) -> str:
    """The sign-in page for a path: the first prefix of MOTCUA_LOGIN_URLS that ``path``
    starts with (the portal's citizens sign in on its own page), else LOGIN_URL."""
    for prefix, url in getattr(settings, "MOTCUA_LOGIN_URLS", {}).items():
        if path.startswith(prefix):
            return url
    return settings.LOGIN_URL


class IdleTimeoutMiddleware:
    """Sign out whoever has not made a request for MOTCUA_IDLE_TIMEOUT_MINUTES.

    Besides SESSION_COOKIE_AGE, the absolute limit: a counter PC left signed in over
    lunch must not stay open to the next person at the desk. The time of the last
    request is kept in the session, rewritten at most once a minute so that a busy
    officer's requests do not each write the session row. Each write would push the
    session's expiry SESSION_COOKIE_AGE further, so the first request of a session pins
    its expiry to a fixed moment instead.
    """

    SESSION_KEY = "motcua_last_request_at"
    REWRITE_AFTER_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.SESSION_KEY)
            if last is not None and now - last > settings.MOTCUA_IDLE_TIMEOUT_MINUTES * 60:
                return self._signed_out(request)
            if last is None:
                request.session.set_expiry(
                    timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
                )
            if last is None or now - last >= self.REWRITE_AFTER_SECONDS:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _signed_out(request):
        logout(request)
        messages.info(
            request,
            f"Phiên làm việc đã kết thúc sau {settings.MOTCUA_IDLE_TIMEOUT_MINUTES} phút "
            "không thao tác. Vui lòng đăng nhập lại.",
        )
        login_page = redirect_to_login(request.get_full_path(), login_url_for(request.path_info))
        if request.headers.get("HX-Request"):
            # htmx would swap the sign-in page into a fragment; make it load the page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_page.url
            return response
        return login_page


class PermissionsPolicyMiddleware:
    """Send MOTCUA_PERMISSIONS_POLICY: the browser features no page may use.

    Neither Django nor django-csp sets this header; a page that needs a feature later
    (a camera to scan a citizen's document) opens it here, for itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.MOTCUA_PERMISSIONS_POLICY)
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
