"""The scoped reads behind the organisation pages."""

from __future__ import annotations

from motcua.org import selectors
from motcua.org.models import Role, RoleAssignment


def _usernames(people):
    return sorted(person.username for person in people)


def test_staff_in_scope_is_the_admins_ward_only(
    org, ward_admin, specialist, counter_officer, other_admin, other_specialist
):
    assert _usernames(selectors.staff_in_scope(ward_admin)) == [
        "chuyenvien.mot",
        "motcua.mot",
        "quantri.mot",
    ]
    assert _usernames(selectors.staff_in_scope(other_admin)) == ["chuyenvien.hai", "quantri.hai"]


def test_staff_in_scope_is_empty_without_the_permission(org, counter_officer, specialist):
    assert not selectors.staff_in_scope(counter_officer).exists()


def test_staff_in_scope_lists_each_person_once(org, ward_admin, make_staff):
    make_staff(org.unit_a, Role.SPECIALIST, Role.UNIT_HEAD, username="hai.vaitro")
    assert _usernames(selectors.staff_in_scope(ward_admin)).count("hai.vaitro") == 1


def test_staff_filter_by_unit_and_role(org, ward_admin, specialist, counter_officer, make_staff):
    make_staff(org.unit_b, Role.SPECIALIST, username="chuyenvien.kt")
    assert _usernames(selectors.staff_in_scope(ward_admin, agency=org.unit_a)) == ["chuyenvien.mot"]
    assert _usernames(selectors.staff_in_scope(ward_admin, role=Role.SPECIALIST)) == [
        "chuyenvien.kt",
        "chuyenvien.mot",
    ]
    # Both filters on the same assignment: a specialist AT unit B.
    assert _usernames(
        selectors.staff_in_scope(ward_admin, agency=org.unit_b, role=Role.SPECIALIST)
    ) == ["chuyenvien.kt"]
    assert not selectors.staff_in_scope(
        ward_admin, agency=org.unit_b, role=Role.COUNTER_OFFICER
    ).exists()


def test_staff_search_by_name_and_username(org, ward_admin, specialist, counter_officer):
    assert _usernames(selectors.staff_in_scope(ward_admin, query="motcua")) == ["motcua.mot"]
    number = specialist.full_name.split()[-1]
    found = selectors.staff_in_scope(ward_admin, query=f"Số {number}")
    assert _usernames(found) == ["chuyenvien.mot"]


def test_filter_by_another_wards_unit_finds_nobody(org, ward_admin, other_specialist):
    assert not selectors.staff_in_scope(ward_admin, agency=org.other_unit).exists()


def test_scoped_assignments_hide_roles_held_elsewhere(org, ward_admin, specialist):
    RoleAssignment.objects.create(user=specialist, agency=org.other_unit, role=Role.UNIT_HEAD)
    person = selectors.staff_in_scope(ward_admin).get(pk=specialist.pk)
    assert [a.agency for a in person.scoped_assignments] == [org.unit_a]
    groups = selectors.scoped_role_groups(ward_admin, specialist)
    assert [(g.agency, g.labels) for g in groups] == [(org.unit_a, ["Chuyên viên"])]
    assert selectors.roles_outside_scope(ward_admin, specialist) == 1


def test_role_groups_follow_the_tree_and_role_order(org, ward_admin, make_staff):
    person = make_staff(org.unit_b, Role.UNIT_HEAD, Role.SPECIALIST)
    RoleAssignment.objects.create(user=person, agency=org.ward, role=Role.REFORM_MONITOR)
    groups = selectors.scoped_role_groups(ward_admin, person)
    assert [g.agency for g in groups] == [org.ward, org.unit_b]
    assert groups[1].roles == [Role.SPECIALIST, Role.UNIT_HEAD]


def test_management_agency_is_the_ward_the_admin_manages(org, ward_admin, specialist, make_staff):
    assert selectors.management_agency(ward_admin, specialist) == org.ward
    unit_admin = make_staff(org.unit_a, Role.AGENCY_ADMIN)
    assert selectors.management_agency(unit_admin, specialist) == org.unit_a


def test_units_in_scope_are_the_wards_units(org, ward_admin, other_admin, counter_officer):
    assert set(selectors.units_in_scope(ward_admin)) == {org.unit_a, org.unit_b, org.center}
    assert set(selectors.units_in_scope(other_admin)) == {org.other_unit}
    assert not selectors.units_in_scope(counter_officer).exists()


def test_unit_tree_groups_units_under_their_ward(org, ward_admin, superuser):
    [branch] = selectors.unit_tree(ward_admin)
    assert branch.parent == org.ward
    assert [unit.code for unit in branch.units] == ["T01.01.01", "T01.01.02", "T01.01.03"]
    tree = selectors.unit_tree(superuser)
    assert [branch.parent.code for branch in tree] == ["T01", "T01.01", "T01.02"]
    assert tree[0].units == []


def test_agency_choices_are_in_tree_order_and_indented(org, ward_admin, superuser):
    labels = [label for _, label in selectors.agency_choices(selectors.staff_agencies(ward_admin))]
    assert labels == [
        "Phường Một (T01.01)",
        "— Phòng Văn hóa - Xã hội (T01.01.01)",
        "— Phòng Kinh tế (T01.01.02)",
        "— Trung tâm Phục vụ HCC (T01.01.03)",
    ]
    every = [label for _, label in selectors.agency_choices(selectors.staff_agencies(superuser))]
    assert every[0] == "Tỉnh Thử Nghiệm (T01)"
    assert every[-2:] == ["— Phường Hai (T01.02)", "— — Phòng Văn hóa - Xã hội 2 (T01.02.01)"]
