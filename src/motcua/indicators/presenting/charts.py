"""What Chart.js draws on the dashboard: the trend and the ranking, the same numbers as
the tables beside them."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dashboard import RankRow, TrendRow


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def trend_chart(rows: list[TrendRow]) -> dict:
    return {
        "kind": "line",
        "labels": [row.period.short_label for row in rows],
        "max": 100,
        "target": {"value": 100, "label": "Mục tiêu 100 % trước hạn, đúng hạn"},
        "series": [
            {
                "label": "% trước hạn, đúng hạn",
                "data": [_number(r.rates.row.on_time_rate) for r in rows],
            },
            {
                "label": "% trực tuyến toàn trình",
                "data": [_number(r.rates.row.fully_online_rate) for r in rows],
            },
            {
                "label": "% thanh toán trực tuyến",
                "data": [_number(r.rates.row.paid_online_rate) for r in rows],
            },
            {"label": "Điểm Bộ chỉ số 766 (/100)", "data": [_number(r.score) for r in rows]},
        ],
    }


def ranking_chart(rows: list[RankRow]) -> dict:
    return {
        "kind": "bar",
        "labels": [row.label for row in rows],
        "max": 100,
        "series": [
            {"label": "Điểm Bộ chỉ số 766 (/100)", "data": [_number(r.score) for r in rows]},
            {"label": "% trước hạn, đúng hạn", "data": [_number(r.on_time_rate) for r in rows]},
        ],
    }
