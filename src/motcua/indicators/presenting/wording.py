"""Sentences the indicators pages and the monthly report share."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..periods import Period


def as_of_text(period: Period, as_of: dt.datetime, *, running: str = "kỳ chưa kết thúc") -> str:
    """'Số liệu tính đến hết ngày 31/03/2026.' for a closed period, the moment otherwise."""
    if as_of >= period.end:
        return f"Số liệu tính đến hết ngày {period.last_day:%d/%m/%Y}."
    local = timezone.localtime(as_of)
    return f"Số liệu tính đến {local:%H:%M} ngày {local:%d/%m/%Y} ({running})."


def inside_sentence(label: str) -> str:
    """'Hồ sơ quá hạn' → 'hồ sơ quá hạn' after "Chưa đạt: 3"; 'TTHC …' keeps its capitals."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label
