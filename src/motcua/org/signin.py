"""The two hooks of django-axes (docs/sign-in.md): the client address and the lockout page."""

from __future__ import annotations

import ipaddress

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from motcua.core.ratelimit import client_ip


def client_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the rate limits' client address (trusted proxies, IPv6 per
    /64) as one address, for axes keeps it in an inet column on PostgreSQL: a /64 block
    becomes its first address, and a request without an address (a test client's
    force_login) gives None."""
    try:
        block = ipaddress.ip_network(client_ip(request))
    except ValueError:
        return None
    return str(block.network_address)


def username_of(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the name a sign-in tried. Staff sign in with ``username``
    (org's form, the admin); the portal's citizens with their e-mail (allauth passes
    ``email``, its form posts ``login``). One lock rule for both: (name, address)."""
    for key in ("username", "email", "phone", "login"):
        value = (credentials or {}).get(key)
        if value:
            return str(value)
    data = getattr(request, "POST", None) or {}
    for key in ("username", "login"):
        if data.get(key):
            return str(data[key])
    return None


def locked_out(request, original_response=None, credentials=None):
    """The lockout page (django-axes' AXES_LOCKOUT_CALLABLE), in Vietnamese.

    Every refused try restarts the cool-off (axes' default), so the lock ends one
    cool-off after this very request.
    """
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(cool_off.total_seconds() // 60),
        "try_again_at": timezone.localtime() + cool_off,
    }
    return render(request, "registration/locked_out.html", context, status=429)
