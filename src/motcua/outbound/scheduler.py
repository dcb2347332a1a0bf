"""Runs the periodic jobs of ``motcua.core.periodic`` from the worker, each once per
period even with several workers: the claim is the insert of the PeriodicRun row
(job, period start), unique in the database."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.core import periodic

from .models import PeriodicRun

logger = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, worker: str):
        self.worker = worker
        self._seen: dict[str, dt.datetime] = {}  # job → the last period start tried

    def run_due(self, now: dt.datetime | None = None) -> list[str]:
        """Run every job whose current period has not been claimed; the names run."""
        now = now or timezone.now()
        ran = []
        for job in periodic.jobs():
            start = job.period_start(now)
            if self._seen.get(job.name) == start:
                continue
            self._seen[job.name] = start
            try:
                with transaction.atomic():
                    run = PeriodicRun.objects.create(
                        job=job.name, period_start=start, worker=self.worker, started_at=now
                    )
            except IntegrityError:
                continue  # another worker has this period
            error = ""
            try:
                job.resolve()()
            except Exception as exc:  # a failing job is recorded, the worker goes on
                logger.exception("periodic job %s failed", job.name)
                error = f"{type(exc).__name__}: {exc}"[:2000]
            PeriodicRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), error=error)
            ran.append(job.name)
        return ran
