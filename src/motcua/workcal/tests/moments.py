"""Helpers shared by the workcal tests."""

import datetime as dt
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day, hour=0, minute=0, second=0) -> dt.datetime:
    """An aware moment in Vietnam time."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN)
