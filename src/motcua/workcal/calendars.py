"""``calendar_for(agency)``: the engine Calendar that applies to an agency, cached per process.

Layers, later ones winning: Vietnamese public holidays (holidays_vn) → the
province's overrides → the ward's own overrides; working periods from the
agency itself, else its ward, else its province, else
settings.MOTCUA_DEFAULT_WORKING_PERIODS.

Each lookup costs one small query (the province's CalendarStamp); the
calendar is rebuilt only when the stamp moved, so an override added in any
process or thread is seen by the next lookup everywhere. Calendars are shared
between agencies with the same province, ward and periods (all the units of a
ward, typically).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

from django.conf import settings

from motcua.core.sql import first_row, table
from motcua.org.models import Agency, AgencyKind

from . import engine
from .holidays_vn import vietnam_holidays
from .models import CalendarOverride, CalendarStamp, WorkingSchedule

Periods = tuple[tuple, ...]


@dataclass(frozen=True)
class Scope:
    """Where an agency's calendar comes from: its province and its ward (ids)."""

    province_id: int | None
    ward_id: int | None

    @classmethod
    def of(cls, agency: Agency) -> Scope:
        province_id = agency.pk if agency.kind == AgencyKind.PROVINCE else agency.province_id
        ward_id = agency.pk if agency.kind == AgencyKind.WARD else agency.ward_id
        return cls(province_id, ward_id)

    @property
    def stamp_id(self) -> int | None:
        """Every calendar write in a province moves this one stamp."""
        return self.province_id or self.ward_id

    @property
    def override_agency_ids(self) -> list[int]:
        return [pk for pk in (self.province_id, self.ward_id) if pk]


_lock = threading.Lock()
# agency id → (stamp, scope, default periods, calendar)
_by_agency: dict[int, tuple[str, Scope, Periods, engine.Calendar]] = {}
# (scope, periods) → (stamp, calendar), shared by the agencies that resolve to it
_shared: dict[tuple[Scope, Periods], tuple[str, engine.Calendar]] = {}


def default_periods() -> Periods:
    return engine.parse_periods(settings.MOTCUA_DEFAULT_WORKING_PERIODS)


def default_cutoff():
    return engine.parse_time(settings.MOTCUA_SAME_DAY_CUTOFF)


def national_calendar() -> engine.Calendar:
    """Public holidays and the default working hours, without any agency's overrides."""
    return _national(default_periods(), settings.TIME_ZONE)


@functools.lru_cache(maxsize=8)
def _national(periods: Periods, tz: str) -> engine.Calendar:
    return engine.Calendar(source=vietnam_holidays, periods=periods, tz=tz)


def calendar_for(agency: Agency | None) -> engine.Calendar:
    """The working calendar of ``agency`` (the national one for ``None``)."""
    if agency is None:
        return national_calendar()
    scope = Scope.of(agency)
    defaults = default_periods()
    stamp = current_stamp(scope)  # read before the data: a later change moves it again
    cached = _by_agency.get(agency.pk)
    if cached and cached[:3] == (stamp, scope, defaults):
        return cached[3]
    periods = schedule_of(agency, defaults)[0]
    key = (scope, periods)
    shared = _shared.get(key)
    if shared and shared[0] == stamp:
        calendar = shared[1]
    else:
        calendar = _build(scope, periods)
        with _lock:
            _shared[key] = (stamp, calendar)
    with _lock:
        _by_agency[agency.pk] = (stamp, scope, defaults, calendar)
    return calendar


def current_stamp(scope: Scope) -> str:
    if scope.stamp_id is None:
        return ""
    sql = f"SELECT stamp FROM {table(CalendarStamp)} WHERE scope_id = %s"
    row = first_row(sql, [scope.stamp_id])
    return row[0] if row else ""


def schedule_of(agency: Agency, defaults: Periods | None = None) -> tuple[Periods, Agency | None]:
    """Working periods of ``agency`` and the agency they come from (None = the default)."""
    ancestors = agency.ancestor_ids()
    schedules = {
        schedule.agency_id: schedule
        for schedule in WorkingSchedule.objects.filter(agency_id__in=ancestors).select_related(
            "agency"
        )
    }
    for agency_id in ancestors:  # nearest first
        if agency_id in schedules:
            schedule = schedules[agency_id]
            return schedule.parsed_periods(), schedule.agency
    return (defaults or default_periods()), None


def override_layers(scope: Scope) -> tuple[dict, dict]:
    """The province's and the ward's overrides as engine layers {date: (kind, reason)}."""
    province_layer: dict = {}
    ward_layer: dict = {}
    rows = CalendarOverride.objects.filter(agency_id__in=scope.override_agency_ids).values_list(
        "agency_id", "date", "kind", "reason"
    )
    for agency_id, day, kind, reason in rows:
        layer = ward_layer if agency_id == scope.ward_id else province_layer
        layer[day] = (kind, reason)
    return province_layer, ward_layer


def _build(scope: Scope, periods: Periods) -> engine.Calendar:
    source = engine.layered(vietnam_holidays, *override_layers(scope))
    return engine.Calendar(source=source, periods=periods, tz=settings.TIME_ZONE)


def clear_cache() -> None:
    """Forget every cached calendar (tests; never needed for correctness)."""
    with _lock:
        _by_agency.clear()
        _shared.clear()
    _national.cache_clear()
