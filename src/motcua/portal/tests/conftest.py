from __future__ import annotations

import pytest

PASSWORD = "Cong-Dan#2026-an-toan"


@pytest.fixture
def make_citizen(db):
    """make_citizen(email, kind=citizen, verified=True) → a portal account with a profile."""
    from allauth.account.models import EmailAddress

    from motcua.org.models import AccountKind, User
    from motcua.portal.adapters import new_username
    from motcua.portal.services import create_profile

    def make(email="dan@example.vn", *, kind=AccountKind.CITIZEN, verified=True, **profile):
        user = User.objects.create_user(
            username=new_username(), email=email, password=PASSWORD, kind=kind
        )
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        if kind == AccountKind.ORGANISATION:
            profile.setdefault("organisation_name", "Công ty TNHH Thử Nghiệm")
            profile.setdefault("tax_code", "0101234567")
        create_profile(user=user, full_name=profile.pop("full_name", "Nguyễn Văn Dân"), **profile)
        return user

    return make
