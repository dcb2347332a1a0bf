"""Dossier.worked_seconds for the dossiers that got their result before the column existed.

``services.result_ready`` fixes the value when a dossier finishes; migration 0006 fills the
older rows here with the same ``clock.worked_seconds``, from the row's clock start and
result moment and the dossier's pause/resume events.
"""

from __future__ import annotations

from collections import defaultdict

from motcua.core.backfill import backfill_column
from motcua.org.models import Agency

from . import clock
from .calendar import calendar_for
from .events import CLOCK_KIND
from .models import RESULT_STATUSES

BACKFILL_BATCH = 2000
STOP_KINDS = [kind for kind, meaning in CLOCK_KIND.items() if meaning.startswith("clock_")]


def backfill_worked_seconds(dossier_model, event_model, batch_size: int = BACKFILL_BATCH) -> int:
    """Fill ``worked_seconds`` on every dossier finished with a result; returns the count.

    Per batch of dossiers (``core.backfill``), one more SELECT: the pause/resume events of
    its id range (the dossier_event_timeline index).
    """
    rows = dossier_model._default_manager.filter(
        status__in=RESULT_STATUSES, finished_at__isnull=False, clock_started_at__isnull=False
    ).values_list("pk", "competent_unit_id", "clock_started_at", "finished_at")
    calendars: dict[int, object] = {}

    def values_of(batch):
        stops = _stop_events(event_model, batch[0][0], batch[-1][0])
        _load_calendars(calendars, {unit_id for _, unit_id, _, _ in batch})
        return [
            (clock.worked_seconds(calendars[unit_id], started, finished, stops[pk]), pk)
            for pk, unit_id, started, finished in batch
        ]

    return backfill_column(rows, "worked_seconds", values_of, batch_size)


def _stop_events(event_model, first: int, last: int) -> dict[int, list[clock.ClockEvent]]:
    """The pause/resume events of the dossiers with ids in [first, last], in time order."""
    events = (
        event_model._default_manager.filter(
            dossier_id__gte=first, dossier_id__lte=last, kind__in=STOP_KINDS
        )
        .order_by("dossier_id", "at", "id")
        .values_list("dossier_id", "kind", "at")
    )
    found: dict[int, list[clock.ClockEvent]] = defaultdict(list)
    for dossier_id, kind, at in events:
        found[dossier_id].append(clock.ClockEvent(kind=CLOCK_KIND[kind], at=at))
    return found


def _load_calendars(calendars: dict, unit_ids: set[int]) -> None:
    # The working calendar needs the agency tree (Agency.ancestor_ids), which a migration's
    # historical model lacks: the current model is read, as workcal itself does.
    missing = unit_ids - calendars.keys()
    for unit in Agency.objects.filter(pk__in=missing):
        calendars[unit.pk] = calendar_for(unit)
