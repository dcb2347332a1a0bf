"""The counter's online queue in a real browser: the officer opens the queue at 390 px,
sees the dossier past its checking limit first, receives it (the clock starts, Mẫu 01),
then receives the next one on a desktop screen. Screenshots looked at."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def fits(page, width) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def receive_from_queue(page, code, shoot=None):
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    expect(page.get_by_text("Hạn kiểm tra", exact=True)).to_be_visible()
    if shoot:
        shoot()
    panel = page.locator("details#thao-tac-receive_online")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    panel.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.locator(".msg-success")).to_contain_text(f"Đã tiếp nhận hồ sơ {code}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Được tiếp nhận")
    expect(page.get_by_role("link", name="In giấy tiếp nhận (Mẫu 01)")).to_be_visible()


def test_the_officer_receives_online_dossiers_from_the_queue(
    page, screenshot, browser_login, staff, submit, org, online_procs
):
    now = timezone.now()
    late = submit("late", when=now - dt.timedelta(days=4))
    fresh = submit("fresh", when=now - dt.timedelta(minutes=20))
    other = submit(  # another ward's queue: never shown here
        "other",
        when=now - dt.timedelta(days=5),
        agency=org.other_unit,
        procedure=online_procs.other_ward,
    )

    page.set_viewport_size(PHONE)
    browser_login(page, staff.counter.username)
    page.goto(page.base_url + "/can-bo/ho-so/truc-tuyen/")
    expect(page.get_by_role("heading", name="Hồ sơ trực tuyến chờ tiếp nhận")).to_be_visible()
    rows = page.locator("table.online-queue tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(late.code)  # oldest first
    expect(page.locator("table.online-queue")).not_to_contain_text(other.code)
    expect(rows.first).to_have_class("row-overdue")
    expect(rows.first.locator(".badge-err")).to_have_text("Quá hạn kiểm tra")
    expect(rows.nth(1).locator(".badge-err")).to_have_count(0)
    assert fits(page, PHONE["width"])
    screenshot(page, "online-queue")
    page.set_viewport_size(PHONE)

    receive_from_queue(
        page,
        late.code,
        lambda: (screenshot(page, "online-queue-dossier"), page.set_viewport_size(PHONE)),
    )
    assert fits(page, PHONE["width"])
    screenshot(page, "online-queue-received")
    received = Dossier.objects.get(pk=late.pk)
    assert received.status == Status.RECEIVED and received.clock_started_at is not None

    page.set_viewport_size(DESKTOP)
    page.goto(page.base_url + "/can-bo/ho-so/truc-tuyen/")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(fresh.code)
    expect(page.get_by_role("link", name="Hồ sơ trực tuyến")).to_be_visible()
    receive_from_queue(page, fresh.code)
    page.goto(page.base_url + "/can-bo/ho-so/truc-tuyen/")
    expect(page.get_by_text("Không có hồ sơ trực tuyến nào chờ tiếp nhận.")).to_be_visible()
    screenshot(page, "online-queue-empty")
