"""Demo citizen and organisation accounts of the portal (/dich-vu-cong/): e-mail already
verified, a profile filled in, the demo password. Loadable twice without change."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.db import transaction

from motcua.demo.organisation import DEMO_PASSWORD
from motcua.org.models import AccountKind, User
from motcua.portal.adapters import new_username
from motcua.portal.services import create_profile

# email, kind, profile, description
DEMO_CITIZENS = (
    (
        "an.nguyen@congdan.example",
        AccountKind.CITIZEN,
        {
            "full_name": "Nguyễn Văn An",
            "citizen_id": "001090012345",
            "date_of_birth": dt.date(1990, 3, 5),
            "address": "Số 12 ngõ 5 phố Hòa Bình, tổ 3",
            "phone": "0912345678",
            "phone_verified": True,
        },
        "Công dân, hồ sơ cá nhân đã điền đủ",
    ),
    (
        "binh.tran@congdan.example",
        AccountKind.CITIZEN,
        {"full_name": "Trần Thị Bình"},
        "Công dân, mới đăng ký (hồ sơ cá nhân còn trống)",
    ),
    (
        "lienhe@anbinh.example",
        AccountKind.ORGANISATION,
        {
            "full_name": "Lê Văn Cường",
            "organisation_name": "Công ty TNHH Thương mại An Bình",
            "tax_code": "0109876543",
            "address": "Số 8 đường Hòa Bình",
        },
        "Tổ chức (doanh nghiệp), có mã số thuế",
    ),
)


@transaction.atomic
def load() -> None:
    for email, kind, profile, _ in DEMO_CITIZENS:
        if User.objects.filter(email=email).exists():
            continue
        user = User.objects.create_user(
            username=new_username(),
            email=email,
            password=DEMO_PASSWORD,
            kind=kind,
            full_name=profile.get("organisation_name") or profile["full_name"],
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        create_profile(user=user, **profile)


def logins() -> list[tuple[str, str]]:
    """(e-mail, description) of the demo portal accounts that exist."""
    present = set(
        User.objects.filter(email__in=[row[0] for row in DEMO_CITIZENS]).values_list(
            "email", flat=True
        )
    )
    return [(email, description) for email, _, _, description in DEMO_CITIZENS if email in present]
