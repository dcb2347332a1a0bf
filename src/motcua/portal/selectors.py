"""Reads of the citizen's side, each scoped to the account asking."""

from __future__ import annotations

from motcua.org.models import AccountKind, User

from .models import CitizenProfile


def is_citizen(user) -> bool:
    """A signed-in citizen or organisation account (not staff)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "kind", AccountKind.STAFF) != AccountKind.STAFF
    )


def profile_of(user: User) -> CitizenProfile | None:
    """The account's own profile (None for staff, or a citizen without one yet)."""
    if not is_citizen(user):
        return None
    return CitizenProfile.objects.filter(user=user).first()


def user_by_phone(phone: str) -> User | None:
    """The citizen account whose phone is this number, a confirmed one first."""
    profile = (
        CitizenProfile.objects.filter(phone=phone)
        .select_related("user")
        .order_by("-phone_verified", "id")
        .first()
    )
    return profile.user if profile else None
