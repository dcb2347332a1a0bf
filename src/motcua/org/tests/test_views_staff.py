"""The agency admin's staff pages: list, add, a person's page, and the scope boundary."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.org.models import Agency, OrgEvent, Role, RoleAssignment, User

from .helpers import field_error, messages_of

PASSWORD = "Kiem-Thu#2026"
NEW_PASSWORD = "Mat-Khau#Moi2026"


@pytest.fixture
def admin_client(client, ward_admin):
    client.force_login(ward_admin)
    return client


def _roles(user, agency):
    return sorted(
        RoleAssignment.objects.filter(user=user, agency=agency).values_list("role", flat=True)
    )


# --- List ----------------------------------------------------------------------------


def test_list_shows_the_wards_staff_with_roles_per_agency(
    admin_client, org, specialist, counter_officer, other_specialist
):
    html = admin_client.get(reverse("org-staff-list")).content.decode()
    assert specialist.full_name in html and counter_officer.full_name in html
    assert other_specialist.username not in html
    assert "Phòng Văn hóa - Xã hội:</span> Chuyên viên" in html
    assert "Trung tâm Phục vụ HCC:</span> Cán bộ một cửa" in html
    assert reverse("org-staff-detail", args=[specialist.pk]) in html


def test_list_shows_the_locked_state(admin_client, org, specialist):
    User.objects.filter(pk=specialist.pk).update(is_active=False)
    html = admin_client.get(reverse("org-staff-list")).content.decode()
    assert "Đã khóa" in html


def test_list_filters_by_unit_role_and_name(admin_client, org, specialist, counter_officer):
    by_unit = admin_client.get(reverse("org-staff-list"), {"agency": org.center.pk})
    assert counter_officer.username in by_unit.content.decode()
    assert specialist.username not in by_unit.content.decode()
    by_role = admin_client.get(reverse("org-staff-list"), {"role": Role.SPECIALIST})
    assert specialist.username in by_role.content.decode()
    assert counter_officer.username not in by_role.content.decode()
    by_name = admin_client.get(reverse("org-staff-list"), {"q": "motcua"})
    assert counter_officer.username in by_name.content.decode()
    assert specialist.username not in by_name.content.decode()


def test_list_filter_offers_only_agencies_in_scope(admin_client, org):
    html = admin_client.get(reverse("org-staff-list")).content.decode()
    assert "T01.01.02" in html
    assert "T01.02" not in html


def test_list_ignores_a_filter_outside_scope(admin_client, org, specialist, other_specialist):
    response = admin_client.get(reverse("org-staff-list"), {"agency": org.other_unit.pk})
    assert response.status_code == 200
    assert other_specialist.username not in response.content.decode()


def test_list_pages_through_many_staff(admin_client, org, make_staff, monkeypatch):
    monkeypatch.setattr("motcua.org.views.STAFF_PER_PAGE", 2)
    for n in range(3):
        make_staff(org.unit_a, Role.SPECIALIST, username=f"nhieu{n}")
    first = admin_client.get(reverse("org-staff-list"), {"role": Role.SPECIALIST})
    assert "Trang 1/2" in first.content.decode()
    assert "role=specialist&amp;trang=2" in first.content.decode()
    second = admin_client.get(reverse("org-staff-list"), {"role": Role.SPECIALIST, "trang": 2})
    assert "nhieu2" in second.content.decode()


def test_counter_officer_gets_403_on_every_page(client, org, counter_officer, specialist):
    client.force_login(counter_officer)
    pages = [
        reverse("org-staff-list"),
        reverse("org-staff-create"),
        reverse("org-staff-detail", args=[specialist.pk]),
        reverse("org-unit-list"),
        reverse("org-unit-create"),
        reverse("org-unit-edit", args=[org.unit_a.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Bạn không có quyền truy cập trang này" in response.content.decode()
    response = client.post(reverse("org-staff-active", args=[specialist.pk]), {"active": "0"})
    assert response.status_code == 403


def test_anonymous_is_sent_to_sign_in(client, org):
    response = client.get(reverse("org-staff-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Add staff -----------------------------------------------------------------------


def _new_staff(agency, **overrides):
    data = {
        "username": "Tran.Thi.B",
        "full_name": "Trần Thị B",
        "position": "Chuyên viên",
        "phone": "0912 345 678",
        "email": "b@example.vn",
        "agency": agency.pk,
        "roles": [Role.SPECIALIST, Role.COUNTER_OFFICER],
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def test_add_form_offers_agencies_in_scope_only(admin_client, org):
    html = admin_client.get(reverse("org-staff-create")).content.decode()
    assert "Phòng Kinh tế (T01.01.02)" in html
    assert "T01.02" not in html
    assert "csrfmiddlewaretoken" in html


def test_add_staff_creates_the_account_and_says_so(admin_client, org, ward_admin, approve_pending):
    response = admin_client.post(reverse("org-staff-create"), _new_staff(org.unit_b))
    assert response.status_code == 302
    assert response.url == reverse("org-staff-list")
    person = User.objects.get(username="tran.thi.b")
    assert _roles(person, org.unit_b) == []  # deciding roles: a second admin approves
    assert person.check_password(NEW_PASSWORD)
    assert OrgEvent.objects.filter(kind="staff_created", actor=ward_admin).exists()
    assert messages_of(response) == [
        "Đã thêm cán bộ Trần Thị B (tên đăng nhập tran.thi.b).",
        "Vai trò chờ một quản trị khác phê duyệt: Cán bộ một cửa (Phòng Kinh tế), "
        "Chuyên viên (Phòng Kinh tế). Vai trò có hiệu lực khi được phê duyệt.",
    ]
    approve_pending()
    assert _roles(person, org.unit_b) == sorted([Role.COUNTER_OFFICER, Role.SPECIALIST])


def test_add_staff_weak_password_is_shown_next_to_the_field(admin_client, org):
    response = admin_client.post(
        reverse("org-staff-create"),
        _new_staff(org.unit_b, password="12345678", password_confirm="12345678"),
    )
    assert response.status_code == 200
    assert "Mật khẩu không được chỉ gồm chữ số" in field_error(response, "id_password")
    assert not User.objects.filter(username="tran.thi.b").exists()


def test_add_staff_duplicate_username_is_shown_next_to_the_field(admin_client, org, specialist):
    response = admin_client.post(
        reverse("org-staff-create"), _new_staff(org.unit_b, username=specialist.username.upper())
    )
    assert field_error(response, "id_username") == "Tên đăng nhập này đã có người dùng."


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"roles": []}, "id_roles", "Chọn ít nhất một vai trò."),
        ({"full_name": ""}, "id_full_name", "Trường này là bắt buộc."),
        ({"email": "khong-phai-email"}, "id_email", "Nhập địa chỉ email."),
        ({"phone": "goi-toi-nhe"}, "id_phone", "Số điện thoại không hợp lệ: di động gồm 10"),
        ({"password_confirm": "Khac-Han#2026"}, "id_password_confirm", "Hai mật khẩu không khớp."),
        ({"username": "tran thi b"}, "id_username", "không có dấu cách"),
    ],
)
def test_add_staff_form_errors_are_in_vietnamese(admin_client, org, overrides, field_id, message):
    response = admin_client.post(reverse("org-staff-create"), _new_staff(org.unit_b, **overrides))
    assert response.status_code == 200
    assert message in field_error(response, field_id)
    assert User.objects.filter(full_name="Trần Thị B").count() == 0


def test_add_staff_shows_every_error_on_one_submit(admin_client, org):
    """Issue #10: an accented username, a bad email and a bad phone, all at once."""
    response = admin_client.post(
        reverse("org-staff-create"),
        _new_staff(
            org.unit_b,
            username="trần.thị.b",
            email="khong-phai-email",
            phone="abc",
            password_confirm="Khac-Han#2026",
        ),
    )
    assert "viết không dấu" in field_error(response, "id_username")
    assert "Nhập địa chỉ email." in field_error(response, "id_email")
    assert "Số điện thoại không hợp lệ" in field_error(response, "id_phone")
    assert "Hai mật khẩu không khớp." in field_error(response, "id_password_confirm")
    assert not User.objects.filter(full_name="Trần Thị B").exists()


def test_add_staff_in_another_ward_is_refused(admin_client, org):
    response = admin_client.post(reverse("org-staff-create"), _new_staff(org.other_unit))
    assert response.status_code == 200
    assert field_error(response, "id_agency")
    assert not User.objects.filter(username="tran.thi.b").exists()


def test_add_staff_without_csrf_token_is_refused(org, ward_admin):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ward_admin)
    response = strict.post(reverse("org-staff-create"), _new_staff(org.unit_b))
    assert response.status_code == 403
    assert not User.objects.filter(username="tran.thi.b").exists()


# --- A staff member's page -------------------------------------------------------------


def test_staff_page_shows_roles_per_agency_with_checkboxes(admin_client, org, specialist):
    RoleAssignment.objects.create(user=specialist, agency=org.other_unit, role=Role.UNIT_HEAD)
    html = admin_client.get(reverse("org-staff-detail", args=[specialist.pk])).content.decode()
    assert specialist.username in html
    assert reverse("org-staff-roles", args=[specialist.pk, org.unit_a.pk]) in html
    assert re.search(rf'name="a{org.unit_a.pk}-roles" value="specialist"[^>]*checked', html)
    assert "T01.02.01" not in html.split("Giao vai trò tại đơn vị khác")[0]
    assert "còn giữ 1 vai trò ở cơ quan khác" in html


def test_admin_of_another_ward_gets_404_on_every_staff_url(client, org, other_admin, specialist):
    client.force_login(other_admin)
    assert client.get(reverse("org-staff-detail", args=[specialist.pk])).status_code == 404
    posts = [
        (reverse("org-staff-roles", args=[specialist.pk, org.unit_a.pk]), {}),
        (reverse("org-staff-roles", args=[specialist.pk, org.other_unit.pk]), {}),
        (reverse("org-staff-add-role", args=[specialist.pk]), {}),
        (reverse("org-staff-active", args=[specialist.pk]), {"active": "0"}),
        (reverse("org-staff-password", args=[specialist.pk]), {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in response.content.decode()
    specialist.refresh_from_db()
    assert specialist.is_active


def test_unknown_staff_id_is_404(admin_client, org):
    assert admin_client.get(reverse("org-staff-detail", args=[99999])).status_code == 404


def test_edit_roles_at_an_agency(admin_client, org, specialist, approve_pending):
    url = reverse("org-staff-roles", args=[specialist.pk, org.unit_a.pk])
    prefix = f"a{org.unit_a.pk}"
    response = admin_client.post(url, {f"{prefix}-roles": [Role.SPECIALIST, Role.UNIT_HEAD]})
    assert response.status_code == 302
    assert response.url == reverse("org-staff-detail", args=[specialist.pk])
    assert _roles(specialist, org.unit_a) == [Role.SPECIALIST]
    assert messages_of(response)[0] == "Đã cập nhật vai trò tại Phòng Văn hóa - Xã hội."
    approve_pending()
    assert _roles(specialist, org.unit_a) == sorted([Role.SPECIALIST, Role.UNIT_HEAD])


def test_roles_at_an_agency_outside_scope_are_404(admin_client, org, specialist):
    url = reverse("org-staff-roles", args=[specialist.pk, org.other_unit.pk])
    response = admin_client.post(url, {f"a{org.other_unit.pk}-roles": [Role.SPECIALIST]})
    assert response.status_code == 404
    assert _roles(specialist, org.other_unit) == []


def test_admin_cannot_drop_her_own_admin_role_from_the_page(admin_client, org, ward_admin):
    url = reverse("org-staff-roles", args=[ward_admin.pk, org.ward.pk])
    response = admin_client.post(url, {})
    assert response.status_code == 200
    assert "không thể tự bỏ vai trò quản trị" in field_error(response, f"id_a{org.ward.pk}-roles")
    assert _roles(ward_admin, org.ward) == [Role.AGENCY_ADMIN]


def test_admin_cannot_give_herself_a_deciding_role_from_the_page(admin_client, org, ward_admin):
    url = reverse("org-staff-roles", args=[ward_admin.pk, org.ward.pk])
    roles = [Role.AGENCY_ADMIN, Role.WARD_LEADER]
    response = admin_client.post(url, {f"a{org.ward.pk}-roles": roles})
    assert response.status_code == 200
    assert "không thể tự giao vai trò" in field_error(response, f"id_a{org.ward.pk}-roles")
    assert _roles(ward_admin, org.ward) == [Role.AGENCY_ADMIN]


def test_removing_the_last_role_is_explained(admin_client, org, specialist):
    url = reverse("org-staff-roles", args=[specialist.pk, org.unit_a.pk])
    response = admin_client.post(url, {})
    assert "hãy khóa tài khoản" in field_error(response, f"id_a{org.unit_a.pk}-roles")


def test_removing_the_roles_at_one_of_two_units(admin_client, org, specialist):
    RoleAssignment.objects.create(user=specialist, agency=org.unit_b, role=Role.SPECIALIST)
    response = admin_client.post(
        reverse("org-staff-roles", args=[specialist.pk, org.unit_a.pk]), {}
    )
    assert response.status_code == 302
    assert _roles(specialist, org.unit_a) == []


def test_role_changes_need_post(admin_client, org, specialist):
    url = reverse("org-staff-roles", args=[specialist.pk, org.unit_a.pk])
    assert admin_client.get(url).status_code == 405


def test_add_a_role_at_another_unit_keeps_those_held_there(
    admin_client, org, specialist, approve_pending
):
    RoleAssignment.objects.create(user=specialist, agency=org.center, role=Role.SPECIALIST)
    response = admin_client.post(
        reverse("org-staff-add-role", args=[specialist.pk]),
        {"them-agency": org.center.pk, "them-roles": [Role.COUNTER_OFFICER]},
    )
    assert response.status_code == 302
    assert messages_of(response)[0] == "Đã giao vai trò tại Trung tâm Phục vụ HCC."
    approve_pending()
    assert _roles(specialist, org.center) == sorted([Role.COUNTER_OFFICER, Role.SPECIALIST])


def test_add_a_role_needs_a_role_and_an_agency_in_scope(admin_client, org, specialist):
    url = reverse("org-staff-add-role", args=[specialist.pk])
    response = admin_client.post(url, {"them-agency": org.other_unit.pk, "them-roles": []})
    assert field_error(response, "id_them-roles") == "Chọn ít nhất một vai trò."
    assert field_error(response, "id_them-agency")
    assert _roles(specialist, org.other_unit) == []


def test_lock_and_unlock_from_the_page(admin_client, org, specialist):
    url = reverse("org-staff-active", args=[specialist.pk])
    response = admin_client.post(url, {"active": "0"})
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert not specialist.is_active
    assert messages_of(response) == [f"Đã khóa tài khoản {specialist.username}."]
    page = admin_client.get(reverse("org-staff-detail", args=[specialist.pk])).content.decode()
    assert "Mở khóa tài khoản" in page
    admin_client.post(url, {"active": "1"})
    specialist.refresh_from_db()
    assert specialist.is_active
    event = OrgEvent.objects.filter(kind="staff_locked").get()
    assert event.agency == org.ward


def test_own_page_offers_no_lock_and_refuses_it(admin_client, org, ward_admin):
    page = admin_client.get(reverse("org-staff-detail", args=[ward_admin.pk])).content.decode()
    assert "Khóa tài khoản" not in page
    response = admin_client.post(reverse("org-staff-active", args=[ward_admin.pk]), {"active": "0"})
    assert messages_of(response) == ["Bạn không thể tự khóa tài khoản của mình."]
    ward_admin.refresh_from_db()
    assert ward_admin.is_active


def test_reset_password_from_the_page(admin_client, org, specialist):
    response = admin_client.post(
        reverse("org-staff-password", args=[specialist.pk]),
        {"mk-password": NEW_PASSWORD, "mk-password_confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert specialist.check_password(NEW_PASSWORD)
    assert messages_of(response)[0].startswith(f"Đã đặt lại mật khẩu cho {specialist.username}.")


def test_reset_password_weak_or_mismatched_is_shown_next_to_the_field(
    admin_client, org, specialist
):
    url = reverse("org-staff-password", args=[specialist.pk])
    weak = admin_client.post(url, {"mk-password": "abc", "mk-password_confirm": "abc"})
    assert "Mật khẩu quá ngắn" in field_error(weak, "id_mk-password")
    mismatch = admin_client.post(
        url, {"mk-password": NEW_PASSWORD, "mk-password_confirm": NEW_PASSWORD + "x"}
    )
    assert field_error(mismatch, "id_mk-password_confirm") == "Hai mật khẩu không khớp."
    specialist.refresh_from_db()
    assert specialist.check_password(PASSWORD)


def test_list_queries_do_not_grow_with_the_staff(admin_client, org, make_staff):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(reverse("org-staff-list")).status_code == 200
        return len(captured)

    make_staff(org.unit_a, Role.SPECIALIST)
    count_queries()  # the session's first request also writes the session (idle timeout)
    few = count_queries()
    for unit in (org.unit_a, org.unit_b, org.center, org.ward):
        make_staff(unit, Role.SPECIALIST, Role.UNIT_HEAD)
    assert count_queries() == few


def test_roles_at_an_inactive_unit_are_refused_with_the_reason(admin_client, org, specialist):
    Agency.objects.filter(pk=org.unit_b.pk).update(is_active=False)
    choices = admin_client.get(reverse("org-staff-create")).content.decode()
    assert "Phòng Kinh tế (T01.01.02) — ngừng hoạt động" in choices
    url = reverse("org-staff-roles", args=[specialist.pk, org.unit_b.pk])
    response = admin_client.post(url, {f"a{org.unit_b.pk}-roles": [Role.SPECIALIST]})
    block = response.content.decode().split(f'action="{url}"')[1].split("</form>")[0]
    assert '<div class="form-errors" role="alert"><p>Đơn vị này đã ngừng hoạt động.</p>' in block
    assert _roles(specialist, org.unit_b) == []


def test_removing_the_last_roles_in_scope_returns_to_the_list(admin_client, org, specialist):
    RoleAssignment.objects.create(user=specialist, agency=org.other_unit, role=Role.SPECIALIST)
    response = admin_client.post(
        reverse("org-staff-roles", args=[specialist.pk, org.unit_a.pk]), {}
    )
    assert response.url == reverse("org-staff-list")
    assert admin_client.get(reverse("org-staff-detail", args=[specialist.pk])).status_code == 404
