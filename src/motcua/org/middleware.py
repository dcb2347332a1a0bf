"""Who may enter the staff area, and what a staff member must do first.

- StaffAreaMiddleware: the staff area (/can-bo/) and the Django admin refuse a citizen or
  organisation account (403), and send a staff member who still owes the second step of
  sign-in (org.twofactor) to it.
- PasswordChangeRequiredMiddleware: a password chosen by an admin is replaced before the
  person does anything else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import twofactor

STAFF_AREA_PREFIX = "/can-bo/"


def is_staff_area(path: str) -> bool:
    admin = "/" + settings.MOTCUA_ADMIN_PATH if settings.MOTCUA_ADMIN_ENABLED else None
    return path.startswith(STAFF_AREA_PREFIX) or bool(admin and path.startswith(admin))


class StaffAreaMiddleware:
    """Guard of /can-bo/ and the admin (after django-otp's OTPMiddleware).

    A non-staff account is refused whatever roles or flags it holds. A staff member whose
    two-factor sign-in is pending is sent to give a code (enrolled) or to enrol (required:
    superusers and agency admins); only the enrolment page itself stays open to the latter.
    ``MOTCUA_TWO_FACTOR_ENFORCED`` switches the second step off (the test suite does, except
    in the tests marked ``two_factor``); the refusal of citizens is never switched off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path_info
        if user is not None and user.is_authenticated and is_staff_area(path):
            if not user.is_staff_account:
                raise PermissionDenied("Tài khoản dịch vụ công không vào được khu vực cán bộ.")
            if settings.MOTCUA_TWO_FACTOR_ENFORCED:
                step = twofactor.pending_step(request)
                if step == "verify":
                    return self._to("two-factor-verify", request)
                if step == "enrol" and path != reverse("two-factor-setup"):
                    return self._to("two-factor-setup", request)
        return self.get_response(request)

    @staticmethod
    def _to(name: str, request):
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(name)}?{query}")


class PasswordChangeRequiredMiddleware:
    """Send a signed-in user whose ``must_change_password`` is set to the change page.

    Every page answers with that redirect (its ``next`` kept) except the change page
    itself, sign-out and static files: with an admin's password in
    hand, nothing else is open, not even a public page that a link in the staff area
    leads to. The flag is cleared by org.views.PasswordChangeView.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            change = reverse("password-change")
            if not self._is_open(request.path_info, change):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{change}?{query}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str, change: str) -> bool:
        # The second step of sign-in comes before the change (StaffAreaMiddleware).
        open_paths = (
            change,
            reverse("logout"),
            reverse("two-factor-verify"),
            reverse("two-factor-setup"),
        )
        return path in open_paths or path.startswith("/" + settings.STATIC_URL.lstrip("/"))
