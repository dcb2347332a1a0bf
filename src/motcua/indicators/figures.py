"""The numbers each indicators page shows, computed and read for one scope and period.

The dashboard and the public statistics gather here everything they show: the Decision
766 scorecard (collectors), the directive's rates (rates), the months of the trend, the
scorecards of the units or wards to rank, and the agencies and procedures a table's rows
count (to link each row to its own list). Nothing is worded or linked here: the
presenters (``presenting/``) shape these figures without reading the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.catalog.models import Procedure
from motcua.org.models import Agency

from . import collectors, rates
from .collectors import ScorecardResult
from .periods import MONTH, QUARTER, YEAR, Period
from .rates import RateRow, RateTable, TrendPoint
from .scopes import PROVINCE, WARD, Scope

# A month's trend shows this many months, ending with the chosen one.
TREND_MONTHS = 6

# The periods the public statistics sum up, each containing the moment they are read.
PUBLIC_PERIOD_KINDS = (MONTH, QUARTER, YEAR)

# What a row of a grouped rate table counts, by the row's key (an agency or a procedure id).
RowSubjects = dict[int, Agency | Procedure]


def child_group(scope: Scope) -> str | None:
    """How the "per unit" table splits a scope: a province by ward, a ward by unit."""
    return {PROVINCE: "ward", WARD: "unit"}.get(scope.level)


def child_agencies(scope: Scope) -> list[Agency]:
    """The units of a ward, the wards of a province (active), by code."""
    if scope.level == WARD:
        children = Agency.objects.units().filter(ward=scope.agency)
    elif scope.level == PROVINCE:
        children = Agency.objects.wards().filter(province=scope.agency)
    else:
        return []
    return list(children.filter(is_active=True).order_by("code"))


def row_subjects(table: RateTable) -> RowSubjects:
    """The unit, ward or procedure each row of ``table`` counts, by the row's key."""
    if table.group_by is None:
        return {}
    keys = [row.key for row in table.rows if row.key is not None]
    model = Procedure if table.group_by == "procedure" else Agency
    return model.objects.in_bulk(keys)


# --- the leadership dashboard -----------------------------------------------------------------


@dataclass(frozen=True)
class TrendMonth:
    """One month of the trend: the directive's rates and the Decision 766 scorecard."""

    point: TrendPoint
    scorecard: ScorecardResult


@dataclass(frozen=True)
class ChildScore:
    """A unit (of a ward) or a ward (of a province) with dossiers or procedures to rank."""

    agency: Agency
    scorecard: ScorecardResult


@dataclass(frozen=True)
class DashboardFigures:
    scope: Scope
    period: Period
    scorecard: ScorecardResult
    # The rates split by unit or ward, by procedure, or (neither applies) a single line.
    by_child: RateTable | None
    by_procedure: RateTable | None
    scope_rates: RateTable | None
    by_child_subjects: RowSubjects
    by_procedure_subjects: RowSubjects
    trend: list[TrendMonth]
    children: list[ChildScore]


def trend_period(period: Period) -> Period:
    """The months a trend covers: the period's own, and at least TREND_MONTHS back."""
    last = period.months()[-1]
    first = last
    for _ in range(TREND_MONTHS - 1):
        first = first.previous()
    return Period.range(min(first.first_day, period.first_day), period.last_day)


def trend(scope: Scope, period: Period, *, now: dt.datetime) -> list[TrendMonth]:
    """Month by month: the directive's rates and the Decision 766 scorecard."""
    points = rates.trend(scope, trend_period(period), now=now)
    # Months before the scope had any dossier (the system not yet in use) say nothing:
    # the trend starts at the first month with work, or at the chosen period.
    while points and points[0].period.end <= period.start and not _busy(points[0]):
        points.pop(0)
    cards = collectors.scorecard_series(scope, [p.period for p in points], now=now)
    return [TrendMonth(point, card) for point, card in zip(points, cards, strict=True)]


def _busy(point: TrendPoint) -> bool:
    return bool(point.row.handled or point.row.finished)


def _has_activity(result: ScorecardResult) -> bool:
    """Dossiers in the period, or procedures in force: something to rank."""
    progress = result.counts["PROGRESS_ON_TIME"].denominator
    procedures = result.counts["ONLINE_PROCEDURES"].denominator
    return bool(progress) or bool(procedures)


def child_scores(scope: Scope, period: Period, *, now: dt.datetime) -> list[ChildScore]:
    """The scope's units or wards (with its procedure, if any) that have something to rank."""
    scores = []
    for agency in child_agencies(scope):
        child = Scope.of(agency, procedure=scope.procedure)
        result = collectors.scorecard(child, period, now=now)
        if _has_activity(result):
            scores.append(ChildScore(agency, result))
    return scores


def dashboard_figures(scope: Scope, period: Period, *, now: dt.datetime) -> DashboardFigures:
    """Everything the leadership dashboard shows for ``scope`` and ``period`` at ``now``."""
    group = child_group(scope)
    by_child = rates.rates(scope, period, group_by=group, now=now) if group else None
    by_procedure = (
        rates.rates(scope, period, group_by="procedure", now=now)
        if scope.procedure is None
        else None
    )
    # A unit's one procedure splits no further: its rates are a single line.
    alone = None if by_child or by_procedure else rates.rates(scope, period, now=now)
    return DashboardFigures(
        scope=scope,
        period=period,
        scorecard=collectors.scorecard(scope, period, now=now),
        by_child=by_child,
        by_procedure=by_procedure,
        scope_rates=alone,
        by_child_subjects=row_subjects(by_child) if by_child else {},
        by_procedure_subjects=row_subjects(by_procedure) if by_procedure else {},
        trend=trend(scope, period, now=now),
        children=child_scores(scope, period, now=now),
    )


# --- the public statistics --------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodFigures:
    """A ward's scorecard and rate totals for the month, quarter or year containing now."""

    kind: str
    period: Period
    scorecard: ScorecardResult
    totals: RateRow


@dataclass(frozen=True)
class PublicFigures:
    ward: Agency
    kind: str
    periods: list[PeriodFigures]
    # The details of the chosen kind's period.
    by_unit: RateTable
    by_procedure: RateTable

    @property
    def chosen(self) -> PeriodFigures:
        return next(p for p in self.periods if p.kind == self.kind)


def public_figures(ward: Agency, kind: str, *, now: dt.datetime) -> PublicFigures:
    """The ward's scorecard and rates for this month, quarter and year; the details (per
    unit, per procedure) for ``kind``. Aggregates only: nothing names a person."""
    scope = Scope.of(ward)
    periods, details = [], None
    for period_kind in PUBLIC_PERIOD_KINDS:
        period = Period.containing(period_kind, now)
        result = collectors.scorecard(scope, period, now=now)
        if period_kind == kind:
            by_unit = rates.rates(scope, period, group_by="unit", now=now)
            details = (by_unit, rates.rates(scope, period, group_by="procedure", now=now))
            totals = by_unit.total
        else:
            totals = rates.rates(scope, period, now=now).total
        periods.append(PeriodFigures(period_kind, period, result, totals))
    by_unit, by_procedure = details
    return PublicFigures(ward, kind, periods, by_unit, by_procedure)
