"""The pages: the citizen's payment page (signed link) and the sandbox gateway, the staff
panel, counter payment, payment link with QR, refund, receipts, reconciliation; each
refuses outsiders and anonymous users."""

import datetime as dt
import io
import urllib.parse

import pytest
import time_machine
from openpyxl import load_workbook

from motcua.payments import links, services
from motcua.payments.models import Payment, PaymentState, Receipt, ReconciliationRun

from .conftest import TZ

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter_client(client, staff):
    client.force_login(staff.counter)
    return client


def page_url(dossier):
    return links.payment_path(dossier)


def test_payment_page_by_signed_link_only(client, fee_dossier):
    body = client.get(page_url(fee_dossier)).content.decode()
    assert "15.000 đ" in body and fee_dossier.code in body
    assert 'value="sandbox"' in body and 'value="vnpay"' not in body  # VNPAY not configured
    assert client.get(f"/thanh-toan/ho-so/{fee_dossier.code}/").status_code == 404
    token = links.make_token(fee_dossier)
    assert client.get(f"/thanh-toan/ho-so/{token[:-2]}xx/").status_code == 404
    forged = "eyJkIjoyfQ:" + token.split(":", 1)[1]  # another payload, the old signature
    assert client.get(f"/thanh-toan/ho-so/{forged}/").status_code == 404


def test_payment_link_expires(client, fee_dossier, settings):
    url = page_url(fee_dossier)
    settings.MOTCUA_PAYMENT_LINK_DAYS = 0
    assert client.get(url).status_code == 404


def test_paying_in_the_sandbox_confirms_through_the_ipn_and_shows_the_receipt(client, fee_dossier):
    url = page_url(fee_dossier)
    started = client.post(url, {"provider": "sandbox"})
    assert started.status_code == 302
    gateway = started["Location"]
    assert gateway.startswith("/thanh-toan/thu-nghiem/cong/?")
    page = client.get(gateway)
    assert page.status_code == 200 and "15.000 đ" in page.content.decode()
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(gateway).query))
    back = client.post("/thanh-toan/thu-nghiem/cong/", {**params, "action": "pay"})
    assert back.status_code == 302 and back["Location"].startswith("/thanh-toan/sandbox/tra-ve/?")
    payment = Payment.objects.get()
    assert payment.state == PaymentState.CONFIRMED and payment.provider == "sandbox"
    result = client.get(back["Location"]).content.decode()
    assert "Thanh toán thành công" in result
    body = client.get(url).content.decode()
    assert "Hồ sơ đã nộp đủ phí, lệ phí." in body and "Biên lai số 0000001" in body
    pdf = client.get(f"{url}bien-lai/{payment.pk}/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Nothing left to pay: a second start is refused next to the form.
    again = client.post(url, {"provider": "sandbox"})
    assert again.status_code == 400 and "không còn khoản" in again.content.decode()


def test_a_link_starts_at_most_ten_payments_an_hour(client, fee_dossier):
    url = page_url(fee_dossier)
    for _ in range(10):
        assert client.post(url, {"provider": "sandbox"}).status_code == 302
    refused = client.post(url, {"provider": "sandbox"})
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert Payment.objects.count() == 10


def test_the_sandbox_refuses_a_forged_or_expired_request(client, fee_dossier):
    started = client.post(page_url(fee_dossier), {"provider": "sandbox"})
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(started["Location"]).query))
    forged = {**params, "vnp_Amount": "100"}
    assert client.get("/thanh-toan/thu-nghiem/cong/", forged).status_code == 400
    assert (
        client.post("/thanh-toan/thu-nghiem/cong/", {**forged, "action": "pay"}).status_code == 400
    )
    assert not Payment.objects.filter(state=PaymentState.CONFIRMED).exists()
    with time_machine.travel(dt.datetime.now(tz=TZ) + dt.timedelta(minutes=16)):
        late = client.post("/thanh-toan/thu-nghiem/cong/", {**params, "action": "pay"})
    assert late.status_code == 400 and "hết thời gian" in late.content.decode()
    assert not Payment.objects.filter(state=PaymentState.CONFIRMED).exists()


def test_cancelling_in_the_sandbox_fails_the_payment(client, fee_dossier):
    started = client.post(page_url(fee_dossier), {"provider": "sandbox"})
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(started["Location"]).query))
    back = client.post("/thanh-toan/thu-nghiem/cong/", {**params, "action": "fail"})
    assert "không thành công" in client.get(back["Location"]).content.decode()
    assert Payment.objects.get().state == PaymentState.FAILED


def test_sandbox_is_off_when_not_enabled(client, fee_dossier, settings):
    settings.MOTCUA_PAYMENT_SANDBOX = False
    body = client.get(page_url(fee_dossier)).content.decode()
    assert "Chưa có kênh thanh toán trực tuyến" in body
    assert client.post(page_url(fee_dossier), {"provider": "sandbox"}).status_code == 400
    assert client.get("/thanh-toan/thu-nghiem/cong/").status_code == 404


# --- staff ---------------------------------------------------------------------------------


def detail(client, dossier):
    return client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()


def test_the_dossier_page_shows_the_fee_card_with_the_counter_actions(counter_client, fee_dossier):
    body = detail(counter_client, fee_dossier)
    assert 'id="phi-le-phi"' in body and "Còn phải nộp" in body and "Thu tại quầy" in body
    assert "Liên kết thanh toán, mã QR" in body


def test_a_specialist_sees_the_fee_card_without_counter_actions(client, staff, fee_dossier):
    from motcua.dossiers import services as dossier_services

    dossier_services.forward(actor=staff.counter, dossier=fee_dossier, at=fee_dossier.received_at)
    client.force_login(staff.head_a)
    body = detail(client, fee_dossier)
    assert 'id="phi-le-phi"' in body and "Thu tại quầy" not in body
    response = client.post(
        f"/can-bo/ho-so/{fee_dossier.code}/thu-phi/",
        {"method": "cash", "amount_vnd": "15000", "receipt_no": "1"},
    )
    assert response.status_code == 403 and not Payment.objects.exists()


def test_counter_payment_from_the_dossier_page(counter_client, fee_dossier):
    url = f"/can-bo/ho-so/{fee_dossier.code}/thu-phi/"
    bad = counter_client.post(url, {"method": "cash", "amount_vnd": "99000", "receipt_no": ""})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Số tiền phải lớn hơn 0 và không quá số còn phải nộp (15.000 đồng)." in text
    ok = counter_client.post(url, {"method": "card", "amount_vnd": "15000", "receipt_no": "POS 77"})
    assert ok.status_code == 302
    body = detail(counter_client, fee_dossier)
    assert "Đã nộp đủ" in body and "Biên lai số 0000001" in body and "POS 77" in body
    payment = Payment.objects.get()
    pdf = counter_client.get(f"/can-bo/bien-lai/{payment.pk}/")
    assert pdf.content.startswith(b"%PDF") and pdf["X-Content-Type-Options"] == "nosniff"


def test_payment_link_page_has_the_link_and_its_qr_code(counter_client, fee_dossier):
    body = counter_client.get(f"/can-bo/ho-so/{fee_dossier.code}/lien-ket-thanh-toan/").content
    text = body.decode()
    assert "<svg" in text and "/thanh-toan/ho-so/" in text
    link = text.split('id="lien-ket" href="', 1)[1].split('"', 1)[0]
    path = urllib.parse.urlsplit(link).path
    assert links.dossier_from_token(path.split("/")[3]) == fee_dossier


def test_refund_page(counter_client, staff, fee_dossier):
    payment = services.record_counter_payment(
        actor=staff.counter, dossier=fee_dossier, method="cash", amount_vnd=15000, receipt_no="1"
    )
    url = f"/can-bo/ho-so/{fee_dossier.code}/hoan-phi/{payment.pk}/"
    assert "15.000 đ" in counter_client.get(url).content.decode()
    bad = counter_client.post(url, {"amount_vnd": "15000", "reason": ""})
    assert bad.status_code == 400 and "Lý do hoàn" in bad.content.decode()
    counter_client.post(url, {"amount_vnd": "15000", "reason": "Từ chối giải quyết"})
    payment.refresh_from_db()
    assert payment.state == PaymentState.REFUNDED
    assert "Từ chối giải quyết" in detail(counter_client, fee_dossier)


def test_staff_pages_refuse_outsiders_and_anonymous_users(client, staff, fee_dossier):
    payment = services.record_counter_payment(
        actor=staff.counter, dossier=fee_dossier, method="cash", amount_vnd=5000, receipt_no="1"
    )
    code = fee_dossier.code
    urls = [
        ("get", f"/can-bo/ho-so/{code}/lien-ket-thanh-toan/"),
        ("post", f"/can-bo/ho-so/{code}/thu-phi/"),
        ("get", f"/can-bo/ho-so/{code}/hoan-phi/{payment.pk}/"),
        ("get", f"/can-bo/bien-lai/{payment.pk}/"),
        ("get", "/can-bo/doi-soat/"),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], url
    client.force_login(staff.other_counter)  # another ward's counter
    for method, url in urls[:4]:
        assert getattr(client, method)(url).status_code == 404, url
    client.force_login(staff.spec_b)  # no counter role anywhere
    assert client.get("/can-bo/doi-soat/").status_code == 403


def test_reconciliation_screen_and_xlsx(counter_client, staff, org, fee_dossier):
    started = counter_client.post(page_url(fee_dossier), {"provider": "sandbox"})
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(started["Location"]).query))
    counter_client.post("/thanh-toan/thu-nghiem/cong/", {**params, "action": "pay"})
    day = Payment.objects.get().created_at.astimezone(TZ).date()
    page = counter_client.get("/can-bo/doi-soat/")
    assert page.status_code == 200 and "Đối soát" in page.content.decode()
    bad = counter_client.post("/can-bo/doi-soat/", {"day": "31/02/2026", "provider": "sandbox"})
    assert bad.status_code == 200 and not ReconciliationRun.objects.exists()
    ran = counter_client.post(
        "/can-bo/doi-soat/",
        {"day": day.strftime("%d/%m/%Y"), "provider": "sandbox", "agency": org.center.pk},
    )
    run = ReconciliationRun.objects.get()
    assert ran["Location"] == f"/can-bo/doi-soat/{run.pk}/"
    assert (run.checked, run.mismatches) == (1, 0)
    body = counter_client.get(ran["Location"]).content.decode()
    assert "Khớp" in body and fee_dossier.code in body
    xlsx = counter_client.get(ran["Location"] + "?dinh-dang=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][1] == fee_dossier.code and rows[2][3] == 15000 and not rows[2][7]
    counter_client.force_login(staff.other_counter)
    assert counter_client.get(ran["Location"]).status_code == 404


def test_receipt_of_another_dossier_is_not_served_by_a_link(client, staff, fee_dossier, receive):
    other = receive(when=dt.datetime(2026, 3, 2, 10, tzinfo=TZ))
    payment = services.record_counter_payment(
        actor=staff.counter, dossier=other, method="cash", amount_vnd=15000, receipt_no="1"
    )
    assert Receipt.objects.filter(payment=payment).exists()
    url = page_url(fee_dossier) + f"bien-lai/{payment.pk}/"
    assert client.get(url).status_code == 404
