"""VNPAY 2.1.0 as specified: the payment URL, its signature, querydr and refund signing.
The expected signatures are computed here from hand-written strings (hmac/hashlib), not by
the code under test."""

import datetime as dt
import hashlib
import hmac
import urllib.parse

import pytest
import time_machine

from motcua.payments import services
from motcua.payments.models import PaymentState
from motcua.payments.providers import get_provider
from motcua.payments.providers.vnpay import ascii_text, form_encode, hash_data

from .conftest import SECRET, TMN, TZ, hmac512

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 30, 5, tzinfo=TZ)


def _query(url: str) -> dict:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True))


@time_machine.travel(NOW, tick=False)
def test_the_payment_url_carries_every_parameter_signed_as_vnpay_specifies(vnpay, fee_dossier):
    payment, url = services.start_online_payment(
        dossier=fee_dossier, provider_code="vnpay", client_ip="113.160.1.2"
    )
    assert url.startswith("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?")
    params = _query(url)
    code = fee_dossier.code
    assert params == {
        "vnp_Version": "2.1.0",
        "vnp_Command": "pay",
        "vnp_TmnCode": TMN,
        "vnp_Amount": "1500000",  # 15.000 đ × 100
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": payment.reference,
        "vnp_OrderInfo": f"Thanh toan phi, le phi ho so {code}",
        "vnp_OrderType": "other",
        "vnp_ReturnUrl": "https://motcua.example.vn/thanh-toan/vnpay/tra-ve/",
        "vnp_CreateDate": "20260302093005",  # Vietnam time
        "vnp_ExpireDate": "20260302094505",  # + 15 minutes
        "vnp_IpAddr": "113.160.1.2",
        "vnp_Locale": "vn",
        "vnp_SecureHash": params["vnp_SecureHash"],
    }
    # Sorted by name, form-encoded (space as +, ',' and ':' and '/' escaped), joined by &.
    data = (
        "vnp_Amount=1500000&vnp_Command=pay&vnp_CreateDate=20260302093005&vnp_CurrCode=VND"
        "&vnp_ExpireDate=20260302094505&vnp_IpAddr=113.160.1.2&vnp_Locale=vn"
        f"&vnp_OrderInfo=Thanh+toan+phi%2C+le+phi+ho+so+{code}&vnp_OrderType=other"
        "&vnp_ReturnUrl=https%3A%2F%2Fmotcua.example.vn%2Fthanh-toan%2Fvnpay%2Ftra-ve%2F"
        f"&vnp_TmnCode={TMN}&vnp_TxnRef={payment.reference}&vnp_Version=2.1.0"
    )
    expected = hmac.new(SECRET.encode(), data.encode(), hashlib.sha512).hexdigest()
    assert params["vnp_SecureHash"] == expected
    # The URL's query string is that very string, then the hash.
    assert url.split("?", 1)[1] == f"{data}&vnp_SecureHash={expected}"
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING and payment.amount_vnd == 15000
    assert payment.gateway_create_date == "20260302093005"
    assert payment.expires_at == dt.datetime(2026, 3, 2, 9, 45, 5, tzinfo=TZ)


def test_a_fixed_vector():
    """A vector with the secret and values fixed, against a literal HMAC."""
    params = {
        "vnp_TxnRef": "MC0001",
        "vnp_Amount": "1000000",
        "vnp_OrderInfo": "Thanh toan ho so: H26.80.04-260302-0001",
        "vnp_SecureHashType": "HmacSHA512",  # never signed
        "vnp_BankCode": "",  # empty values are left out
        "other": "x",  # neither are non-vnp_ parameters
    }
    data = (
        "vnp_Amount=1000000&vnp_OrderInfo=Thanh+toan+ho+so%3A+H26.80.04-260302-0001"
        "&vnp_TxnRef=MC0001"
    )
    assert hash_data(params) == data
    assert hmac512("SECRET", data) == hmac.new(b"SECRET", data.encode(), hashlib.sha512).hexdigest()


def test_form_encoding_is_phps_urlencode():
    assert form_encode("a b+c/d~e*f") == "a+b%2Bc%2Fd%7Ee%2Af"
    assert ascii_text("Thanh toán lệ phí hồ sơ Đặng") == "Thanh toan le phi ho so Dang"


@time_machine.travel(NOW, tick=False)
def test_querydr_is_signed_over_the_piped_fields_and_the_answer_is_checked(vnpay, fee_dossier):
    payment, _ = services.start_online_payment(
        dossier=fee_dossier, provider_code="vnpay", client_ip="1.2.3.4"
    )
    vnpay.pay(payment.reference, 15000)
    found = get_provider("vnpay").query(payment, now=NOW)
    request = vnpay.requests[-1]
    data = "|".join(
        [
            request["vnp_RequestId"], "2.1.0", "querydr", TMN, payment.reference,
            "20260302093005", "20260302093005", "127.0.0.1", request["vnp_OrderInfo"],
        ]
    )  # fmt: skip
    assert request["vnp_SecureHash"] == hmac512(SECRET, data)
    assert request["vnp_TransactionDate"] == "20260302093005"
    assert found.signature_ok and found.success and found.amount_vnd == 15000
    vnpay.tamper_answers = True
    assert not get_provider("vnpay").query(payment, now=NOW).signature_ok


@time_machine.travel(NOW, tick=False)
def test_refund_request_is_signed_over_its_piped_fields(vnpay, fee_dossier):
    payment, _ = services.start_online_payment(
        dossier=fee_dossier, provider_code="vnpay", client_ip="1.2.3.4"
    )
    payment.provider_txn_no = "14226112"
    result = get_provider("vnpay").refund(payment, amount_vnd=5000, actor=None, now=NOW)
    assert not result.ok  # not in the fake ledger: VNPAY answers 91
    vnpay.pay(payment.reference, 15000)
    result = get_provider("vnpay").refund(payment, amount_vnd=5000, actor=None, now=NOW)
    assert result.ok
    request = vnpay.requests[-1]
    data = "|".join(
        [
            request["vnp_RequestId"], "2.1.0", "refund", TMN, "03", payment.reference,
            "500000", "14226112", "20260302093005", "motcua", "20260302093005", "127.0.0.1",
            request["vnp_OrderInfo"],
        ]
    )  # fmt: skip
    assert request["vnp_SecureHash"] == hmac512(SECRET, data)
