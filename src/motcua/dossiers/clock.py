"""The dossier clock, derived from the timeline (pure: no database access).

A dossier's legal due moment is not stored as a fact: it is replayed from its events
against the working calendar. That makes pauses, restarts and calendar changes one piece
of arithmetic, and lets a calendar override recompute every open dossier exactly.

- ``received``: the clock starts at the effective start of the valid receipt and the
  legal due moment is the procedure's deadline counted from there.
- ``clock_paused`` (supplement or financial obligation requested): the working time left
  until the legal due moment is frozen.
- ``clock_resumed``: with ``effect == "pause"`` the frozen time is counted again from the
  resumption; with ``effect == "restart"`` the whole deadline starts again.
- ``extended``: the promised moment (what the applicant is told) moves to the new date;
  the legal due moment does not (an extension never makes a late dossier on time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class WorkingCalendar(Protocol):
    def effective_start(self, moment: dt.datetime) -> dt.datetime: ...

    def add_working_seconds(self, start: dt.datetime, seconds: int) -> dt.datetime: ...

    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> int: ...

    def due(self, received: dt.datetime, deadline) -> dt.datetime: ...


@dataclass(frozen=True)
class ClockEvent:
    kind: str  # received | clock_paused | clock_resumed | extended
    at: dt.datetime
    effect: str = ""  # clock_resumed: "pause" or "restart"
    new_due: dt.datetime | None = None  # extended


@dataclass(frozen=True)
class ClockState:
    started_at: dt.datetime | None = None
    legal_due_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    paused_at: dt.datetime | None = None
    legal_remaining: int | None = None  # working seconds left when paused (may be < 0)
    promised_remaining: int | None = None


def signed_working_seconds(cal: WorkingCalendar, now: dt.datetime, due: dt.datetime) -> int:
    """Working time from ``now`` to ``due``; negative when ``due`` has passed."""
    if now <= due:
        return cal.working_seconds_between(now, due)
    return -cal.working_seconds_between(due, now)


def _shift(cal: WorkingCalendar, resumed: dt.datetime, remaining: int, old_due: dt.datetime):
    # Time already overdue stays overdue: lateness was decided before the pause.
    if remaining <= 0:
        return old_due
    return cal.add_working_seconds(cal.effective_start(resumed), remaining)


def replay(cal: WorkingCalendar, deadline, events: Iterable[ClockEvent]) -> ClockState:
    """Fold the clock events (in time order) into the dossier's clock state."""
    state = ClockState()
    for event in events:
        state = _apply(cal, deadline, state, event)
    return state


def _apply(cal, deadline, state: ClockState, event: ClockEvent) -> ClockState:
    if event.kind == "received":
        due = cal.due(event.at, deadline)
        return ClockState(started_at=cal.effective_start(event.at), legal_due_at=due, due_at=due)
    if state.legal_due_at is None:
        return state
    if event.kind == "clock_paused" and state.paused_at is None:
        return ClockState(
            started_at=state.started_at,
            legal_due_at=state.legal_due_at,
            due_at=state.due_at,
            paused_at=event.at,
            legal_remaining=signed_working_seconds(cal, event.at, state.legal_due_at),
            promised_remaining=signed_working_seconds(cal, event.at, state.due_at),
        )
    if event.kind == "clock_resumed" and state.paused_at is not None:
        if event.effect == "restart":
            due = cal.due(event.at, deadline)
            extended = state.due_at != state.legal_due_at
            # A promise already extended beyond the fresh deadline is kept.
            promised = max(due, state.due_at) if extended else due
            return ClockState(
                started_at=cal.effective_start(event.at), legal_due_at=due, due_at=promised
            )
        return ClockState(
            started_at=state.started_at,
            legal_due_at=_shift(cal, event.at, state.legal_remaining, state.legal_due_at),
            due_at=_shift(cal, event.at, state.promised_remaining, state.due_at),
        )
    if event.kind == "extended" and event.new_due is not None:
        return ClockState(
            started_at=state.started_at,
            legal_due_at=state.legal_due_at,
            due_at=event.new_due,
            paused_at=state.paused_at,
            legal_remaining=state.legal_remaining,
            promised_remaining=state.promised_remaining,
        )
    return state


def outcome_at(finished: dt.datetime, legal_due: dt.datetime, tz) -> str:
    """Early: finished on a calendar day before the due day; on time: that day, not after
    the due moment; late otherwise (DOMAIN.md §2, issue #3)."""
    finished_day = finished.astimezone(tz).date()
    due_day = legal_due.astimezone(tz).date()
    if finished_day < due_day:
        return "early"
    if finished <= legal_due:
        return "on_time"
    return "late"


def stopped_intervals(events: Iterable[ClockEvent]) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """The spans the legal clock stood still, from each pause to the resumption after it
    (``None``: not resumed). A second pause before a resumption, or a resumption without a
    pause, changes nothing, as in ``replay``."""
    spans: list[list] = []
    for event in events:
        if event.kind == "clock_paused" and (not spans or spans[-1][1] is not None):
            spans.append([event.at, None])
        elif event.kind == "clock_resumed" and spans and spans[-1][1] is None:
            spans[-1][1] = event.at
    return [(paused, resumed) for paused, resumed in spans]


def worked_seconds(
    cal: WorkingCalendar,
    started: dt.datetime,
    finished: dt.datetime,
    events: Iterable[ClockEvent],
) -> int:
    """Working seconds the legal clock ran from ``started`` (the clock's start: the receipt,
    or the restart after a supplement) to ``finished``, minus the spans it stood still for
    a supplement or a financial obligation, clipped to that span (a pause before a restart
    is already outside it). Dossier.worked_seconds, fixed when the result is ready."""
    if finished <= started:
        return 0
    total = cal.working_seconds_between(started, finished)
    for paused, resumed in stopped_intervals(events):
        a = max(started, paused)
        b = finished if resumed is None else min(finished, resumed)
        if b > a:
            total -= cal.working_seconds_between(a, b)
    return max(total, 0)
