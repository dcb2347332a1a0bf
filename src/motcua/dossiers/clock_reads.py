"""The clock of a stored dossier: clock.py's pure fold fed from the database.

What the services write on the dossier row (``derive_clock``, ``receipt_clock``,
``worked_seconds``), what the intake preview promises (``appointment``) and what the
receipt (Mẫu 01) prints (``initial_due``) all come from here, each replaying the
dossier's clock events on the competent unit's working calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.workcal.engine import Plan
from motcua.workcal.explain import Explanation, explain

from . import clock
from .calendar import calendar_for
from .events import CLOCK_KIND, as_clock_event
from .models import Dossier, DossierEvent


def clock_events(dossier: Dossier) -> list[clock.ClockEvent]:
    """The dossier's clock-moving events, in time order."""
    return clock_events_of([dossier.pk]).get(dossier.pk, [])


def clock_events_of(dossier_ids) -> dict[int, list[clock.ClockEvent]]:
    """The clock-moving events of many dossiers in one query: {dossier id: events}."""
    rows = (
        DossierEvent.objects.filter(dossier_id__in=dossier_ids, kind__in=CLOCK_KIND)
        .order_by("dossier_id", "at", "id")
        .values_list("dossier_id", "kind", "at", "data")
    )
    by_dossier: dict[int, list[clock.ClockEvent]] = {}
    for dossier_id, kind, at, data in rows:
        by_dossier.setdefault(dossier_id, []).append(as_clock_event(kind, at, data))
    return by_dossier


def deadline_plan(dossier: Dossier) -> Plan:
    """The dossier's legal deadline: its version's, for the case chosen at intake and the
    channel it was filed through (catalog.deadlines)."""
    return dossier.procedure_version.deadline_plan(dossier.deadline_case, dossier.channel)


def derive_clock(dossier: Dossier) -> clock.ClockState:
    """The clock as the whole timeline leaves it: what the dossier row caches."""
    cal = calendar_for(dossier.competent_unit)
    return clock.replay(cal, deadline_plan(dossier), clock_events(dossier))


def receipt_clock(
    version, received_at: dt.datetime, *, case: str = "", channel: int = 0
) -> clock.ClockState:
    """The clock of a dossier of ``version`` (``case``, filed through ``channel``)
    received at ``received_at``, before anything else happens to it: the replay of its
    receipt alone. The promised moment on the receipt, in the intake preview and on a new
    dossier's row."""
    cal = calendar_for(version.competent_unit)
    received = clock.ClockEvent(kind="received", at=received_at)
    return clock.replay(cal, version.deadline_plan(case, channel), [received])


def initial_due(dossier: Dossier) -> dt.datetime | None:
    """The appointment as given on the receipt (Mẫu 01), before any pause or extension."""
    if dossier.received_at is None:
        return None
    return receipt_clock(
        dossier.procedure_version,
        dossier.received_at,
        case=dossier.deadline_case,
        channel=dossier.channel,
    ).due_at


def worked_seconds(dossier: Dossier, finished_at: dt.datetime) -> int:
    """Working seconds the legal clock ran from its start to ``finished_at`` (pauses left
    out), on the competent unit's calendar: Dossier.worked_seconds."""
    cal = calendar_for(dossier.competent_unit)
    return clock.worked_seconds(cal, dossier.clock_started_at, finished_at, clock_events(dossier))


@dataclass(frozen=True)
class Appointment:
    """Hẹn trả kết quả as the intake preview shows it: the moment and its derivation."""

    due_at: dt.datetime
    explanation: Explanation

    @property
    def steps(self) -> list[tuple[str, bool]]:
        return self.explanation.steps


def appointment(
    version, received_at: dt.datetime, *, case: str = "", channel: int = 0
) -> Appointment:
    """The appointment of a dossier of ``version`` (``case``, ``channel``) received at
    ``received_at``: the moment is ``receipt_clock``'s, the one confirming stores; the
    derivation explains it."""
    cal = calendar_for(version.competent_unit)
    due = receipt_clock(version, received_at, case=case, channel=channel).due_at
    plan = version.deadline_plan(case, channel)
    return Appointment(due, explain(cal.cal, received_at, plan))
