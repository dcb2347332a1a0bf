"""Writes on the outbox by people: resending a dead letter."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.org.permissions import Perm, require

from .models import Message, MessageAudit, MessageAuditKind, MessageStatus


def require_manager(actor, message: Message) -> None:
    """The agency's admin (quản trị cơ quan) of the message's agency; a message without an
    agency is the system's: superusers only."""
    if message.agency is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDeniedError()
        return
    require(actor, Perm.MANAGE_STAFF, message.agency)


@transaction.atomic
def resend(*, actor, message: Message) -> Message:
    """Gửi lại một tin đã gửi không được: back to the queue with its attempts reset and the
    same idempotency key (a receiver that did get it drops the copy); an audit row keeps
    who did it and the error the message had."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    require_manager(actor, message)
    if message.status != MessageStatus.DEAD:
        raise DomainError("message_not_dead", "Chỉ gửi lại được tin đã gửi không thành công.")
    now = timezone.now()
    MessageAudit.objects.create(
        message=message, kind=MessageAuditKind.RESENT, actor=actor, at=now, note=message.last_error
    )
    message.status = MessageStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = now
    message.claimed_by = ""
    message.lease_until = None
    message.save()
    return message
