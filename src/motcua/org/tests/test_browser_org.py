"""In a real browser: a ward's agency admin adds a staff member with two roles."""

from __future__ import annotations

import pytest

from motcua.org.models import Agency, Role, RoleAssignment, User

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_name(org, make_staff):
    Agency.objects.filter(pk=org.center.pk).update(
        code_is_illustrative=True, phone="0225 3 111 222"
    )
    make_staff(org.center, Role.COUNTER_OFFICER, username="motcua.mot")
    make_staff(org.other_unit, Role.SPECIALIST, username="chuyenvien.hai")
    make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.mot2")
    return make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.mot").username


def test_admin_adds_a_staff_member_with_two_roles(page, org, admin_name, browser_login, screenshot):
    page.goto(page.base_url + "/dang-nhap/")
    screenshot(page, "org-login")

    browser_login(page, admin_name)
    assert page.get_by_role("heading", name="Xin chào").is_visible()
    screenshot(page, "org-staff-home")

    page.get_by_role("link", name="Cán bộ, đơn vị").first.click()
    page.get_by_role("link", name="Thêm cán bộ").click()
    page.get_by_label("Tên đăng nhập").fill("tran.thi.b")
    page.get_by_label("Họ và tên").fill("Trần Thị B")
    page.get_by_label("Chức vụ").fill("Chuyên viên tư pháp - hộ tịch")
    page.get_by_label("Cơ quan, đơn vị").select_option(label="— Phòng Văn hóa - Xã hội (T01.01.01)")
    page.get_by_label("Chuyên viên", exact=True).check()
    page.get_by_label("Lãnh đạo phòng/đơn vị").check()
    page.get_by_label("Mật khẩu ban đầu").fill("Mat-Khau#Moi2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Mat-Khau#Moi2026")
    screenshot(page, "org-staff-create")
    page.get_by_role("button", name="Thêm cán bộ").click()

    page.wait_for_url("**/can-bo/to-chuc/")
    assert page.get_by_text("Đã thêm cán bộ Trần Thị B").is_visible()
    assert page.get_by_text("Vai trò chờ một quản trị khác phê duyệt").is_visible()

    # Deciding roles wait for a second admin of the ward (issue #16 §1).
    page.get_by_role("link", name="Phê duyệt vai trò").click()
    page.wait_for_url("**/can-bo/to-chuc/phe-duyet/")
    assert page.locator("section.grant").first.get_by_text("Chờ một quản trị khác").is_visible()
    assert page.get_by_role("button", name="Phê duyệt").count() == 0
    page.context.clear_cookies()
    browser_login(page, "quantri.mot2")
    page.goto(page.base_url + "/can-bo/to-chuc/phe-duyet/")
    screenshot(page, "org-grant-list")
    for _ in range(2):
        page.get_by_role("button", name="Phê duyệt").first.click()
        page.wait_for_url("**/can-bo/to-chuc/phe-duyet/")
    assert page.get_by_text("Không có đề nghị nào chờ phê duyệt").is_visible()

    page.get_by_role("link", name="Cán bộ", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Trần Thị B")
    assert "Chuyên viên, Lãnh đạo phòng/đơn vị" in row.inner_text()
    assert page.get_by_text("chuyenvien.hai").count() == 0
    screenshot(page, "org-staff-list")

    person = User.objects.get(username="tran.thi.b")
    held = RoleAssignment.objects.filter(user=person, agency=org.unit_a)
    assert sorted(held.values_list("role", flat=True)) == [Role.SPECIALIST, Role.UNIT_HEAD]

    row.get_by_role("link", name="Trần Thị B").click()
    assert page.get_by_role("heading", name="Trần Thị B").is_visible()
    screenshot(page, "org-staff-detail")

    page.get_by_role("link", name="Cán bộ", exact=True).click()
    page.get_by_role("link", name="Đơn vị trực thuộc").click()
    assert page.get_by_text("T01.01.03").is_visible()
    assert page.get_by_text("mã minh họa").count() == 1
    screenshot(page, "org-unit-list")


def test_bad_password_shows_the_vietnamese_error(page, org, admin_name):
    page.goto(page.base_url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(admin_name)
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert (
        page.get_by_role("alert")
        .filter(has_text="Tên đăng nhập hoặc mật khẩu không đúng")
        .is_visible()
    )
