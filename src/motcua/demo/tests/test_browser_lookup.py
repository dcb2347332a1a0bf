"""The public lookup in a real browser, phone first (screenshots looked at)."""

import pytest
from playwright.sync_api import expect

from motcua.demo import catalogue, organisation
from motcua.demo import dossiers as demo_dossiers
from motcua.dossiers.lookup import initials
from motcua.dossiers.models import Channel, Dossier, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def stories_with_phone():
    organisation.load()
    catalogue.load()
    demo_dossiers.load()
    return Dossier.objects.filter(ward__code=demo_dossiers.HOABINH).exclude(applicant_phone="")


def fits_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_citizen_looks_up_a_dossier_from_the_receipt_on_a_phone(
    page, screenshot, stories_with_phone
):
    # Received at the counter (an online one opens its timeline with the submission).
    waiting = stories_with_phone.filter(
        status=Status.SUPPLEMENT_REQUESTED, channel=Channel.COUNTER
    ).first()
    page.set_viewport_size(PHONE)
    # The QR code on the receipt opens this address.
    page.goto(f"{page.base_url}/tra-cuu/?ma={waiting.code}")
    result = page.locator("#ket-qua")
    expect(result.get_by_role("heading", name="Kết quả tra cứu")).to_be_visible()
    expect(result.locator(".badge")).to_have_text("Yêu cầu bổ sung giấy tờ")
    expect(result.locator(".lookup-waiting")).to_contain_text("Hồ sơ đang chờ bổ sung:")
    expect(result).to_contain_text(waiting.procedure.name)
    expect(result.locator(".lookup-timeline li").first).to_contain_text("Hồ sơ đã được tiếp nhận")
    assert waiting.applicant_name not in page.content()
    assert fits_phone(page)
    screenshot(page, "tra-cuu-cho-bo-sung")

    page.set_viewport_size(PHONE)
    page.get_by_label("4 số cuối số điện thoại").fill(waiting.applicant_phone[-4:])
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".lookup-initials")).to_have_text(initials(waiting.applicant_name))
    assert waiting.applicant_name not in page.content()
    assert waiting.applicant_phone not in page.content()
    assert fits_phone(page)
    screenshot(page, "tra-cuu-xac-minh-nguoi-nop")

    page.set_viewport_size(PHONE)
    page.get_by_label("4 số cuối số điện thoại").fill(
        "0000" if waiting.applicant_phone[-4:] != "0000" else "1111"
    )
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".lookup-phone-mismatch")).to_be_visible()
    expect(page.locator(".lookup-initials")).to_have_count(0)


def test_typing_a_code_by_hand_and_an_unknown_code(page, screenshot, stories_with_phone):
    extended = stories_with_phone.filter(extension_count__gt=0).order_by("-received_at").first()
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/tra-cuu/")
    expect(page.get_by_role("heading", name="Tra cứu hồ sơ")).to_be_visible()
    screenshot(page, "tra-cuu-trang-trong")

    page.set_viewport_size(PHONE)
    page.get_by_label("Mã hồ sơ").fill(f"  {extended.code.lower()} ")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".lookup-code-text")).to_have_text(extended.code)
    expect(page.locator(".lookup-extended")).to_contain_text("Ngày hẹn đã được gia hạn")
    assert fits_phone(page)
    screenshot(page, "tra-cuu-gia-han")

    page.set_viewport_size(PHONE)
    page.get_by_label("Mã hồ sơ").fill("H26.80.04-991231-9999")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".lookup-not-found")).to_contain_text("Không tìm thấy hồ sơ có mã")
    screenshot(page, "tra-cuu-khong-tim-thay")


def test_a_returned_dossier_at_desktop_width(page, screenshot, stories_with_phone):
    returned = stories_with_phone.filter(status=Status.RETURNED).order_by("-returned_at").first()
    page.goto(f"{page.base_url}/tra-cuu/?ma={returned.code}")
    expect(page.locator("#ket-qua .badge")).to_have_text("Đã trả kết quả")
    expect(page.locator(".lookup-timeline li").last).to_contain_text("Đã trả kết quả")
    screenshot(page, "tra-cuu-da-tra-ket-qua")


def test_the_limit_page_on_a_phone(page, screenshot, settings):
    settings.MOTCUA_LOOKUP_RATE = (1, 600)
    page.set_viewport_size(PHONE)
    response = page.goto(f"{page.base_url}/tra-cuu/?ma=H26.80.04-991231-0001")
    assert response.status == 200
    response = page.goto(f"{page.base_url}/tra-cuu/?ma=H26.80.04-991231-0002")
    assert response.status == 429
    expect(page.get_by_role("heading", name="Tra cứu quá nhiều lần")).to_be_visible()
    assert fits_phone(page)
    screenshot(page, "tra-cuu-qua-gioi-han")
