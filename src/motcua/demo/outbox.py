"""The outbox of the demo: the demo's dossiers were generated through the services, so
every past event wrote its citizen messages. A real system would have sent them when they
happened; here they are marked sent at the moment of their event (the payments' and the
staff notices' messages at their creation) (so `make run`'s worker
does not print three months of SMS at start), except two recent ones left as dead letters
— the gateway "was down" — for the admin's Hộp thư đi page to show and resend."""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery

from motcua.dossiers.models import DossierEvent
from motcua.outbound.models import Message, MessageStatus

DEAD_ERROR = "HTTP 503: cổng SMS đang bảo trì (dữ liệu mẫu)"


def load() -> None:
    # The messages of the demo's past payments and staff notices (``source``): sent then.
    Message.objects.filter(status=MessageStatus.PENDING, source_event__isnull=True).exclude(
        source=""
    ).update(status=MessageStatus.SENT, attempts=1, sent_at=F("created_at"))
    pending = Message.objects.filter(status=MessageStatus.PENDING, source_event__isnull=False)
    if not pending.exists():
        return
    dead = list(
        pending.filter(channel="sms").order_by("-source_event__at").values_list("pk", flat=True)[:2]
    )
    pending.exclude(pk__in=dead).update(
        status=MessageStatus.SENT,
        attempts=1,
        sent_at=Subquery(DossierEvent.objects.filter(pk=OuterRef("source_event_id")).values("at")),
    )
    Message.objects.filter(pk__in=dead).update(
        status=MessageStatus.DEAD, attempts=F("max_attempts"), last_error=DEAD_ERROR
    )
