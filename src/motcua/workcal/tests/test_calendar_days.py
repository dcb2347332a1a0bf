"""Deadlines in calendar days (Bộ luật Dân sự 2015, Art. 147–148) and staged deadlines,
checked against a plain day-by-day reading of the articles written here, independently of
the engine: the day of the receipt is not counted; the period ends at the end of its last
day; a last day that is a weekend day or a day off moves to the next working day."""

import datetime as dt

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workcal.engine import Calendar, Deadline, Plan, Stage
from motcua.workcal.holidays_vn import vietnam_holidays

from .moments import VN

pytestmark = pytest.mark.slow

NATIONAL = Calendar(source=vietnam_holidays, years=(2019, 2036))
REFERENCE = holidays.country_holidays("VN", years=range(2019, 2038))
ONE_DAY = dt.timedelta(days=1)


def national_working(day: dt.date) -> bool:
    return REFERENCE.is_working_day(day)


def next_working(day: dt.date, working) -> dt.date:
    day += ONE_DAY
    while not working(day):
        day += ONE_DAY
    return day


def receipt_day(received: dt.datetime, working, day_end: dt.time) -> dt.date:
    """The day of the event: the receipt's own day when it is a working day and the office
    is still open (at or after the end of office hours it counts from the next one)."""
    day = received.date()
    if working(day) and received.time() < day_end:
        return day
    return next_working(day, working)


def art_147_148(event_day: dt.date, n: int, working, day_end: dt.time) -> dt.datetime:
    """Count N days one by one after the event day, then move off days to a working day."""
    day = event_day
    for _ in range(n):
        day += ONE_DAY
    while not working(day):
        day += ONE_DAY
    return dt.datetime.combine(day, day_end, tzinfo=VN)


moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2034, 12, 31, 23, 59, 59)
).map(lambda moment: moment.replace(microsecond=0, tzinfo=VN))


@settings(max_examples=500, deadline=None)
@given(moments, st.integers(min_value=0, max_value=400))
def test_calendar_days_on_the_national_calendar(received, n):
    end = dt.time(17, 30)
    expected = art_147_148(receipt_day(received, national_working, end), n, national_working, end)
    assert NATIONAL.due_at(received, Deadline.calendar_days(n)) == expected


@st.composite
def overridden(draw):
    """The national calendar of 2026 with a province's and a ward's overrides on top."""
    days = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31))
    off = draw(st.sets(days, max_size=30))
    work = draw(st.sets(days, max_size=10).map(lambda found: found - off))
    end = draw(st.sampled_from([dt.time(17, 0), dt.time(17, 30), dt.time(16, 45)]))
    calendar = Calendar(
        source=vietnam_holidays,
        days_off=off,
        extra_working_days=work,
        periods=[("07:30", "11:30"), ("13:30", end.strftime("%H:%M"))],
        years=(2026, 2027),
    )

    def working(day):
        if day in work:
            return True
        return day not in off and national_working(day)

    return calendar, working, end


@settings(max_examples=300, deadline=None)
@given(
    overridden(),
    st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 31, 23, 59)),
    st.integers(min_value=0, max_value=60),
)
def test_calendar_days_with_overrides(found, received, n):
    calendar, working, end = found
    received = received.replace(microsecond=0, tzinfo=VN)
    expected = art_147_148(receipt_day(received, working, end), n, working, end)
    assert calendar.due_at(received, Deadline.calendar_days(n)) == expected


@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        # Tết 2026: Sat 14/2 – Sun 22/2 off. 3 days from Thu 12/2 end Sun 15/2 → Mon 23/2.
        (dt.datetime(2026, 2, 12, 9, 0), 3, dt.date(2026, 2, 23)),
        # 10 days from Mon 9/2 end Thu 19/2 (Mùng ba Tết) → Mon 23/2.
        (dt.datetime(2026, 2, 9, 9, 0), 10, dt.date(2026, 2, 23)),
        # 20 days from Thu 2/4 end Wed 22/4, a working day.
        (dt.datetime(2026, 4, 2, 9, 0), 20, dt.date(2026, 4, 22)),
        # 25 days from Mon 6/4 end Fri 1/5 (Labour Day) → Mon 4/5.
        (dt.datetime(2026, 4, 6, 9, 0), 25, dt.date(2026, 5, 4)),
        # A Saturday worked (làm bù, 22/8/2026) is a working day: 5 days from 17/8.
        (dt.datetime(2026, 8, 17, 9, 0), 5, dt.date(2026, 8, 22)),
    ],
)
def test_calendar_days_around_tet_and_holidays(received, n, due):
    moment = NATIONAL.due_at(received.replace(tzinfo=VN), Deadline.calendar_days(n))
    assert moment == dt.datetime.combine(due, dt.time(17, 30), tzinfo=VN)


def test_a_ward_override_moves_the_last_day():
    received = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN)  # Monday; 3 days end Thu 5/3
    ward = Calendar(source=vietnam_holidays, days_off={dt.date(2026, 3, 5): "Bão"})
    assert ward.due_at(received, Deadline.calendar_days(3)) == dt.datetime(
        2026, 3, 6, 17, 30, tzinfo=VN
    )


# --- Stages: each counted from the end of the one before ------------------------------------

stage_kinds = st.sampled_from([Deadline.CALENDAR_DAYS, Deadline.DAYS])


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2034, 12, 31)),
    st.integers(min_value=1, max_value=30),
    st.lists(st.tuples(stage_kinds, st.integers(min_value=1, max_value=30)), max_size=3),
)
def test_a_staged_deadline_is_its_stages_one_after_the_other(day, first, later):
    """First stage in calendar days (as in adoption), then calendar or working days. The
    reference: a calendar stage by Art. 147–148 from the previous stage's last day; a
    working-day stage ends at the end of the N-th working day after that day."""
    received = dt.datetime.combine(day, dt.time(10), tzinfo=VN)
    end = dt.time(17, 30)
    stages = [Deadline.calendar_days(first)] + [Deadline(kind, n) for kind, n in later]
    expected = art_147_148(
        receipt_day(received, national_working, end), first, national_working, end
    )
    ends = [expected]
    for deadline in stages[1:]:
        if deadline.kind == Deadline.CALENDAR_DAYS:
            expected = art_147_148(expected.date(), deadline.amount, national_working, end)
        else:
            nth = REFERENCE.get_nth_working_day(expected.date(), deadline.amount)
            expected = dt.datetime.combine(nth, end, tzinfo=VN)
        ends.append(expected)
    plan = Plan(tuple(Stage(deadline) for deadline in stages))
    start = NATIONAL.to_seconds(received)
    found = [NATIONAL.to_datetime(e.at) for e in NATIONAL.stage_ends(start, plan.deadlines)]
    assert found == ends
    assert NATIONAL.to_datetime(NATIONAL.plan_due_seconds(start, plan)) == ends[-1]


def test_the_adoption_stages_sum_to_thirty_days_when_nothing_moves_them():
    plan = Plan(
        (
            Stage(Deadline.calendar_days(10), "Lấy ý kiến"),
            Stage(Deadline.calendar_days(15), "Xác minh"),
            Stage(Deadline.calendar_days(5), "Quyết định"),
        )
    )
    received = dt.datetime(2026, 6, 1, 9, 0, tzinfo=VN)  # Mon; 11/6 Thu, 26/6 Fri, 1/7 Wed
    start = NATIONAL.to_seconds(received)
    assert NATIONAL.plan_due_seconds(start, plan) == NATIONAL.to_seconds(
        NATIONAL.due_at(received, Deadline.calendar_days(30))
    )
