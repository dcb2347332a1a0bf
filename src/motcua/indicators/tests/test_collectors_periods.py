"""Periods: parsing, boundaries in Vietnam time, neighbours and month series (no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.errors import DomainError
from motcua.indicators.periods import MONTH, QUARTER, RANGE, YEAR, Period, parse_period

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "first", "last", "kind"),
    [
        ("2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31), MONTH),
        ("2026-3", dt.date(2026, 3, 1), dt.date(2026, 3, 31), MONTH),
        ("03/2026", dt.date(2026, 3, 1), dt.date(2026, 3, 31), MONTH),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), MONTH),
        ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), QUARTER),
        ("2026-q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), QUARTER),
        ("Q2/2026", dt.date(2026, 4, 1), dt.date(2026, 6, 30), QUARTER),
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), YEAR),
        ("2026-03-01..2026-03-31", dt.date(2026, 3, 1), dt.date(2026, 3, 31), RANGE),
        (" 01/03/2026..15/03/2026 ", dt.date(2026, 3, 1), dt.date(2026, 3, 15), RANGE),
        ("2026-03-05..2026-03-05", dt.date(2026, 3, 5), dt.date(2026, 3, 5), RANGE),
    ],
)
def test_parse(text, first, last, kind):
    period = parse_period(text)
    assert (period.first_day, period.last_day, period.kind) == (first, last, kind)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Chưa chọn kỳ báo cáo"),
        ("2026-13", "Tháng phải từ 01 đến 12"),
        ("2026-00", "Tháng phải từ 01 đến 12"),
        ("2026-Q5", "Quý phải từ 1 đến 4"),
        ("1999", "nằm ngoài khoảng"),
        ("tháng 3", "Kỳ báo cáo không hợp lệ"),
        ("2026-03-31..2026-03-01", "phải trước hoặc trùng ngày kết thúc"),
        ("2026-02-30..2026-03-01", "Ngày không tồn tại"),
        ("2026-03-01..", "Ngày không hợp lệ"),
        ("2020-01-01..2026-01-01", "không được dài quá 5 năm"),
    ],
)
def test_bad_text_gives_a_vietnamese_message(text, message):
    with pytest.raises(DomainError) as error:
        parse_period(text)
    assert error.value.code == "period_invalid"
    assert error.value.field == "period"
    assert message in error.value.message


def test_boundaries_are_local_midnight():
    march = Period.month(2026, 3)
    assert march.start == dt.datetime(2026, 3, 1, tzinfo=TZ)
    assert march.end == dt.datetime(2026, 4, 1, tzinfo=TZ)
    # 31/03 23:30 in Vietnam is 16:30 UTC: March. 01/04 00:00 in Vietnam: April.
    assert march.contains(dt.datetime(2026, 3, 31, 16, 30, tzinfo=UTC))
    assert not march.contains(dt.datetime(2026, 3, 31, 17, 0, tzinfo=UTC))
    assert Period.month(2026, 4).contains(dt.datetime(2026, 3, 31, 17, 0, tzinfo=UTC))
    # 01/03 06:59 UTC is 13:59 local on 01/03; 28/02 17:00 UTC is 00:00 local on 01/03.
    assert march.contains(dt.datetime(2026, 2, 28, 17, 0, tzinfo=UTC))
    assert not march.contains(dt.datetime(2026, 2, 28, 16, 59, tzinfo=UTC))


def test_labels_and_keys():
    assert Period.month(2026, 3).label == "Tháng 03/2026"
    assert Period.quarter(2026, 3).label == "Quý III/2026"
    assert Period.year(2026).label == "Năm 2026"
    custom = Period.range(dt.date(2026, 3, 1), dt.date(2026, 3, 15))
    assert custom.label == "Từ 01/03/2026 đến 15/03/2026"
    assert Period.quarter(2026, 1).short_label == "Q1/2026"
    assert Period.month(2026, 3).short_label == "03/2026"
    for period in (Period.month(2026, 3), Period.quarter(2026, 2), Period.year(2026), custom):
        assert parse_period(period.key) == period


def test_previous():
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.month(2026, 3).previous() == Period.month(2026, 2)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.year(2026).previous() == Period.year(2025)
    custom = Period.range(dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    assert custom.previous() == Period.range(dt.date(2026, 2, 19), dt.date(2026, 2, 28))


def test_month_series():
    assert [m.key for m in Period.quarter(2026, 1).months()] == ["2026-01", "2026-02", "2026-03"]
    assert len(Period.year(2026).months()) == 12
    custom = Period.range(dt.date(2025, 12, 20), dt.date(2026, 2, 3))
    assert [m.key for m in custom.months()] == ["2025-12", "2026-01", "2026-02"]


def test_containing_and_as_of():
    noon = dt.datetime(2026, 5, 17, 12, tzinfo=TZ)
    assert Period.containing(MONTH, noon) == Period.month(2026, 5)
    assert Period.containing(QUARTER, noon) == Period.quarter(2026, 2)
    assert Period.containing(YEAR, noon) == Period.year(2026)
    # 31/05 20:00 UTC is already 01/06 in Vietnam.
    assert Period.containing(MONTH, dt.datetime(2026, 5, 31, 20, tzinfo=UTC)).key == "2026-06"
    assert Period.month(2026, 5).as_of(noon) == noon
    assert Period.month(2026, 4).as_of(noon) == Period.month(2026, 4).end
    assert Period.month(2026, 5).is_current(noon)
    with pytest.raises(DomainError):
        Period.containing("week", noon)


@given(st.integers(2000, 2099), st.integers(1, 12))
def test_months_tile_the_year_without_gaps(year, month):
    period = Period.month(year, month)
    following = Period.month(year + (month == 12), month % 12 + 1)
    assert period.end == following.start
    assert following.previous() == period
    assert period.days in (28, 29, 30, 31)
