"""The IPN at /thanh-toan/vnpay/ipn/: each case gets its code; only the IPN confirms."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.payments import selectors, services
from motcua.payments.models import Payment, PaymentEvent, PaymentState, Receipt

from .conftest import signed_query_string

pytestmark = pytest.mark.django_db

IPN = "/thanh-toan/vnpay/ipn/"


@pytest.fixture
def pending(vnpay, fee_dossier):
    payment, _ = services.start_online_payment(
        dossier=fee_dossier, provider_code="vnpay", client_ip="1.2.3.4"
    )
    return payment


def ipn(client, params):
    response = client.get(IPN, params)
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_a_valid_notification_confirms_once_and_a_replay_gets_02(client, vnpay, pending):
    params = vnpay.ipn_params(pending)
    assert ipn(client, params) == {"RspCode": "00", "Message": "Confirm Success"}
    pending.refresh_from_db()
    assert pending.state == PaymentState.CONFIRMED
    assert pending.provider_txn_no == "14226112" and pending.bank_code == "NCB"
    assert Receipt.objects.get(payment=pending).number == 1
    assert selectors.outstanding(pending.dossier) == 0
    assert ipn(client, params) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert Payment.objects.filter(state=PaymentState.CONFIRMED).count() == 1
    assert Receipt.objects.count() == 1


def test_a_tampered_parameter_gets_97_and_changes_nothing(client, vnpay, pending):
    params = vnpay.ipn_params(pending)
    params["vnp_ResponseCode"] = "00"
    params["vnp_Amount"] = "100"  # changed after signing
    assert ipn(client, params) == {"RspCode": "97", "Message": "Invalid signature"}
    params = vnpay.ipn_params(pending, secret="a-wrong-secret")
    assert ipn(client, params)["RspCode"] == "97"
    missing = vnpay.ipn_params(pending)
    del missing["vnp_SecureHash"]
    assert ipn(client, missing)["RspCode"] == "97"
    pending.refresh_from_db()
    assert pending.state == PaymentState.PENDING


def test_a_wrong_amount_gets_04(client, vnpay, pending):
    params = vnpay.ipn_params(pending, amount_vnd=1000)  # signed, but not what we asked
    assert ipn(client, params) == {"RspCode": "04", "Message": "Invalid amount"}
    pending.refresh_from_db()
    assert pending.state == PaymentState.PENDING
    assert PaymentEvent.objects.filter(payment=pending, kind="amount_mismatch").exists()


def test_an_unknown_order_gets_01(client, vnpay, pending):
    params = vnpay.ipn_params(pending)
    params.pop("vnp_SecureHash")
    params["vnp_TxnRef"] = "MC-NOT-OURS"
    assert ipn(client, signed_query_string(params)) == {
        "RspCode": "01",
        "Message": "Order not found",
    }


def test_a_failed_payment_is_recorded_as_failed_and_answered_00(client, vnpay, pending):
    params = vnpay.ipn_params(pending, response="24", status="02")  # the payer cancelled
    assert ipn(client, params)["RspCode"] == "00"
    pending.refresh_from_db()
    assert pending.state == PaymentState.FAILED
    assert not Receipt.objects.exists()
    assert selectors.outstanding(pending.dossier) == 15000


def test_anything_else_gets_99(client, vnpay, pending, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "apply_gateway_message", broken)
    assert ipn(client, vnpay.ipn_params(pending)) == {"RspCode": "99", "Message": "Unknown error"}


def test_the_ipn_is_get_only_and_an_unknown_provider_is_404(client, vnpay, pending):
    assert client.post(IPN, vnpay.ipn_params(pending)).status_code == 405
    assert client.get("/thanh-toan/khong-co/ipn/").status_code == 404


def test_the_return_page_shows_the_state_and_never_confirms(client, vnpay, pending):
    params = vnpay.ipn_params(pending)
    page = client.get("/thanh-toan/vnpay/tra-ve/", params).content.decode()
    assert "Đang chờ thanh toán" in page and "chờ cổng thanh toán xác nhận" in page
    pending.refresh_from_db()
    assert pending.state == PaymentState.PENDING
    ipn(client, params)
    page = client.get("/thanh-toan/vnpay/tra-ve/", params).content.decode()
    assert "Thanh toán thành công" in page and "Biên lai số 0000001" in page
    params["vnp_Amount"] = "1"
    bad = client.get("/thanh-toan/vnpay/tra-ve/", params)
    assert bad.status_code == 400 and "Không xác thực được" in bad.content.decode()


def test_statements_of_one_confirming_ipn(client, vnpay, pending):
    """The number is written in docs/performance.md (payments: IPN)."""
    params = vnpay.ipn_params(pending)
    with CaptureQueriesContext(connection) as queries:
        assert ipn(client, params)["RspCode"] == "00"
    statements = [q["sql"] for q in queries.captured_queries]
    print(f"\nIPN statements ({connection.vendor}): {len(statements)}")
    for sql in statements:
        print("  ", sql[:120])
    assert len(statements) <= 9
    with CaptureQueriesContext(connection) as replay:
        assert ipn(client, params)["RspCode"] == "02"
    print(f"IPN replay statements ({connection.vendor}): {len(replay.captured_queries)}")
    assert len(replay.captured_queries) <= 4
