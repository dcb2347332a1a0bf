"""``calendar_for(agency)``: the engine Calendar that applies to an agency, cached per process.

Layers, later ones winning: Vietnamese public holidays (holidays_vn) → the
province's overrides → the ward's own overrides; working periods from the
agency itself, else its ward, else its province, else
settings.MOTCUA_DEFAULT_WORKING_PERIODS.

Measured (SQLite, medians, docs/workcal.md): building a calendar (six years of working
periods) costs 8.7 ms on a quiet machine, 13–39 ms on a busy one; a cached lookup is one
read of the CalendarStamp, 0.2 ms (60–200× less in the same run). The stamp is moved by
database triggers on any write to the overrides or working hours (``core.stamps``), so a
change made by a service, the admin, the shell, a data migration or raw SQL, in any
process, is seen by the next lookup everywhere. Calendars are shared between agencies
with the same province, ward and periods (all the units of a ward, typically).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings

from motcua.core.stamps import StampedCache
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
    def override_agency_ids(self) -> list[int]:
        return [pk for pk in (self.province_id, self.ward_id) if pk]


# agency id → its calendar, under (stamp, scope, default periods)
_by_agency = StampedCache(max_entries=20_000)
# (scope, periods) → the calendar shared by the agencies that resolve to it, under the stamp
_shared = StampedCache(max_entries=5_000)


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
    stamp = CalendarStamp.current()  # read before the data: a later write moves it again

    def shared_calendar() -> engine.Calendar:
        periods = schedule_of(agency, defaults)[0]
        return _shared.get((scope, periods), stamp, lambda: _build(scope, periods))

    return _by_agency.get(agency.pk, (stamp, scope, defaults), shared_calendar)


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


def override_layers(scope: Scope, without: frozenset[int] = frozenset()) -> tuple[dict, dict]:
    """The province's and the ward's overrides as engine layers {date: (kind, reason)};
    ``without``: override ids left out (a removal previewed before it is made)."""
    province_layer: dict = {}
    ward_layer: dict = {}
    rows = (
        CalendarOverride.objects.filter(agency_id__in=scope.override_agency_ids)
        .exclude(pk__in=without)
        .values_list("agency_id", "date", "kind", "reason")
    )
    for agency_id, day, kind, reason in rows:
        layer = ward_layer if agency_id == scope.ward_id else province_layer
        layer[day] = (kind, reason)
    return province_layer, ward_layer


def _build(
    scope: Scope, periods: Periods, without: frozenset[int] = frozenset()
) -> engine.Calendar:
    source = engine.layered(vietnam_holidays, *override_layers(scope, without))
    return engine.Calendar(source=source, periods=periods, tz=settings.TIME_ZONE)


def calendar_without(agency: Agency, override_ids: frozenset[int]) -> engine.Calendar:
    """The calendar of ``agency`` as it would be without those overrides: built, never
    cached, nothing written (the confirmation page of a removal)."""
    return _build(Scope.of(agency), schedule_of(agency)[0], frozenset(override_ids))


def clear_cache() -> None:
    """Forget every cached calendar (tests and benchmarks that need a cold start; never
    needed for correctness)."""
    _by_agency.clear()
    _shared.clear()
    _national.cache_clear()
