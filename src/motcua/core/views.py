from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from .health import run_checks


def home(request):
    return render(request, "core/home.html")


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says."""
    return redirect(static("img/favicon.svg"), permanent=True)


@never_cache
def healthz(request):
    """For the reverse proxy and the monitor: 200 when every check passes, else 503.

    JSON: ``{"status": "ok"|"unhealthy", "checks": {name: {"ok": …, …}}}`` (core.health).
    """
    healthy, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": checks},
        status=200 if healthy else 503,
    )


def _error(request, template: str, status: int):
    return render(request, template, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, "404.html", 404)


@requires_csrf_token
def server_error(request):
    # Rendered without the request context: the failure may be in it.
    return HttpResponseServerError(get_template("500.html").render({}))
