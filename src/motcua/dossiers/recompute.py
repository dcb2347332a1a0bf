"""Recompute the due moments of open dossiers after a working-calendar change.

A change of the calendar (workcal's ``calendar_changed``) or the staff page starts a
RecomputeRun and hands it to the worker (``tasks.recompute_run``), which advances it in
batches while the staff page shows the progress; ``manage.py recompute_due`` does the same
from a shell. Each dossier whose due moment moves gets a ``due_recomputed`` event (and,
through it, its applicant is told of the new appointment).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.org.models import Agency
from motcua.org.permissions import Perm, require
from motcua.workcal.calendars import calendar_without, national_calendar

from . import clock, services
from .calendar import DossierCalendar
from .clock_reads import clock_events_of, deadline_plan
from .models import OPEN_STATUSES, Dossier, RecomputeRun

BATCH = 200


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
        # A paused dossier may move whatever its current due moment says.
        since = _day_start(date_from)
        qs = qs.filter(
            Q(due_at__gte=since) | Q(legal_due_at__gte=since) | Q(paused_at__isnull=False)
        )
    return qs


@dataclass(frozen=True)
class MovedAppointment:
    """A row of the removal's confirmation page (plain values: workcal renders it)."""

    code: str
    url: str
    applicant_name: str
    old_due: dt.datetime
    new_due: dt.datetime


def preview_override_removal(override) -> list[MovedAppointment]:
    """The open dossiers whose appointment would move if ``override`` were removed, with
    the appointment they hold and the one they would get: the clock replayed on the
    calendar without it, read only (nothing is written, no cache is touched)."""
    moved = []
    calendars: dict = {}
    without = frozenset({override.pk})
    rows = affected(override.agency, override.date, override.date).select_related(
        "procedure_version", "competent_unit"
    )
    rows = list(rows.order_by("due_at", "pk"))
    events_of = clock_events_of([dossier.pk for dossier in rows])
    for dossier in rows:
        unit = dossier.competent_unit
        key = unit.pk if unit else None
        if key not in calendars:
            cal = calendar_without(unit, without) if unit else national_calendar()
            calendars[key] = DossierCalendar(cal)
        state = clock.replay(calendars[key], deadline_plan(dossier), events_of.get(dossier.pk, []))
        if state.due_at and state.due_at != dossier.due_at:
            moved.append(
                MovedAppointment(
                    code=dossier.code,
                    url=reverse("dossiers-staff-detail", args=[dossier.code]),
                    applicant_name=dossier.applicant_name,
                    old_due=dossier.due_at,
                    new_due=state.due_at,
                )
            )
    return moved


@transaction.atomic
def start_run(
    *,
    agency: Agency,
    reason: str,
    actor=None,
    date_from=None,
    date_to=None,
    launch: bool = True,
    requested_by=None,
) -> RecomputeRun:
    """Bắt đầu tính lại hạn cho các hồ sơ đang giải quyết của ``agency``: the run row and,
    with ``launch``, its task for the worker. ``actor`` is checked (a person starting it);
    ``requested_by`` is only recorded (the author of a calendar change, already checked)."""
    if actor is not None:
        require(actor, Perm.MANAGE_CALENDAR, agency)
    if date_from and date_to and date_to < date_from:
        raise DomainError(
            "date_range_invalid", "Ngày kết thúc phải sau ngày bắt đầu.", field="date_to"
        )
    run = RecomputeRun.objects.create(
        agency=agency,
        reason=reason.strip()[:500] or "Tính lại hạn giải quyết",
        date_from=date_from,
        date_to=date_to,
        requested_by=next((u for u in (actor, requested_by) if getattr(u, "pk", None)), None),
        total=affected(agency, date_from, date_to).count(),
    )
    if launch:
        # Written in this transaction by the database task backend: the worker sees the
        # task only if the run commits.
        from .tasks import recompute_run

        recompute_run.enqueue(run.pk)
    return run


def advance(run: RecomputeRun, *, batch: int = BATCH) -> RecomputeRun:
    """Process the next batch of ``run`` (no-op once finished)."""
    with transaction.atomic():
        run = RecomputeRun.objects.select_for_update().select_related("agency").get(pk=run.pk)
        if run.finished_at:
            return run
        ids = list(
            affected(run.agency, run.date_from, run.date_to)
            .filter(pk__gt=run.cursor)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        for dossier in Dossier.objects.filter(pk__in=ids).order_by("pk"):
            run.changed += services.recompute_due(
                dossier=dossier, actor=run.requested_by, reason=run.reason
            )
        run.done += len(ids)
        run.total = max(run.total, run.done)
        if ids:
            run.cursor = ids[-1]
        if len(ids) < batch:
            run.finished_at = timezone.now()
            run.total = run.done
        run.save()
        return run


def run_to_end(
    run: RecomputeRun, *, progress: Callable[[RecomputeRun], None] | None = None, batch: int = BATCH
) -> RecomputeRun:
    while not run.finished_at:
        run = advance(run, batch=batch)
        if progress:
            progress(run)
    return run


CHANGE_LABELS = {
    "override_added": "Thêm ngày điều chỉnh lịch",
    "override_removed": "Xóa ngày điều chỉnh lịch",
    "periods_changed": "Thay đổi giờ làm việc",
}


def on_calendar_changed(*, agency, date_from, date_to, change, actor=None, reason="", **kw):
    """workcal's calendar_changed (after its commit): a run for the worker."""
    label = CHANGE_LABELS.get(change, change)
    start_run(
        agency=agency,
        date_from=date_from,
        date_to=date_to,
        reason=f"{label}: {reason}" if reason else label,
        requested_by=actor,
    )
