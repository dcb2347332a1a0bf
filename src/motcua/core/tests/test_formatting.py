import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.formatting import format_date, format_datetime, format_vnd, weekday_vi


def test_vnd_groups_thousands_with_dots():
    assert format_vnd(0) == "0 đ"
    assert format_vnd(8000) == "8.000 đ"
    assert format_vnd(1234567) == "1.234.567 đ"
    assert format_vnd(Decimal("200000")) == "200.000 đ"
    assert format_vnd(-50000) == "-50.000 đ"
    assert format_vnd(None) == ""


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_vnd_round_trips(amount):
    text = format_vnd(amount)
    assert text.endswith(" đ")
    assert int(text[:-2].replace(".", "")) == amount


def test_datetime_is_shown_in_ho_chi_minh_time():
    utc_moment = dt.datetime(2026, 2, 25, 3, 0, tzinfo=dt.UTC)
    assert format_datetime(utc_moment) == "10:00 ngày 25/02/2026"
    # Late evening UTC is already the next day in Vietnam.
    assert format_date(dt.datetime(2026, 12, 31, 18, 30, tzinfo=dt.UTC)) == "01/01/2027"
    local = dt.datetime(2026, 1, 5, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert format_datetime(local) == "07:30 ngày 05/01/2026"


def test_weekday_names():
    assert weekday_vi(dt.date(2026, 2, 16)) == "Thứ Hai"
    assert weekday_vi(dt.date(2026, 2, 22)) == "Chủ nhật"
