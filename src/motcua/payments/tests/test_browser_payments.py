"""Paying in a real browser at 390 px: an online dossier's payment link → the sandbox
gateway → the receipt → the staff page shows it paid; and at the counter: the officer
makes the payment link, the applicant pays through it. Screenshots looked at."""

import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Channel
from motcua.payments.models import Payment, PaymentState

from .conftest import APPLICANT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def received(org, procs, staff, channel):
    return dossier_services.receive_dossier(
        actor=staff.counter,
        receiving_agency=org.center,
        procedure=procs.three_days,
        applicant=APPLICANT,
        channel=channel,
        at=timezone.now() - dt.timedelta(minutes=5),
    )


def pay_in_sandbox(page, screenshot, name):
    expect(page.get_by_role("heading", name="Thanh toán phí, lệ phí")).to_be_visible()
    expect(page.locator("#con-phai-nop")).to_have_text("15.000 đ")
    assert fits(page)
    screenshot(page, f"payments-{name}-page")
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Thanh toán 15.000 đ").click()
    expect(page.get_by_role("heading", name="Cổng thanh toán thử nghiệm")).to_be_visible()
    assert fits(page)
    screenshot(page, f"payments-{name}-gateway")
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Xác nhận thanh toán").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã thanh toán")
    screenshot(page, f"payments-{name}-return")
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Về trang thanh toán của hồ sơ").click()
    expect(page.get_by_text("Hồ sơ đã nộp đủ phí, lệ phí.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Biên lai số 0000001 (PDF)").click()
    assert download.value.suggested_filename.endswith("-0000001.pdf")
    assert fits(page)


def test_online_dossier_paid_by_its_link_in_the_sandbox(
    page, screenshot, browser_login, org, procs, staff
):
    from motcua.payments import links

    dossier = received(org, procs, staff, Channel.ONLINE)
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + links.payment_path(dossier))
    pay_in_sandbox(page, screenshot, "online")
    payment = Payment.objects.get()
    assert payment.state == PaymentState.CONFIRMED and payment.online
    browser_login(page, staff.counter.username)
    page.goto(f"{page.base_url}/can-bo/ho-so/{dossier.code}/")
    card = page.locator("#phi-le-phi")
    expect(card.locator("#con-phai-nop")).to_have_text("Đã nộp đủ")
    expect(card).to_contain_text("Biên lai số 0000001")
    assert fits(page)
    screenshot(page, "payments-staff-paid")

    # The next morning's reconciliation with the (sandbox) gateway: nothing to report.
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Đối soát").first.click()
    page.get_by_label("Ngày").fill(timezone.localdate(payment.created_at).strftime("%d/%m/%Y"))
    page.get_by_label("Kênh thanh toán").select_option("sandbox")
    page.get_by_role("button", name="Đối soát").click()
    expect(page.locator("#so-chenh-lech")).to_have_text("0")
    expect(page.get_by_text("Khớp")).to_be_visible()
    assert fits(page)
    screenshot(page, "payments-reconciliation")


def test_at_the_counter_the_officer_makes_a_payment_link_and_it_is_paid(
    page, screenshot, browser_login, org, procs, staff
):
    dossier = received(org, procs, staff, Channel.COUNTER)
    browser_login(page, staff.counter.username)
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/can-bo/ho-so/{dossier.code}/")
    expect(page.locator("#con-phai-nop")).to_have_text("15.000 đ")
    page.get_by_role("link", name="Liên kết thanh toán, mã QR").click()
    expect(page.locator(".qr svg")).to_be_visible()
    assert fits(page)
    screenshot(page, "payments-counter-link")
    # Sent to the applicant's phone through the outbox (outbound.fees).
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Gửi liên kết cho người nộp").click()
    expect(page.get_by_text("Đã xếp hàng gửi liên kết thanh toán")).to_be_visible()
    assert fits(page)
    screenshot(page, "payments-counter-link-sent")
    sent = apps.get_model("outbound", "Message").objects.get(purpose="payments.link")
    link = page.locator("#lien-ket").get_attribute("href")
    assert sent.channel == "sms" and link in sent.body
    # The applicant opens it on a phone (another browser context, not signed in).
    applicant = page.context.browser.new_context(viewport=PHONE, locale="vi-VN")
    phone = applicant.new_page()
    path = link.split("://", 1)[1].split("/", 1)[1]
    phone.goto(f"{page.base_url}/{path}")
    pay_in_sandbox(phone, screenshot, "counter")
    applicant.close()
    page.goto(f"{page.base_url}/can-bo/ho-so/{dossier.code}/")
    expect(page.locator("#con-phai-nop")).to_have_text("Đã nộp đủ")
