"""Reads for the organisation pages, every one scoped with ``agencies_where``.

An agency admin sees the staff who hold a role inside her scope and the units
below the agencies she manages; nothing else exists for her (the views answer
404 for the rest, so a URL does not reveal what lies in another ward).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .models import (
    Agency,
    AgencyKind,
    GrantStatus,
    Notice,
    Role,
    RoleAssignment,
    RoleGrant,
    User,
)
from .permissions import Perm, agencies_where, can

ROLE_LABELS = dict(Role.choices)


def staff_agencies(actor) -> QuerySet[Agency]:
    """Agencies where ``actor`` may manage staff (add people, assign roles)."""
    return agencies_where(actor, Perm.MANAGE_STAFF)


def staff_in_scope(
    actor, *, agency: Agency | None = None, role: str = "", query: str = ""
) -> QuerySet[User]:
    """Cán bộ in the actor's scope: people holding a role at an agency she manages.

    ``agency`` and ``role`` narrow to people holding that role at that agency
    (both on the same assignment); ``query`` searches the name and username.
    """
    scope = staff_agencies(actor)
    assignments = RoleAssignment.objects.filter(agency__in=scope)
    if agency is not None:
        assignments = assignments.filter(agency=agency)
    if role:
        assignments = assignments.filter(role=role)
    pending = RoleGrant.objects.filter(agency__in=scope, status=GrantStatus.PENDING)
    if agency is not None:
        pending = pending.filter(agency=agency)
    if role:
        pending = pending.filter(role=role)
    # A person whose roles all wait for approval is still found (and shown as waiting).
    people = User.objects.filter(
        Q(pk__in=assignments.values("user_id")) | Q(pk__in=pending.values("user_id"))
    ).annotate(
        has_pending_grant=Exists(
            RoleGrant.objects.filter(
                user=OuterRef("pk"), agency__in=scope, status=GrantStatus.PENDING
            )
        )
    )
    query = query.strip()
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(username__icontains=query))
    scoped_roles = RoleAssignment.objects.filter(agency__in=scope).select_related(
        "agency", "agency__province", "agency__ward"
    )
    return people.prefetch_related(
        Prefetch("role_assignments", queryset=scoped_roles, to_attr="scoped_assignments")
    ).order_by("full_name", "username")


@dataclass
class RoleGroup:
    """The roles one person holds at one agency."""

    agency: Agency
    roles: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [ROLE_LABELS[role] for role in self.roles]


def group_roles(assignments) -> list[RoleGroup]:
    """Assignments grouped per agency, in tree order, roles in their declared order."""
    groups: dict[int, RoleGroup] = {}
    for assignment in assignments:
        groups.setdefault(assignment.agency_id, RoleGroup(assignment.agency)).roles.append(
            assignment.role
        )
    order = list(Role.values)
    for group in groups.values():
        group.roles.sort(key=order.index)
    return sorted(groups.values(), key=lambda group: tree_key(group.agency))


def scoped_role_groups(actor, user: User) -> list[RoleGroup]:
    """The roles ``user`` holds inside the actor's scope, per agency."""
    assignments = RoleAssignment.objects.filter(
        user=user, agency__in=staff_agencies(actor)
    ).select_related("agency", "agency__province", "agency__ward")
    return group_roles(assignments)


def roles_outside_scope(actor, user: User) -> int:
    """How many roles ``user`` holds elsewhere (counted, never shown: not hers to see)."""
    return (
        RoleAssignment.objects.filter(user=user).exclude(agency__in=staff_agencies(actor)).count()
    )


def management_agency(actor, user: User) -> Agency | None:
    """Where a change to a whole account (lock, password) is recorded: the highest
    agency the actor manages among those where the person works (a unit's ward
    when the actor manages the ward)."""
    held = Agency.objects.filter(
        role_assignments__user=user, pk__in=staff_agencies(actor).values("pk")
    ).select_related("province", "ward")
    candidates = []
    for agency in held:
        ward = agency.ward_or_self
        managed_ward = ward is not None and can(actor, Perm.MANAGE_STAFF, ward)
        candidates.append(ward if managed_ward else agency)
    return min(candidates, key=lambda agency: (depth(agency), agency.code), default=None)


def depth(agency: Agency) -> int:
    """0 for a province, 1 for a ward or a unit under a province, 2 for a ward's unit."""
    return (agency.province_id is not None) + (agency.ward_id is not None)


def tree_key(agency: Agency) -> tuple[str, ...]:
    """Sorting by this key lists each agency right after the one above it."""
    path = []
    if agency.province_id:
        path.append(agency.province.code)
    if agency.ward_id:
        path.append(agency.ward.code)
    path.append(agency.code)
    return tuple(path)


def in_tree_order(agencies) -> list[Agency]:
    agencies = list(agencies)
    return sorted(agencies, key=tree_key)


def agency_choices(agencies: QuerySet[Agency]) -> list[tuple[int, str]]:
    """(id, label) pairs for a select, indented by depth below the shallowest."""
    ordered = in_tree_order(agencies.select_related("province", "ward"))
    if not ordered:
        return []
    top = min(depth(agency) for agency in ordered)
    return [(agency.pk, "— " * (depth(agency) - top) + _choice_label(agency)) for agency in ordered]


def _choice_label(agency: Agency) -> str:
    label = f"{agency.display_name} ({agency.code})"
    return label if agency.is_active else f"{label} — ngừng hoạt động"


def unit_parents_in_scope(actor) -> QuerySet[Agency]:
    """Wards (and provinces) under which ``actor`` may add units."""
    return (
        agencies_where(actor, Perm.MANAGE_UNITS)
        .exclude(kind=AgencyKind.UNIT)
        .select_related("province", "ward")
    )


def units_in_scope(actor) -> QuerySet[Agency]:
    """Phòng, trung tâm the actor may edit: units whose parent she manages."""
    return (
        Agency.objects.units()
        .filter(parent__in=unit_parents_in_scope(actor).values("pk"))
        .select_related("parent", "province", "ward")
    )


@dataclass
class UnitBranch:
    """One ward (or province) with the units directly under it."""

    parent: Agency
    units: list[Agency]


def unit_tree(actor) -> list[UnitBranch]:
    """The units in scope grouped under their ward, both in code order."""
    units_by_parent: dict[int, list[Agency]] = {}
    for unit in units_in_scope(actor).order_by("code"):
        units_by_parent.setdefault(unit.parent_id, []).append(unit)
    return [
        UnitBranch(parent, units_by_parent.get(parent.pk, []))
        for parent in in_tree_order(unit_parents_in_scope(actor))
    ]


def grants_in_scope(actor, *, status: str = "pending") -> QuerySet:
    """Đề nghị giao vai trò at the agencies where ``actor`` manages staff."""
    return (
        RoleGrant.objects.filter(agency__in=staff_agencies(actor), status=status)
        .select_related("user", "agency", "requested_by", "decided_by")
        .order_by("requested_at", "id")
    )


def unread_notices(user, *, limit: int = 20) -> list:
    """The person's own notices not yet marked read, newest first (staff home)."""
    return list(
        Notice.objects.filter(user=user, read_at__isnull=True).order_by("-at", "-id")[:limit]
    )
