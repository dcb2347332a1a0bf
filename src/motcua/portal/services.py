"""Writes of the citizen's side: the profile made at registration and its changes.

Each runs in a transaction with an ``org.AccountEvent`` (the account's own audit row:
which fields changed, never their values). A profile is changed by its own account only.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from motcua.core.citizen_id import validate_citizen_id
from motcua.core.errors import DomainError, ErrorCollector, PermissionDeniedError
from motcua.core.phone import normalise_phone
from motcua.org.models import AccountEvent, AccountKind, User

from .models import CitizenProfile
from .taxcode import normalise_tax_code

EDITABLE = (
    "full_name",
    "citizen_id",
    "date_of_birth",
    "address",
    "phone",
    "organisation_name",
    "tax_code",
)
CITIZEN_KINDS = (AccountKind.CITIZEN, AccountKind.ORGANISATION)


def _event(kind: str, *, user: User, actor: User | None, **data) -> AccountEvent:
    return AccountEvent.objects.create(kind=kind, user=user, actor=actor, data=data)


def _require_citizen(user: User) -> None:
    if user.kind not in CITIZEN_KINDS:
        raise PermissionDeniedError("Tài khoản cán bộ không có hồ sơ dịch vụ công.")


def _cleaned(user: User, values: dict) -> dict:
    """Every field checked at once (DomainErrors), normalised."""
    checks = ErrorCollector()
    out = dict(values)
    if "full_name" in out:
        out["full_name"] = " ".join((out["full_name"] or "").split())
    if "address" in out:
        out["address"] = " ".join((out["address"] or "").split())
    if "organisation_name" in out:
        out["organisation_name"] = " ".join((out["organisation_name"] or "").split())
    if out.get("citizen_id"):
        out["citizen_id"] = checks.run(
            validate_citizen_id, out["citizen_id"], field="citizen_id", default=out["citizen_id"]
        )
    if "phone" in out:
        out["phone"] = checks.run(normalise_phone, out["phone"] or "", field="phone", default="")
    if out.get("tax_code"):
        out["tax_code"] = checks.run(normalise_tax_code, out["tax_code"], default=out["tax_code"])
    birth = out.get("date_of_birth")
    if birth is not None and birth > dt.date.today():
        checks.errors.append(
            DomainError(
                "birth_in_future", "Ngày sinh không thể ở tương lai.", field="date_of_birth"
            )
        )
    if user.kind == AccountKind.ORGANISATION:
        if "organisation_name" in out and not out["organisation_name"]:
            checks.errors.append(
                DomainError(
                    "organisation_name_required", "Nhập tên tổ chức.", field="organisation_name"
                )
            )
        if "tax_code" in out and not out["tax_code"]:
            checks.errors.append(
                DomainError("tax_code_required", "Nhập mã số thuế của tổ chức.", field="tax_code")
            )
    checks.raise_any()
    return out


@transaction.atomic
def create_profile(*, user: User, **values) -> CitizenProfile:
    """The profile of a new citizen or organisation account (registration, first sign-in
    through an identity provider). ``values`` are the profile's fields, checked here."""
    _require_citizen(user)
    unknown = set(values) - {*EDITABLE, "phone_verified"}
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    verified = bool(values.pop("phone_verified", False))
    profile = CitizenProfile.objects.create(
        user=user, phone_verified=verified, **_cleaned(user, values)
    )
    _event("citizen_registered", user=user, actor=user, account_kind=user.kind)
    return profile


@transaction.atomic
def update_profile(*, actor: User, user: User, **values) -> list[str]:
    """Change one's own profile; returns the names of the fields that changed. A new phone
    number is unconfirmed until its SMS code is given."""
    if actor.pk != user.pk:
        raise PermissionDeniedError()
    _require_citizen(user)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    profile = CitizenProfile.objects.select_for_update().get(user=user)
    values = _cleaned(user, values)
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(profile, name, values[name])
    if "phone" in changed:
        profile.phone_verified = False
    profile.save()
    _event("profile_updated", user=user, actor=actor, fields=sorted(changed))
    return sorted(changed)


@transaction.atomic
def set_phone(*, user: User, phone: str, verified: bool) -> CitizenProfile:
    """allauth's phone support (portal.adapters): a phone given at registration or
    changed on allauth's page, and whether it is confirmed."""
    _require_citizen(user)
    phone = normalise_phone(phone)
    profile, _ = CitizenProfile.objects.select_for_update().get_or_create(user=user)
    if profile.phone == phone and profile.phone_verified == verified:
        return profile
    if verified:
        _refuse_taken_phone(user, phone)
    profile.phone, profile.phone_verified = phone, verified
    profile.save(update_fields=["phone", "phone_verified", "updated_at"])
    _event("phone_verified" if verified else "phone_set", user=user, actor=user)
    return profile


def _refuse_taken_phone(user: User, phone: str) -> None:
    taken = CitizenProfile.objects.filter(phone=phone, phone_verified=True).exclude(user=user)
    if taken.exists():
        raise DomainError(
            "phone_taken", "Số điện thoại này đã được xác minh cho tài khoản khác.", field="phone"
        )
