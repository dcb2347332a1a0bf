"""VNPAY, protocol version 2.1.0 (sandbox.vnpayment.vn/apis/docs; docs/payments.md).

Pay: the payer's browser is sent to VNPAY_PAYMENT_URL with the ``vnp_`` parameters below,
signed. VNPAY then calls the IPN (GET, signed parameters, answered with JSON
{"RspCode", "Message"}) and sends the browser back to the return URL with the same
parameters. Only the IPN, or a transaction query (querydr), may mark a payment paid.

Signatures:
- pay, return and IPN: the ``vnp_`` parameters except vnp_SecureHash and
  vnp_SecureHashType, empty values left out, sorted by name, each name and value
  form-encoded (space as ``+``), ``name=value`` joined with ``&``; HMAC-SHA512 with the
  hash secret, in hex;
- querydr and refund (POST, JSON): fixed fields joined with ``|`` (QUERY_FIELDS,
  REFUND_FIELDS), and the answer's fields the same way (QUERY_ANSWER_FIELDS,
  REFUND_ANSWER_FIELDS).

Times (vnp_CreateDate, vnp_ExpireDate, vnp_PayDate) are Vietnam time, yyyyMMddHHmmss.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import unicodedata
import urllib.parse
import urllib.request
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from .base import GatewayMessage, NotificationOutcome, PaymentProvider, RefundResult, StartResult

VERSION = "2.1.0"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"
UNSIGNED = ("vnp_SecureHash", "vnp_SecureHashType")

QUERY_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
QUERY_ANSWER_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
    "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
    "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode",
    "vnp_PromotionAmount",
)  # fmt: skip
REFUND_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType",
    "vnp_TxnRef", "vnp_Amount", "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy",
    "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
REFUND_ANSWER_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
    "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
    "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo",
)  # fmt: skip

#: The merchant's answers to an IPN (VNPAY's sample code's messages).
IPN_ANSWERS = {
    NotificationOutcome.CONFIRMED: ("00", "Confirm Success"),
    NotificationOutcome.NOT_FOUND: ("01", "Order not found"),
    NotificationOutcome.ALREADY: ("02", "Order already confirmed"),
    NotificationOutcome.INVALID_AMOUNT: ("04", "Invalid amount"),
    NotificationOutcome.BAD_SIGNATURE: ("97", "Invalid signature"),
    NotificationOutcome.ERROR: ("99", "Unknown error"),
}

#: vnp_TransactionStatus values after which nothing more will happen to a payment.
FAILED_FINAL = {"02", "08", "11"}  # error, timed out, cancelled


# --- the protocol, pure functions ------------------------------------------------------------


def form_encode(value: str) -> str:
    """application/x-www-form-urlencoded, space as ``+``, as PHP's urlencode (VNPAY's
    reference code): every byte but letters, digits and ``-_.`` is %-escaped."""
    return urllib.parse.quote_plus(str(value), safe="").replace("~", "%7E")


def hash_data(params: Mapping[str, str]) -> str:
    """The string a pay, return or IPN signature is computed over."""
    pairs = sorted(
        (name, str(value))
        for name, value in params.items()
        if name.startswith("vnp_") and name not in UNSIGNED and str(value) != ""
    )
    return "&".join(f"{form_encode(name)}={form_encode(value)}" for name, value in pairs)


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode("utf-8"), data.encode("utf-8"), hashlib.sha512).hexdigest()


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac_sha512(secret, hash_data(params))


def signature_ok(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", ""))
    if not given or not secret:
        return False
    return hmac.compare_digest(sign(params, secret), given.lower())


def pipe_data(values: Mapping[str, object], fields: tuple[str, ...]) -> str:
    return "|".join("" if values.get(name) is None else str(values.get(name)) for name in fields)


def vn_time(moment: dt.datetime) -> str:
    return moment.astimezone(VN).strftime(DATE_FORMAT)


def parse_vn_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, DATE_FORMAT).replace(tzinfo=VN)
    except (TypeError, ValueError):
        return None


def ascii_text(text: str, limit: int = 255) -> str:
    """Vietnamese without diacritics (vnp_OrderInfo), kept to safe characters."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    kept = "".join(c for c in plain if c.isalnum() or c in " .,:-_/")
    return " ".join(kept.split())[:limit]


def amount_of(value) -> int | None:
    """vnp_Amount (đồng × 100) → đồng; None when it is not a whole number of đồng."""
    try:
        hundredths = int(str(value))
    except (TypeError, ValueError):
        return None
    if hundredths < 0 or hundredths % 100:
        return None
    return hundredths // 100


def post_json(url: str, payload: dict, timeout: float = 15) -> dict:
    """POST ``payload`` as JSON and read the JSON answer (the querydr/refund transport)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


# --- the provider ---------------------------------------------------------------------------


class VnpayProvider(PaymentProvider):
    label = "VNPAY (thẻ ATM, tài khoản ngân hàng, QR, thẻ quốc tế)"
    online = True
    can_query = True
    can_refund = True
    #: How querydr and refund reach VNPAY; tests replace it with a fake gateway.
    transport = staticmethod(post_json)

    # configuration (the sandbox provider overrides these)
    def tmn_code(self) -> str:
        return settings.VNPAY_TMN_CODE

    def secret(self) -> str:
        return settings.VNPAY_HASH_SECRET

    def payment_url(self) -> str:
        return settings.VNPAY_PAYMENT_URL

    def api_url(self) -> str:
        return settings.VNPAY_API_URL

    def is_enabled(self) -> bool:
        return bool(self.tmn_code() and self.secret())

    def return_url(self) -> str:
        base = settings.MOTCUA_PUBLIC_BASE_URL.rstrip("/")
        return base + reverse("payments-return", args=[self.code])

    def _post(self, payload: dict) -> dict:
        return type(self).transport(self.api_url(), payload)

    # pay
    def pay_params(self, payment, *, client_ip: str, now: dt.datetime) -> dict[str, str]:
        expires = now + dt.timedelta(minutes=settings.VNPAY_EXPIRE_MINUTES)
        return {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code(),
            "vnp_Amount": str(payment.amount_vnd * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": ascii_text(f"Thanh toan phi, le phi ho so {payment.dossier.code}"),
            "vnp_OrderType": "other",
            "vnp_ReturnUrl": self.return_url(),
            "vnp_CreateDate": vn_time(now),
            "vnp_ExpireDate": vn_time(expires),
            "vnp_IpAddr": client_ip or "127.0.0.1",
            "vnp_Locale": "vn",
        }

    def start(self, payment, *, client_ip: str, now: dt.datetime) -> StartResult:
        params = self.pay_params(payment, client_ip=client_ip, now=now)
        data = hash_data(params)
        url = f"{self.payment_url()}?{data}&vnp_SecureHash={hmac_sha512(self.secret(), data)}"
        return StartResult(
            redirect_url=url,
            gateway_create_date=params["vnp_CreateDate"],
            expires_at=parse_vn_time(params["vnp_ExpireDate"]),
        )

    # return and IPN
    def _read(self, params: Mapping[str, str]) -> GatewayMessage:
        params = {name: str(value) for name, value in params.items()}
        if not signature_ok(params, self.secret()):
            return GatewayMessage(signature_ok=False, raw=params)
        response = params.get("vnp_ResponseCode", "")
        status = params.get("vnp_TransactionStatus", "")
        return GatewayMessage(
            signature_ok=True,
            reference=params.get("vnp_TxnRef", ""),
            amount_vnd=amount_of(params.get("vnp_Amount")),
            success=response == "00" and status == "00",
            txn_no=params.get("vnp_TransactionNo", ""),
            bank_code=params.get("vnp_BankCode", ""),
            paid_at=parse_vn_time(params.get("vnp_PayDate", "")),
            response_code=response,
            raw=params,
        )

    def verify_return(self, params) -> GatewayMessage:
        return self._read(params)

    def read_notification(self, params) -> GatewayMessage:
        return self._read(params)

    def notification_answer(self, outcome: str) -> tuple[int, dict]:
        code, message = IPN_ANSWERS.get(outcome, IPN_ANSWERS[NotificationOutcome.ERROR])
        return 200, {"RspCode": code, "Message": message}

    # querydr
    def query_request(self, payment, *, now: dt.datetime) -> dict[str, str]:
        request = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code(),
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": ascii_text(f"Truy van giao dich {payment.reference}"),
            "vnp_TransactionDate": payment.gateway_create_date,
            "vnp_CreateDate": vn_time(now),
            "vnp_IpAddr": settings.VNPAY_SERVER_IP,
        }
        if payment.provider_txn_no:
            request["vnp_TransactionNo"] = payment.provider_txn_no
        request["vnp_SecureHash"] = hmac_sha512(self.secret(), pipe_data(request, QUERY_FIELDS))
        return request

    def query(self, payment, *, now: dt.datetime) -> GatewayMessage:
        answer = self._post(self.query_request(payment, now=now))
        expected = hmac_sha512(self.secret(), pipe_data(answer, QUERY_ANSWER_FIELDS))
        if not hmac.compare_digest(expected, str(answer.get("vnp_SecureHash", "")).lower()):
            return GatewayMessage(signature_ok=False, raw=answer)
        response = str(answer.get("vnp_ResponseCode", ""))
        status = str(answer.get("vnp_TransactionStatus", ""))
        if response == "91":  # no such transaction at VNPAY: the payer never paid
            return GatewayMessage(
                signature_ok=True, reference=payment.reference, response_code=response,
                success=False, final=True, raw=answer,
            )  # fmt: skip
        if response != "00":  # the query itself failed: try again later
            return GatewayMessage(
                signature_ok=True, reference=payment.reference, response_code=response,
                final=False, raw=answer,
            )  # fmt: skip
        return GatewayMessage(
            signature_ok=True,
            reference=str(answer.get("vnp_TxnRef", "")),
            amount_vnd=amount_of(answer.get("vnp_Amount")),
            success=status == "00",
            final=status == "00" or status in FAILED_FINAL,
            txn_no=str(answer.get("vnp_TransactionNo", "")),
            bank_code=str(answer.get("vnp_BankCode", "")),
            paid_at=parse_vn_time(str(answer.get("vnp_PayDate", ""))),
            response_code=status,
            raw=answer,
        )

    # refund
    def refund_request(self, payment, *, amount_vnd: int, actor, now: dt.datetime) -> dict:
        request = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code(),
            "vnp_TransactionType": "02" if amount_vnd == payment.amount_vnd else "03",
            "vnp_TxnRef": payment.reference,
            "vnp_Amount": str(amount_vnd * 100),
            "vnp_OrderInfo": ascii_text(f"Hoan tien giao dich {payment.reference}"),
            "vnp_TransactionNo": payment.provider_txn_no,
            "vnp_TransactionDate": payment.gateway_create_date,
            "vnp_CreateBy": ascii_text(getattr(actor, "username", "") or "motcua", 100),
            "vnp_CreateDate": vn_time(now),
            "vnp_IpAddr": settings.VNPAY_SERVER_IP,
        }
        request["vnp_SecureHash"] = hmac_sha512(self.secret(), pipe_data(request, REFUND_FIELDS))
        return request

    def refund(self, payment, *, amount_vnd, actor, now) -> RefundResult:
        answer = self._post(
            self.refund_request(payment, amount_vnd=amount_vnd, actor=actor, now=now)
        )
        expected = hmac_sha512(self.secret(), pipe_data(answer, REFUND_ANSWER_FIELDS))
        if not hmac.compare_digest(expected, str(answer.get("vnp_SecureHash", "")).lower()):
            return RefundResult(
                ok=False, message="Chữ ký phản hồi hoàn tiền của VNPAY không hợp lệ."
            )
        if str(answer.get("vnp_ResponseCode")) != "00":
            return RefundResult(
                ok=False,
                message=f"Cổng thanh toán từ chối hoàn tiền (mã {answer.get('vnp_ResponseCode')}: "
                f"{answer.get('vnp_Message', '')}).",
            )
        return RefundResult(ok=True, provider_reference=str(answer.get("vnp_TransactionNo", "")))
