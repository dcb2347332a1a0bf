"""Periodic jobs: a registry of (name, period, callable) that the worker runs on schedule.

The registry lives in core so that every app can register its jobs without the worker
(``motcua.outbound.scheduler``) importing the app — an app calls ``register`` from its
``AppConfig.ready``, or the deployment lists jobs in ``settings.MOTCUA_PERIODIC_JOBS`` as
``(name, period in seconds, "dotted.path.to.callable")``. The worker runs each job once
per period, even with several workers: the first to insert the claim row of
(job, period start) runs it, the others see the row and skip (outbound.PeriodicRun).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # stable: the claim rows are keyed by it
    period: dt.timedelta
    func: Callable[[], object] | str  # a callable, or the dotted path of one

    def resolve(self) -> Callable[[], object]:
        return import_string(self.func) if isinstance(self.func, str) else self.func

    def period_start(self, now: dt.datetime) -> dt.datetime:
        """The start of the period ``now`` falls in (periods are aligned on the epoch in
        UTC, so every worker computes the same start)."""
        seconds = int(self.period.total_seconds())
        epoch = int(now.timestamp())
        return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


_registered: dict[str, PeriodicJob] = {}


def register(name: str, period: dt.timedelta, func: Callable[[], object] | str) -> None:
    """Add a job (idempotent per name: a second ready() replaces the first)."""
    if period.total_seconds() < 1:
        raise ValueError("A periodic job's period is at least one second.")
    _registered[name] = PeriodicJob(name, period, func)


def jobs() -> list[PeriodicJob]:
    """Every job: the registered ones and those of settings.MOTCUA_PERIODIC_JOBS."""
    found = dict(_registered)
    for name, seconds, path in getattr(settings, "MOTCUA_PERIODIC_JOBS", []):
        found[name] = PeriodicJob(name, dt.timedelta(seconds=seconds), path)
    return sorted(found.values(), key=lambda job: job.name)
