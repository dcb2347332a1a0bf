"""The portal's text messages (the code confirming a citizen's phone number) through the
outbox's SMS channel: ``settings.MOTCUA_SMS_SENDER`` points here, so portal (below
outbound) sends without importing it.

The message is written in the caller's transaction and delivered by the worker. Nothing
here logs the text: it holds the code.
"""

from __future__ import annotations

import logging

from . import outbox
from .channels import DeliveryError, channel
from .models import Message

logger = logging.getLogger(__name__)

PURPOSE = "portal.phone_code"


def send_sms(phone: str, text: str) -> Message | None:
    """Queue ``text`` to ``phone`` on the SMS channel (None when there is no SMS channel
    or no number: the citizen asks for a new code, the log says why without the code)."""
    try:
        plugin = channel("sms")
    except DeliveryError:
        logger.warning("portal SMS not queued: no SMS channel is configured")
        return None
    recipient = plugin.address(phone=phone or "")
    if not recipient:
        return None
    message = Message(purpose=PURPOSE, channel="sms", recipient=recipient, body=text)
    outbox.enqueue_once([message])
    return message
