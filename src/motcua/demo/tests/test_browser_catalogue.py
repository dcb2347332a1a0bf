"""The catalogue in a real browser, at phone and desktop widths (screenshots looked at)."""

import pytest
from playwright.sync_api import expect

from motcua.catalog.tests.conftest import workbook_with
from motcua.demo import catalogue, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def demo_catalogue():
    organisation.load()
    catalogue.load()


def fits_phone(page) -> bool:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return width <= PHONE_WIDTH


def test_citizen_searches_khai_sinh_and_opens_the_procedure(page, screenshot, demo_catalogue):
    page.goto(page.base_url + "/thu-tuc/")
    expect(page.get_by_role("heading", name="Thủ tục hành chính")).to_be_visible()
    screenshot(page, "catalog-public-list")

    page.get_by_label("Tìm thủ tục").fill("khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/thu-tuc/?q=khai+sinh*")
    first = page.locator(".result-list .title").first
    expect(first).to_have_text("Thủ tục đăng ký khai sinh")
    assert fits_phone(page)
    screenshot(page, "catalog-search-khai-sinh")

    first.click()
    page.wait_for_url("**/thu-tuc/1.001193/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    expect(
        page.get_by_text("Trong ngày (nhận sau 15:00 trả ngày làm việc tiếp theo)")
    ).to_be_visible()
    expect(page.get_by_text("Phòng Văn hóa - Xã hội phường Hòa Bình")).to_be_visible()
    assert fits_phone(page)
    screenshot(page, "catalog-procedure-1.001193")


def test_search_without_diacritics_finds_chung_thuc(page, demo_catalogue):
    page.goto(page.base_url + "/thu-tuc/?q=chung+thuc")
    titles = page.locator(".result-list .title").all_inner_texts()
    sectors = page.locator(".result-list .meta span:nth-child(2)").all_inner_texts()
    assert titles[0] == "Chứng thực di chúc"  # the whole phrase in the name, shortest first
    assert len(titles) == 11 and set(sectors) == {"Chứng thực"}


def test_admin_reviews_caveats_and_sees_import_errors(
    page, screenshot, browser_login, demo_catalogue, tmp_path
):
    browser_login(page, "quantri.hoabinh", organisation.DEMO_PASSWORD)
    page.goto(page.base_url + "/can-bo/thu-tuc/")
    expect(page.get_by_role("heading", name="Danh mục thủ tục hành chính")).to_be_visible()
    expect(page.get_by_role("link", name="Nhập từ Excel")).to_be_visible()
    screenshot(page, "catalog-admin-list")

    page.goto(page.base_url + "/can-bo/thu-tuc/2.002516/")
    expect(page.get_by_text("Lưu ý dữ liệu — cần đối chiếu trước khi áp dụng")).to_be_visible()
    expect(page.get_by_text("Thời hạn tạm tính", exact=True)).to_be_visible()
    screenshot(page, "catalog-admin-detail-2.002516")

    bad = tmp_path / "danh-muc-loi.xlsx"
    rows = catalogue.read_rows()[:3]
    bad.write_bytes(
        workbook_with(
            rows, {("Thủ tục", 3, "Thời hạn"): "ba", ("Thủ tục", 4, "Mức độ trực tuyến"): "mức 4"}
        )
    )
    page.goto(page.base_url + "/can-bo/thu-tuc/nhap-excel/")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_text("Không nhập được: tệp có 2 lỗi")).to_be_visible()
    expect(page.get_by_role("cell", name="phải là số nguyên không âm.")).to_be_visible()
    screenshot(page, "catalog-admin-import-errors")
