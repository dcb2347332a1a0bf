"""The dossier clock, derived from the timeline (pure: no database access).

A dossier's legal due moment is not stored as a fact: it is replayed from its events
against the working calendar. That makes pauses, restarts and calendar changes one piece
of arithmetic, and lets a calendar override recompute every open dossier exactly.

- ``received``: the clock starts at the effective start of the valid receipt and the
  legal due moment is the procedure's deadline (its plan: one stage, or several counted
  one after the other) counted from there; the end of each stage is kept.
- ``clock_paused`` (supplement or financial obligation requested): the time left in the
  stage the pause falls in is frozen — working seconds for a working-day, working-hour or
  same-day stage; calendar days up to the stage's last day for a calendar-day stage.
- ``clock_resumed``: with ``effect == "pause"`` the frozen time is counted again from the
  resumption, and the later stages after it (for a calendar-day stage: its last day moves
  by the calendar days between the pause's day and the resumption's day, then Art. 148
  moves a weekend or day off to the next working day; docs/dossiers.md); with
  ``effect == "restart"`` the whole deadline starts again.
- ``extended``: the promised moment (what the applicant is told) moves to the new date;
  the legal due moment does not (an extension never makes a late dossier on time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from motcua.workcal.engine import Deadline, Plan


class WorkingCalendar(Protocol):
    def effective_start(self, moment: dt.datetime) -> dt.datetime: ...

    def add_working_seconds(self, start: dt.datetime, seconds: int) -> dt.datetime: ...

    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> int: ...

    def stage_ends(self, start: dt.datetime, deadlines, *, received: bool) -> list[StageEnd]: ...

    def calendar_day_end(self, last_day: dt.date) -> dt.datetime: ...


@dataclass(frozen=True)
class StageEnd:
    """Where a stage of the deadline ends; ``last_day``: a calendar-day stage's last day
    before Art. 148 moved it off a weekend or day off (None for the other units)."""

    at: dt.datetime
    last_day: dt.date | None = None


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
    stage_ends: tuple[StageEnd, ...] = ()  # the legal end of each stage; the last is the due
    paused_stage: int | None = None  # the stage a pause fell in (None: paused when overdue)
    paused_days_left: int | None = None  # a calendar-day stage: its days left at the pause


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


def replay(cal: WorkingCalendar, deadline: Plan | Deadline, events: Iterable[ClockEvent]):
    """Fold the clock events (in time order) into the dossier's clock state; ``deadline``
    is a plan of stages, or one deadline (a plan of one stage)."""
    plan = deadline if isinstance(deadline, Plan) else Plan.single(deadline)
    state = ClockState()
    for event in events:
        state = _apply(cal, plan, state, event)
    return state


def _received(cal, plan, at: dt.datetime, promised: dt.datetime | None = None) -> ClockState:
    ends = tuple(cal.stage_ends(at, plan.deadlines, received=True))
    due = ends[-1].at
    return ClockState(
        started_at=cal.effective_start(at),
        legal_due_at=due,
        due_at=promised or due,
        stage_ends=ends,
    )


def _paused(cal, state: ClockState, at: dt.datetime, plan) -> ClockState:
    stage = next((i for i, end in enumerate(state.stage_ends) if end.at > at), None)
    days_left = None
    if stage is not None and plan.deadlines[stage].kind == "calendar_days":
        end = state.stage_ends[stage]
        days_left = max((end.last_day - at.astimezone(end.at.tzinfo).date()).days, 0)
    return replace(
        state,
        paused_at=at,
        legal_remaining=signed_working_seconds(cal, at, state.legal_due_at),
        promised_remaining=signed_working_seconds(cal, at, state.due_at),
        paused_stage=stage,
        paused_days_left=days_left,
    )


def _resumed(cal, state: ClockState, at: dt.datetime, plan) -> ClockState:
    stage = state.paused_stage
    ends = state.stage_ends
    if stage is not None:
        if state.paused_days_left is not None:
            tz = ends[stage].at.tzinfo
            last_day = at.astimezone(tz).date() + dt.timedelta(days=state.paused_days_left)
            resumed_end = StageEnd(cal.calendar_day_end(last_day), last_day)
        else:
            left = signed_working_seconds(cal, state.paused_at, ends[stage].at)
            resumed_end = StageEnd(_shift(cal, at, left, ends[stage].at))
        later = cal.stage_ends(resumed_end.at, plan.deadlines[stage + 1 :], received=False)
        ends = (*ends[:stage], resumed_end, *later)
    legal_due = ends[-1].at
    extended = state.due_at != state.legal_due_at
    promised = _shift(cal, at, state.promised_remaining, state.due_at) if extended else legal_due
    return ClockState(
        started_at=state.started_at, legal_due_at=legal_due, due_at=promised, stage_ends=ends
    )


def _apply(cal, plan, state: ClockState, event: ClockEvent) -> ClockState:
    if event.kind == "received":
        return _received(cal, plan, event.at)
    if state.legal_due_at is None:
        return state
    if event.kind == "clock_paused" and state.paused_at is None:
        return _paused(cal, state, event.at, plan)
    if event.kind == "clock_resumed" and state.paused_at is not None:
        if event.effect == "restart":
            fresh = _received(cal, plan, event.at)
            extended = state.due_at != state.legal_due_at
            # A promise already extended beyond the fresh deadline is kept.
            promised = max(fresh.due_at, state.due_at) if extended else fresh.due_at
            return replace(fresh, due_at=promised)
        return _resumed(cal, state, event.at, plan)
    if event.kind == "extended" and event.new_due is not None:
        return replace(state, due_at=event.new_due)
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
