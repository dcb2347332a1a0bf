"""The worker's heartbeat, and the /healthz check that reads it
(``settings.MOTCUA_HEALTH_CHECKS["worker"]``).

Each worker updates its own ``WorkerHeartbeat`` row as its loop turns — at most every
``MOTCUA_WORKER_HEARTBEAT_SECONDS`` (15), so an idle worker writes four updates a minute,
not one a second. The check is healthy when the newest row is younger than
``MOTCUA_HEALTH_WORKER_MAX_AGE_SECONDS`` (300: the outbox lease plus a margin): a worker
stopped, killed or stuck in a step stops beating and /healthz answers 503.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .models import WorkerHeartbeat


class Heartbeat:
    """One worker's beat, throttled in memory."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.last: dt.datetime | None = None

    def beat(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        every = dt.timedelta(seconds=settings.MOTCUA_WORKER_HEARTBEAT_SECONDS)
        if self.last is not None and now - self.last < every:
            return False
        WorkerHeartbeat.objects.update_or_create(
            worker=self.worker_id[:64],
            defaults={"seen_at": now},
            create_defaults={"seen_at": now, "started_at": self.started_at},
        )
        self.last = now
        return True


def worker_heartbeat() -> tuple[bool, dict]:
    """Healthy when some worker beat within the allowed age. Details: seconds since the
    newest beat and the limit (no worker names: they hold host names)."""
    max_age = settings.MOTCUA_HEALTH_WORKER_MAX_AGE_SECONDS
    newest = WorkerHeartbeat.objects.aggregate(newest=Max("seen_at"))["newest"]
    if newest is None:
        return False, {"error": "never seen", "max_age_s": max_age}
    age = max(0, int((timezone.now() - newest).total_seconds()))
    return age <= max_age, {"age_s": age, "max_age_s": max_age}


def prune_heartbeats(days: int = 1) -> int:
    """Forget the rows of workers not seen for ``days`` (workers are named per process)."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return deleted
