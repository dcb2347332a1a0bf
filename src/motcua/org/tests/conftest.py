"""People for the org tests, on top of the shared ``org`` tree (see /conftest.py)."""

from __future__ import annotations

import pytest

from motcua.org.models import Role


@pytest.fixture
def ward_admin(org, make_staff):
    """Quản trị cơ quan of Phường Một (T01.01)."""
    return make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.mot")


@pytest.fixture
def second_admin(org, make_staff):
    """A second Quản trị cơ quan of Phường Một: approves the first one's deciding grants."""
    return make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.mot2")


@pytest.fixture
def approve_pending(second_admin):
    """approve_pending(): the second admin approves every pending grant (as in real life)."""
    from motcua.org import services
    from motcua.org.models import GrantStatus, RoleGrant

    def approve():
        for grant in RoleGrant.objects.filter(status=GrantStatus.PENDING):
            services.approve_role_grant(actor=second_admin, grant=grant)

    return approve


@pytest.fixture
def other_admin(org, make_staff):
    """Quản trị cơ quan of Phường Hai (T01.02): must never see Phường Một."""
    return make_staff(org.other_ward, Role.AGENCY_ADMIN, username="quantri.hai")


@pytest.fixture
def counter_officer(org, make_staff):
    return make_staff(org.center, Role.COUNTER_OFFICER, username="motcua.mot")


@pytest.fixture
def specialist(org, make_staff):
    return make_staff(org.unit_a, Role.SPECIALIST, username="chuyenvien.mot")


@pytest.fixture
def other_specialist(org, make_staff):
    return make_staff(org.other_unit, Role.SPECIALIST, username="chuyenvien.hai")


@pytest.fixture
def superuser(db):
    from motcua.org.models import User

    return User.objects.create_superuser("sieuquantri", "", "Kiem-Thu#2026")
