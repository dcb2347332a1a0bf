"""The indicators pages in a real browser, on the demo ward (300 dossiers over three
months): the leadership dashboard, a drill-down whose count matches, the public
statistics and the TV liveboard, at phone and desktop widths (screenshots looked at)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.demo import catalogue, organisation
from motcua.demo import dossiers as demo_dossiers
from motcua.dossiers import services
from motcua.dossiers.models import Delivery, Dossier, Status
from motcua.indicators import views
from motcua.indicators.periods import Period
from motcua.org.models import Agency, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TV = {"width": 1920, "height": 1080}
# The public page counts "this month, quarter, year" around the demo's last three months:
# its test runs on a fixed working day, for on 1 January "this year" would be empty.
DEMO_DAY = dt.datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def demo():
    organisation.load()
    catalogue.load()
    demo_dossiers.load()
    return Agency.objects.get(code=demo_dossiers.HOABINH)


def fits(page, size) -> bool:
    page.set_viewport_size(size)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    return width <= size["width"]


def number(text: str) -> int:
    return int(text.strip().replace(".", ""))


def test_a_ward_leader_reads_the_dashboard_and_opens_the_dossiers_behind_a_number(
    page, screenshot, browser_login, demo
):
    browser_login(page, "lanhdao.hoabinh", organisation.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Chức năng cán bộ").get_by_role(
        "link", name="Chỉ số"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chỉ số chất lượng phục vụ")
    this_month = Period.containing("month", timezone.now())
    expect(page.locator("#pham-vi")).to_contain_text(f"Phường Hòa Bình · {this_month.label}")
    # Charts drawn by Chart.js, the same numbers in the tables.
    expect(page.locator("figure.chart.ready canvas")).to_have_count(2)
    screenshot(page, "chi-so-bang-dieu-hanh")

    # Last month, chosen with the period picker.
    last = this_month.previous()
    page.get_by_label("Kỳ báo cáo", exact=True).select_option("month")
    page.get_by_label("Tháng", exact=True).fill(f"{last.first_day:%Y-%m}")
    page.get_by_role("button", name="Xem chỉ số").click()
    expect(page.locator("#pham-vi")).to_contain_text(last.label)
    # The quarter fields are hidden while "Tháng" is chosen (progressive enhancement).
    expect(page.get_by_label("Quý", exact=True)).to_be_hidden()

    # The dossiers behind "handled early or on time": the list's count is the number.
    progress = page.locator("#chi-tieu-PROGRESS_ON_TIME")
    link = progress.locator("a.num-link").first
    shown = number(link.inner_text())
    assert shown > 0
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("trước hạn, đúng hạn")
    expect(page.locator("#so-luong")).to_have_attribute("data-total", str(shown))
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(min(shown, views.DRILL_PAGE_SIZE))
    screenshot(page, "chi-so-danh-sach-ho-so")
    assert fits(page, PHONE)

    # Back, a quarter, and the late ones of a unit from the rates table.
    page.go_back()
    page.get_by_label("Kỳ báo cáo", exact=True).select_option("quarter")
    expect(page.get_by_label("Tháng", exact=True)).to_be_hidden()
    quarter = Period.containing("quarter", timezone.now())
    page.get_by_label("Quý", exact=True).select_option(str((quarter.first_day.month - 1) // 3 + 1))
    page.get_by_label("Năm", exact=True).fill(str(quarter.first_day.year))
    page.get_by_role("button", name="Xem chỉ số").click()
    expect(page.locator("#pham-vi")).to_contain_text(quarter.label)
    assert fits(page, PHONE)
    screenshot(page, "chi-so-quy")


def test_a_unit_head_sees_only_their_unit(page, browser_login, demo):
    browser_login(page, "truongphong.vhxh", organisation.DEMO_PASSWORD)
    page.goto(page.base_url + "/can-bo/chi-so/")
    expect(page.locator("#pham-vi")).to_contain_text("Phòng Văn hóa - Xã hội")
    options = page.get_by_label("Đơn vị", exact=True).locator("option")
    expect(options).to_have_count(1)
    response = page.goto(page.base_url + f"/can-bo/chi-so/?don_vi={demo.code}")
    assert response.status == 404


@pytest.fixture
def on_demo_day(time_machine):
    """The clock starts at DEMO_DAY (and runs on), before the demo is loaded."""
    time_machine.move_to(DEMO_DAY, tick=True)


def test_the_public_statistics_on_a_phone_and_a_desktop(on_demo_day, page, screenshot, demo):
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/thong-ke/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kết quả giải quyết thủ tục hành chính"
    )
    expect(page.get_by_text("Phường Hòa Bình ·")).to_be_visible()
    expect(page.locator(".ind-total .value")).to_contain_text("/ 100")
    assert fits(page, PHONE)
    screenshot(page, "thong-ke-thang")
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Năm nay").click()
    expect(page.get_by_role("link", name="Năm nay")).to_have_attribute("aria-current", "page")
    assert fits(page, PHONE)
    # No names, no phone numbers: aggregates only — of dossiers the page does count.
    year = Period.containing("year", timezone.now())
    counted = Dossier.objects.filter(ward=demo, received_at__gte=year.start)
    received = page.locator("tr", has_text="Hồ sơ tiếp nhận").locator("td").last
    assert number(received.inner_text()) == counted.count() > 0
    content = page.content()
    for name, phone in counted.exclude(applicant_name="").values_list(
        "applicant_name", "applicant_phone"
    )[:50]:
        assert name not in content
        assert not phone or phone not in content
    screenshot(page, "thong-ke-nam")
    # Another ward of the deployment.
    page.get_by_label("Xã, phường", exact=True).select_option(label="Phường Lê Chân")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_text("Phường Lê Chân ·")).to_be_visible()


def test_the_liveboard_refreshes_itself(page, screenshot, demo, monkeypatch):
    monkeypatch.setattr(views, "LIVEBOARD_REFRESH_SECONDS", 1)
    page.set_viewport_size(TV)
    page.goto(page.base_url + f"/bang-dien-tu/?xa={demo.code}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Hòa Bình")
    ready = page.locator("section.board-col.ready")
    expect(ready.get_by_role("heading", level=2)).to_contain_text("Mời nhận kết quả")
    screenshot(page, "bang-dien-tu")
    assert fits(page, PHONE)
    # A result becomes ready while the board is on screen: it appears without a reload.
    page.set_viewport_size(TV)
    waiting = Dossier.objects.filter(
        ward=demo, status=Status.PROCESSING, approved__isnull=True, delivery=Delivery.COUNTER
    ).first()
    operator = User.objects.get(username="admin")
    waiting = services.decide(actor=operator, dossier=waiting, approve=True)
    services.result_ready(actor=operator, dossier=waiting)
    expect(ready.locator(".board-codes li", has_text=waiting.code)).to_have_count(1)
    assert waiting.applicant_name not in page.content()
