"""axe-core on the portal's account pages and the staff two-factor pages, phone and
desktop width: no serious or critical violation (WCAG 2.1 A/AA rules)."""

from __future__ import annotations

import pytest

from motcua.org.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PUBLIC = (
    "/dich-vu-cong/",
    "/dich-vu-cong/tai-khoan/signup/",
    "/dich-vu-cong/tai-khoan/login/",
    "/dich-vu-cong/tai-khoan/password/reset/",
    "/dich-vu-cong/tai-khoan/confirm-email/khong-hop-le/",
)


def check_both_widths(page, axe_check, path: str) -> list:
    found = []
    for size in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(size)
        page.goto(page.base_url + path)
        found += [(path, size["width"], v) for v in axe_check(page)]
    return found


def test_portal_pages_have_no_serious_violation(page, axe_check, make_citizen):
    found = []
    for path in PUBLIC:
        found += check_both_widths(page, axe_check, path)
    # A form with its errors shown.
    page.goto(page.base_url + "/dich-vu-cong/tai-khoan/signup/")
    page.get_by_role("button", name="Đăng ký").click()
    found += [("signup errors", 1280, v) for v in axe_check(page)]
    citizen = make_citizen("dan@example.vn")
    page.goto(page.base_url + "/dich-vu-cong/tai-khoan/login/")
    page.get_by_label("Thư điện tử (email)").fill("dan@example.vn")
    page.get_by_label("Mật khẩu").fill("Cong-Dan#2026-an-toan")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/dich-vu-cong/")
    for path in (
        "/dich-vu-cong/",
        "/dich-vu-cong/thong-tin-ca-nhan/",
        "/dich-vu-cong/tai-khoan/password/change/",
    ):
        found += check_both_widths(page, axe_check, path)
    assert citizen.pk
    assert found == []


@pytest.mark.two_factor
def test_two_factor_pages_have_no_serious_violation(
    page, axe_check, org, make_staff, browser_login
):
    make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    page.goto(page.base_url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri.phuong")
    page.get_by_label("Mật khẩu").fill("Kiem-Thu#2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/can-bo/bao-mat/**")
    found = check_both_widths(page, axe_check, "/can-bo/bao-mat/")
    assert found == []
