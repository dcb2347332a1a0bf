"""The e-form editor of the staff catalogue in a real browser (screenshots looked at)."""

import pytest
from playwright.sync_api import expect

from motcua.catalog.content import eform_of
from motcua.catalog.models import ProcedureVersion
from motcua.demo import catalogue, eforms, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


def fits_phone(page) -> bool:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return width <= PHONE_WIDTH


def test_admin_edits_the_birth_registration_eform(page, screenshot, browser_login):
    organisation.load()
    catalogue.load()
    eforms.load()
    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    browser_login(page, "quantri.hoabinh", organisation.DEMO_PASSWORD)
    page.goto(page.base_url + "/can-bo/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp trực tuyến: mức độ, biểu mẫu điện tử, tệp đính kèm").click()
    expect(page.get_by_role("heading", name="Câu hỏi của biểu mẫu")).to_be_visible()
    assert fits_phone(page)
    screenshot(page, "catalog-eform-detail")

    page.get_by_role("link", name="Thêm câu hỏi").click()
    page.locator("#id_label").fill("Quốc tịch của trẻ")
    page.locator("#id_key").fill("Quốc tịch")
    page.locator("#id_type").select_option("choice")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Nhập ít nhất một lựa chọn, mỗi dòng một lựa chọn.")).to_be_visible()
    assert fits_phone(page)
    screenshot(page, "catalog-eform-field-errors")
    page.locator("#id_key").fill("quoc_tich_tre")
    page.get_by_label("Lựa chọn (câu hỏi chọn một)").fill("Việt Nam\nKhác")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm câu hỏi.")).to_be_visible()
    assert eform_of(birth).field("quoc_tich_tre").options == ("Việt Nam", "Khác")

    page.locator("#id_level").select_option("full")
    page.locator("#id_legal_basis").fill("QĐ số …/QĐ-UBND (minh họa)")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text("Đã ghi nhận quyết định mức độ trực tuyến.")).to_be_visible()
    birth.refresh_from_db()
    assert birth.online_level == "full"
