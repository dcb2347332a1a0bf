"""Dossier.worked_seconds for the dossiers that got their result before the column existed.

``services.result_ready`` fixes the value when a dossier finishes; migration 0006 fills the
older rows here with the same ``clock.worked_seconds``, from the row's clock start and
result moment and the dossier's pause/resume events.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connections, router

from . import clock
from .calendar import calendar_for
from .events import CLOCK_KIND
from .models import Status

BACKFILL_BATCH = 2000
# Finished with a result, as indicators.measures' "with_result" counts them.
RESULT_STATUSES = (Status.DONE, Status.RETURNED)
STOP_KINDS = [kind for kind, meaning in CLOCK_KIND.items() if meaning.startswith("clock_")]


def backfill_worked_seconds(dossier_model, event_model, batch_size: int = BACKFILL_BATCH) -> int:
    """Fill ``worked_seconds`` on every dossier finished with a result; returns the count.

    As ``search.backfill_search_text``: primary-key ranges, each one indexed SELECT of the
    clock columns, one SELECT of the range's pause/resume events (the dossier_event_timeline
    index) and one executemany of single-row UPDATEs: on PostgreSQL 88,021 results took
    19–21 s this way and 37–38 s with bulk_update (its CASE over thousands of ids).
    """
    connection = connections[router.db_for_write(dossier_model)]
    quote = connection.ops.quote_name
    update = (
        f"UPDATE {quote(dossier_model._meta.db_table)} "
        f"SET {quote(dossier_model._meta.get_field('worked_seconds').column)} = %s "
        f"WHERE {quote(dossier_model._meta.pk.column)} = %s"
    )
    rows = (
        dossier_model._default_manager.filter(
            status__in=RESULT_STATUSES, finished_at__isnull=False, clock_started_at__isnull=False
        )
        .order_by("pk")
        .values_list("pk", "competent_unit_id", "clock_started_at", "finished_at")
    )
    calendars: dict[int, object] = {}
    last, filled = 0, 0
    with connection.cursor() as cursor:
        while batch := list(rows.filter(pk__gt=last)[:batch_size]):
            stops = _stop_events(event_model, batch[0][0], batch[-1][0])
            _load_calendars(calendars, {unit_id for _, unit_id, _, _ in batch})
            values = [
                (clock.worked_seconds(calendars[unit_id], started, finished, stops[pk]), pk)
                for pk, unit_id, started, finished in batch
            ]
            cursor.executemany(update, values)
            last, filled = batch[-1][0], filled + len(batch)
    return filled


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
    from motcua.org.models import Agency

    missing = unit_ids - calendars.keys()
    for unit in Agency.objects.filter(pk__in=missing):
        calendars[unit.pk] = calendar_for(unit)
