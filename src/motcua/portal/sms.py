"""Text messages to citizens (SMS codes confirming a phone number).

Until the outbox and its notification channels exist (motcua.outbound), the only sender
writes the message to the log (logger ``motcua.sms``, shown on the console by `make run`):
no text reaches a phone. ``MOTCUA_SMS_SENDER`` names the sender (a callable taking the
phone number and the text); a real gateway plugs in there.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("motcua.sms")


def console_sender(phone: str, text: str) -> None:
    logger.info("SMS to %s: %s", phone, text)


def send_sms(phone: str, text: str) -> None:
    sender = getattr(settings, "MOTCUA_SMS_SENDER", "")
    (import_string(sender) if sender else console_sender)(phone, text)
