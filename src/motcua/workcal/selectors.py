"""Reads of the working calendar shared by the staff page, the API and the CLI (scoped)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When

from motcua.core.errors import NotFoundError
from motcua.org.models import Agency, AgencyKind
from motcua.org.permissions import Perm, agencies_where, can, role_roots

from .calendars import Scope, calendar_for
from .holidays_vn import vietnam_holidays
from .models import CalendarEvent, CalendarOverride

_KIND_ORDER = Case(
    When(kind=AgencyKind.PROVINCE, then=Value(0)),
    When(kind=AgencyKind.WARD, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def manageable_agencies(user) -> QuerySet[Agency]:
    """Agencies whose calendar ``user`` may manage (province → wards → units)."""
    return (
        agencies_where(user, Perm.MANAGE_CALENDAR)
        .filter(is_active=True)
        .annotate(level=_KIND_ORDER)
        .order_by("level", "code")
    )


def override_targets(user) -> QuerySet[Agency]:
    """Where ``user`` may set days off / working days: provinces and wards only."""
    return manageable_agencies(user).filter(kind__in=[AgencyKind.PROVINCE, AgencyKind.WARD])


def manageable_agency(user, agency_id) -> Agency:
    try:
        return manageable_agencies(user).get(pk=int(agency_id))
    except (Agency.DoesNotExist, TypeError, ValueError) as exc:
        raise NotFoundError("Không tìm thấy cơ quan, đơn vị này trong phạm vi của bạn.") from exc


def home_agency(user) -> Agency | None:
    """The agency the page opens on: where the user holds the calendar role."""
    roots = role_roots(user, Perm.MANAGE_CALENDAR)
    agencies = manageable_agencies(user)
    return (agencies.filter(pk__in=roots).first() if roots else None) or agencies.first()


def manageable_override(user, override_id) -> CalendarOverride:
    """An override that ``user`` may remove (a ward admin: their ward's only)."""
    try:
        override = CalendarOverride.objects.select_related("agency").get(pk=int(override_id))
    except (CalendarOverride.DoesNotExist, TypeError, ValueError) as exc:
        raise NotFoundError("Không tìm thấy điều chỉnh này.") from exc
    if not can(user, Perm.MANAGE_CALENDAR, override.agency):
        raise NotFoundError("Không tìm thấy điều chỉnh này.")
    return override


@dataclass(frozen=True)
class YearDay:
    """One row of the year's list: a day off or a day worked by exception."""

    date: dt.date
    working: bool
    reason: str
    source: str  # where the rule comes from
    replaces: str  # what the override changed, "" if nothing
    override: CalendarOverride | None


def year_days(agency: Agency, year: int) -> list[YearDay]:
    """Ngày nghỉ lễ, ngày nghỉ, ngày làm bù of ``agency`` in ``year``, with their source."""
    calendar = calendar_for(agency)
    base = vietnam_holidays(year)
    scope = Scope.of(agency)
    overrides = {
        (override.agency_id, override.date): override
        for override in CalendarOverride.objects.filter(
            agency_id__in=scope.override_agency_ids, date__year=year
        ).select_related("agency")
    }
    days = sorted(set(base.off) | set(base.work) | {day for _, day in overrides})
    rows = []
    for day in days:
        override = overrides.get((scope.ward_id, day)) or overrides.get((scope.province_id, day))
        replaces = ""
        if override is not None:
            source = override.agency.display_name
            replaces = base.off.get(day) or base.work.get(day) or ""
        else:
            source = "Quy định chung"
        rows.append(
            YearDay(
                date=day,
                working=calendar.is_working_day(day),
                reason=override.reason if override else calendar.day_reason(day),
                source=source,
                replaces=replaces,
                override=override,
            )
        )
    return rows


def recent_events(user, agency: Agency, limit: int = 10) -> QuerySet[CalendarEvent]:
    """The latest calendar changes that affect ``agency``, within the user's scope."""
    scope = Scope.of(agency)
    ids = {*scope.override_agency_ids, agency.pk}
    visible = agencies_where(user, Perm.MANAGE_CALENDAR).filter(pk__in=ids)
    return CalendarEvent.objects.filter(agency__in=visible).select_related("actor", "agency")[
        :limit
    ]
