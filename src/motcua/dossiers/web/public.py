"""Tra cứu hồ sơ: the public lookup by dossier code, without login.

GET /tra-cuu/?ma=<code> is the link printed as a QR code on the receipt (Mẫu 01); the
form posts the code with the optional phone digits, so that the digits never end up in
an address bar, a browser history or an access log.

A known and an unknown code get the same page and the same status (200): only the
result card differs. Both kinds of request count against the same rate limits.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import lookup as public_lookup
from . import throttle
from .public_forms import LookupForm

TEMPLATE = "dossiers/public/lookup.html"
THROTTLED_TEMPLATE = "dossiers/public/throttled.html"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request):
    """Tra cứu tình trạng hồ sơ theo mã hồ sơ."""
    form = _bound_form(request)
    if form is None:
        return render(request, TEMPLATE, {"form": _blank_form()})
    lookups = throttle.lookup_limit()
    if not lookups.consume(throttle.client_ip(request)):
        return _throttled(request, lookups, reason="lookups")
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form})
    code, digits = form.cleaned_data["ma"], form.cleaned_data["so"]
    phone_checks = throttle.phone_check_limit()
    tries_key = throttle.phone_check_key(code, request)
    if digits and phone_checks.exceeded(tries_key):
        return _throttled(request, phone_checks, reason="phone", code=code)
    result = public_lookup.lookup(code, digits)
    if result.phone_checked and not result.phone_matched:
        phone_checks.hit(tries_key)
    return render(
        request,
        TEMPLATE,
        {"form": _form_showing(code), "searched": True, "code": code, "result": result},
    )


def _blank_form() -> LookupForm:
    return LookupForm(example_code=public_lookup.example_code(timezone.localdate()))


def _bound_form(request) -> LookupForm | None:
    if request.method == "POST":
        return LookupForm(request.POST)
    if "ma" in request.GET:
        # Phone digits are accepted by POST only: never from a link.
        return LookupForm({"ma": request.GET["ma"]})
    return None


def _form_showing(code: str) -> LookupForm:
    """The form again with the normalised code and an empty phone field."""
    return LookupForm(initial={"ma": code})


def _throttled(request, limit: throttle.Limit, *, reason: str, code: str = ""):
    retry_after = limit.retry_after()
    response = render(
        request,
        THROTTLED_TEMPLATE,
        {
            "reason": reason,
            "code": code,
            "minutes": max(1, -(-retry_after // 60)),
            "form": LookupForm(initial={"ma": code}),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
