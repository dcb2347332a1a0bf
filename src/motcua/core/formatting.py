"""Vietnamese formatting of money, dates and times (dd/mm/yyyy, 1.234.567 đ)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def group_thousands(value: int) -> str:
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_vnd(amount: int | Decimal | None) -> str:
    """1234567 → '1.234.567 đ'. VND has no minor unit: amounts are whole dong."""
    if amount is None:
        return ""
    return f"{group_thousands(int(amount))} đ"


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime | None) -> str:
    """'10:00 ngày 25/02/2026' in local time."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def weekday_vi(value: dt.date) -> str:
    return WEEKDAYS_VI[value.weekday()]
