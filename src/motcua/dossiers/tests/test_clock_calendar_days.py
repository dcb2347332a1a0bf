"""The clock with calendar-day and staged deadlines: a pause adds back the calendar days it
lasted (from the pause's day to the resumption's day) to the stage it fell in; the later
stages follow from where that stage now ends (docs/dossiers.md)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.dossiers import clock
from motcua.dossiers.calendar import DossierCalendar
from motcua.workcal.engine import Calendar, Deadline, Plan, Stage
from motcua.workcal.holidays_vn import vietnam_holidays

from .conftest import TZ

CAL = DossierCalendar(Calendar(source=vietnam_holidays, years=(2025, 2028)))
ONE_DAY = dt.timedelta(days=1)


def at(*parts):
    return dt.datetime(*parts, tzinfo=TZ)


def day_end(y, m, d):
    return at(y, m, d, 17, 30)


def replay(deadline, *events):
    return clock.replay(CAL, deadline, [clock.ClockEvent(*event) for event in events])


def test_a_pause_adds_back_its_calendar_days():
    # 20 days from Tue 3/3/2026 end Mon 23/3; paused Thu 5/3 → Mon 9/3: 4 days more, Fri 27/3.
    twenty = Deadline.calendar_days(20)
    received = ("received", at(2026, 3, 3, 9, 30))
    assert replay(twenty, received).legal_due_at == day_end(2026, 3, 23)
    state = replay(
        twenty,
        received,
        ("clock_paused", at(2026, 3, 5, 10)),
        ("clock_resumed", at(2026, 3, 9, 14), "pause"),
    )
    assert state.legal_due_at == state.due_at == day_end(2026, 3, 27)


def test_a_pause_counts_from_the_last_day_before_a_weekend_moved_it():
    # 16 days from Thu 5/3 end Sat 21/3 → Mon 23/3. One day paused: Sun 22/3 → still Mon 23/3.
    sixteen = Deadline.calendar_days(16)
    state = replay(
        sixteen,
        ("received", at(2026, 3, 5, 9)),
        ("clock_paused", at(2026, 3, 10, 9)),
        ("clock_resumed", at(2026, 3, 11, 9), "pause"),
    )
    assert state.legal_due_at == day_end(2026, 3, 23)


def test_a_pause_in_the_first_stage_moves_every_later_stage():
    plan = Plan(
        (
            Stage(Deadline.calendar_days(10), "Lấy ý kiến"),
            Stage(Deadline.days(5), "Quyết định"),
        )
    )
    received = ("received", at(2026, 3, 2, 9))  # Mon: stage 1 ends Thu 12/3, stage 2 Thu 19/3
    fresh = replay(plan, received)
    assert [end.at for end in fresh.stage_ends] == [day_end(2026, 3, 12), day_end(2026, 3, 19)]
    paused = replay(
        plan,
        received,
        ("clock_paused", at(2026, 3, 4, 9)),
        ("clock_resumed", at(2026, 3, 7, 9), "pause"),  # 3 days
    )
    # Stage 1 ends Sun 15/3 → Mon 16/3; stage 2: 5 working days after, Mon 23/3.
    assert [end.at for end in paused.stage_ends] == [day_end(2026, 3, 16), day_end(2026, 3, 23)]
    assert paused.legal_due_at == day_end(2026, 3, 23)


def test_a_pause_in_a_working_day_stage_keeps_the_earlier_stages():
    plan = Plan((Stage(Deadline.calendar_days(10)), Stage(Deadline.days(5))))
    state = replay(
        plan,
        ("received", at(2026, 3, 2, 9)),
        ("clock_paused", at(2026, 3, 16, 9, 30)),  # stage 2, 4 days 8 h left
        ("clock_resumed", at(2026, 3, 18, 9, 30), "pause"),
    )
    assert state.stage_ends[0].at == day_end(2026, 3, 12)
    assert state.legal_due_at == day_end(2026, 3, 23)


def test_a_pause_after_the_due_moment_changes_nothing():
    state = replay(
        Deadline.calendar_days(2),
        ("received", at(2026, 3, 2, 9)),
        ("clock_paused", at(2026, 3, 9, 9)),
        ("clock_resumed", at(2026, 3, 12, 9), "pause"),
    )
    assert state.legal_due_at == day_end(2026, 3, 4)


def test_a_restart_counts_the_whole_plan_again():
    state = replay(
        Deadline.calendar_days(5),
        ("received", at(2026, 3, 2, 9)),
        ("clock_paused", at(2026, 3, 3, 9)),
        ("clock_resumed", at(2026, 3, 9, 9), "restart"),
    )
    assert state.legal_due_at == day_end(2026, 3, 16)  # Sat 14/3 → Mon 16/3


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31)),
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=30),
)
def test_the_due_is_the_deadline_lengthened_by_the_paused_days(day, n, after, length):
    """Paused on a day before the last day for ``length`` days: the same as a deadline
    ``length`` days longer (Art. 148 then moves an off day to the next working day)."""
    received = at(day.year, day.month, day.day, 10)
    fresh = replay(Deadline.calendar_days(n), ("received", received))
    last_day = fresh.stage_ends[0].last_day
    pause_day = fresh.started_at.date() + dt.timedelta(days=min(after, n - 1))
    if pause_day >= last_day:
        return
    paused = dt.datetime.combine(pause_day, dt.time(9), tzinfo=TZ)
    resumed = paused + dt.timedelta(days=length)
    state = replay(
        Deadline.calendar_days(n),
        ("received", received),
        ("clock_paused", paused),
        ("clock_resumed", resumed, "pause"),
    )
    expected = CAL.calendar_day_end(last_day + dt.timedelta(days=length))
    assert state.legal_due_at == expected
