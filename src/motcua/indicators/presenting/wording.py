"""Sentences the indicators pages and the monthly report share."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..periods import Period
from ..scoring import GROUPS, RULES_BY_CODE, Scorecard


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


def measured_share_text(card: Scorecard) -> str:
    """What part of the 100 points the system measures, next to the total: "Đo được 52 /
    100 điểm; chưa có dữ liệu: nhóm …" — so a partial total is not read as the unit's
    score. Empty when every item has data."""
    if not card.partial:
        return ""
    labels = {g.code: g.label for g in GROUPS}
    empty = card.unmeasured_groups
    partly = [
        code
        for code in labels
        if code not in empty
        and any(
            score is None and RULES_BY_CODE[item].group == code
            for item, score in card.items.items()
        )
    ]
    parts = [f"nhóm {', '.join(labels[c] for c in empty)}"] if empty else []
    if partly:
        parts.append(f"một số chỉ tiêu của nhóm {', '.join(labels[c] for c in partly)}")
    return (
        f"Đo được {card.measured_max} / {card.total_max} điểm; chưa có dữ liệu: "
        f"{'; '.join(parts)}. Tổng điểm chỉ gồm các chỉ tiêu có dữ liệu, "
        "chưa phải điểm đầy đủ của đơn vị."
    )
