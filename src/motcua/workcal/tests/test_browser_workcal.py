"""In a real browser: a ward's agency admin adds a day off and sees due dates move."""

from __future__ import annotations

import pytest

from motcua.org.models import Role
from motcua.workcal.models import CalendarOverride

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_name(org, make_staff):
    return make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.lich").username


def test_admin_adds_a_day_off_and_tries_a_due_date(
    page, org, admin_name, browser_login, screenshot
):
    browser_login(page, admin_name)
    page.get_by_role("link", name="Lịch làm việc").first.click()
    page.wait_for_url("**/can-bo/lich-lam-viec/**")
    page.get_by_label("Năm", exact=True).select_option("2026")
    page.get_by_role("button", name="Xem").click()
    days = page.locator("#year-days")
    assert "Giao thừa Tết Nguyên Đán" in days.inner_text()

    # A mistake first: the reason is required and the message sits by the field.
    form = page.locator("#them-ngay")
    form.get_by_label("Ngày").fill("10/03/2026")
    form.get_by_role("button", name="Thêm vào lịch").click()
    reason_field = page.locator("#them-ngay .field.has-error")
    assert "Ghi lý do hoặc căn cứ." in reason_field.inner_text()
    screenshot(page, "workcal-add-error")

    form = page.locator("#them-ngay")
    form.get_by_label("Ngày").fill("10/03/2026")
    form.get_by_label("Loại").select_option(label="Ngày nghỉ")
    form.get_by_label("Lý do, căn cứ").fill("Thông báo 15/TB-UBND: nghỉ bầu cử bổ sung")
    form.get_by_role("button", name="Thêm vào lịch").click()

    assert page.get_by_text("Đã thêm 10/03/2026").is_visible()
    row = page.locator("#year-days tr").filter(has_text="10/03/2026")
    assert "Thông báo 15/TB-UBND" in row.inner_text()
    assert "Phường Một" in row.inner_text()
    assert CalendarOverride.objects.get().agency == org.ward
    screenshot(page, "workcal-calendar")

    trial = page.locator("#tinh-thu")
    trial.get_by_label("Thời điểm tiếp nhận").fill("09/03/2026 10:00")
    trial.get_by_label("Thời hạn").fill("1")
    trial.get_by_label("Tính theo").select_option("days")
    trial.get_by_role("button", name="Tính hạn").click()
    assert "11/03/2026" in page.locator("#trial-due").inner_text()
    assert "Thông báo 15/TB-UBND" in page.locator(".workcal-steps").inner_text()
    screenshot(page, "workcal-trial")

    hours = page.locator("#gio-lam-viec")
    hours.get_by_label("Buổi 2 — đến").fill("17:00")
    hours.get_by_role("button", name="Lưu giờ làm việc riêng").click()
    assert page.get_by_text("Đã lưu giờ làm việc của Phường Một").is_visible()
    assert "07:30–11:30, 13:30–17:00" in page.locator(".page-head").inner_text()
    page.locator("#gio-lam-viec").get_by_role("button", name="Bỏ giờ riêng").click()
    assert "07:30–11:30, 13:30–17:30" in page.locator(".page-head").inner_text()
