"""Property tests of the working-day engine (hypothesis)."""

import datetime as dt

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workcal.engine import Calendar, Deadline
from motcua.workcal.holidays_vn import vietnam_holidays

from .moments import VN

# Hypothesis draws hundreds of cases per property: seconds for the module.
pytestmark = pytest.mark.slow

NATIONAL = Calendar(source=vietnam_holidays, years=(2019, 2036))
REFERENCE = holidays.country_holidays("VN", years=range(2019, 2037))
HOUR = 3600

moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2034, 12, 31, 23, 59, 59)
).map(lambda moment: moment.replace(microsecond=0, tzinfo=VN))
work_seconds = st.integers(min_value=1, max_value=200 * 8 * HOUR)


def seconds(moment: dt.datetime) -> int:
    return NATIONAL.to_seconds(moment)


def is_period_end(calendar: Calendar, moment: int) -> bool:
    local = calendar.to_datetime(moment)
    return calendar.is_working_day(local.date()) and any(
        local.time() == end for _, end in calendar.periods
    )


@st.composite
def calendars(draw):
    """Random calendars: random days off and worked weekend days, random periods, in 2026."""
    days = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31))
    off = draw(st.sets(days, max_size=40))
    work = draw(st.sets(days, max_size=10).map(lambda found: found - off))
    boundaries = draw(
        st.lists(
            st.integers(min_value=0, max_value=24 * 60 - 1), min_size=2, max_size=6, unique=True
        )
        .filter(lambda found: len(found) % 2 == 0)
        .map(sorted)
    )
    periods = [
        (dt.time(*divmod(boundaries[i], 60)), dt.time(*divmod(boundaries[i + 1], 60)))
        for i in range(0, len(boundaries), 2)
    ]
    return Calendar(days_off=off, extra_working_days=work, periods=periods, years=(2026, 2026))


@settings(max_examples=400, deadline=None)
@given(moments, work_seconds)
def test_due_is_never_before_the_start_and_elapsed_gives_the_work_back(moment, work):
    start = seconds(moment)
    due = NATIONAL.due_seconds(start, work)
    assert due > start
    assert NATIONAL.elapsed_seconds(start, due) == work


@settings(max_examples=300, deadline=None)
@given(moments, work_seconds, work_seconds)
def test_due_is_monotone_in_the_amount(moment, a, b):
    start = seconds(moment)
    small, large = sorted((a, b))
    assert NATIONAL.due_seconds(start, small) <= NATIONAL.due_seconds(start, large)


@settings(max_examples=300, deadline=None)
@given(moments, moments, st.integers(min_value=0, max_value=90))
def test_due_is_monotone_in_the_start(a, b, days):
    early, late = sorted((a, b))
    deadline = Deadline.days(days)
    assert NATIONAL.due_at(early, deadline) <= NATIONAL.due_at(late, deadline)


@settings(max_examples=400, deadline=None)
@given(moments, work_seconds)
def test_due_lies_in_working_time_or_exactly_at_a_period_end(moment, work):
    due = NATIONAL.due_seconds(seconds(moment), work)
    assert NATIONAL.is_working_moment(due) or is_period_end(NATIONAL, due)


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(min_value=0, max_value=200), st.sampled_from(["days", "hours"]))
def test_deadlines_in_days_and_hours(moment, amount, kind):
    deadline = Deadline(kind, amount)
    due = NATIONAL.due_at(moment, deadline)
    assert due >= moment
    per_unit = NATIONAL.day_seconds if kind == "days" else HOUR
    worked = NATIONAL.elapsed_seconds(NATIONAL.to_seconds(moment), NATIONAL.to_seconds(due))
    assert worked == amount * per_unit


@settings(max_examples=300, deadline=None)
@given(moments)
def test_same_day_is_the_end_of_a_working_day_never_before_receipt(moment):
    due = NATIONAL.due_at(moment, Deadline.same_day())
    assert due >= moment
    assert NATIONAL.is_working_day(due.date())
    assert due.time() == NATIONAL.periods[-1][1]
    assert (due.date() - moment.date()).days <= 15  # Tết is the longest break


@settings(max_examples=300, deadline=None)
@given(moments, moments, moments)
def test_elapsed_is_additive(a, b, c):
    a, b, c = seconds(a), seconds(b), seconds(c)
    assert NATIONAL.elapsed_seconds(a, b) + NATIONAL.elapsed_seconds(b, c) == (
        NATIONAL.elapsed_seconds(a, c)
    )


@settings(max_examples=400, deadline=None)
@given(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2034, 12, 31)),
    st.integers(min_value=1, max_value=60),
)
def test_whole_days_agree_with_the_holidays_package(day, n):
    """Received on D at 10:00 with N days: due on holidays' N-th working day after D."""
    received = dt.datetime.combine(day, dt.time(10), tzinfo=VN)
    assert NATIONAL.due_at(received, Deadline.days(n)).date() == REFERENCE.get_nth_working_day(
        day, n
    )


@settings(max_examples=200, deadline=None)
@given(
    calendars(),
    st.datetimes(
        min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 31, 23, 59, 59)
    ),
    st.floats(min_value=0, max_value=30),
)
def test_properties_hold_on_random_calendars(calendar, moment, days):
    start = calendar.to_seconds(moment.replace(microsecond=0, tzinfo=VN))
    work = int(days * calendar.day_seconds)
    due = calendar.due_seconds(start, work)
    assert due >= start
    assert calendar.elapsed_seconds(start, due) == work
    if work:
        assert calendar.is_working_moment(due) or is_period_end(calendar, due)
    else:
        assert due == calendar.effective_start_seconds(start)
