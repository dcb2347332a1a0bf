"""The fee at the counter in a real browser: inputs, the preview's explanation, the receipt
(screenshots at 390 px and desktop, looked at)."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier

from .test_browser_backoffice import fits_phone, sign_in_as
from .test_intake_fees import COPIES, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_certified_copies_fee_from_intake_to_receipt(page, screenshot, browser_login, staff, org):
    procedure = publish(org, "2.000815", COPIES)
    sign_in_as(page, browser_login, staff.counter)
    page.goto(f"{page.base_url}/can-bo/ho-so/tiep-nhan/{procedure.code}/")
    page.get_by_label("Giấy tờ khác đã nhận").fill("Bản chính giấy khai sinh")
    page.get_by_label("Họ tên người nộp / tên tổ chức").fill("Trần Văn Bình")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("031190001234")
    page.get_by_role("button", name="Xem hẹn trả").click()
    expect(page.locator("#id_fee_pages-error")).to_contain_text("Nhập số trang")
    page.get_by_label("Số trang của bản chính (mỗi bản)").fill("12")
    page.get_by_label("Số bản", exact=True).fill("2")
    page.get_by_role("button", name="Xem hẹn trả").click()
    fee_lines = page.locator("ul.fee-lines")
    expect(fee_lines).to_contain_text("2 × 2.000 đ + 10 × 1.000 đ")
    expect(page.get_by_text("Phí, lệ phí phải nộp: 28.000 đ")).to_be_visible()
    assert fits_phone(page)
    screenshot(page, "fees-intake-preview")
    page.set_viewport_size({"width": 390, "height": 844})  # the fee part, close up
    page.locator("#phi-le-phi").screenshot(path="test-artifacts/screenshots/fees-inputs-390.png")
    page.locator("#hen-tra").screenshot(path="test-artifacts/screenshots/fees-preview-390.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Xác nhận tiếp nhận").click()
    expect(page.locator(".msg-success")).to_be_visible()
    dossier = Dossier.objects.get()
    assert dossier.fee_vnd == 28_000
    page.goto(f"{page.base_url}/can-bo/in/ho-so/{dossier.code}/mau-01/")
    expect(page.get_by_text("Phí: 28.000 đồng")).to_be_visible()
    screenshot(page, "fees-receipt")
