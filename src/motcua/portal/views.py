"""The portal's own pages: its home and the citizen's profile. Accounts (register, sign
in, verify, reset) are allauth's views with the product's templates (portal/templates)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from motcua.core.errors import DomainError, add_to_form
from motcua.org.models import AccountKind

from . import selectors, services
from .forms import ProfileForm

PORTAL_LOGIN = reverse_lazy("account_login")


def home(request):
    """Dịch vụ công: what the portal offers; the signed-in citizen's links."""
    return render(
        request,
        "portal/home.html",
        {
            "is_citizen": selectors.is_citizen(request.user),
            "profile": selectors.profile_of(request.user),
        },
    )


@login_required(login_url=PORTAL_LOGIN)
def profile(request):
    """Thông tin cá nhân: the citizen's own profile (staff accounts have none: 403)."""
    if not selectors.is_citizen(request.user):
        raise PermissionDenied
    current = selectors.profile_of(request.user)
    if current is None:
        raise PermissionDenied
    organisation = request.user.kind == AccountKind.ORGANISATION
    initial = {name: getattr(current, name) for name in services.EDITABLE}
    form = ProfileForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_profile(
                actor=request.user, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Đã lưu thông tin." if changed else "Không có thay đổi.")
            return redirect("portal-profile")
    return render(request, "portal/profile.html", {"form": form, "profile": current})
