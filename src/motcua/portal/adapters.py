"""django-allauth's hooks (settings ACCOUNT_ADAPTER, SOCIALACCOUNT_ADAPTER; docs/portal.md).

- Every account made here is a citizen's or an organisation's (``User.kind``), with a
  user name of its own ("cd_" and random hex) that no staff name can collide with and no
  one chooses; the person signs in with the e-mail address.
- A staff account never signs in here, nor is linked to an identity provider: the staff
  sign in at /dang-nhap/, with two-factor sign-in where required.
- The phone number lives on the profile (portal.models.CitizenProfile) and its SMS code
  goes through portal.sms (the log, until the outbox exists).
"""

from __future__ import annotations

import contextlib
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from motcua.core.citizen_id import validate_citizen_id
from motcua.core.errors import DomainError
from motcua.core.fields import PhoneField
from motcua.org.models import AccountKind, User

from . import selectors, services, sms
from .models import CitizenProfile

USERNAME_PREFIX = "cd_"

ERROR_MESSAGES_VI = {
    "account_inactive": "Tài khoản này đang bị khóa.",
    "duplicate_email": "Địa chỉ thư điện tử này đã được dùng cho một tài khoản khác.",
    "email_password_mismatch": "Thư điện tử hoặc mật khẩu không đúng.",
    "email_taken": "Địa chỉ thư điện tử này đã được dùng cho một tài khoản khác.",
    "enter_current_password": "Nhập mật khẩu hiện tại.",
    "incorrect_code": "Mã không đúng.",
    "incorrect_password": "Mật khẩu không đúng.",
    "invalid_or_expired_key": "Liên kết không hợp lệ hoặc đã hết hạn.",
    "invalid_login": "Thông tin đăng nhập không hợp lệ.",
    "invalid_password_reset": "Liên kết đặt lại mật khẩu không hợp lệ.",
    "max_email_addresses": "Không thể thêm quá {0} địa chỉ thư điện tử.",
    "phone_password_mismatch": "Số điện thoại hoặc mật khẩu không đúng.",
    "phone_taken": "Số điện thoại này đã được dùng cho một tài khoản khác.",
    "too_many_login_attempts": "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau.",
    "unknown_email": "Không có tài khoản nào dùng địa chỉ thư điện tử này.",
    "unknown_phone": "Không có tài khoản nào dùng số điện thoại này.",
    "username_blacklisted": "Không dùng được tên này.",
    "username_taken": "Tên này đã được dùng.",
    "select_only_one_primary_email": "Chỉ chọn một địa chỉ chính.",
    "same_as_current": "Giá trị mới trùng với giá trị hiện tại.",
}


def new_username() -> str:
    while True:
        name = USERNAME_PREFIX + secrets.token_hex(6)
        if not User.objects.filter(username=name).exists():
            return name


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **ERROR_MESSAGES_VI}

    def new_user(self, request):
        user = super().new_user(request)
        user.kind = AccountKind.CITIZEN
        return user

    def populate_username(self, request, user) -> None:
        # Never the provider's preferred_username nor anything derived from the e-mail.
        if not (user.username or "").startswith(USERNAME_PREFIX):
            user.username = new_username()

    def save_user(self, request, user, form, commit=True):
        kind = (getattr(form, "cleaned_data", {}) or {}).get("account_kind")
        if kind in (AccountKind.CITIZEN, AccountKind.ORGANISATION):
            user.kind = kind
        if user.kind == AccountKind.STAFF:  # never made here
            user.kind = AccountKind.CITIZEN
        user = super().save_user(request, user, form, commit=commit)
        if commit and hasattr(form, "profile_values"):
            user.full_name = form.profile_values().get(
                "full_name", ""
            ) or form.profile_values().get("organisation_name", "")
            user.save(update_fields=["full_name"])
            if not CitizenProfile.objects.filter(user=user).exists():
                services.create_profile(user=user, **form.profile_values())
        return user

    def get_login_redirect_url(self, request):
        return reverse("portal-home")

    def get_signup_redirect_url(self, request):
        return reverse("portal-home")

    def get_logout_redirect_url(self, request):
        return reverse("portal-home")

    def get_email_verification_redirect_url(self, email_address):
        return reverse("account_login")

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.MOTCUA_SITE_NAME}] {subject}"

    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(
            template_prefix, email, {**context, "site_name": settings.MOTCUA_SITE_NAME}
        )

    def pre_login(self, request, user, **kwargs):
        """A staff account never signs in through the portal (e.g. its e-mail at the
        portal's form, or a link from an identity provider)."""
        if user.kind == AccountKind.STAFF:
            return render(request, "portal/staff_refused.html", status=403)
        return super().pre_login(request, user, **kwargs)

    # --- Phone (allauth's phone support; the number lives on the profile) ---

    def phone_form_field(self, **kwargs):
        kwargs.setdefault("label", "Số điện thoại")
        return PhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return phone

    def set_phone(self, user, phone: str, verified: bool) -> None:
        try:
            services.set_phone(user=user, phone=phone, verified=verified)
        except DomainError as error:
            raise self.validation_error("phone_taken") from error

    def get_phone(self, user):
        profile = selectors.profile_of(user)
        if profile is None or not profile.phone:
            return None
        return profile.phone, profile.phone_verified

    def set_phone_verified(self, user, phone: str) -> None:
        services.set_phone(user=user, phone=phone, verified=True)

    def get_user_by_phone(self, phone: str):
        return selectors.user_by_phone(phone)

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        sms.send_sms(
            phone, f"{settings.MOTCUA_SITE_NAME}: ma xac minh so dien thoai cua ban la {code}."
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in through an identity provider (OpenID Connect: VNeID or a province's SSO)."""

    def pre_social_login(self, request, sociallogin) -> None:
        user = sociallogin.user if sociallogin.is_existing else None
        if (
            user is None
            and request.user.is_authenticated
            and sociallogin.state.get("process") == "connect"
        ):
            user = request.user
        if user is not None and user.kind == AccountKind.STAFF:
            raise ImmediateHttpResponse(render(request, "portal/staff_refused.html", status=403))

    def can_authenticate_by_email(self, login, email: str) -> bool:
        # Linking by e-mail (MOTCUA_OIDC_LINK_BY_EMAIL) never reaches a staff account.
        found = User.objects.filter(email__iexact=email).exclude(kind=AccountKind.STAFF)
        return found.exists() and super().can_authenticate_by_email(login, email)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.username = ""  # never the provider's preferred_username (AccountAdapter)
        user.kind = AccountKind.CITIZEN
        user.full_name = data.get("name") or " ".join(
            part for part in (data.get("last_name"), data.get("first_name")) if part
        )
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        if not CitizenProfile.objects.filter(user=user).exists():
            services.create_profile(user=user, **claims_for_profile(sociallogin))
        return user


def claims_for_profile(sociallogin) -> dict:
    """What the provider told us that the profile keeps: the name, and the citizen ID if
    the deployment names the claim that carries it (MOTCUA_OIDC_CITIZEN_ID_CLAIM)."""
    extra = sociallogin.account.extra_data or {}
    claims = {**(extra.get("id_token") or {}), **(extra.get("userinfo") or {})}
    if not claims:
        claims = dict(extra)
    values = {"full_name": sociallogin.user.full_name or claims.get("name", "")}
    claim = getattr(settings, "MOTCUA_OIDC_CITIZEN_ID_CLAIM", "")
    if claim and claims.get(claim):
        # A malformed claim is left out; the citizen can type the number.
        with contextlib.suppress(DomainError):
            values["citizen_id"] = validate_citizen_id(str(claims[claim]), field="citizen_id")
    return values
