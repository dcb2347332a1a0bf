"""Cổng thanh toán thử nghiệm: VNPAY's protocol against a fake gateway served by this site.

For the demo and the browser tests: the payment page sends the payer to local pages
(views.sandbox_gateway) with the same signed ``vnp_`` parameters VNPAY gets; their "Thanh
toán" / "Không thanh toán" buttons do what the gateway does — a signed notification to the
IPN handler first, then the browser back to the return URL with the signed result. Its
querydr and refund answer from its own ledger (SandboxTransaction), signed like VNPAY's.

Enabled by MOTCUA_PAYMENT_SANDBOX (default: on with DEBUG). Never enable it in production:
anybody could "pay" there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .vnpay import (
    QUERY_ANSWER_FIELDS,
    QUERY_FIELDS,
    REFUND_ANSWER_FIELDS,
    REFUND_FIELDS,
    VnpayProvider,
    amount_of,
    hmac_sha512,
    pipe_data,
    vn_time,
)

TMN_CODE = "MOTCUASB"


def sandbox_secret() -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), b"motcua.payments.sandbox", hashlib.sha256
    ).hexdigest()


def gateway_api(url: str, payload: dict) -> dict:
    """The fake gateway's querydr/refund endpoint (in-process: nothing leaves the server)."""
    from motcua.payments.models import SandboxTransaction

    secret = sandbox_secret()
    command = payload.get("vnp_Command")
    fields = QUERY_FIELDS if command == "querydr" else REFUND_FIELDS
    answer = {
        "vnp_ResponseId": secrets.token_hex(8),
        "vnp_Command": command,
        "vnp_TmnCode": TMN_CODE,
        "vnp_TxnRef": payload.get("vnp_TxnRef", ""),
        "vnp_OrderInfo": payload.get("vnp_OrderInfo", ""),
    }
    txn = SandboxTransaction.objects.filter(reference=payload.get("vnp_TxnRef", "")).first()
    if not hmac.compare_digest(
        hmac_sha512(secret, pipe_data(payload, fields)), str(payload.get("vnp_SecureHash", ""))
    ):
        answer.update(vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
    elif txn is None:
        answer.update(vnp_ResponseCode="91", vnp_Message="Transaction not found")
    elif command == "refund":
        amount = amount_of(payload.get("vnp_Amount")) or 0
        if txn.status != "00" or amount <= 0 or amount > txn.amount_vnd - txn.refunded_vnd:
            answer.update(vnp_ResponseCode="93", vnp_Message="Invalid amount")
        else:
            txn.refunded_vnd += amount
            txn.save(update_fields=["refunded_vnd"])
            answer.update(
                vnp_ResponseCode="00", vnp_Message="Refund success",
                vnp_Amount=str(amount * 100), vnp_TransactionType=payload["vnp_TransactionType"],
                vnp_TransactionStatus="05",
            )  # fmt: skip
    else:
        answer.update(
            vnp_ResponseCode="00", vnp_Message="QueryDR Success",
            vnp_Amount=str(txn.amount_vnd * 100), vnp_TransactionType="01",
            vnp_TransactionStatus=txn.status, vnp_PromotionCode="", vnp_PromotionAmount="",
        )  # fmt: skip
    answer.setdefault("vnp_Amount", "")
    answer.setdefault("vnp_TransactionType", "")
    answer.setdefault("vnp_TransactionStatus", "")
    answer.update(
        vnp_BankCode=txn.bank_code if txn else "",
        vnp_PayDate=txn.pay_date if txn else "",
        vnp_TransactionNo=txn.txn_no if txn else "",
    )
    answer_fields = QUERY_ANSWER_FIELDS if command == "querydr" else REFUND_ANSWER_FIELDS
    answer["vnp_SecureHash"] = hmac_sha512(secret, pipe_data(answer, answer_fields))
    return answer


def record_gateway_result(params: dict, *, paid: bool) -> None:
    """Keep what the fake gateway decided in its ledger."""
    from motcua.payments.models import SandboxTransaction

    SandboxTransaction.objects.update_or_create(
        reference=params["vnp_TxnRef"],
        defaults={
            "amount_vnd": amount_of(params["vnp_Amount"]) or 0,
            "status": "00" if paid else "02",
            "response_code": params["vnp_ResponseCode"],
            "txn_no": params["vnp_TransactionNo"],
            "pay_date": params["vnp_PayDate"],
        },
    )


def result_params(request_params: dict, *, paid: bool, now: dt.datetime | None = None) -> dict:
    """The signed parameters the gateway sends to the IPN and the return URL."""
    from .vnpay import sign

    now = now or timezone.now()
    params = {
        "vnp_Amount": request_params["vnp_Amount"],
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{secrets.randbelow(10**8):08d}" if paid else "",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": request_params.get("vnp_OrderInfo", ""),
        "vnp_PayDate": vn_time(now),
        "vnp_ResponseCode": "00" if paid else "24",
        "vnp_TmnCode": request_params["vnp_TmnCode"],
        "vnp_TransactionNo": f"{secrets.randbelow(10**8):08d}" if paid else "0",
        "vnp_TransactionStatus": "00" if paid else "02",
        "vnp_TxnRef": request_params["vnp_TxnRef"],
    }
    params = {k: v for k, v in params.items() if v != ""}
    params["vnp_SecureHash"] = sign(params, sandbox_secret())
    return params


class SandboxProvider(VnpayProvider):
    label = "Cổng thanh toán thử nghiệm (không thu tiền thật)"
    transport = staticmethod(gateway_api)

    def tmn_code(self) -> str:
        return TMN_CODE

    def secret(self) -> str:
        return sandbox_secret()

    def payment_url(self) -> str:
        return reverse("payments-sandbox-gateway")

    def api_url(self) -> str:
        return "sandbox://transaction"

    def return_url(self) -> str:
        # A path: the fake gateway is this site, whatever its host and port.
        return reverse("payments-return", args=[self.code])

    def is_enabled(self) -> bool:
        return bool(settings.MOTCUA_PAYMENT_SANDBOX)
