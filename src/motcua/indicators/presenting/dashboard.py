"""The leadership dashboard: the scorecard, the rate tables, the trend month by month and
the units or wards ranked, shaped from figures.DashboardFigures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ..figures import ChildScore, DashboardFigures, RowSubjects, TrendMonth
from ..periods import Period
from ..rates import RateRow, RateTable
from ..scopes import Scope
from .charts import ranking_chart, trend_chart
from .links import Selection
from .tables import (
    RateRowView,
    RateTableView,
    ScorecardView,
    rate_row_view,
    rate_table_view,
    scorecard_view,
)
from .wording import as_of_text


@dataclass(frozen=True)
class TrendRow:
    period: Period
    rates: RateRowView
    score: Decimal | None


@dataclass(frozen=True)
class RankRow:
    rank: int
    selection: Selection
    label: str
    score: Decimal | None
    rates: RateRow

    @property
    def on_time_rate(self) -> Decimal | None:
        return self.rates.on_time_rate

    @property
    def fully_online_rate(self) -> Decimal | None:
        return self.rates.fully_online_rate

    @property
    def paid_online_rate(self) -> Decimal | None:
        return self.rates.paid_online_rate


@dataclass(frozen=True)
class Dashboard:
    selection: Selection
    as_of: dt.datetime
    scorecard: ScorecardView
    by_child: RateTableView | None
    by_procedure: RateTableView | None
    scope_rates: RateTableView | None = None
    trend: list[TrendRow] = field(default_factory=list)
    ranking: list[RankRow] = field(default_factory=list)

    @property
    def as_of_text(self) -> str:
        return as_of_text(self.selection.period, self.as_of)

    @property
    def charts(self) -> dict:
        charts = {}
        if len(self.trend) > 1:
            charts["trend"] = trend_chart(self.trend)
        if len(self.ranking) > 1:
            charts["ranking"] = ranking_chart(self.ranking)
        return charts


def trend_rows(months: list[TrendMonth], selection: Selection) -> list[TrendRow]:
    """Month by month: the directive's rates (linked to that month) and the 766 total."""
    return [
        TrendRow(
            month.point.period,
            rate_row_view(month.point.row, selection.with_period(month.point.period)),
            month.scorecard.card.total,
        )
        for month in months
    ]


def _or_lowest(value: Decimal | None) -> Decimal:
    """No score (or no rate) ranks below every number."""
    return value if value is not None else Decimal(-1)


def rankings(
    children: list[ChildScore], by_child: RateTable | None, selection: Selection
) -> list[RankRow]:
    """Units (of a ward) or wards (of a province) by their Decision 766 total, best first;
    the directive's rates from ``by_child`` alongside."""
    rows_by_key = {row.key: row for row in by_child.rows} if by_child is not None else {}
    ranked = []
    for child in children:
        agency = child.agency
        row = rows_by_key.get(agency.pk, RateRow(key=agency.pk, label=agency.display_name))
        ranked.append((child.scorecard.card.total, row, agency))
    ranked.sort(
        key=lambda entry: (
            -_or_lowest(entry[0]),
            -_or_lowest(entry[1].on_time_rate),
            entry[2].code,
        )
    )
    return [
        RankRow(
            rank=index,
            selection=selection.with_scope(Scope.of(agency, procedure=selection.procedure)),
            label=agency.display_name,
            score=score,
            rates=row,
        )
        for index, (score, row, agency) in enumerate(ranked, start=1)
    ]


def dashboard(figures: DashboardFigures, selection: Selection) -> Dashboard:
    """Everything the leadership dashboard shows for ``selection``, linked to its lists."""

    def table(rates: RateTable | None, subjects: RowSubjects) -> RateTableView | None:
        return rate_table_view(rates, selection, subjects) if rates else None

    return Dashboard(
        selection=selection,
        as_of=figures.scorecard.as_of,
        scorecard=scorecard_view(figures.scorecard, selection),
        by_child=table(figures.by_child, figures.by_child_subjects),
        by_procedure=table(figures.by_procedure, figures.by_procedure_subjects),
        scope_rates=table(figures.scope_rates, {}),
        trend=trend_rows(figures.trend, selection),
        ranking=rankings(figures.children, figures.by_child, selection),
    )
