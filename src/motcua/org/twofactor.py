"""Two-factor sign-in for staff (TOTP, django-otp; docs/sign-in.md).

Required for superusers and agency admins, optional for other staff. A person who has
enrolled must give a code in every session, required or not. The password sign-in at
/dang-nhap/ (or the admin's) opens the session; until the second step is done the staff
area and the admin answer with a redirect to it (org.middleware.StaffAreaMiddleware).

Each person has at most one authenticator (a confirmed ``TOTPDevice``) and one set of ten
single-use recovery codes (a ``StaticDevice`` named ``RECOVERY``). Wrong codes are slowed
down by django-otp's throttling (1, 2, 4, 8… seconds after each failure, kept on the
device) and each failure is an ``AccountEvent``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from motcua.core.errors import DomainError

from .models import AccountEvent, Role, RoleAssignment, User

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "RECOVERY"
TOTP_DEVICE_NAME = "Ứng dụng xác thực"
PENDING_KEY_SESSION = "motcua_totp_pending_key"

WRONG_CODE = (
    "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng."
)


def is_required(user: User) -> bool:
    """Superusers and agency admins must use two-factor sign-in."""
    if user.is_superuser:
        return True
    cached = getattr(user, "_role_cache", None)
    if cached is not None:
        return any(role == Role.AGENCY_ADMIN for _, role in cached)
    return RoleAssignment.objects.filter(user=user, role=Role.AGENCY_ADMIN).exists()


def authenticator_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request) -> bool:
    """This session passed the second step (django-otp's OTPMiddleware sets it)."""
    user = request.user
    return bool(getattr(user, "is_verified", lambda: False)())


def pending_step(request) -> str | None:
    """What the signed-in staff member must still do: "verify" (give a code), "enrol"
    (set up an authenticator, required but missing), or None."""
    user = request.user
    if is_verified(request):
        return None
    if is_enrolled(user):
        return "verify"
    if is_required(user):
        return "enrol"
    return None


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


# --- Enrolment ----------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    """An authenticator being set up: its secret lives in the session until confirmed."""

    key: str  # hex

    def device(self, user: User) -> TOTPDevice:
        return TOTPDevice(user=user, key=self.key, name=TOTP_DEVICE_NAME)

    def config_url(self, user: User) -> str:
        return self.device(user).config_url

    def secret_base32(self, user: User) -> str:
        from base64 import b32encode

        return b32encode(self.device(user).bin_key).decode("ascii")


def pending_enrolment(request) -> Enrolment:
    """The secret shown on the enrolment page, the same until confirmed or the session ends."""
    key = request.session.get(PENDING_KEY_SESSION)
    if not key:
        key = random_hex(20)
        request.session[PENDING_KEY_SESSION] = key
    return Enrolment(key=key)


def _check_code_shape(token: str) -> str:
    token = (token or "").strip().replace(" ", "")
    if not token:
        raise DomainError("totp_missing", "Nhập mã xác thực.", field="token")
    return token


@transaction.atomic
def confirm_enrolment(*, request, user: User, token: str) -> list[str]:
    """Confirm the pending authenticator with a code from it; returns the new recovery codes
    (shown once). The session counts as verified afterwards."""
    token = _check_code_shape(token)
    key = request.session.get(PENDING_KEY_SESSION)
    if not key:
        raise DomainError("totp_no_pending", "Phiên thiết lập đã hết hạn, hãy quét lại mã QR.")
    if not token.isdigit() or not TOTP(bytes.fromhex(key)).verify(int(token), tolerance=1):
        raise DomainError("totp_wrong", WRONG_CODE, field="token")
    TOTPDevice.objects.filter(user=user).delete()  # one authenticator per person
    device = TOTPDevice.objects.create(user=user, key=key, name=TOTP_DEVICE_NAME, confirmed=True)
    codes = _new_recovery_codes(user)
    AccountEvent.objects.create(kind="two_factor_enrolled", user=user, actor=user)
    del request.session[PENDING_KEY_SESSION]
    otp_login(request, device)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, request, user: User) -> list[str]:
    """New recovery codes (the old ones stop working); only in a verified session."""
    if not is_enrolled(user) or not is_verified(request):
        raise DomainError("two_factor_not_verified", "Hãy xác thực hai bước trước.")
    codes = _new_recovery_codes(user)
    AccountEvent.objects.create(kind="recovery_codes_renewed", user=user, actor=user)
    return codes


@transaction.atomic
def disable(*, request, user: User) -> None:
    """Remove one's own two-factor sign-in: only where it is optional, in a verified session."""
    if is_required(user):
        raise DomainError(
            "two_factor_required",
            "Tài khoản quản trị bắt buộc dùng xác thực hai bước, không thể tắt.",
        )
    if not is_verified(request):
        raise DomainError("two_factor_not_verified", "Hãy xác thực hai bước trước.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    AccountEvent.objects.create(kind="two_factor_disabled", user=user, actor=user)


# --- The second step of signing in ------------------------------------------------


def verify(*, request, user: User, token: str) -> None:
    """Check a code from the authenticator, or a recovery code (used up), and mark the
    session verified. Not one transaction: a wrong code's throttling and its audit row
    must stay written when the DomainError is raised."""
    token = _check_code_shape(token)
    device = authenticator_of(user)
    if device is None:
        raise DomainError("two_factor_not_enrolled", "Tài khoản chưa thiết lập xác thực hai bước.")
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        _failure(user, reason="throttled")
        raise DomainError(
            "totp_throttled",
            "Bạn đã nhập sai nhiều lần. Vui lòng chờ ít giây rồi thử lại.",
            field="token",
        )
    if token.isdigit() and len(token) == device.digits and device.verify_token(token):
        _success(request, user, device, recovery=False)
        return
    recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    if recovery is not None and recovery.verify_token(token.lower()):
        _success(request, user, recovery, recovery=True)
        return
    # Both devices counted the failure in their throttling (verify_token).
    _failure(user, reason="wrong_code")
    raise DomainError("totp_wrong", WRONG_CODE, field="token")


@transaction.atomic
def _success(request, user: User, device, *, recovery: bool) -> None:
    data = {"recovery_codes_left": remaining_recovery_codes(user)} if recovery else {}
    kind = "two_factor_recovery_code_used" if recovery else "two_factor_verified"
    AccountEvent.objects.create(kind=kind, user=user, actor=user, data=data)
    otp_login(request, device)


@transaction.atomic
def _failure(user: User, *, reason: str) -> None:
    AccountEvent.objects.create(
        kind="two_factor_failed", user=user, actor=user, data={"reason": reason}
    )
