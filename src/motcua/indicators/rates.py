"""Các tỷ lệ theo chỉ đạo của UBND phường: the directive's rates, per ward, unit, procedure.

The directive (DOMAIN.md §9) asks for 100 % of dossiers early or on time, more fully
online dossiers (trực tuyến toàn trình) and more online payments. A row carries the
columns of the monthly report on receiving and resolving dossiers (received: carried
over, new online / at the counter / by post; resolved: early, on time, late; in progress
at the period's end: within time, overdue) and the rates computed from them, plus the
average processing time in working days and, for the running period, the dossiers
overdue right now.

Queries: one grouped aggregate for every count of every group (``GROUP BY`` the ward,
unit or procedure column), one grouped read of the dossiers open now (running period
only), one grouped sum of the results' stored working seconds (``Dossier.worked_seconds``)
for the processing time and one read of their competent units (whose calendars give the
length of a working day), one read of the group names. A month-by-month trend repeats
this per month (12 for a year).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Sum
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.org.models import Agency
from motcua.workcal.calendars import calendar_for

from . import measures
from .measures import MEASURES, Window
from .periods import Period
from .scopes import Scope
from .scoring import round_half_up

# Counted per group (measures.MEASURES); the rates below are ratios of these.
COUNTED = (
    "received",
    "carried_over",
    "received_online",
    "received_counter",
    "received_postal",
    "received_fully_online",
    "fee",
    "fee_paid_online",
    "finished",
    "finished_early",
    "finished_on_time",
    "finished_late",
    "in_progress",
    "in_progress_within",
    "in_progress_overdue",
)


def percent(numerator: int, denominator: int) -> Decimal | None:
    """Numerator ÷ denominator in percent, half-up to 2 decimals; None for 0/0."""
    if not denominator:
        return None
    return round_half_up(Fraction(100 * numerator, denominator))


@dataclass(frozen=True)
class RateRow:
    """One line of the rates table (a ward, a unit, a procedure, or the total)."""

    key: int | None
    label: str
    received: int = 0
    carried_over: int = 0
    received_online: int = 0
    received_counter: int = 0
    received_postal: int = 0
    received_fully_online: int = 0
    fee: int = 0
    fee_paid_online: int = 0
    finished: int = 0
    finished_early: int = 0
    finished_on_time: int = 0
    finished_late: int = 0
    in_progress: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0
    # Processing time: dossiers with a result in the period and their working seconds,
    # as an exact number of working days.
    processed: int = 0
    processing_days: Fraction = Fraction(0)
    # Open and late now, as the staff inbox counts them (running period only).
    open_overdue: int | None = None

    @property
    def handled(self) -> int:
        """Tổng số hồ sơ phải giải quyết: carried over + received in the period."""
        return self.carried_over + self.received

    @property
    def on_time_rate(self) -> Decimal | None:
        """% giải quyết trước hạn, đúng hạn (target 100 %) among those resolved."""
        return percent(self.finished_early + self.finished_on_time, self.finished)

    @property
    def online_rate(self) -> Decimal | None:
        return percent(self.received_online, self.received)

    @property
    def fully_online_rate(self) -> Decimal | None:
        """% hồ sơ trực tuyến toàn trình among those received."""
        return percent(self.received_fully_online, self.received)

    @property
    def paid_online_rate(self) -> Decimal | None:
        """% hồ sơ có phí, lệ phí thanh toán trực tuyến."""
        return percent(self.fee_paid_online, self.fee)

    @property
    def avg_processing_days(self) -> Decimal | None:
        """Thời gian giải quyết trung bình (ngày làm việc), 2 decimals; None if none done."""
        if not self.processed:
            return None
        return round_half_up(self.processing_days / self.processed)


_ADDABLE = [f.name for f in fields(RateRow) if f.name not in ("key", "label", "open_overdue")]


def total_row(rows: list[RateRow], label: str = "Tổng cộng") -> RateRow:
    """The sum of rows that partition the scope (counts add up; the average is weighted)."""
    values = {name: sum((getattr(r, name) for r in rows), start=_zero(name)) for name in _ADDABLE}
    overdue = [r.open_overdue for r in rows]
    open_overdue = None if None in overdue else sum(overdue)
    return RateRow(key=None, label=label, open_overdue=open_overdue, **values)


def _zero(name: str):
    return Fraction(0) if name == "processing_days" else 0


@dataclass(frozen=True)
class RateTable:
    scope: Scope
    period: Period
    as_of: dt.datetime
    group_by: str | None
    rows: list[RateRow]
    total: RateRow


# --- processing time ------------------------------------------------------------------------


def processing_days(
    scope: Scope, w: Window, group_by: str | None = None
) -> dict[int | None, tuple[int, Fraction]]:
    """Per group: (dossiers with a result in the period, their working days in total).

    A dossier's processing time is the working time its legal clock ran: from the clock's
    start (the effective start of the valid receipt, or of the restart after a supplement
    with effect "restart") to the result, minus the intervals the clock was stopped for a
    supplement or a financial obligation, on the competent unit's working calendar — the
    ``Dossier.worked_seconds`` that ``result_ready`` fixes (dossiers.clock.worked_seconds).
    One aggregate: ``COUNT`` and ``SUM(worked_seconds)`` per (group, competent unit); each
    unit's sum is then expressed in working days of that unit's calendar.
    """
    field = measures.GROUP_FIELDS[group_by] if group_by else None
    done = measures.dossiers(scope, w, MEASURES["with_result"].q(w)).filter(
        worked_seconds__isnull=False
    )
    columns = list(dict.fromkeys([*([field] if field else []), "competent_unit_id"]))
    rows = list(
        done.order_by()
        .values(*columns)
        .annotate(dossiers=Count("pk"), seconds=Sum("worked_seconds"))
        .values_list(*columns, "dossiers", "seconds")
    )
    if not rows:
        return {}
    calendars = _calendars({row[-3] for row in rows})
    counts: dict[int | None, int] = defaultdict(int)
    days: dict[int | None, Fraction] = defaultdict(Fraction)
    for *group, unit_id, dossiers, seconds in rows:
        key = group[0] if group else (unit_id if field else None)
        counts[key] += dossiers
        days[key] += Fraction(seconds, calendars[unit_id].day_seconds)
    return {key: (counts[key], days[key]) for key in counts}


def _calendars(unit_ids):
    units = Agency.objects.filter(pk__in=unit_ids)
    return {unit.pk: calendar_for(unit) for unit in units}


# --- the table --------------------------------------------------------------------------------


def open_overdue_counts(
    scope: Scope, w: Window, group_by: str | None = None
) -> dict[int | None, int]:
    """Hồ sơ đang quá hạn now (facts.open_past_due: open and late), per group."""
    found = measures.count(scope, w, ["open_overdue"], group_by=group_by)
    return {key: counts["open_overdue"] for key, counts in found.items()}


def _labels(group_by: str | None, keys) -> dict[int, str]:
    keys = [k for k in keys if k is not None]
    if group_by in ("ward", "unit"):
        return {a.pk: a.display_name for a in Agency.objects.filter(pk__in=keys)}
    if group_by == "procedure":
        return {
            p.pk: f"{p.code} — {p.name}"
            for p in Procedure.objects.filter(pk__in=keys).only("code", "name")
        }
    return {}


def rates(
    scope: Scope,
    period: Period,
    *,
    group_by: str | None = None,
    now: dt.datetime | None = None,
) -> RateTable:
    """The directive's rates for ``scope`` and ``period``, one row per ward / unit /
    procedure (``group_by``) or a single row, with the total.

    Rows are ordered by name; a group appears when it has at least one dossier alive in
    the period (or, in the running period, one open now).
    """
    w = Window.of(period, now)
    counts = measures.count(scope, w, COUNTED, group_by=group_by)
    processing = processing_days(scope, w, group_by)
    running = period.is_current(w.now)
    overdue = open_overdue_counts(scope, w, group_by) if running else {}
    keys = set(counts) | set(overdue)
    if group_by is None:
        keys.add(None)
    labels = _labels(group_by, keys)
    rows = []
    for key in keys:
        done, days = processing.get(key, (0, Fraction(0)))
        values = counts.get(key, dict.fromkeys(COUNTED, 0))
        rows.append(
            RateRow(
                key=key,
                label=labels.get(key, scope.label if group_by is None else "—"),
                processed=done,
                processing_days=days,
                open_overdue=overdue.get(key, 0) if running else None,
                **values,
            )
        )
    rows.sort(key=lambda r: (r.label, r.key or 0))
    total = rows[0] if group_by is None else total_row(rows)
    return RateTable(scope, period, w.as_of, group_by, rows, total)


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    row: RateRow


def trend(scope: Scope, period: Period, *, now: dt.datetime | None = None) -> list[TrendPoint]:
    """Month by month over ``period`` (its months up to now): one total row per month."""
    now = now or timezone.now()
    months = [m for m in period.months() if m.start <= now]
    return [TrendPoint(m, rates(scope, m, now=now).total) for m in months]
