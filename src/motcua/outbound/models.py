"""The outbox: messages to send, their audit trail, and the periodic jobs' claim rows.

A message is written in the same transaction as the event that caused it
(``citizen.on_event_recorded``), then delivered by the worker after commit
(``outbox.deliver_batch``): at least once, with ``key`` as the idempotency key the
receiver is given, retried with exponential backoff, and after the last attempt kept
as a dead letter that an admin can see and resend (``services.resend``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    DEAD = "dead", "Gửi không được"


class Message(models.Model):
    key = models.UUIDField("khóa chống gửi trùng", default=uuid.uuid4, unique=True, editable=False)
    # What caused it: "dossier.<event kind>" for a citizen message. With the event and the
    # channel it is unique, so an event produces its messages once.
    purpose = models.CharField("loại tin", max_length=60)
    channel = models.CharField("kênh", max_length=20)
    recipient = models.CharField("người nhận", max_length=255)
    subject = models.CharField("tiêu đề", max_length=255, blank=True)
    body = models.TextField("nội dung")
    # Named values for template channels (Zalo ZNS template_data).
    params = models.JSONField("tham số", default=dict, blank=True)
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Events are append-only; only a test or bench cleanup deletes one, and its messages go.
    source_event = models.ForeignKey(
        "dossiers.DossierEvent", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What caused a message that has no dossier event ("org.notice:<id>",
    # "payments.payment:<id>"): with the channel and the purpose it is unique, so a notice
    # or a payment speaks once. Empty for messages that may repeat (a code, a link resent).
    source = models.CharField("nguồn", max_length=80, blank=True, default="")

    status = models.CharField(
        "trạng thái", max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    max_attempts = models.PositiveSmallIntegerField(default=6)
    next_attempt_at = models.DateTimeField("gửi lúc")
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    provider_ref = models.CharField("mã của bên nhận", max_length=255, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    sent_at = models.DateTimeField("gửi xong lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_event", "channel", "purpose"],
                condition=Q(source_event__isnull=False),
                name="outbound_message_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["source", "channel", "purpose"],
                condition=~Q(source=""),
                name="outbound_message_once_per_source",
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(lease_until__isnull=False),
                name="outbound_message_sending_has_lease",
            ),
        ]
        indexes = [
            # The worker's claim: due pending rows, and sending rows whose lease ran out.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status__in=["pending", "sending"]),
                name="outbound_message_due_idx",
            ),
            models.Index(fields=["agency", "status"], name="outbound_message_agency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.purpose} ({self.status})"

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)


CHANNEL_LABELS = {"email": "Thư điện tử", "sms": "SMS", "zalo": "Zalo"}


class MessageAuditKind(models.TextChoices):
    RESENT = "resent", "Gửi lại"
    REQUESTED = "requested", "Cán bộ yêu cầu gửi"  # e.g. the payment link sent from the counter


class MessageAudit(models.Model):
    """An admin's action on a message (append-only)."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(max_length=20, choices=MessageAuditKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)  # e.g. the error the message had

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.kind}"


class PeriodicRun(models.Model):
    """One run of a periodic job for one period: the row is the claim. Whoever inserts
    it runs the job; a second worker's insert hits the unique constraint and skips."""

    job = models.CharField(max_length=100)
    period_start = models.DateTimeField()
    worker = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-period_start", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period_start"], name="outbound_periodic_once")
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """A worker's last sign of life: each worker updates its row as its loop turns (at most
    every ``MOTCUA_WORKER_HEARTBEAT_SECONDS``); /healthz reads the newest (outbound.health)."""

    worker = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
