"""Known cases of the working-day engine (DOMAIN.md §2, §8; issue "Foundation" §4)."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from motcua.workcal.engine import (
    Calendar,
    CalendarError,
    CalendarRangeError,
    Deadline,
    PeriodsError,
    due_at,
    fixed_layer,
    layered,
    parse_periods,
)
from motcua.workcal.holidays_vn import vietnam_holidays

from .moments import at

CAL = Calendar(source=vietnam_holidays, years=(2024, 2027))
HOUR = 3600


def due(received, deadline, calendar=CAL):
    return due_at(calendar, received, deadline)


def worked(calendar, a, b):
    """Working seconds from ``a`` to ``b`` (negative when ``b`` is earlier)."""
    return calendar.elapsed_seconds(calendar.to_seconds(a), calendar.to_seconds(b))


# --- The calendar of days ----------------------------------------------------------------


@pytest.mark.parametrize("day", [dt.date(2026, 2, d) for d in range(16, 21)])
def test_tet_2026_weekdays_are_off(day):
    assert not CAL.is_working_day(day)
    assert "Tết" in CAL.day_reason(day)


def test_days_around_tet_2026():
    assert CAL.is_working_day(dt.date(2026, 2, 13))  # Friday before
    assert CAL.is_working_day(dt.date(2026, 2, 23))  # Monday after
    assert CAL.day_reason(dt.date(2026, 2, 14)) == "Thứ Bảy"
    assert CAL.day_reason(dt.date(2026, 2, 15)) == "Chủ nhật"


def test_hung_kings_2026_falls_on_sunday_and_monday_is_off():
    assert not CAL.is_working_day(dt.date(2026, 4, 27))
    assert "Hùng Vương" in CAL.day_reason(dt.date(2026, 4, 27))
    assert CAL.day_reason(dt.date(2026, 4, 26)) == "Chủ nhật, Ngày Giỗ Tổ Hùng Vương"


def test_2025_swap_saturday_26_april_worked_friday_2_may_off():
    assert CAL.is_working_day(dt.date(2025, 4, 26))
    assert CAL.day_reason(dt.date(2025, 4, 26)).startswith("Thứ Bảy làm bù")
    assert "02/05/2025" in CAL.day_reason(dt.date(2025, 4, 26))
    assert not CAL.is_working_day(dt.date(2025, 5, 2))
    assert not CAL.is_working_day(dt.date(2025, 4, 30))
    assert not CAL.is_working_day(dt.date(2025, 5, 1))


def test_2026_national_day_swap_and_culture_day():
    assert CAL.is_working_day(dt.date(2026, 8, 22))  # Saturday làm bù
    assert not CAL.is_working_day(dt.date(2026, 8, 31))
    assert not CAL.is_working_day(dt.date(2026, 9, 1))
    assert not CAL.is_working_day(dt.date(2026, 9, 2))
    assert not CAL.is_working_day(dt.date(2026, 11, 24))
    assert CAL.day_reason(dt.date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"


def test_ordinary_days():
    assert CAL.is_working_day(dt.date(2026, 3, 10))
    assert CAL.day_reason(dt.date(2026, 3, 10)) == ""
    assert not CAL.is_working_day(dt.date(2026, 3, 14))
    assert CAL.next_working_day(dt.date(2026, 2, 13)) == dt.date(2026, 2, 23)


# --- Effective start ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 3, 9, 10), at(2026, 3, 9, 10)),  # inside a period: that moment
        (at(2026, 3, 9, 7, 30), at(2026, 3, 9, 7, 30)),  # at the opening
        (at(2026, 3, 9, 6, 0), at(2026, 3, 9, 7, 30)),  # before opening
        (at(2026, 3, 9, 11, 30), at(2026, 3, 9, 13, 30)),  # a period's end is outside it
        (at(2026, 3, 9, 12, 15), at(2026, 3, 9, 13, 30)),  # lunch
        (at(2026, 3, 9, 18, 0), at(2026, 3, 10, 7, 30)),  # evening
        (at(2026, 3, 14, 9, 0), at(2026, 3, 16, 7, 30)),  # Saturday
        (at(2026, 2, 14, 9, 0), at(2026, 2, 23, 7, 30)),  # Tết
    ],
)
def test_effective_start(received, expected):
    assert CAL.effective_start(received) == expected


# --- Due moments -------------------------------------------------------------------------


def test_the_issue_example_friday_before_tet_plus_three_days():
    assert due(at(2026, 2, 13, 10), Deadline.days(3)).isoformat() == "2026-02-25T10:00:00+07:00"


def test_monday_ten_plus_three_days_is_thursday_ten():
    assert due(at(2026, 3, 9, 10), Deadline.days(3)) == at(2026, 3, 12, 10)


def test_hours_skip_lunch():
    assert due(at(2026, 3, 9, 10), Deadline.hours(4)) == at(2026, 3, 9, 16)


def test_a_due_moment_at_the_end_of_the_morning_stays_at_11_30():
    assert due(at(2026, 3, 9, 7, 30), Deadline.hours(4)) == at(2026, 3, 9, 11, 30)


def test_a_due_moment_at_the_end_of_the_day_stays_at_17_30():
    assert due(at(2026, 3, 9, 13, 30), Deadline.hours(4)) == at(2026, 3, 9, 17, 30)
    assert due(at(2026, 3, 9, 7, 30), Deadline.days(1)) == at(2026, 3, 9, 17, 30)


def test_received_at_a_period_end_counts_from_the_next_period():
    assert due(at(2026, 3, 9, 11, 30), Deadline.days(1)) == at(2026, 3, 10, 11, 30)
    assert due(at(2026, 3, 9, 17, 30), Deadline.hours(1)) == at(2026, 3, 10, 8, 30)


def test_received_on_a_saturday_counts_from_monday_morning():
    assert due(at(2026, 3, 14, 9), Deadline.days(2)) == at(2026, 3, 17, 17, 30)


def test_worked_saturday_counts():
    # Thu 24/4/2025 09:00 + 2 days: Fri 25, Sat 26 (làm bù) → Sat 26/4 09:00.
    assert due(at(2025, 4, 24, 9), Deadline.days(2)) == at(2025, 4, 26, 9)


def test_zero_deadline_is_the_effective_start():
    assert due(at(2026, 3, 14, 9), Deadline.days(0)) == at(2026, 3, 16, 7, 30)
    assert due(at(2026, 3, 9, 10), Deadline.hours(0)) == at(2026, 3, 9, 10)


def test_aware_times_in_other_zones_are_converted():
    received = dt.datetime(2026, 2, 13, 3, 0, tzinfo=dt.UTC)  # 10:00 in Vietnam
    assert due(received, Deadline.days(3)) == at(2026, 2, 25, 10)


def test_fractions_of_a_second_start_the_clock_at_the_next_second():
    received = at(2026, 3, 9, 10).replace(microsecond=500_000)
    assert due(received, Deadline.hours(1)) == at(2026, 3, 9, 11, 0, 1)


def test_naive_times_are_refused():
    with pytest.raises(CalendarError):
        due(dt.datetime(2026, 3, 9, 10), Deadline.days(1))


# --- Same day (trong ngày) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 3, 9, 9, 0), at(2026, 3, 9, 17, 30)),
        (at(2026, 3, 9, 6, 0), at(2026, 3, 9, 17, 30)),  # before opening, still that day
        (at(2026, 3, 9, 12, 0), at(2026, 3, 9, 17, 30)),
        (at(2026, 3, 9, 15, 0), at(2026, 3, 9, 17, 30)),  # not after the cut-off
        (at(2026, 3, 9, 15, 0, 1), at(2026, 3, 10, 17, 30)),
        (at(2026, 3, 9, 16, 0), at(2026, 3, 10, 17, 30)),
        (at(2026, 3, 13, 16, 0), at(2026, 3, 16, 17, 30)),  # Friday afternoon → Monday
        (at(2026, 3, 14, 9, 0), at(2026, 3, 16, 17, 30)),  # Saturday
        (at(2026, 2, 13, 16, 0), at(2026, 2, 23, 17, 30)),  # before Tết
    ],
)
def test_same_day(received, expected):
    assert due(received, Deadline.same_day()) == expected


def test_same_day_cutoff_is_configurable():
    assert due(at(2026, 3, 9, 15, 30), Deadline.same_day("16:00")) == at(2026, 3, 9, 17, 30)


def test_same_day_cutoff_after_closing_never_gives_a_due_before_receipt():
    assert due(at(2026, 3, 9, 17, 45), Deadline.same_day("18:00")) == at(2026, 3, 10, 17, 30)


# --- Elapsed working time ----------------------------------------------------------------


def test_elapsed_across_tet():
    assert worked(CAL, at(2026, 2, 13, 10), at(2026, 2, 25, 10)) == 24 * HOUR


def test_elapsed_skips_lunch_and_nights_and_is_signed():
    assert worked(CAL, at(2026, 3, 9, 11), at(2026, 3, 9, 14)) == HOUR
    assert worked(CAL, at(2026, 3, 9, 17), at(2026, 3, 10, 8)) == HOUR
    assert worked(CAL, at(2026, 3, 10, 8), at(2026, 3, 9, 17)) == -HOUR
    assert worked(CAL, at(2026, 3, 14, 8), at(2026, 3, 15, 20)) == 0


# --- Deadlines, periods, layers ----------------------------------------------------------


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3", 10_001])
def test_bad_deadline_amounts(bad):
    with pytest.raises(CalendarError):
        Deadline.days(bad)


def test_deadline_kind_is_checked():
    with pytest.raises(CalendarError):
        Deadline("weeks", 2)
    with pytest.raises(CalendarError):
        Deadline(Deadline.DAYS, 2, dt.time(15))


def test_deadline_descriptions():
    assert Deadline.days(3).describe() == "3 ngày làm việc"
    assert Deadline.hours(4).describe() == "4 giờ làm việc"
    assert "15:00" in Deadline.same_day().describe()


def test_custom_periods_change_the_length_of_a_day():
    calendar = Calendar(
        source=vietnam_holidays,
        periods=[("07:30", "11:30"), ("13:30", "17:00")],
        years=(2026, 2026),
    )
    assert calendar.day_seconds == 7.5 * HOUR
    assert due(at(2026, 3, 9, 10), Deadline.days(1), calendar) == at(2026, 3, 10, 10)
    assert due(at(2026, 3, 9, 7, 30), Deadline.days(1), calendar) == at(2026, 3, 9, 17)


@pytest.mark.parametrize(
    "periods",
    [
        [],
        [("11:30", "07:30")],
        [("07:30", "11:30"), ("11:00", "17:00")],
        [("7h30", "11:30")],
        [("07:30",)],
        [("07:00", "08:00")] * 5,
    ],
)
def test_bad_periods(periods):
    with pytest.raises(PeriodsError):
        parse_periods(periods)


def test_extra_days_on_top_of_the_holidays():
    calendar = Calendar(
        source=vietnam_holidays,
        days_off={dt.date(2026, 3, 10): "UBND tỉnh cho nghỉ"},
        extra_working_days={dt.date(2026, 3, 14): "Làm bù theo thông báo"},
        years=(2026, 2026),
    )
    assert not calendar.is_working_day(dt.date(2026, 3, 10))
    assert calendar.day_reason(dt.date(2026, 3, 10)) == "UBND tỉnh cho nghỉ"
    assert calendar.is_working_day(dt.date(2026, 3, 14))
    # Mon 9/3 10:00 + 2 days: Tue off, Wed, Thu → Thu 12/3 10:00.
    assert due(at(2026, 3, 9, 10), Deadline.days(2), calendar) == at(2026, 3, 12, 10)


def test_a_day_cannot_be_both_off_and_worked():
    day = dt.date(2026, 3, 10)
    with pytest.raises(CalendarError):
        fixed_layer(off={day}, work={day})


def test_later_layers_win():
    day = dt.date(2026, 3, 10)
    source = layered(
        vietnam_holidays, {day: ("off", "Tỉnh cho nghỉ")}, {day: ("work", "Phường vẫn làm")}
    )
    assert source(2026).work[day] == "Phường vẫn làm"
    assert day not in source(2026).off
    # and a ward may work on a public holiday the province keeps
    source = layered(vietnam_holidays, {}, {dt.date(2026, 4, 30): ("work", "Trực")})
    assert Calendar(source=source, years=(2026, 2026)).is_working_day(dt.date(2026, 4, 30))


# --- The precomputed span grows on demand ------------------------------------------------


def test_lazily_extended_span_gives_the_same_answers():
    small = Calendar(source=vietnam_holidays, years=(2026, 2026))
    wide = Calendar(source=vietnam_holidays, years=(2015, 2040))
    for received in (at(2026, 12, 30, 10), at(2031, 2, 3, 9), at(2019, 1, 4, 16)):
        for deadline in (Deadline.days(40), Deadline.hours(7), Deadline.same_day()):
            assert due(received, deadline, small) == due(received, deadline, wide)
    assert worked(small, at(2012, 1, 3, 8), at(2045, 1, 3, 8)) == worked(
        wide, at(2012, 1, 3, 8), at(2045, 1, 3, 8)
    )


def test_a_deadline_longer_than_the_span_extends_it():
    small = Calendar(source=vietnam_holidays, years=(2026, 2026))
    result = due(at(2026, 12, 1, 10), Deadline.days(600), small)
    assert worked(small, at(2026, 12, 1, 10), result) == 600 * 8 * HOUR


def test_outside_the_supported_years():
    with pytest.raises(CalendarRangeError):
        due(at(2150, 1, 5, 10), Deadline.days(1))
    with pytest.raises(CalendarRangeError):
        due(at(2100, 12, 20, 10), Deadline.days(30))


def test_threads_growing_one_calendar_get_the_same_answers():
    small = Calendar(source=vietnam_holidays, years=(2026, 2026))
    wide = Calendar(source=vietnam_holidays, years=(2015, 2040))
    cases = [
        (at(year, month, 3, 10), Deadline.days(n))
        for year in range(2016, 2040, 3)
        for month in (1, 6, 11)
        for n in (1, 20)
    ] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda case: small.due_at(*case), cases))
    assert results == [wide.due_at(*case) for case in cases]
