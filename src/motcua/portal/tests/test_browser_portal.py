"""The portal's accounts in a real browser at phone width (screenshots looked at):
register → the mail's link → confirm → sign in; and a staff admin's two-factor enrolment."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.core import mail
from playwright.sync_api import expect

from motcua.org.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "Cong-Dan#2026-an-toan"


def fits_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_register_verify_and_sign_in_on_a_phone(page, screenshot):
    refused = []  # Content-Security-Policy violations, as Chromium reports them
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/thu-tuc/")
    page.get_by_role("link", name="Dịch vụ công trực tuyến").click()
    expect(page.get_by_role("heading", name="Dịch vụ công trực tuyến")).to_be_visible()
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("heading", name="Đăng ký tài khoản")).to_be_visible()
    assert fits_phone(page)
    expect(page.get_by_label("Mã số thuế")).to_be_hidden()
    page.get_by_role("radio", name="Tổ chức, doanh nghiệp").check()
    expect(page.get_by_label("Mã số thuế")).to_be_visible()
    page.get_by_role("radio", name="Cá nhân (công dân)").check()
    expect(page.get_by_label("Mã số thuế")).to_be_hidden()
    page.get_by_label("Họ và tên").fill("Phạm Thị Dung")
    page.get_by_label("Thư điện tử (email)").fill("dung@example.vn")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    screenshot(page, "dich-vu-cong-dang-ky")
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Xác minh địa chỉ thư điện tử")).to_be_visible()
    assert fits_phone(page)
    screenshot(page, "dich-vu-cong-da-gui-thu")

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.set_viewport_size(PHONE)
    page.goto(link)
    expect(page.get_by_text("dung@example.vn")).to_be_visible()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Đăng nhập dịch vụ công")).to_be_visible()
    page.get_by_label("Thư điện tử (email)").fill("dung@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    assert fits_phone(page)
    screenshot(page, "dich-vu-cong-dang-nhap")
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Xin chào")).to_contain_text("Phạm Thị Dung")
    page.get_by_role("link", name="Thông tin cá nhân").first.click()
    page.get_by_label("Số định danh cá nhân").fill("001190012345")
    page.get_by_label("Ngày sinh").fill("05/03/1990")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thông tin.")).to_be_visible()
    assert fits_phone(page)
    screenshot(page, "dich-vu-cong-thong-tin-ca-nhan")
    assert User.objects.get(email="dung@example.vn").citizen_profile.citizen_id == "001190012345"
    assert refused == []


@pytest.mark.two_factor
def test_an_agency_admin_enrols_two_factor_on_a_phone(
    page, screenshot, org, make_staff, browser_login
):
    make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri.phuong")
    page.get_by_label("Mật khẩu").fill("Kiem-Thu#2026")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Mã QR"))).to_be_visible()
    assert fits_phone(page)
    screenshot(page, "can-bo-thiet-lap-hai-buoc")
    page.set_viewport_size(PHONE)
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Mã xác thực").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    expect(page.get_by_role("heading", name="Mã dự phòng")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert fits_phone(page)
    screenshot(page, "can-bo-ma-du-phong")
    page.get_by_role("link", name="Tôi đã cất các mã, tiếp tục").click()
    page.wait_for_url("**/can-bo/**")
