"""Text messages to citizens (SMS codes confirming a phone number).

``MOTCUA_SMS_SENDER`` names the sender (a callable taking the phone number and the text).
The product's setting is the outbox (``motcua.outbound.portal.send_sms``: the SMS channel,
delivered by the worker), named by a dotted path because portal sits below outbound. With
no sender the message is dropped and the log says so: the text holds a code, so it is
never logged, nor the whole number.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("motcua.sms")


def masked(phone: str) -> str:
    return "…" + phone[-3:] if len(phone) > 3 else "…"


def console_sender(phone: str, text: str) -> None:
    logger.warning(
        "SMS to %s not sent: no MOTCUA_SMS_SENDER (%d characters)", masked(phone), len(text)
    )


def send_sms(phone: str, text: str) -> None:
    sender = getattr(settings, "MOTCUA_SMS_SENDER", "")
    (import_string(sender) if sender else console_sender)(phone, text)
