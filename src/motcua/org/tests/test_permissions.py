"""Roles grant permissions; the agency where a role is held bounds where they apply."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.core.errors import PermissionDeniedError
from motcua.org.models import Agency, Role, RoleAssignment, User
from motcua.org.permissions import (
    Perm,
    agencies_where,
    can,
    forget_cached_roles,
    has_perm_anywhere,
    permissions_of,
    require,
)

# What each role must be able to do, and what it must not (the duties of Bộ phận
# Một cửa, phòng chuyên môn, lãnh đạo, theo dõi CCHC and quản trị).
ROLE_CASES = {
    Role.COUNTER_OFFICER: (
        {Perm.RECEIVE_DOSSIER, Perm.RETURN_RESULT, Perm.VIEW_DASHBOARD},
        {Perm.PROCESS_DOSSIER, Perm.APPROVE_DOSSIER, Perm.MANAGE_STAFF, Perm.MANAGE_CATALOG},
    ),
    Role.SPECIALIST: (
        {Perm.PROCESS_DOSSIER, Perm.VIEW_DASHBOARD},
        {Perm.RECEIVE_DOSSIER, Perm.ASSIGN_DOSSIER, Perm.APPROVE_DOSSIER, Perm.MANAGE_STAFF},
    ),
    Role.UNIT_HEAD: (
        {Perm.PROCESS_DOSSIER, Perm.ASSIGN_DOSSIER, Perm.APPROVE_DOSSIER, Perm.VIEW_INDICATORS},
        {Perm.RECEIVE_DOSSIER, Perm.MANAGE_STAFF, Perm.MANAGE_UNITS},
    ),
    Role.WARD_LEADER: (
        {Perm.APPROVE_DOSSIER, Perm.VIEW_ALL_DOSSIERS, Perm.VIEW_INDICATORS},
        {Perm.RECEIVE_DOSSIER, Perm.MANAGE_STAFF, Perm.MANAGE_UNITS},
    ),
    Role.REFORM_MONITOR: (
        {Perm.VIEW_ALL_DOSSIERS, Perm.VIEW_INDICATORS},
        {Perm.APPROVE_DOSSIER, Perm.PROCESS_DOSSIER, Perm.MANAGE_STAFF},
    ),
    Role.AGENCY_ADMIN: (
        {Perm.MANAGE_STAFF, Perm.MANAGE_UNITS, Perm.MANAGE_CATALOG, Perm.MANAGE_CALENDAR},
        {Perm.RECEIVE_DOSSIER, Perm.PROCESS_DOSSIER, Perm.APPROVE_DOSSIER},
    ),
}


def test_every_role_is_covered():
    assert set(ROLE_CASES) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_role_grants_its_permissions_and_no_others(org, make_staff, role):
    granted, denied = ROLE_CASES[role]
    person = make_staff(org.ward, role)
    held = permissions_of(person)
    assert granted <= held
    assert not (denied & held)
    for perm in granted:
        assert can(person, perm, org.ward)
    for perm in denied:
        assert not can(person, perm, org.ward)


def test_several_roles_add_up(org, make_staff):
    person = make_staff(org.center, Role.COUNTER_OFFICER, Role.SPECIALIST)
    assert {Perm.RECEIVE_DOSSIER, Perm.PROCESS_DOSSIER} <= permissions_of(person)


def test_role_at_a_ward_covers_its_units(org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN)
    for unit in (org.unit_a, org.unit_b, org.center):
        assert can(admin, Perm.MANAGE_STAFF, unit)
    scope = set(agencies_where(admin, Perm.MANAGE_STAFF))
    assert scope == {org.ward, org.unit_a, org.unit_b, org.center}


def test_role_at_a_ward_does_not_reach_another_ward_or_the_province(org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN)
    for agency in (org.other_ward, org.other_unit, org.province):
        assert not can(admin, Perm.MANAGE_STAFF, agency)


def test_role_at_a_unit_does_not_cover_the_ward_or_a_sibling(org, make_staff):
    specialist = make_staff(org.unit_a, Role.SPECIALIST)
    assert can(specialist, Perm.PROCESS_DOSSIER, org.unit_a)
    assert not can(specialist, Perm.PROCESS_DOSSIER, org.ward)
    assert not can(specialist, Perm.PROCESS_DOSSIER, org.unit_b)
    assert list(agencies_where(specialist, Perm.PROCESS_DOSSIER)) == [org.unit_a]


def test_role_at_a_province_covers_all_its_wards_and_units(org, make_staff):
    admin = make_staff(org.province, Role.AGENCY_ADMIN)
    assert set(agencies_where(admin, Perm.MANAGE_UNITS)) == set(Agency.objects.all())


def test_scope_is_per_permission(org, make_staff):
    person = make_staff(org.unit_a, Role.SPECIALIST)
    RoleAssignment.objects.create(user=person, agency=org.ward, role=Role.REFORM_MONITOR)
    forget_cached_roles(person)
    assert list(agencies_where(person, Perm.PROCESS_DOSSIER)) == [org.unit_a]
    assert org.other_ward not in agencies_where(person, Perm.VIEW_INDICATORS)
    assert org.unit_b in agencies_where(person, Perm.VIEW_INDICATORS)


def test_superuser_may_do_everything_everywhere(org, superuser):
    for agency in Agency.objects.all():
        assert can(superuser, Perm.MANAGE_STAFF, agency)
        assert can(superuser, Perm.APPROVE_DOSSIER, agency)
    assert agencies_where(superuser, Perm.RECEIVE_DOSSIER).count() == Agency.objects.count()
    assert has_perm_anywhere(superuser, Perm.MANAGE_UNITS)


def test_anonymous_holds_nothing(org):
    anonymous = AnonymousUser()
    assert permissions_of(anonymous) == set()
    assert not agencies_where(anonymous, Perm.VIEW_DASHBOARD).exists()
    assert not can(anonymous, Perm.VIEW_DASHBOARD, org.ward)
    assert not has_perm_anywhere(anonymous, Perm.VIEW_DASHBOARD)


def test_locked_account_holds_nothing(org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN)
    admin.is_active = False
    assert permissions_of(admin) == set()
    assert not agencies_where(admin, Perm.MANAGE_STAFF).exists()
    assert not can(admin, Perm.MANAGE_STAFF, org.ward)


def test_person_without_role_holds_nothing(org):
    nobody = User.objects.create_user("khongvaitro", password="Kiem-Thu#2026")
    assert permissions_of(nobody) == set()
    assert not agencies_where(nobody, Perm.VIEW_DASHBOARD).exists()


def test_can_without_agency_is_false(org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN)
    assert not can(admin, Perm.MANAGE_STAFF, None)


def test_require_raises_the_domain_error_outside_scope(org, make_staff):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN)
    require(admin, Perm.MANAGE_STAFF, org.unit_a)
    with pytest.raises(PermissionDeniedError) as caught:
        require(admin, Perm.MANAGE_STAFF, org.other_unit)
    assert caught.value.code == "permission_denied"
    assert caught.value.status == 403


def test_roles_are_cached_until_forgotten(org, make_staff):
    person = make_staff(org.unit_a, Role.SPECIALIST)
    assert not has_perm_anywhere(person, Perm.MANAGE_STAFF)
    RoleAssignment.objects.create(user=person, agency=org.unit_a, role=Role.AGENCY_ADMIN)
    assert not has_perm_anywhere(person, Perm.MANAGE_STAFF)  # same request: cached
    forget_cached_roles(person)
    assert has_perm_anywhere(person, Perm.MANAGE_STAFF)
