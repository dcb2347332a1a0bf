"""Email through Django's email backends (EMAIL_BACKEND: console in development, locmem in
tests, SMTP in production)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from .base import Channel, DeliveryError


class EmailChannel(Channel):
    address_kind = "email"

    def send(self, message) -> str:
        email = EmailMessage(
            subject=message.subject or "Thông báo về hồ sơ",
            body=message.body,
            from_email=self.options.get("FROM") or None,
            to=[message.recipient],
            # A receiver (or a mail relay) that keeps message ids drops a second copy.
            headers={
                "Message-ID": f"<{message.key}@motcua>",
                "X-Idempotency-Key": str(message.key),
            },
        )
        try:
            sent = email.send(fail_silently=False)
        except (OSError, ValueError) as exc:  # smtplib's errors are OSErrors
            raise DeliveryError(f"Không gửi được thư: {exc}") from exc
        if not sent:
            raise DeliveryError("Máy chủ thư không nhận thư.")
        return f"<{message.key}@motcua>"


__all__ = ["BaseEmailBackend", "EmailChannel"]
