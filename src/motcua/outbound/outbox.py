"""Writing to the outbox and delivering from it.

Delivery (the worker's ``deliver_batch``):

1. **Claim** a batch in a short transaction: the due rows (pending and due, or sending with
   an expired lease) are selected ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite has no
   row locks and runs one worker) and marked ``sending`` with this worker's id and a lease;
   the attempt is counted. Two workers never claim the same row.
2. **Send** each message through its channel, outside any transaction, then record the
   outcome in its own short transaction, only if the row is still this worker's claim:
   ``sent``; or back to ``pending`` at ``now + backoff × 2^(attempts-1)``; or ``dead``
   after the last attempt (or a permanent refusal).
3. A worker killed (``kill -9``) in the middle leaves its claimed rows ``sending``; when the
   lease expires any worker claims them again. Only the message that was on the wire when
   the worker died can arrive twice — the receiver got it but the worker could not record
   it — and it carries the same idempotency key (``Message.key``) both times.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import socket
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .channels import DeliveryError, channel
from .models import Message, MessageStatus

logger = logging.getLogger(__name__)


def worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def enqueue(
    *,
    purpose: str,
    channel: str,
    recipient: str,
    body: str,
    subject: str = "",
    params: dict | None = None,
    agency=None,
    dossier=None,
    source_event=None,
    at: dt.datetime | None = None,
) -> Message:
    """Write one message to send (in the caller's transaction: it leaves only if the
    caller commits)."""
    return Message.objects.create(
        purpose=purpose,
        channel=channel,
        recipient=recipient,
        subject=subject[:255],
        body=body,
        params=params or {},
        agency=agency,
        dossier=dossier,
        source_event=source_event,
        next_attempt_at=at or timezone.now(),
        max_attempts=settings.MOTCUA_OUTBOX_MAX_ATTEMPTS,
    )


def enqueue_once(messages: list[Message]) -> None:
    """Write ``messages`` in one INSERT, leaving out any that is already there (the unique
    event × channel × purpose): an event that is announced again speaks once. No savepoint,
    so it costs the event's transaction one statement."""
    now = timezone.now()
    for message in messages:
        message.subject = message.subject[:255]
        message.next_attempt_at = message.next_attempt_at or now
        message.max_attempts = settings.MOTCUA_OUTBOX_MAX_ATTEMPTS
    Message.objects.bulk_create(messages, ignore_conflicts=True)


def backoff(attempts: int) -> dt.timedelta:
    """Wait before attempt ``attempts + 1``: base × 2^(attempts-1), at most a day."""
    seconds = settings.MOTCUA_OUTBOX_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)
    return dt.timedelta(seconds=min(seconds, 86400))


def due(now: dt.datetime):
    return Message.objects.filter(
        Q(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        | Q(status=MessageStatus.SENDING, lease_until__lt=now)
    )


def claim(worker: str, *, limit: int | None = None, now: dt.datetime | None = None) -> list[int]:
    """Claim up to ``limit`` due messages for ``worker``; their ids, oldest first."""
    now = now or timezone.now()
    limit = limit or settings.MOTCUA_OUTBOX_BATCH
    lease = now + dt.timedelta(seconds=settings.MOTCUA_OUTBOX_LEASE_SECONDS)
    with transaction.atomic():
        ids = list(
            due(now)
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            Message.objects.filter(id__in=ids).update(
                status=MessageStatus.SENDING,
                claimed_by=worker,
                lease_until=lease,
                attempts=F("attempts") + 1,
            )
    return ids


@dataclasses.dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    released: int = 0


@contextlib.contextmanager
def relaxed_commits():
    """On PostgreSQL, while delivering a batch, let each outcome's commit return before its
    WAL reaches the disk (``synchronous_commit = off`` for this session, reset after), when
    ``MOTCUA_OUTBOX_ASYNC_COMMIT``. A killed worker loses nothing by it (the server has the
    commit); only a crash of PostgreSQL itself can forget the last fraction of a second of
    outcomes, and those messages are then sent again with the same key — at least once
    still holds. Recording an outcome then costs one statement, not a disk flush."""
    relaxed = settings.MOTCUA_OUTBOX_ASYNC_COMMIT and connection.vendor == "postgresql"
    if relaxed:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        if relaxed and connection.connection is not None and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


#: Purposes whose text is a secret (a one-time code): once delivered, the stored text is
#: replaced, so the outbox page and the admin do not show a code that still works.
SECRET_PURPOSES = frozenset({"portal.phone_code"})
DELIVERED_SECRET = "[Đã gửi; nội dung chứa mã xác minh nên không được lưu lại.]"


def _finish(message_id: int, worker: str, **values) -> bool:
    """Record an outcome, only while the row is still ``worker``'s claim."""
    # One statement, committed on its own (autocommit) or with the caller's transaction.
    return bool(
        Message.objects.filter(
            id=message_id, status=MessageStatus.SENDING, claimed_by=worker
        ).update(**values)
    )


def deliver_one(message: Message, worker: str, result: BatchResult) -> None:
    now = timezone.now()
    try:
        reference = channel(message.channel).send(message)
    except DeliveryError as exc:
        error = str(exc)[:2000]
        if exc.permanent or message.attempts >= message.max_attempts:
            _finish(
                message.id, worker, status=MessageStatus.DEAD, last_error=error, lease_until=None
            )
            result.dead += 1
            logger.warning("outbox: message %s is a dead letter: %s", message.id, error)
        else:
            _finish(
                message.id,
                worker,
                status=MessageStatus.PENDING,
                last_error=error,
                lease_until=None,
                next_attempt_at=now + backoff(message.attempts),
            )
            result.retried += 1
        return
    except Exception as exc:  # a bug in a channel: retried like a failure, never lost
        logger.exception("outbox: channel %s failed on message %s", message.channel, message.id)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        final = message.attempts >= message.max_attempts
        _finish(
            message.id,
            worker,
            status=MessageStatus.DEAD if final else MessageStatus.PENDING,
            last_error=error,
            lease_until=None,
            next_attempt_at=now + backoff(message.attempts),
        )
        if final:
            result.dead += 1
        else:
            result.retried += 1
        return
    if _finish(
        message.id,
        worker,
        status=MessageStatus.SENT,
        sent_at=now,
        lease_until=None,
        last_error="",
        provider_ref=str(reference or "")[:255],
        **({"body": DELIVERED_SECRET} if message.purpose in SECRET_PURPOSES else {}),
    ):
        result.sent += 1


def deliver_batch(worker: str, *, limit: int | None = None) -> BatchResult:
    """Claim and deliver one batch; what happened."""
    ids = claim(worker, limit=limit)
    result = BatchResult(claimed=len(ids))
    if not ids:
        return result
    with relaxed_commits():
        rows = list(Message.objects.filter(id__in=ids).order_by("next_attempt_at", "id"))
        for position, message in enumerate(rows):
            if timezone.now() >= message.lease_until:
                # The batch outlived its lease (a slow gateway): another worker may claim
                # these rows now, so sending them here could send them twice. Hand the rest
                # back, attempt uncounted.
                result.released = release([m.id for m in rows[position:]], worker)
                break
            deliver_one(message, worker, result)
    return result


def release(ids: list[int], worker: str) -> int:
    """Give claimed messages back to the queue (their attempt not counted)."""
    return Message.objects.filter(
        id__in=ids, status=MessageStatus.SENDING, claimed_by=worker
    ).update(
        status=MessageStatus.PENDING,
        claimed_by="",
        lease_until=None,
        attempts=F("attempts") - 1,
    )


def deliver_all(worker: str | None = None, *, limit: int | None = None) -> BatchResult:
    """Deliver until nothing is due (tests, the bench, `manage.py worker --once`)."""
    worker = worker or worker_id()
    total = BatchResult()
    while True:
        batch = deliver_batch(worker, limit=limit)
        if not batch.claimed:
            return total
        for field in ("claimed", "sent", "retried", "dead"):
            setattr(total, field, getattr(total, field) + getattr(batch, field))
