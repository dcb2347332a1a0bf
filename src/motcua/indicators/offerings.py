"""Dịch vụ công đang cung cấp: the catalogue side of Decision 766 (items 3.1, 3.2, 3.5b).

A *service* is a procedure as a ward offers it: the (ward, procedure) pair with the
version in force there on the period's last day (a ward's own version beats the
province-wide one, as ``catalog.selectors.version_in_force`` decides for a dossier). At a
ward the services are its procedures; at a province the portal counts procedures once for
3.1/3.5 ("52 of 56 procedures online") and services per ward for 3.2 ("406 of 1,968
services used"), and so do we.

Two reads whatever the scope: the versions in force in the scope's wards and province,
and the (ward, procedure) pairs that received online dossiers / online payments in the
period (the collectors take the pairs from their own aggregate). The work in Python is
bounded by the catalogue (wards × procedures), never by the number of dossiers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from motcua.catalog.models import OnlineLevel, ProcedureVersion
from motcua.catalog.selectors import online_level_on

from . import measures
from .measures import Window
from .scopes import PROVINCE, UNIT, Scope

ONLINE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)


@dataclass(frozen=True)
class Service:
    """A procedure as one ward offers it, with the version in force there."""

    ward_id: int
    procedure_id: int
    version_id: int
    online_level: str
    fee_vnd: int | None
    competent_unit_id: int | None

    @property
    def is_online(self) -> bool:
        return self.online_level in ONLINE_LEVELS

    charges_by_rule: bool = False  # the version's fee rule has a charge (catalog.fees)

    @property
    def has_fee(self) -> bool:
        """Fee-bearing (có phí, lệ phí): a fixed amount above 0 in the catalogue, or a fee
        rule with a charge (per page, per copy, set by the council…)."""
        return bool(self.fee_vnd) or self.charges_by_rule


def catalogue_day(w: Window) -> dt.date:
    """The day the catalogue is read on: the period's last day, or today while it runs."""
    moment = min(w.as_of, w.end - dt.timedelta(microseconds=1))
    return timezone.localtime(moment).date()


def services_in_force(scope: Scope, day: dt.date) -> list[Service]:
    """Every (ward, procedure) service of the scope on ``day``, in (ward, procedure) order."""
    ward_ids = list(scope.ward_ids)
    if not ward_ids:
        return []
    province_id = scope.agency.pk if scope.level == PROVINCE else scope.agency.province_id
    scope_ids = [*ward_ids, *([province_id] if province_id else [])]
    versions = ProcedureVersion.objects.in_force(day).filter(
        scope_id__in=scope_ids, procedure__is_active=True
    )
    if scope.procedure is not None:
        versions = versions.filter(procedure=scope.procedure)
    # The level decided by that day, not today's: a later decision does not rewrite a period.
    rows = (
        versions.annotate(level_then=online_level_on(day))
        .order_by("procedure_id", "scope_id")
        .values_list(
            "scope_id",
            "procedure_id",
            "id",
            "level_then",
            "fee_vnd",
            "competent_unit_id",
            "fee_rule",
        )
    )
    province_wide: dict[int, tuple] = {}
    per_ward: dict[int, dict[int, tuple]] = {}
    for row in rows:
        scope_id, procedure_id = row[0], row[1]
        if scope_id == province_id:
            province_wide[procedure_id] = row
        else:
            per_ward.setdefault(scope_id, {})[procedure_id] = row
    services = []
    for ward_id in ward_ids:
        effective = {**province_wide, **per_ward.get(ward_id, {})}
        for procedure_id in sorted(effective):
            _, _, version_id, level, fee, unit_id, rule = effective[procedure_id]
            charges = bool((rule or {}).get("items"))
            services.append(
                Service(ward_id, procedure_id, version_id, level, fee, unit_id, charges)
            )
    if scope.level == UNIT:  # after the choice: a ward's own version may name another unit
        return [s for s in services if s.competent_unit_id == scope.agency.pk]
    return services


def used_pairs(scope: Scope, w: Window) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(ward, procedure) pairs with ≥ 1 dossier received online / paid online in the period."""
    grouped = measures.count(
        scope, w, ["received_online", "fee_paid_online"], group_by=("ward", "procedure")
    )
    return pairs_with(grouped, "received_online"), pairs_with(grouped, "fee_paid_online")


def pairs_with(grouped: dict, name: str) -> set[tuple[int, int]]:
    """The (ward, procedure) keys of ``measures.count(…, group_by=("ward", "procedure"))``
    whose count ``name`` is at least one."""
    return {pair for pair, counts in grouped.items() if counts[name]}


@dataclass(frozen=True)
class CatalogueCounts:
    """The catalogue items' members (numerator ⊆ denominator) — keys, not just counts,
    so that the drill-down lists exactly what was counted."""

    online_procedures: frozenset[int]
    procedures: frozenset[int]
    used_services: frozenset[tuple[int, int]]
    online_services: frozenset[tuple[int, int]]
    transacted_procedures: frozenset[int]
    fee_procedures: frozenset[int]
    services: tuple[Service, ...]

    def pairs(self) -> dict[str, tuple[frozenset, frozenset]]:
        return {
            "ONLINE_PROCEDURES": (self.online_procedures, self.procedures),
            "ONLINE_SERVICES_USED": (self.used_services, self.online_services),
            "PAYMENT_PROCEDURES_TRANSACTED": (self.transacted_procedures, self.fee_procedures),
        }


def catalogue_counts(scope: Scope, w: Window, used=None) -> CatalogueCounts:
    """Procedures offered online (3.1), online services used (3.2), fee-bearing procedures
    with an online payment (3.5b) — members of each numerator and denominator.

    ``used`` is ``used_pairs(scope, w)`` when the caller already has it (the collectors
    read it in their own aggregate)."""
    services = services_in_force(scope, catalogue_day(w))
    received_online, paid_online = used if used is not None else used_pairs(scope, w)
    procedures = frozenset(s.procedure_id for s in services)
    online_procedures = frozenset(s.procedure_id for s in services if s.is_online)
    online_services = frozenset((s.ward_id, s.procedure_id) for s in services if s.is_online)
    fee_procedures = frozenset(s.procedure_id for s in services if s.has_fee)
    fee_services = {(s.ward_id, s.procedure_id) for s in services if s.has_fee}
    transacted = frozenset(pid for (ward, pid) in paid_online & fee_services)
    return CatalogueCounts(
        online_procedures=online_procedures,
        procedures=procedures,
        used_services=frozenset(online_services & received_online),
        online_services=online_services,
        transacted_procedures=transacted,
        fee_procedures=fee_procedures,
        services=tuple(services),
    )
