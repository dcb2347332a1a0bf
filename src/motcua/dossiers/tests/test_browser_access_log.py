"""An officer opens a dossier; the ward's admin sees it in the personal-data access log."""

import pytest
from playwright.sync_api import expect

from motcua.org.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_sees_who_opened_the_dossier(
    page, screenshot, browser_login, org, receive, staff, make_staff
):
    dossier = receive()
    admin = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri_phuong")
    browser_login(page, staff.leader.username)
    page.goto(f"{page.base_url}/can-bo/ho-so/{dossier.code}/")
    expect(page.get_by_role("heading", name=dossier.code)).to_be_visible()
    page.context.clear_cookies()
    browser_login(page, admin.username)
    page.get_by_role("link", name="Nhật ký truy cập").first.click()
    page.wait_for_url("**/can-bo/nhat-ky-truy-cap/")
    table = page.locator("table.data")
    expect(table).to_contain_text(dossier.code)
    expect(table).to_contain_text(staff.leader.username)
    expect(table).to_contain_text("Xem trang hồ sơ")
    screenshot(page, "dossiers-access-log")
