"""Recompute the due moments of open dossiers after a working-calendar change.

Connected to workcal's ``calendar_changed`` (apps.py) and run by
``manage.py recompute_due``. Each changed dossier gets a ``due_recomputed`` event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from motcua.org.models import Agency

from . import services
from .models import OPEN_STATUSES, Dossier


@dataclass
class RecomputeResult:
    total: int = 0
    changed: int = 0


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def affected(agency: Agency, date_from: dt.date | None, date_to: dt.date | None):
    """Open dossiers under ``agency`` whose clock runs across [date_from, date_to]."""
    subtree = Agency.objects.subtree_of([agency.pk])
    qs = Dossier.objects.filter(status__in=OPEN_STATUSES, legal_due_at__isnull=False).filter(
        Q(competent_unit__in=subtree) | Q(ward__in=subtree)
    )
    if date_to is not None:
        qs = qs.filter(received_at__lt=_day_start(date_to + dt.timedelta(days=1)))
    if date_from is not None:
        # Paused dossiers may move whatever their current due moment says.
        qs = qs.filter(
            Q(due_at__gte=_day_start(date_from))
            | Q(legal_due_at__gte=_day_start(date_from))
            | Q(paused_at__isnull=False)
        )
    return qs.order_by("pk")


def recompute(
    *,
    agency: Agency,
    reason: str,
    actor=None,
    date_from=None,
    date_to=None,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 200,
) -> RecomputeResult:
    ids = list(affected(agency, date_from, date_to).values_list("pk", flat=True))
    result = RecomputeResult(total=len(ids))
    for offset in range(0, len(ids), batch):
        for dossier in Dossier.objects.filter(pk__in=ids[offset : offset + batch]):
            result.changed += services.recompute_due(dossier=dossier, actor=actor, reason=reason)
        if progress:
            progress(min(offset + batch, len(ids)), len(ids))
    return result


CHANGE_LABELS = {
    "override_added": "Thêm ngày điều chỉnh lịch",
    "override_removed": "Xóa ngày điều chỉnh lịch",
    "periods_changed": "Thay đổi giờ làm việc",
}


def on_calendar_changed(*, agency, date_from, date_to, change, actor=None, reason="", **kwargs):
    label = CHANGE_LABELS.get(change, change)
    recompute(
        agency=agency,
        actor=actor,
        date_from=date_from,
        date_to=date_to,
        reason=f"{label}: {reason}" if reason else label,
    )
