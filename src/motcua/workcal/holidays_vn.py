"""The base layer: Vietnamese public holidays (ngày nghỉ lễ, Tết) from the `holidays` package.

Labour Code 2019 Art. 112 (Tết Dương lịch, Tết Nguyên Đán, Giỗ Tổ Hùng Vương,
30/4, 1/5, Quốc khánh), weekend compensation (nghỉ bù), 24/11 from 2026, and
the government's yearly swaps for civil servants: a bridge day off paid back by
a working Saturday (làm bù), e.g. Fri 2/5/2025 off for Sat 26/4/2025.
The package version is pinned (requirements/base.lock): a new release may move
dates, so upgrading it is a reviewed change. Pure: no database.
"""

from __future__ import annotations

import datetime as dt
import functools
from types import MappingProxyType

import holidays

from .engine import WEEKDAY_NAMES, YearDays, format_date


@functools.lru_cache(maxsize=256)
def vietnam_year(year: int) -> YearDays:
    """One year's public holidays and make-up working days, with Vietnamese names."""
    # A swap can cross New Year (work Sat 5/1/2019 for Mon 31/12/2018): load the neighbours.
    found = holidays.country_holidays("VN", years=(year - 1, year, year + 1), language="vi")
    off = {day: name for day, name in found.items() if day.year == year}
    work = {day: _makeup_reason(day, found) for day in found.weekend_workdays if day.year == year}
    return YearDays(MappingProxyType(off), MappingProxyType(work))


def _makeup_reason(day: dt.date, found: holidays.HolidayBase) -> str:
    """'Thứ Bảy làm bù cho ngày nghỉ Thứ Sáu, 02/05/2025' (the package names the swap)."""
    marker = day.strftime("%d/%m/%Y")
    for holiday, name in found.items():
        if marker in name:
            return f"{WEEKDAY_NAMES[day.weekday()]} làm bù cho ngày nghỉ {format_date(holiday)}"
    return f"{WEEKDAY_NAMES[day.weekday()]} làm bù"


def vietnam_holidays(year: int) -> YearDays:
    """The DaySource for ``engine.Calendar(source=...)``."""
    return vietnam_year(year)
