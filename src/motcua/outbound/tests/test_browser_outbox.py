"""In a real browser: a ward's admin adds a day off at the calendar page, follows the
recompute's progress (the worker runs inline: the tests' task backend), and finds the
affected citizens' messages in the outbox — and only theirs."""

import pytest
from playwright.sync_api import expect

from motcua.org.models import Role
from motcua.outbound.models import Message

from .conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_calendar_change_reaches_the_affected_citizens_outbox(
    page, screenshot, browser_login, org, in_processing, make_staff
):
    affected = [in_processing(when=at(2026, 2, 23, hour)) for hour in (8, 9)]
    later = in_processing(when=at(2026, 3, 2, 9))  # its clock does not cross 25/02
    admin = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.phuong")
    browser_login(page, admin.username)

    page.goto(page.base_url + "/can-bo/lich-lam-viec/")
    page.get_by_label("Năm", exact=True).select_option("2026")
    page.get_by_role("button", name="Xem").click()
    form = page.locator("#them-ngay")
    form.get_by_label("Ngày").fill("25/02/2026")
    form.get_by_label("Loại").select_option(label="Ngày nghỉ")
    form.get_by_label("Lý do, căn cứ").fill("Thông báo 20/TB-UBND: nghỉ do bão")
    form.get_by_role("button", name="Thêm vào lịch").click()
    expect(page.get_by_text("Đã thêm 25/02/2026")).to_be_visible()

    page.get_by_role("link", name="Tính lại hạn hồ sơ").click()
    page.locator("table.data a").first.click()
    expect(page.get_by_role("status")).to_contain_text("2/2 hồ sơ đã tính lại (100%)")
    expect(page.get_by_role("status")).to_contain_text("2 hồ sơ đổi hạn")
    expect(page.get_by_text("Đã xong lúc")).to_be_visible()

    page.get_by_role("link", name="Hộp thư đi").first.click()
    page.get_by_role("link", name="Chờ gửi").click()
    table = page.locator("table.data")
    for dossier in affected:
        expect(table).to_contain_text(dossier.code)
    screenshot(page, "outbound-outbox-after-calendar-change")
    moved = Message.objects.filter(purpose="dossier.due_recomputed")
    # One SMS per affected dossier (the applicant has no email), none for the later one.
    assert sorted(moved.values_list("dossier__code", flat=True)) == sorted(d.code for d in affected)
    assert not moved.filter(dossier=later).exists()
    sms = moved.get(dossier=affected[0], channel="sms")
    page.goto(page.base_url + f"/can-bo/hop-thu-di/{sms.pk}/")
    expect(page.locator("pre.message-body")).to_contain_text("26/02/2026 sang 27/02/2026")
    screenshot(page, "outbound-message-detail")
