"""What the indicators pages show: the scorecard, the rates, the trend and the rankings,
each number paired with the address of the list of dossiers behind it.

The numbers come from collectors.scorecard, rates.rates / rates.trend and
collectors.scorecard_series; nothing is counted here. A link is built from the same
scope, period and code the number was computed with, so the drill-down page
(drilldown.drill) lists exactly the rows that were counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.org.models import Agency

from . import collectors, rates
from .collectors import CATALOGUE_ITEMS, ItemResult, ScorecardResult
from .drilldown import CATALOGUE_TITLES
from .measures import MEASURES, RATIOS
from .periods import MONTH, QUARTER, YEAR, Period
from .rates import RateRow, RateTable, percent
from .scopes import PROVINCE, WARD, Scope

# A month's trend shows this many months, ending with the chosen one.
TREND_MONTHS = 6

# What one unit of a catalogue item's count is (the dossier items count "hồ sơ").
CATALOGUE_NOUNS = {
    "ONLINE_PROCEDURES": "TTHC",
    "ONLINE_SERVICES_USED": "dịch vụ",
    "PAYMENT_PROCEDURES_TRANSACTED": "TTHC",
}


def as_of_text(period: Period, as_of: dt.datetime, *, running: str = "kỳ chưa kết thúc") -> str:
    """'Số liệu tính đến hết ngày 31/03/2026.' for a closed period, the moment otherwise."""
    if as_of >= period.end:
        return f"Số liệu tính đến hết ngày {period.last_day:%d/%m/%Y}."
    local = timezone.localtime(as_of)
    return f"Số liệu tính đến {local:%H:%M} ngày {local:%d/%m/%Y} ({running})."


# --- where and when: the page's parameters ------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """A scope and a period as the pages pass them around (``don_vi``, ``thu_tuc``, ``ky``)."""

    scope: Scope
    period: Period

    @property
    def agency(self) -> Agency:
        return self.scope.agency

    @property
    def procedure(self) -> Procedure | None:
        return self.scope.procedure

    def params(self) -> dict[str, str]:
        params = {"don_vi": self.agency.code}
        if self.procedure is not None:
            params["thu_tuc"] = self.procedure.code
        params["ky"] = self.period.key
        return params

    def query(self, **extra: str) -> str:
        return urlencode({**self.params(), **extra})

    def with_scope(self, scope: Scope) -> Selection:
        return Selection(scope, self.period)

    def with_period(self, period: Period) -> Selection:
        return Selection(self.scope, period)

    def dashboard_url(self) -> str:
        return f"{reverse('indicators-dashboard')}?{self.query()}"

    def drill_url(self, code: str, part: str) -> str:
        """The list behind a number: /can-bo/chi-so/ho-so/?chi-so=CODE&phan=PART&…"""
        which = urlencode({"chi-so": code, "phan": part})
        return f"{reverse('indicators-drilldown')}?{which}&{self.query()}"


@dataclass(frozen=True)
class Count:
    """A number and the address of the list it counts ('' when it has no list)."""

    value: int | None
    url: str = ""


def _count(selection: Selection | None, code: str, part: str, value: int | None) -> Count:
    if selection is None or value is None:
        return Count(value)
    return Count(value, selection.drill_url(code, part))


# --- the scorecard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    """One Decision 766 item: n/d with their lists, the ratio, score/max, what is missing."""

    item: ItemResult
    numerator: Count
    denominator: Count
    missing: Count
    noun: str
    missing_label: str

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def has_data(self) -> bool:
        return self.item.count.has_data

    @property
    def percent(self) -> Decimal | None:
        if not self.has_data:
            return None
        return percent(self.item.numerator, self.item.denominator)


@dataclass(frozen=True)
class GroupView:
    code: str
    label: str
    score: Decimal | None
    max: int
    items: list[ItemView]

    @property
    def fill(self) -> int:
        """Width of the score bar, in percent of the group's maximum."""
        if self.score is None or not self.max:
            return 0
        return round(100 * self.score / self.max)


@dataclass(frozen=True)
class ScorecardView:
    result: ScorecardResult
    groups: list[GroupView]

    @property
    def total(self) -> Decimal | None:
        return self.result.card.total

    @property
    def total_max(self) -> int:
        return self.result.card.total_max


def inside_sentence(label: str) -> str:
    """'Hồ sơ quá hạn' → 'hồ sơ quá hạn' after "Chưa đạt: 3"; 'TTHC …' keeps its capitals."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _item_view(item: ItemResult, selection: Selection | None) -> ItemView:
    code = item.code
    if not item.count.has_data:
        return ItemView(item, Count(None), Count(None), Count(None), "hồ sơ", "")
    missing = item.denominator - item.numerator
    if code in CATALOGUE_ITEMS:
        noun, missing_label = CATALOGUE_NOUNS[code], CATALOGUE_TITLES[(code, "missing")]
    else:
        noun, missing_label = "hồ sơ", RATIOS[code].missing_label
    return ItemView(
        item,
        _count(selection, code, "numerator", item.numerator),
        _count(selection, code, "denominator", item.denominator),
        _count(selection, code, "missing", missing),
        noun,
        inside_sentence(missing_label),
    )


def scorecard_view(result: ScorecardResult, selection: Selection | None) -> ScorecardView:
    """The scorecard in its six groups; ``selection=None`` (public pages): no links."""
    groups = [
        GroupView(
            code,
            label,
            score,
            maximum,
            [_item_view(item, selection) for item in result.group_items(code)],
        )
        for code, label, score, maximum in result.groups
    ]
    return ScorecardView(result, groups)


# --- the directive's rates --------------------------------------------------------------------


@dataclass(frozen=True)
class RateRowView:
    """A line of the rates table with the lists behind its counts."""

    row: RateRow
    selection: Selection | None
    received: Count
    finished: Count
    finished_ok: Count
    finished_late: Count
    fully_online: Count
    fee: Count
    fee_paid_online: Count
    overdue: Count
    is_total: bool = False

    @property
    def label(self) -> str:
        return self.row.label

    @property
    def meets_target(self) -> bool:
        """The directive: 100 % of dossiers resolved early or on time."""
        return self.row.on_time_rate is not None and self.row.on_time_rate == 100


def rate_row_view(row: RateRow, selection: Selection | None, *, is_total=False) -> RateRowView:
    s = selection
    running = row.open_overdue is not None
    overdue_code = "open_overdue" if running else "in_progress_overdue"
    overdue = row.open_overdue if running else row.in_progress_overdue
    return RateRowView(
        row=row,
        selection=s,
        received=_count(s, "received", "count", row.received),
        finished=_count(s, "ON_TIME_RATE", "denominator", row.finished),
        finished_ok=_count(
            s, "ON_TIME_RATE", "numerator", row.finished_early + row.finished_on_time
        ),
        finished_late=_count(s, "ON_TIME_RATE", "missing", row.finished_late),
        fully_online=_count(s, "FULLY_ONLINE_RATE", "numerator", row.received_fully_online),
        fee=_count(s, "PAID_ONLINE_RATE", "denominator", row.fee),
        fee_paid_online=_count(s, "PAID_ONLINE_RATE", "numerator", row.fee_paid_online),
        overdue=_count(s, overdue_code, "count", overdue),
        is_total=is_total,
    )


@dataclass(frozen=True)
class RateTableView:
    table: RateTable
    rows: list[RateRowView]
    total: RateRowView
    group_label: str

    @property
    def running(self) -> bool:
        return self.table.total.open_overdue is not None

    @property
    def display_rows(self) -> list[RateRowView]:
        """The rows, then "Tổng cộng" when the table is split into groups."""
        return [*self.rows, self.total] if self.total.is_total else self.rows

    @property
    def overdue_label(self) -> str:
        return "Đang quá hạn" if self.running else "Quá hạn cuối kỳ"

    @property
    def overdue_title(self) -> str:
        code = "open_overdue" if self.running else "in_progress_overdue"
        return MEASURES[code].label


GROUP_LABELS = {"unit": "Đơn vị", "ward": "Xã, phường", "procedure": "Thủ tục", None: "Phạm vi"}


def row_selections(table: RateTable, selection: Selection) -> dict[int | None, Selection | None]:
    """The scope of each row: the unit / ward / procedure it counts, within the page's."""
    keys = [row.key for row in table.rows if row.key is not None]
    if table.group_by is None:
        return {None: selection}
    if table.group_by == "procedure":
        procedures = Procedure.objects.in_bulk(keys)
        return {
            key: selection.with_scope(Scope.of(selection.agency, procedure=procedures[key]))
            for key in keys
            if key in procedures
        }
    agencies = Agency.objects.in_bulk(keys)
    return {
        key: selection.with_scope(Scope.of(agencies[key], procedure=selection.procedure))
        for key in keys
        if key in agencies
    }


def rate_table_view(table: RateTable, selection: Selection | None) -> RateTableView:
    """Rows linked to their own lists; the total row to the page's scope."""
    scopes = row_selections(table, selection) if selection is not None else {}
    rows = [rate_row_view(row, scopes.get(row.key)) for row in table.rows]
    if table.group_by is None:
        total = rows[0]
    else:
        total = rate_row_view(table.total, selection, is_total=True)
    return RateTableView(table, rows, total, GROUP_LABELS[table.group_by])


def child_group(scope: Scope) -> str | None:
    """How the "per unit" table splits a scope: a province by ward, a ward by unit."""
    return {PROVINCE: "ward", WARD: "unit"}.get(scope.level)


# --- trend and rankings -----------------------------------------------------------------------


def trend_period(period: Period) -> Period:
    """The months a trend covers: the period's own, and at least TREND_MONTHS back."""
    last = period.months()[-1]
    first = last
    for _ in range(TREND_MONTHS - 1):
        first = first.previous()
    return Period.range(min(first.first_day, period.first_day), period.last_day)


@dataclass(frozen=True)
class TrendRow:
    period: Period
    rates: RateRowView
    score: Decimal | None


def trend_rows(selection: Selection, *, now: dt.datetime) -> list[TrendRow]:
    """Month by month: the directive's rates and the Decision 766 total."""
    span = trend_period(selection.period)
    points = rates.trend(selection.scope, span, now=now)
    # Months before the scope had any dossier (the system not yet in use) say nothing:
    # the trend starts at the first month with work, or at the chosen period.
    while points and points[0].period.end <= selection.period.start and not _busy(points[0]):
        points.pop(0)
    cards = collectors.scorecard_series(selection.scope, [p.period for p in points], now=now)
    return [
        TrendRow(
            point.period,
            rate_row_view(point.row, selection.with_period(point.period)),
            card.card.total,
        )
        for point, card in zip(points, cards, strict=True)
    ]


def _busy(point: rates.TrendPoint) -> bool:
    return bool(point.row.handled or point.row.finished)


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


def child_agencies(scope: Scope) -> list[Agency]:
    """The units of a ward, the wards of a province (active), by code."""
    if scope.level == WARD:
        children = Agency.objects.units().filter(ward=scope.agency)
    elif scope.level == PROVINCE:
        children = Agency.objects.wards().filter(province=scope.agency)
    else:
        return []
    return list(children.filter(is_active=True).order_by("code"))


def _has_activity(result: ScorecardResult) -> bool:
    """Dossiers in the period, or procedures in force: something to rank."""
    progress = result.counts["PROGRESS_ON_TIME"].denominator
    procedures = result.counts["ONLINE_PROCEDURES"].denominator
    return bool(progress) or bool(procedures)


def rankings(
    selection: Selection, by_child: RateTable | None, *, now: dt.datetime
) -> list[RankRow]:
    """Units (of a ward) or wards (of a province) by their Decision 766 total, best first;
    the directive's rates from ``by_child`` alongside."""
    rows_by_key = {row.key: row for row in by_child.rows} if by_child is not None else {}
    ranked = []
    for agency in child_agencies(selection.scope):
        child = selection.with_scope(Scope.of(agency, procedure=selection.procedure))
        result = collectors.scorecard(child.scope, selection.period, now=now)
        if not _has_activity(result):
            continue
        row = rows_by_key.get(agency.pk, RateRow(key=agency.pk, label=agency.display_name))
        ranked.append((result.card.total, row, child, agency))
    ranked.sort(
        key=lambda entry: (
            -(entry[0] if entry[0] is not None else Decimal(-1)),
            -(entry[1].on_time_rate if entry[1].on_time_rate is not None else Decimal(-1)),
            entry[3].code,
        )
    )
    return [
        RankRow(
            rank=index,
            selection=child,
            label=agency.display_name,
            score=score,
            rates=row,
        )
        for index, (score, row, child, agency) in enumerate(ranked, start=1)
    ]


# --- charts (Chart.js reads these; the tables show the same numbers) --------------------------


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


# --- the whole dashboard ----------------------------------------------------------------------


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


def dashboard(selection: Selection, *, now: dt.datetime) -> Dashboard:
    """Everything the leadership dashboard shows for ``selection``, computed at ``now``."""
    scope, period = selection.scope, selection.period
    result = collectors.scorecard(scope, period, now=now)
    group = child_group(scope)
    by_child = rates.rates(scope, period, group_by=group, now=now) if group else None
    by_procedure = (
        rates.rates(scope, period, group_by="procedure", now=now)
        if scope.procedure is None
        else None
    )
    # A unit's one procedure splits no further: its rates are a single line.
    alone = None if by_child or by_procedure else rates.rates(scope, period, now=now)
    return Dashboard(
        selection=selection,
        as_of=result.as_of,
        scorecard=scorecard_view(result, selection),
        by_child=rate_table_view(by_child, selection) if by_child else None,
        by_procedure=rate_table_view(by_procedure, selection) if by_procedure else None,
        scope_rates=rate_table_view(alone, selection) if alone else None,
        trend=trend_rows(selection, now=now),
        ranking=rankings(selection, by_child, now=now),
    )


# --- the public statistics (no links, no names) -----------------------------------------------

PUBLIC_KINDS = {MONTH: "Tháng này", QUARTER: "Quý này", YEAR: "Năm nay"}


@dataclass(frozen=True)
class PeriodSummary:
    kind: str
    title: str
    period: Period
    result: ScorecardResult
    totals: RateRow


@dataclass(frozen=True)
class PublicStatistics:
    ward: Agency
    kind: str
    as_of: dt.datetime
    summaries: list[PeriodSummary]
    scorecard: ScorecardView
    by_unit: RateTableView
    by_procedure: RateTableView

    @property
    def as_of_text(self) -> str:
        return as_of_text(self.chosen.period, self.as_of)

    @property
    def chosen(self) -> PeriodSummary:
        return next(s for s in self.summaries if s.kind == self.kind)


def public_statistics(ward: Agency, kind: str, *, now: dt.datetime) -> PublicStatistics:
    """The ward's scorecard and rates for this month, quarter and year; the details (per
    unit, per procedure) for ``kind``. Aggregates only: nothing names a person."""
    scope = Scope.of(ward)
    summaries, detail = [], None
    for summary_kind, title in PUBLIC_KINDS.items():
        period = Period.containing(summary_kind, now)
        result = collectors.scorecard(scope, period, now=now)
        if summary_kind == kind:
            by_unit = rates.rates(scope, period, group_by="unit", now=now)
            by_procedure = rates.rates(scope, period, group_by="procedure", now=now)
            detail = (result, by_unit, by_procedure)
            totals = by_unit.total
        else:
            totals = rates.rates(scope, period, now=now).total
        summaries.append(PeriodSummary(summary_kind, title, period, result, totals))
    result, by_unit, by_procedure = detail
    return PublicStatistics(
        ward=ward,
        kind=kind,
        as_of=result.as_of,
        summaries=summaries,
        scorecard=scorecard_view(result, None),
        by_unit=rate_table_view(by_unit, None),
        by_procedure=rate_table_view(by_procedure, None),
    )
