"""An agency admin recomputes due dates from the staff page and watches the progress."""

import pytest
from playwright.sync_api import expect

from motcua.org.models import Role

from .conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recompute_page_runs_to_the_end_with_htmx(
    page, screenshot, browser_login, org, in_processing, make_staff
):
    for hour in (8, 9, 10):
        in_processing(when=at(2026, 2, 23, hour))
    admin = make_staff(org.province, Role.AGENCY_ADMIN, username="quantri_tinh")
    browser_login(page, admin.username)
    page.goto(page.base_url + "/can-bo/lich-lam-viec/")
    page.get_by_role("link", name="Tính lại hạn hồ sơ").click()
    page.get_by_label("Lý do").fill("Kiểm tra sau khi đổi giờ làm việc")
    page.get_by_role("button", name="Tính lại hạn").click()
    expect(page.get_by_role("status")).to_contain_text("3/3 hồ sơ đã tính lại (100%)")
    expect(page.get_by_text("Đã xong lúc")).to_be_visible()
    screenshot(page, "dossiers-recompute-done")
    page.get_by_role("link", name="Tính lại hạn giải quyết").click()
    expect(page.locator("table.data")).to_contain_text("Kiểm tra sau khi đổi giờ làm việc")
