"""SMS through a generic HTTP brandname gateway.

Options: ``URL`` (the gateway's send endpoint), ``USERNAME``/``PASSWORD`` (HTTP basic
authentication), ``BRANDNAME`` (the registered sender name), ``TIMEOUT``. The request is
one JSON POST::

    {"to": "84912345678", "brandname": "UBND PHUONG", "message": "…", "request_id": "<key>"}

with the header ``Idempotency-Key: <key>``; a 2xx answer is success (its ``id`` or
``message_id`` is kept as the reference). Vietnamese brandname gateways differ in field
names: a province adapts this class (or subclasses it) to its contract, the outbox does not
change.
"""

from __future__ import annotations

import base64

from .base import Channel, DeliveryError, post_json


def international(phone: str) -> str:
    """'0912345678' → '84912345678' (the gateways' and Zalo's format)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0"):
        return "84" + digits[1:]
    return digits


class HttpSmsChannel(Channel):
    def send(self, message) -> str:
        url = self.options.get("URL")
        if not url:
            raise DeliveryError("Chưa cấu hình địa chỉ cổng SMS (MOTCUA_SMS_URL).", permanent=True)
        headers = {"Idempotency-Key": str(message.key)}
        user, password = self.options.get("USERNAME", ""), self.options.get("PASSWORD", "")
        if user:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        answer = post_json(
            url,
            {
                "to": international(message.recipient),
                "brandname": self.options.get("BRANDNAME", ""),
                "message": message.body,
                "request_id": str(message.key),
            },
            headers=headers,
            timeout=float(self.options.get("TIMEOUT", 10)),
        )
        return str(answer.get("id") or answer.get("message_id") or "")
