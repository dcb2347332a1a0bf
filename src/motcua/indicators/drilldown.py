"""Danh sách chi tiết: the dossiers (or procedures) behind every number.

``drill(code, part, scope, period)`` answers "which ones?" for any number the collectors
and the rates show:

- a Decision 766 item or a rate (measures.RATIOS: PROGRESS_ON_TIME, ONLINE_DOSSIERS, …,
  ON_TIME_RATE, FULLY_ONLINE_RATE, PAID_ONLINE_RATE) with ``part`` = ``numerator``,
  ``denominator`` or ``missing`` (denominator − numerator: the late ones, the ones not
  submitted online …);
- a single count (measures.MEASURES: ``received``, ``carried_over``, ``finished_late``,
  ``in_progress_overdue``, ``open_overdue`` …) with ``part`` = ``count``;
- a catalogue item (ONLINE_PROCEDURES, ONLINE_SERVICES_USED,
  PAYMENT_PROCEDURES_TRANSACTED): the procedures or (ward, procedure) services counted.

The dossier lists use the very Q objects the collectors count with, so the list's length
equals the number (tests check it item by item). With ``user``, the list is further
limited to ``dossiers.selectors.visible_dossiers(user)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import visible_dossiers
from motcua.org.models import Agency

from . import measures, offerings
from .collectors import CATALOGUE_ITEMS, NO_DATA
from .measures import MEASURES, RATIOS, Window, ratio_parts
from .periods import Period
from .scopes import Scope

PARTS = ("numerator", "denominator", "missing")
COUNT = "count"

CATALOGUE_TITLES = {
    ("ONLINE_PROCEDURES", "numerator"): "TTHC cung cấp dịch vụ công trực tuyến",
    ("ONLINE_PROCEDURES", "denominator"): "TTHC thuộc thẩm quyền",
    ("ONLINE_PROCEDURES", "missing"): "TTHC chưa cung cấp dịch vụ công trực tuyến",
    ("ONLINE_SERVICES_USED", "numerator"): "Dịch vụ công trực tuyến có phát sinh hồ sơ",
    ("ONLINE_SERVICES_USED", "denominator"): "Dịch vụ công trực tuyến",
    ("ONLINE_SERVICES_USED", "missing"): "Dịch vụ công trực tuyến chưa phát sinh hồ sơ",
    ("PAYMENT_PROCEDURES_TRANSACTED", "numerator"): "TTHC có phí đã phát sinh thanh toán "
    "trực tuyến",
    ("PAYMENT_PROCEDURES_TRANSACTED", "denominator"): "TTHC có phí, lệ phí",
    ("PAYMENT_PROCEDURES_TRANSACTED", "missing"): "TTHC có phí chưa phát sinh thanh toán "
    "trực tuyến",
}


@dataclass(frozen=True)
class ServiceRow:
    """A procedure as one ward offers it (ward is None in a procedure list)."""

    procedure: Procedure
    ward: Agency | None
    version: ProcedureVersion | None


@dataclass(frozen=True)
class DrillDown:
    """The list behind one number: ``dossiers`` (a queryset) or catalogue ``rows``."""

    code: str
    part: str
    title: str
    dossiers: QuerySet[Dossier] | None = None
    rows: tuple[ServiceRow, ...] | None = None

    @property
    def kind(self) -> str:
        return "dossiers" if self.dossiers is not None else "procedures"

    def count(self) -> int:
        return self.dossiers.count() if self.dossiers is not None else len(self.rows)


def _unknown(message: str) -> DomainError:
    return DomainError("drilldown_unknown", message, field="code")


def drill(
    code: str,
    part: str,
    scope: Scope,
    period: Period,
    *,
    user=None,
    now: dt.datetime | None = None,
) -> DrillDown:
    """The list behind ``code``/``part`` for ``scope`` and ``period`` (see module doc)."""
    w = Window.of(period, now)
    if code in NO_DATA:
        raise DomainError("drilldown_no_data", NO_DATA[code], field="code")
    if code in CATALOGUE_ITEMS:
        _check_part(code, part, PARTS)
        return _catalogue(code, part, scope, w)
    if code in RATIOS:
        _check_part(code, part, PARTS)
        condition = ratio_parts(code, w)[part]
        rows = measures.ALIVE
        ratio = RATIOS[code]
        title = {
            "numerator": MEASURES[ratio.numerator].label,
            "denominator": MEASURES[ratio.denominator].label,
            "missing": ratio.missing_label,
        }[part]
    elif code in MEASURES:
        _check_part(code, part, (COUNT,))
        measure = MEASURES[code]
        condition, rows, title = measure.q(w), measure.rows, measure.label
    else:
        raise _unknown(f"Không có số liệu mang mã «{code}».")
    listed = measures.dossiers(scope, w, condition, rows)
    if user is not None:
        listed = visible_dossiers(user).filter(pk__in=listed.values("pk"))
    return DrillDown(code, part, title, dossiers=listed)


def _check_part(code: str, part: str, allowed) -> None:
    if part not in allowed:
        choices = ", ".join(allowed)
        raise _unknown(f"«{part}» không áp dụng cho «{code}» (chọn một trong: {choices}).")


def _catalogue(code: str, part: str, scope: Scope, w: Window) -> DrillDown:
    numerator, denominator = offerings.catalogue_counts(scope, w).pairs()[code]
    members = {
        "numerator": numerator,
        "denominator": denominator,
        "missing": denominator - numerator,
    }[part]
    title = CATALOGUE_TITLES[(code, part)]
    if code == "ONLINE_SERVICES_USED":
        rows = _service_rows(scope, w, members)
    else:
        rows = tuple(
            ServiceRow(procedure, None, None)
            for procedure in Procedure.objects.filter(pk__in=members).order_by("code")
        )
    return DrillDown(code, part, title, rows=rows)


def _service_rows(scope: Scope, w: Window, pairs) -> tuple[ServiceRow, ...]:
    services = [
        s
        for s in offerings.services_in_force(scope, offerings.catalogue_day(w))
        if (s.ward_id, s.procedure_id) in pairs
    ]
    procedures = Procedure.objects.in_bulk({s.procedure_id for s in services})
    wards = Agency.objects.in_bulk({s.ward_id for s in services})
    versions = ProcedureVersion.objects.in_bulk({s.version_id for s in services})
    rows = [
        ServiceRow(procedures[s.procedure_id], wards[s.ward_id], versions[s.version_id])
        for s in services
    ]
    rows.sort(key=lambda r: (r.ward.code, r.procedure.code))
    return tuple(rows)
