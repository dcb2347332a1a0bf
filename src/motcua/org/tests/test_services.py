"""Every write: its permission check, its business rules and its OrgEvent row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.org import services
from motcua.org.models import Agency, AgencyKind, OrgEvent, Role, RoleAssignment, RoleGrant, User

PASSWORD = "Kiem-Thu#2026"


def _events(kind):
    """Events of ``kind`` written by a person (the fixtures write theirs as the system)."""
    return list(OrgEvent.objects.filter(kind=kind, actor__isnull=False))


def _roles(user, agency):
    return sorted(
        RoleAssignment.objects.filter(user=user, agency=agency).values_list("role", flat=True)
    )


# --- Agencies ---------------------------------------------------------------------


def test_create_agency_writes_an_event(org, ward_admin):
    unit = services.create_agency(
        actor=ward_admin,
        code=" T01.01.09 ",
        name=" Phòng Mới ",
        kind=AgencyKind.UNIT,
        parent=org.ward,
    )
    assert (unit.code, unit.name, unit.ward) == ("T01.01.09", "Phòng Mới", org.ward)
    [event] = _events("agency_created")
    assert (event.actor, event.agency, event.data["code"]) == (ward_admin, unit, "T01.01.09")


def test_ward_admin_cannot_add_a_unit_to_another_ward(org, ward_admin):
    with pytest.raises(PermissionDeniedError):
        services.create_agency(
            actor=ward_admin,
            code="T01.02.09",
            name="Phòng Lạ",
            kind=AgencyKind.UNIT,
            parent=org.other_ward,
        )
    assert not Agency.objects.filter(code="T01.02.09").exists()
    assert not _events("agency_created")


def test_only_a_superuser_adds_a_province(org, ward_admin, superuser):
    with pytest.raises(PermissionDeniedError):
        services.create_agency(
            actor=ward_admin, code="T02", name="Tỉnh Khác", kind=AgencyKind.PROVINCE, parent=None
        )
    province = services.create_agency(
        actor=superuser, code="T02", name="Tỉnh Khác", kind=AgencyKind.PROVINCE, parent=None
    )
    assert province.kind == AgencyKind.PROVINCE


def test_duplicate_code_is_refused_on_the_code_field(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        services.create_agency(
            actor=ward_admin,
            code="T01.01.01",
            name="Trùng mã",
            kind=AgencyKind.UNIT,
            parent=org.ward,
        )
    assert (caught.value.code, caught.value.field) == ("agency_code_taken", "code")


def test_blank_code_is_not_reported_as_taken(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        services.create_agency(
            actor=ward_admin, code="  ", name="Không mã", kind=AgencyKind.UNIT, parent=org.ward
        )
    assert (caught.value.code, caught.value.field) == ("agency_invalid", "code")


def test_unit_under_a_unit_is_refused(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        services.create_agency(
            actor=ward_admin, code="T01.01.01.1", name="Tổ", kind=AgencyKind.UNIT, parent=org.unit_a
        )
    assert caught.value.field == "parent"


def test_unknown_kind_is_a_domain_error_not_a_crash(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        services.create_agency(
            actor=ward_admin, code="T01.01.08", name="Lạ", kind="team", parent=org.ward
        )
    assert (caught.value.code, caught.value.field) == ("agency_kind_invalid", "kind")


def test_update_agency_writes_before_and_after(org, ward_admin):
    services.update_agency(
        actor=ward_admin, agency=org.unit_a, phone=" 0225 3 123 456 ", is_active=False
    )
    org.unit_a.refresh_from_db()
    assert (org.unit_a.phone, org.unit_a.is_active) == ("0225 3 123 456", False)
    [event] = _events("agency_updated")
    assert event.data["before"] == {"phone": "", "is_active": True}
    assert event.data["after"] == {"phone": "0225 3 123 456", "is_active": False}


def test_update_agency_without_change_writes_nothing(org, ward_admin):
    services.update_agency(actor=ward_admin, agency=org.unit_a, name=org.unit_a.name)
    assert not _events("agency_updated")


def test_update_agency_refuses_the_code(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        services.update_agency(actor=ward_admin, agency=org.unit_a, code="X")
    assert (caught.value.code, caught.value.field) == ("agency_field_readonly", "code")


def test_update_agency_blank_name_is_refused_on_the_field(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        services.update_agency(actor=ward_admin, agency=org.unit_a, name=" ")
    assert caught.value.field == "name"


def test_ward_admin_cannot_edit_another_wards_unit(org, ward_admin):
    with pytest.raises(PermissionDeniedError):
        services.update_agency(actor=ward_admin, agency=org.other_unit, name="Đổi tên")
    org.other_unit.refresh_from_db()
    assert org.other_unit.name == "Phòng Văn hóa - Xã hội 2"


# --- Creating staff ----------------------------------------------------------------


def _create(actor, agency, **overrides):
    arguments = {
        "username": "NguyenVanA",
        "full_name": "Nguyễn Văn A",
        "password": PASSWORD,
        "roles": [Role.SPECIALIST],
        "position": "Chuyên viên",
        "phone": "0912 345 678",
        "email": "a@example.vn",
    }
    arguments.update(overrides)
    return services.create_staff(actor=actor, agency=agency, **arguments)


def test_create_staff_writes_the_account_roles_and_event(org, ward_admin, approve_pending):
    person = _create(ward_admin, org.unit_a, roles=[Role.SPECIALIST, Role.UNIT_HEAD])
    assert person.username == "nguyenvana"
    assert person.check_password(PASSWORD)
    assert _roles(person, org.unit_a) == []  # deciding roles wait for a second admin
    approve_pending()
    assert _roles(person, org.unit_a) == sorted([Role.SPECIALIST, Role.UNIT_HEAD])
    [event] = _events("staff_created")
    assert (event.actor, event.agency, event.data["user_id"]) == (ward_admin, org.unit_a, person.pk)


def test_ward_admin_cannot_create_staff_in_another_ward(org, ward_admin):
    with pytest.raises(PermissionDeniedError):
        _create(ward_admin, org.other_unit)
    assert not User.objects.filter(username="nguyenvana").exists()
    assert not _events("staff_created")


def test_counter_officer_cannot_create_staff(org, counter_officer):
    with pytest.raises(PermissionDeniedError):
        _create(counter_officer, org.center)


@pytest.mark.parametrize("password", ["123", "12345678", "password", "nguyenvana1"])
def test_weak_password_is_refused_on_the_password_field(org, ward_admin, password):
    with pytest.raises(DomainError) as caught:
        _create(ward_admin, org.unit_a, password=password)
    assert (caught.value.code, caught.value.field) == ("password_weak", "password")
    assert "Mật khẩu" in caught.value.message
    assert "password" not in caught.value.message.lower()  # Vietnamese, not Django's English
    assert not User.objects.filter(username="nguyenvana").exists()


def test_short_password_names_the_minimum_length(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        _create(ward_admin, org.unit_a, password="Ab#1")
    assert "ít nhất 12 ký tự" in caught.value.message


def test_duplicate_username_is_refused_whatever_the_case(org, ward_admin):
    _create(ward_admin, org.unit_a)
    with pytest.raises(DomainError) as caught:
        _create(ward_admin, org.unit_b, username="NGUYENVANA")
    assert (caught.value.code, caught.value.field) == ("username_taken", "username")
    assert User.objects.filter(username__iexact="nguyenvana").count() == 1


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"username": "  "}, "username_required", "username"),
        ({"username": "nguyen van a"}, "username_invalid", "username"),
        ({"username": "a" * 151}, "username_invalid", "username"),
        ({"full_name": " "}, "full_name_required", "full_name"),
        ({"email": "khong-phai-email"}, "email_invalid", "email"),
        ({"roles": []}, "roles_required", "roles"),
        ({"roles": ["thu_ky"]}, "role_unknown", "roles"),
    ],
)
def test_create_staff_checks_its_input(org, ward_admin, overrides, code, field):
    with pytest.raises(DomainError) as caught:
        _create(ward_admin, org.unit_a, **overrides)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_no_staff_can_be_added_to_an_inactive_unit(org, ward_admin):
    services.update_agency(actor=ward_admin, agency=org.unit_b, is_active=False)
    org.unit_b.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        _create(ward_admin, org.unit_b)
    assert caught.value.code == "agency_inactive"


# --- Roles -------------------------------------------------------------------------------


def test_set_staff_roles_replaces_roles_and_writes_an_event(
    org, ward_admin, specialist, approve_pending
):
    result = services.set_staff_roles(
        actor=ward_admin,
        user=specialist,
        agency=org.unit_a,
        roles=[Role.UNIT_HEAD, Role.REFORM_MONITOR],
    )
    assert result == [Role.REFORM_MONITOR]  # in force at once; the deciding one waits
    [event] = _events("staff_roles_changed")
    assert event.data["before"] == [Role.SPECIALIST]
    assert event.data["after"] == [Role.REFORM_MONITOR]
    assert event.data["pending"] == [Role.UNIT_HEAD]
    approve_pending()
    assert _roles(specialist, org.unit_a) == sorted([Role.UNIT_HEAD, Role.REFORM_MONITOR])


def test_set_staff_roles_adds_a_role_at_another_unit_in_scope(
    org, ward_admin, specialist, approve_pending
):
    services.set_staff_roles(
        actor=ward_admin, user=specialist, agency=org.center, roles=[Role.COUNTER_OFFICER]
    )
    approve_pending()
    assert _roles(specialist, org.center) == [Role.COUNTER_OFFICER]
    assert _roles(specialist, org.unit_a) == [Role.SPECIALIST]


def test_unchanged_roles_write_no_event(org, ward_admin, specialist):
    services.set_staff_roles(
        actor=ward_admin, user=specialist, agency=org.unit_a, roles=[Role.SPECIALIST]
    )
    assert not _events("staff_roles_changed")


def test_admin_cannot_drop_own_admin_role(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        services.set_staff_roles(actor=ward_admin, user=ward_admin, agency=org.ward, roles=[])
    assert (caught.value.code, caught.value.field) == ("cannot_drop_own_admin", "roles")
    assert _roles(ward_admin, org.ward) == [Role.AGENCY_ADMIN]


@pytest.mark.parametrize("role", [Role.WARD_LEADER, Role.COUNTER_OFFICER, Role.REFORM_MONITOR])
def test_nobody_grants_a_role_to_herself(org, ward_admin, role):
    with pytest.raises(DomainError) as caught:
        services.set_staff_roles(
            actor=ward_admin, user=ward_admin, agency=org.ward, roles=[Role.AGENCY_ADMIN, role]
        )
    assert (caught.value.code, caught.value.field) == ("role_self_grant", "roles")
    assert _roles(ward_admin, org.ward) == [Role.AGENCY_ADMIN]
    assert not RoleGrant.objects.exists()


def test_a_person_keeps_at_least_one_role(org, ward_admin, specialist, approve_pending):
    with pytest.raises(DomainError) as caught:
        services.set_staff_roles(actor=ward_admin, user=specialist, agency=org.unit_a, roles=[])
    assert caught.value.code == "last_role"
    services.set_staff_roles(
        actor=ward_admin, user=specialist, agency=org.unit_b, roles=[Role.SPECIALIST]
    )
    approve_pending()
    services.set_staff_roles(actor=ward_admin, user=specialist, agency=org.unit_a, roles=[])
    assert _roles(specialist, org.unit_a) == []


def test_ward_admin_cannot_touch_roles_in_another_ward(org, ward_admin, other_specialist):
    with pytest.raises(PermissionDeniedError):
        services.set_staff_roles(
            actor=ward_admin, user=other_specialist, agency=org.other_unit, roles=[Role.UNIT_HEAD]
        )


def test_ward_admin_cannot_pull_another_wards_staff_into_her_ward(
    org, ward_admin, other_specialist
):
    with pytest.raises(PermissionDeniedError):
        services.set_staff_roles(
            actor=ward_admin, user=other_specialist, agency=org.unit_a, roles=[Role.AGENCY_ADMIN]
        )
    assert _roles(other_specialist, org.unit_a) == []


def test_ward_admin_cannot_give_roles_to_a_superuser(org, ward_admin, superuser):
    with pytest.raises(PermissionDeniedError):
        services.set_staff_roles(
            actor=ward_admin, user=superuser, agency=org.ward, roles=[Role.SPECIALIST]
        )


# --- Lock, password ------------------------------------------------------------------------


def test_lock_and_unlock_write_events(org, ward_admin, specialist, client):
    services.set_staff_active(actor=ward_admin, user=specialist, agency=org.ward, active=False)
    specialist.refresh_from_db()
    assert not specialist.is_active
    client.post(reverse("login"), {"username": specialist.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    services.set_staff_active(actor=ward_admin, user=specialist, agency=org.ward, active=True)
    assert [e.kind for e in OrgEvent.objects.order_by("id") if e.kind.startswith("staff_")][
        -2:
    ] == ["staff_locked", "staff_activated"]
    client.post(reverse("login"), {"username": specialist.username, "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_admin_cannot_lock_herself(org, ward_admin):
    with pytest.raises(DomainError) as caught:
        services.set_staff_active(actor=ward_admin, user=ward_admin, agency=org.ward, active=False)
    assert caught.value.code == "cannot_lock_self"


def test_ward_admin_cannot_lock_another_wards_staff(org, ward_admin, other_specialist):
    with pytest.raises(PermissionDeniedError):
        services.set_staff_active(
            actor=ward_admin, user=other_specialist, agency=org.ward, active=False
        )
    other_specialist.refresh_from_db()
    assert other_specialist.is_active


def test_staff_working_in_two_wards_is_locked_only_by_a_superuser(
    org, ward_admin, specialist, superuser
):
    RoleAssignment.objects.create(user=specialist, agency=org.other_unit, role=Role.SPECIALIST)
    with pytest.raises(DomainError) as caught:
        services.set_staff_active(actor=ward_admin, user=specialist, agency=org.ward, active=False)
    assert caught.value.code == "staff_outside_scope"
    services.set_staff_active(actor=superuser, user=specialist, agency=org.ward, active=False)
    specialist.refresh_from_db()
    assert not specialist.is_active


def test_ward_admin_cannot_lock_a_superuser(org, ward_admin, superuser):
    with pytest.raises(PermissionDeniedError):
        services.set_staff_active(actor=ward_admin, user=superuser, agency=org.ward, active=False)


def test_reset_password_writes_an_event(org, ward_admin, specialist):
    services.reset_staff_password(
        actor=ward_admin, user=specialist, agency=org.ward, password="Mat-Khau#Moi2026"
    )
    specialist.refresh_from_db()
    assert specialist.check_password("Mat-Khau#Moi2026")
    [event] = _events("staff_password_reset")
    assert (event.actor, event.data["user_id"]) == (ward_admin, specialist.pk)


def test_reset_password_refuses_a_weak_one(org, ward_admin, specialist):
    with pytest.raises(DomainError) as caught:
        services.reset_staff_password(
            actor=ward_admin, user=specialist, agency=org.ward, password="12345678"
        )
    assert (caught.value.code, caught.value.field) == ("password_weak", "password")
    specialist.refresh_from_db()
    assert specialist.check_password(PASSWORD)


@pytest.mark.parametrize("target", ["other_specialist", "superuser"])
def test_ward_admin_cannot_reset_a_password_outside_her_ward(org, ward_admin, request, target):
    person = request.getfixturevalue(target)
    with pytest.raises(PermissionDeniedError):
        services.reset_staff_password(
            actor=ward_admin, user=person, agency=org.ward, password="Mat-Khau#Moi2026"
        )
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert not _events("staff_password_reset")
