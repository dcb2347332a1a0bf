"""Đại lượng đếm: every dossier count an indicator uses, defined once as a Q.

The collectors count them (one aggregate query with ``Count(filter=…)`` per group of rows),
the drill-down filters by them: the same Q object, so a number on the dashboard and the
list behind it cannot disagree. docs/indicators.md ("Collectors") states each definition
in words; this module is its executable form.

Time is a ``Window``: the period [start, end), the moment ``as_of`` it is judged at (its
end, or now while the period runs) and ``now``. Upper bounds are ``as_of``: a period is
counted as it stood at that moment (for a closed period ``as_of`` is its end).

Every measure is a condition on one dossier row. What a row means in time — open, within
time, late, open past due, finished on time or late — is dossiers.facts's, not restated
here; this module adds the periods and the other columns (channel, fee). Digitised
components and electronic results are attached files (dossiers.facts.digitised,
has_electronic_result: the row's caches of its files, written only when a file is
attached), not ticked boxes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.catalog.models import OnlineLevel
from motcua.dossiers import facts
from motcua.dossiers.models import (
    OPEN_STATUSES,
    RESULT_STATUSES,
    Channel,
    Dossier,
    Status,
)
from motcua.payments.models import PAID_STATES, Payment

from .periods import Period
from .scopes import Scope


@dataclass(frozen=True)
class Window:
    """A period as the measures see it: [start, end), judged at ``as_of`` = min(end, now)."""

    start: dt.datetime
    end: dt.datetime
    as_of: dt.datetime
    now: dt.datetime

    @classmethod
    def of(cls, period: Period, now: dt.datetime | None = None) -> Window:
        now = now or timezone.now()
        return cls(start=period.start, end=period.end, as_of=period.as_of(now), now=now)


# --- building blocks --------------------------------------------------------------------------


def received_in(w: Window) -> Q:
    """Tiếp nhận trong kỳ: a valid receipt (received_at) inside [start, as_of)."""
    return Q(received_at__gte=w.start, received_at__lt=w.as_of)


def finished_in(w: Window) -> Q:
    return Q(finished_at__gte=w.start, finished_at__lt=w.as_of)


def finished(w: Window) -> Q:
    """Đã giải quyết trong kỳ: a result or a stop (facts.finished) in [start, as_of)."""
    return finished_in(w) & facts.finished()


def withdrawn_by(moment) -> Q:
    return Q(status=Status.WITHDRAWN, finished_at__lt=moment)


def progress_base(w: Window) -> Q:
    """Decision 766 progress denominator: received in the period, or received earlier and
    finished in it, or received earlier and still open and late at ``as_of`` (an open
    dossier past its due moment is late: it belongs to the period's "quá hạn" list even
    before it finishes, issue #9 §5); not withdrawn by ``as_of``."""
    earlier_late_now = Q(received_at__lt=w.start) & facts.open_past_due(w.as_of)
    return (_received_or_finished_in(w) | earlier_late_now) & ~withdrawn_by(w.as_of)


def progress_ok(w: Window) -> Q:
    """… of which finished early/on time by ``as_of``, or still open and within time then.

    The base's carried-over branch (open and late at ``as_of``) can be neither, so it is
    left out: the same rows as ``progress_base(w) & (done | still_open)``, and a statement
    the ORM builds in less time (docs/performance.md, session 4; a test checks the
    equality on every dossier of the fixtures)."""
    done = Q(finished_at__lt=w.as_of) & facts.finished_on_time()
    still_open = (Q(finished_at__isnull=True) | Q(finished_at__gte=w.as_of)) & facts.within_time(
        w.as_of
    )
    return _received_or_finished_in(w) & ~withdrawn_by(w.as_of) & (done | still_open)


def _received_or_finished_in(w: Window) -> Q:
    return received_in(w) | (Q(received_at__lt=w.start) & finished_in(w))


def fee_dossiers(w: Window) -> Q:
    """Hồ sơ có phí, lệ phí received in the period (an exempt applicant owes nothing:
    fee_vnd is the amount payable after exemption)."""
    return received_in(w) & Q(fee_vnd__gt=0)


def paid_online_by(moment: dt.datetime) -> Q:
    """Thanh toán trực tuyến: the dossier has a payment through an online provider,
    confirmed before ``moment`` (a later refund does not undo that it was paid online)."""
    return Q(
        Exists(
            Payment.objects.filter(
                dossier=OuterRef("pk"),
                online=True,
                state__in=PAID_STATES,
                confirmed_at__lt=moment,
            )
        )
    )


def open_overdue(w: Window) -> Q:
    """Đang quá hạn now: open and late now (facts.open_past_due, as the staff inbox)."""
    return facts.open_past_due(w.now)


# --- the table -------------------------------------------------------------------------------

# Which rows a measure's query has to read. ALIVE: dossiers received before ``as_of``
# and not finished before the period's start — every period measure lies inside it, and it is
# one range on (ward, received_at) or (ward, finished_at). OPEN: the dossiers open now.
ALIVE, OPEN = "alive", "open"


def alive(w: Window) -> Q:
    return Q(received_at__lt=w.as_of) & (Q(finished_at__isnull=True) | Q(finished_at__gte=w.start))


def open_now(w: Window) -> Q:
    return Q(status__in=OPEN_STATUSES, finished_at__isnull=True)


PREFILTERS: dict[str, Callable[[Window], Q]] = {ALIVE: alive, OPEN: open_now}


@dataclass(frozen=True)
class Measure:
    """One count of dossiers: a name, a Vietnamese title for its list, and its condition."""

    name: str
    label: str
    condition: Callable[[Window], Q]
    rows: str = ALIVE

    def q(self, w: Window) -> Q:
        return self.condition(w)


def _m(name: str, label: str, condition: Callable[[Window], Q], rows: str = ALIVE) -> Measure:
    return Measure(name, label, condition, rows)


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        _m("received", "Hồ sơ tiếp nhận trong kỳ", received_in),
        _m(
            "received_online",
            "Hồ sơ tiếp nhận trực tuyến",
            lambda w: received_in(w) & Q(channel=Channel.ONLINE),
        ),
        _m(
            "received_counter",
            "Hồ sơ tiếp nhận trực tiếp",
            lambda w: received_in(w) & Q(channel=Channel.COUNTER),
        ),
        _m(
            "received_postal",
            "Hồ sơ tiếp nhận qua bưu chính công ích",
            lambda w: received_in(w) & Q(channel=Channel.POSTAL),
        ),
        _m(
            "received_fully_online",
            "Hồ sơ trực tuyến toàn trình",
            lambda w: (
                received_in(w)
                & Q(channel=Channel.ONLINE, procedure_version__online_level=OnlineLevel.FULL)
            ),
        ),
        _m(
            "carried_over",
            "Hồ sơ kỳ trước chuyển qua",
            lambda w: facts.open_at(w.start),
        ),
        _m("fee", "Hồ sơ có phí, lệ phí", fee_dossiers),
        _m(
            "fee_paid_online",
            "Hồ sơ thanh toán phí, lệ phí trực tuyến",
            lambda w: fee_dossiers(w) & paid_online_by(w.as_of),
        ),
        _m(
            "digitised",
            "Hồ sơ được số hóa thành phần hồ sơ",
            lambda w: received_in(w) & facts.digitised(),
        ),
        _m("finished", "Hồ sơ đã giải quyết trong kỳ", finished),
        _m(
            "finished_ok",
            "Hồ sơ giải quyết trước hạn, đúng hạn",
            lambda w: finished(w) & facts.finished_on_time(),
        ),
        _m(
            "finished_early",
            "Hồ sơ giải quyết trước hạn",
            lambda w: finished(w) & facts.finished_early(),
        ),
        _m(
            "finished_on_time",
            "Hồ sơ giải quyết đúng hạn",
            lambda w: finished(w) & facts.finished_on_time() & ~facts.finished_early(),
        ),
        _m(
            "finished_late",
            "Hồ sơ giải quyết quá hạn",
            lambda w: finished(w) & facts.finished_late(),
        ),
        _m(
            "with_result",
            "Hồ sơ đã có kết quả trong kỳ",
            lambda w: finished_in(w) & Q(status__in=RESULT_STATUSES),
        ),
        _m(
            "electronic_result",
            "Hồ sơ có kết quả điện tử",
            lambda w: (
                finished_in(w) & Q(status__in=RESULT_STATUSES) & facts.has_electronic_result()
            ),
        ),
        _m(
            "in_progress",
            "Hồ sơ đang giải quyết (cuối kỳ)",
            lambda w: facts.open_at(w.as_of),
        ),
        _m(
            "in_progress_within",
            "Hồ sơ đang giải quyết trong hạn",
            lambda w: facts.open_at(w.as_of) & facts.within_time(w.as_of),
        ),
        _m(
            "in_progress_overdue",
            "Hồ sơ đang giải quyết quá hạn",
            lambda w: facts.open_past_due(w.as_of),
        ),
        _m("progress_base", "Hồ sơ tiếp nhận và giải quyết trong kỳ", progress_base),
        _m("progress_ok", "Hồ sơ trước hạn, đúng hạn (đã xong hoặc còn trong hạn)", progress_ok),
        _m("open_overdue", "Hồ sơ đang quá hạn (hiện tại)", open_overdue, rows=OPEN),
    )
}


@dataclass(frozen=True)
class Ratio:
    """A rate or a Decision 766 item: numerator ⊆ denominator, both measures.

    ``missing`` names the list "denominator − numerator" (the late ones, the not-online
    ones …) — what a leader clicks to see what cost the points.
    """

    code: str
    numerator: str
    denominator: str
    missing_label: str


RATIOS: dict[str, Ratio] = {
    r.code: r
    for r in (
        # Decision 766 items computed from dossiers.
        Ratio(
            "PROGRESS_ON_TIME",
            "progress_ok",
            "progress_base",
            "Hồ sơ quá hạn (đã giải quyết quá hạn hoặc đang quá hạn)",
        ),
        Ratio("ONLINE_DOSSIERS", "received_online", "received", "Hồ sơ không nộp trực tuyến"),
        Ratio(
            "PAYMENT_DOSSIERS_ONLINE",
            "fee_paid_online",
            "fee",
            "Hồ sơ có phí, lệ phí chưa thanh toán trực tuyến",
        ),
        Ratio(
            "ORIGINAL_RESULT_AVAILABLE",
            "electronic_result",
            "with_result",
            "Hồ sơ có kết quả nhưng chưa cấp bản điện tử",
        ),
        Ratio(
            "SO_HOA_GIAY_TO_GIAI_QUYET",
            "digitised",
            "received",
            "Hồ sơ chưa số hóa thành phần hồ sơ",
        ),
        # The directive's rates.
        Ratio("ON_TIME_RATE", "finished_ok", "finished", "Hồ sơ giải quyết quá hạn"),
        Ratio(
            "FULLY_ONLINE_RATE",
            "received_fully_online",
            "received",
            "Hồ sơ không nộp trực tuyến toàn trình",
        ),
        Ratio(
            "PAID_ONLINE_RATE",
            "fee_paid_online",
            "fee",
            "Hồ sơ có phí, lệ phí chưa thanh toán trực tuyến",
        ),
    )
}


def ratio_parts(code: str, w: Window) -> dict[str, Q]:
    """numerator / denominator / missing of a ratio as conditions on the dossier row."""
    ratio = RATIOS[code]
    numerator = MEASURES[ratio.numerator].q(w)
    denominator = MEASURES[ratio.denominator].q(w)
    return {
        "numerator": numerator & denominator,
        "denominator": denominator,
        "missing": denominator & ~numerator,
    }


# --- counting ----------------------------------------------------------------------------------

# Group keys: a column of the dossier row.
GROUP_FIELDS = {"ward": "ward_id", "unit": "competent_unit_id", "procedure": "procedure_id"}


def _group_fields(group_by: str | tuple[str, ...] | None) -> tuple[str, ...]:
    names = (group_by,) if isinstance(group_by, str) else tuple(group_by or ())
    unknown = [name for name in names if name not in GROUP_FIELDS]
    if unknown:
        raise ValueError(f"group_by must be among {sorted(GROUP_FIELDS)}, not {unknown}")
    return tuple(GROUP_FIELDS[name] for name in names)


def base_queryset(scope: Scope, w: Window, rows: str = ALIVE) -> QuerySet[Dossier]:
    """The rows a set of measures reads: the scope's dossiers inside the prefilter."""
    return Dossier.objects.filter(scope.dossier_q() & PREFILTERS[rows](w))


def count(
    scope: Scope,
    w: Window,
    names: Iterable[str],
    *,
    group_by: str | tuple[str, ...] | None = None,
) -> dict:
    """Count the measures ``names`` in one aggregate query per prefilter (usually one).

    Returns ``{group key: {name: count}}``. Without ``group_by`` the only key is ``None``;
    with one group ("ward", "unit", "procedure") the key is that column's value; with a
    tuple of groups it is the tuple of values. Groups with no row at all are absent.
    """
    names = list(dict.fromkeys(names))
    by_rows: dict[str, list[str]] = {}
    for name in names:
        by_rows.setdefault(MEASURES[name].rows, []).append(name)
    fields = _group_fields(group_by)
    result: dict = {}
    for rows, group_names in by_rows.items():
        # Ungrouped counts are grouped by ward and summed: one statement shape for all.
        for values, counts in _run(scope, w, rows, tuple(group_names), fields or ("ward_id",)):
            key = (values if isinstance(group_by, tuple) else values[0]) if fields else None
            into = result.setdefault(key, dict.fromkeys(names, 0))
            for name, n in counts.items():
                into[name] += n
    if not fields:
        result.setdefault(None, dict.fromkeys(names, 0))
    return result


def aggregate(scope: Scope, w: Window, rows: str, names: tuple, fields: tuple) -> QuerySet:
    """The one grouped aggregate of ``count``: rows of (*group values, *counts)."""
    annotations = {name: Count("pk", filter=MEASURES[name].q(w)) for name in names}
    return (
        base_queryset(scope, w, rows)
        .order_by()
        .values(*fields)
        .annotate(**annotations)
        .values_list(*fields, *names)
    )


def _run(scope: Scope, w: Window, rows: str, names: tuple, fields: tuple):
    """One grouped aggregate: yields (group values, {name: count})."""
    for row in aggregate(scope, w, rows, names, fields):
        yield row[: len(fields)], dict(zip(names, row[len(fields) :], strict=True))


def total(grouped: dict, names: Iterable[str]) -> dict[str, int]:
    """The sum of grouped counts (groups partition the rows, so counts add up)."""
    return {name: sum(counts[name] for counts in grouped.values()) for name in names}


def dossiers(scope: Scope, w: Window, condition: Q, rows: str = ALIVE) -> QuerySet[Dossier]:
    """The dossiers behind a count: the same rows and the same condition as ``count``."""
    return base_queryset(scope, w, rows).filter(condition)
