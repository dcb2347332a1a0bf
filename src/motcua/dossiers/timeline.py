"""Hand-overs on the timeline judged against the clock, and the budget of each stage.

Shared by the dossier page and the printed Phiếu kiểm soát (Mẫu 06), so that both judge
a step the same way. A staged deadline (catalog.deadlines) gives each stage its own end
(``stage_budgets``), moved by the pauses that fell in it, as the clock replays them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from . import clock, events
from .calendar import calendar_for
from .clock_reads import deadline_plan, derive_clock

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


@dataclass(frozen=True)
class StageBudget:
    """One stage of a staged deadline: its number, what it is for, its own deadline and
    the moment it ends (after the pauses that fell in it)."""

    number: int
    label: str
    deadline: str
    ends_at: dt.datetime


def stage_budgets(dossier) -> list[StageBudget]:
    """The stages of the dossier's deadline with their ends ([] for a one-stage deadline
    or a dossier not yet received)."""
    plan = deadline_plan(dossier)
    if not plan.is_staged or dossier.received_at is None:
        return []
    ends = derive_clock(dossier).stage_ends
    return [
        StageBudget(number, stage.label, stage.deadline.describe(), end.at)
        for number, (stage, end) in enumerate(zip(plan.stages, ends, strict=True), start=1)
    ]
