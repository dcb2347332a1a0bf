"""Zalo Official Account: ZNS template messages (Zalo Notification Service).

ZNS sends only templates that Zalo approved beforehand, filled with named values. The
request (POST ``https://business.openapi.zalo.me/message/template``, header
``access_token``) is::

    {"phone": "84912345678", "template_id": "…", "template_data": {…}, "tracking_id": "<key>"}

and the answer ``{"error": 0, "message": "Success", "data": {"msg_id": "…"}}``; a non-zero
``error`` is a failure. ``tracking_id`` carries the message's idempotency key (Zalo echoes
it in delivery reports). Options: ``URL``, ``ACCESS_TOKEN``, ``TEMPLATES`` (the approved
template id of each message kind: {"received": "…", …}), ``TIMEOUT``. The access token
expires (Zalo's OAuth refresh, about a day): refreshing it is the deployment's job for now.
"""

from __future__ import annotations

from .base import Channel, DeliveryError, post_json
from .sms import international


class ZaloZnsChannel(Channel):
    def send(self, message) -> str:
        kind = message.purpose.split(".", 1)[-1]
        template_id = (self.options.get("TEMPLATES") or {}).get(kind)
        if not template_id:
            raise DeliveryError(
                f"Chưa có mẫu ZNS được duyệt cho loại tin «{kind}».", permanent=True
            )
        token = self.options.get("ACCESS_TOKEN")
        if not token:
            raise DeliveryError("Chưa cấu hình access token của Zalo OA.", permanent=True)
        answer = post_json(
            self.options["URL"],
            {
                "phone": international(message.recipient),
                "template_id": template_id,
                "template_data": {k: str(v) for k, v in message.params.items()},
                "tracking_id": str(message.key),
            },
            headers={"access_token": token},
            timeout=float(self.options.get("TIMEOUT", 10)),
        )
        error = answer.get("error", -1)
        if error != 0:
            raise DeliveryError(f"Zalo ZNS lỗi {error}: {answer.get('message', '')}")
        return str((answer.get("data") or {}).get("msg_id", ""))
