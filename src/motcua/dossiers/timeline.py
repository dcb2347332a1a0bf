"""Hand-overs on the timeline judged against the clock.

Shared by the dossier page and the printed Phiếu kiểm soát (Mẫu 06), so that both judge
a step the same way.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings

from . import clock, events
from .calendar import calendar_for
from .clock_reads import deadline_plan

TZ = ZoneInfo(settings.TIME_ZONE)


def handover_results(dossier, timeline) -> dict[int, str]:
    """Event id → early/on_time/late for every hand-over after the receipt, judged against
    the legal due moment in force when it happened (an extension never excuses a step)."""
    cal = calendar_for(dossier.competent_unit)
    deadline = deadline_plan(dossier)
    so_far: list[clock.ClockEvent] = []
    results: dict[int, str] = {}
    for event in timeline:
        if event.kind in events.CLOCK_KIND:
            so_far.append(events.as_clock_event(event.kind, event.at, event.data))
        if not events.is_handover(event.kind) or event.kind == "received" or not so_far:
            continue
        due = clock.replay(cal, deadline, so_far).legal_due_at
        if due is not None:
            results[event.pk] = clock.outcome_at(event.at, due, TZ)
    return results
