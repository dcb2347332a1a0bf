"""A password chosen by an admin is replaced before the person does anything else."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


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
        open_paths = (change, reverse("logout"))
        return path in open_paths or path.startswith("/" + settings.STATIC_URL.lstrip("/"))
