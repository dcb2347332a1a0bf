"""Fixtures of the payments tests: the dossier fixtures, VNPAY settings, a fake VNPAY
(nothing reaches the network: urlopen is closed for the whole suite of this app)."""

import datetime as dt
import hashlib
import hmac
import urllib.parse
import urllib.request

import pytest

from motcua.dossiers.tests.conftest import APPLICANT, TZ, at, procs, receive, staff  # noqa: F401
from motcua.payments.providers import forget_providers
from motcua.payments.providers.vnpay import VnpayProvider

TMN = "TESTTMN1"
SECRET = "K8J3HQ5ZPRU2WY7X0NDEV4CMFAT9GBL6"


def hmac512(secret: str, data: str) -> str:
    """Written out here, not taken from the code under test."""
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def signed_query_string(params: dict, secret: str = SECRET) -> dict:
    """``params`` plus vnp_SecureHash computed as VNPAY specifies, independently of
    providers/vnpay.py: sorted names, urlencode with quote_plus, HMAC-SHA512 hex."""
    data = urllib.parse.urlencode(sorted(params.items()), quote_via=urllib.parse.quote_plus)
    return {**params, "vnp_SecureHash": hmac512(secret, data)}


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def vnpay(settings, monkeypatch):
    """VNPAY configured with a test merchant, talking to a FakeVnpay."""
    settings.VNPAY_TMN_CODE = TMN
    settings.VNPAY_HASH_SECRET = SECRET
    settings.MOTCUA_PUBLIC_BASE_URL = "https://motcua.example.vn"
    forget_providers()
    fake = FakeVnpay()
    monkeypatch.setattr(VnpayProvider, "transport", staticmethod(fake.api))
    yield fake
    forget_providers()


QUERY_REQ = "vnp_RequestId|vnp_Version|vnp_Command|vnp_TmnCode|vnp_TxnRef|vnp_TransactionDate|vnp_CreateDate|vnp_IpAddr|vnp_OrderInfo"  # noqa: E501
QUERY_ANS = "vnp_ResponseId|vnp_Command|vnp_ResponseCode|vnp_Message|vnp_TmnCode|vnp_TxnRef|vnp_Amount|vnp_BankCode|vnp_PayDate|vnp_TransactionNo|vnp_TransactionType|vnp_TransactionStatus|vnp_OrderInfo|vnp_PromotionCode|vnp_PromotionAmount"  # noqa: E501
REFUND_REQ = "vnp_RequestId|vnp_Version|vnp_Command|vnp_TmnCode|vnp_TransactionType|vnp_TxnRef|vnp_Amount|vnp_TransactionNo|vnp_TransactionDate|vnp_CreateBy|vnp_CreateDate|vnp_IpAddr|vnp_OrderInfo"  # noqa: E501
REFUND_ANS = "vnp_ResponseId|vnp_Command|vnp_ResponseCode|vnp_Message|vnp_TmnCode|vnp_TxnRef|vnp_Amount|vnp_BankCode|vnp_PayDate|vnp_TransactionNo|vnp_TransactionType|vnp_TransactionStatus|vnp_OrderInfo"  # noqa: E501


def piped(values: dict, names: str) -> str:
    return "|".join(str(values.get(name, "")) for name in names.split("|"))


class FakeVnpay:
    """VNPAY as the tests need it: a ledger of transactions, querydr and refund answers
    signed with the test secret, and IPN parameters for a payment."""

    def __init__(self):
        self.ledger: dict[str, dict] = {}
        self.requests: list[dict] = []
        self.tamper_answers = False
        self.fail_with = ""  # a vnp_ResponseCode for every answer (e.g. "99": VNPAY is down)

    def pay(self, reference, amount_vnd, *, status="00", txn_no="14226112"):
        self.ledger[reference] = {"amount": amount_vnd, "status": status, "txn_no": txn_no}

    def ipn_params(self, payment, *, response="00", status="00", amount_vnd=None, secret=SECRET):
        amount = payment.amount_vnd if amount_vnd is None else amount_vnd
        params = {
            "vnp_Amount": str(amount * 100),
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": "VNP14226112",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": "Thanh toan phi, le phi ho so " + payment.dossier.code,
            "vnp_PayDate": "20260302091500",
            "vnp_ResponseCode": response,
            "vnp_TmnCode": TMN,
            "vnp_TransactionNo": "14226112",
            "vnp_TransactionStatus": status,
            "vnp_TxnRef": payment.reference,
        }
        return signed_query_string(params, secret)

    def api(self, url, payload):
        self.requests.append(payload)
        command = payload["vnp_Command"]
        request_fields = QUERY_REQ if command == "querydr" else REFUND_REQ
        answer = {
            "vnp_ResponseId": "R" + payload["vnp_RequestId"][:10],
            "vnp_Command": command,
            "vnp_TmnCode": TMN,
            "vnp_TxnRef": payload["vnp_TxnRef"],
            "vnp_OrderInfo": payload["vnp_OrderInfo"],
            "vnp_BankCode": "NCB",
            "vnp_PayDate": "20260302091500",
            "vnp_PromotionCode": "",
            "vnp_PromotionAmount": "",
        }
        txn = self.ledger.get(payload["vnp_TxnRef"])
        if self.fail_with:
            answer.update(vnp_ResponseCode=self.fail_with, vnp_Message="Error")
        elif hmac512(SECRET, piped(payload, request_fields)) != payload["vnp_SecureHash"]:
            answer.update(vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
        elif txn is None:
            answer.update(vnp_ResponseCode="91", vnp_Message="Transaction not found")
        elif command == "querydr":
            answer.update(
                vnp_ResponseCode="00",
                vnp_Message="QueryDR Success",
                vnp_Amount=str(txn["amount"] * 100),
                vnp_TransactionNo=txn["txn_no"],
                vnp_TransactionType="01",
                vnp_TransactionStatus=txn["status"],
            )
        else:
            answer.update(
                vnp_ResponseCode="00",
                vnp_Message="Refund success",
                vnp_Amount=payload["vnp_Amount"],
                vnp_TransactionNo=txn["txn_no"],
                vnp_TransactionType=payload["vnp_TransactionType"],
                vnp_TransactionStatus="05",
            )
        names = QUERY_ANS if command == "querydr" else REFUND_ANS
        answer["vnp_SecureHash"] = hmac512(SECRET, piped(answer, names))
        if self.tamper_answers:
            answer["vnp_Amount"] = "1"
        return answer


@pytest.fixture
def fee_dossier(receive):  # noqa: F811
    """A dossier with a 15.000 đ fee, received Mon 2/3/2026 09:00 at the counter."""
    return receive(when=dt.datetime(2026, 3, 2, 9, tzinfo=TZ))
