"""The pages of two-factor sign-in (org.twofactor): the second step after the password,
and each staff member's own security page (enrol, recovery codes, switch off)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError, add_to_form
from motcua.core.qr import qr_data_uri

from . import twofactor


class CodeForm(forms.Form):
    token = forms.CharField(
        label="Mã xác thực",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng.",
    )


def _next_url(request, default: str = "staff-home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    from django.urls import reverse

    return reverse(default)


def _staff_only(request) -> None:
    if not request.user.is_staff_account:
        raise PermissionDenied


@login_required
def verify(request):
    """Bước 2 của đăng nhập: the code from the authenticator (or a recovery code)."""
    _staff_only(request)
    if twofactor.is_verified(request) or not twofactor.is_enrolled(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.verify(request=request, user=request.user, token=form.cleaned_data["token"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            left = twofactor.remaining_recovery_codes(request.user)
            if left < twofactor.RECOVERY_CODE_COUNT // 2:
                messages.warning(
                    request,
                    f"Bạn còn {left} mã dự phòng. Hãy tạo bộ mã mới ở trang Bảo mật tài khoản.",
                )
            return redirect(_next_url(request))
    return render(
        request, "org/two_factor_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@never_cache
@login_required
def setup(request):
    """Bảo mật tài khoản: enrol an authenticator (QR code), or see its state."""
    _staff_only(request)
    user = request.user
    context = {
        "required": twofactor.is_required(user),
        "enrolled": twofactor.is_enrolled(user),
        "next": request.GET.get("next", ""),
    }
    if context["enrolled"]:
        context["recovery_left"] = twofactor.remaining_recovery_codes(user)
        return render(request, "org/two_factor_setup.html", context)
    form = CodeForm(request.POST or None)
    enrolment = twofactor.pending_enrolment(request)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm_enrolment(
                request=request, user=user, token=form.cleaned_data["token"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Đã bật xác thực hai bước.")
            return render(
                request,
                "org/recovery_codes.html",
                {"codes": codes, "next": _next_url(request, "two-factor-setup")},
            )
    form.fields["token"].help_text = "6 chữ số đang hiện trong ứng dụng xác thực."
    context.update(
        form=form,
        qr=qr_data_uri(enrolment.config_url(user), scale=5),
        secret=enrolment.secret_base32(user),
    )
    return render(request, "org/two_factor_setup.html", context)


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    """Tạo bộ mã dự phòng mới (the old ones stop working)."""
    _staff_only(request)
    try:
        codes = twofactor.regenerate_recovery_codes(request=request, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("two-factor-setup")
    return render(
        request,
        "org/recovery_codes.html",
        {"codes": codes, "next": _next_url(request, "two-factor-setup")},
    )


@login_required
@require_POST
def disable(request):
    _staff_only(request)
    try:
        twofactor.disable(request=request, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã tắt xác thực hai bước.")
    return redirect("two-factor-setup")
