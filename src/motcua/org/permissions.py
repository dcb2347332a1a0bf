"""Permissions come from roles; scoping comes from where the role is held.

A role held at an agency covers that agency and everything below it: an
agency admin of a ward manages the ward's units, a specialist of a unit sees
that unit only. Every selector asks ``agencies_where(user, perm)`` for the set
of agencies it may read, and every service asks ``require(user, perm, agency)``.
Superusers pass everywhere (they are the deployment's operators). A locked
account (``is_active=False``) holds nothing, even in a session opened before
it was locked, and neither does a citizen or organisation account (``User.kind``),
whatever roles or flags were given to it by mistake.
"""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.core.errors import PermissionDeniedError

from .models import AccountKind, Agency, Role, RoleAssignment


class Perm:
    """Permission codes. Stable strings: they are stored nowhere but tested everywhere."""

    VIEW_DASHBOARD = "org.view_dashboard"
    MANAGE_STAFF = "org.manage_staff"
    MANAGE_UNITS = "org.manage_units"
    MANAGE_CATALOG = "catalog.manage"
    VIEW_CATALOG_ADMIN = "catalog.view_admin"
    MANAGE_CALENDAR = "workcal.manage"
    RECEIVE_DOSSIER = "dossiers.receive"
    PROCESS_DOSSIER = "dossiers.process"
    ASSIGN_DOSSIER = "dossiers.assign"
    APPROVE_DOSSIER = "dossiers.approve"
    RETURN_RESULT = "dossiers.return_result"
    VIEW_ALL_DOSSIERS = "dossiers.view_all"
    VIEW_INDICATORS = "indicators.view"
    VIEW_ACCESS_LOG = "dossiers.view_access_log"


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COUNTER_OFFICER: frozenset(
        {Perm.VIEW_DASHBOARD, Perm.RECEIVE_DOSSIER, Perm.RETURN_RESULT, Perm.VIEW_CATALOG_ADMIN}
    ),
    Role.SPECIALIST: frozenset(
        {Perm.VIEW_DASHBOARD, Perm.PROCESS_DOSSIER, Perm.VIEW_CATALOG_ADMIN}
    ),
    Role.UNIT_HEAD: frozenset(
        {
            Perm.VIEW_DASHBOARD,
            Perm.PROCESS_DOSSIER,
            Perm.ASSIGN_DOSSIER,
            Perm.APPROVE_DOSSIER,
            Perm.VIEW_INDICATORS,
            Perm.VIEW_CATALOG_ADMIN,
        }
    ),
    Role.WARD_LEADER: frozenset(
        {
            Perm.VIEW_DASHBOARD,
            Perm.APPROVE_DOSSIER,
            Perm.VIEW_ALL_DOSSIERS,
            Perm.VIEW_INDICATORS,
            Perm.VIEW_CATALOG_ADMIN,
        }
    ),
    Role.REFORM_MONITOR: frozenset(
        {
            Perm.VIEW_DASHBOARD,
            Perm.VIEW_ALL_DOSSIERS,
            Perm.VIEW_INDICATORS,
            Perm.VIEW_CATALOG_ADMIN,
        }
    ),
    Role.AGENCY_ADMIN: frozenset(
        {
            Perm.VIEW_DASHBOARD,
            Perm.MANAGE_STAFF,
            Perm.MANAGE_UNITS,
            Perm.MANAGE_CATALOG,
            Perm.VIEW_CATALOG_ADMIN,
            Perm.MANAGE_CALENDAR,
            Perm.VIEW_ACCESS_LOG,
        }
    ),
}

# The permissions that act on a dossier (dossiers/workflow.py): receive or refuse it,
# assign, process, approve or refuse its result, return it.
DECIDING_PERMISSIONS = frozenset(
    {
        Perm.RECEIVE_DOSSIER,
        Perm.ASSIGN_DOSSIER,
        Perm.PROCESS_DOSSIER,
        Perm.APPROVE_DOSSIER,
        Perm.RETURN_RESULT,
    }
)
DECIDING_ROLES = frozenset(
    role for role, perms in ROLE_PERMISSIONS.items() if perms & DECIDING_PERMISSIONS
)
# Granted by an agency admin, these wait for a second admin (org.services.approve_role_grant):
# the deciding roles, and the admin role itself (or one admin could make a second
# account that approves her own requests).
APPROVAL_REQUIRED_ROLES = DECIDING_ROLES | {Role.AGENCY_ADMIN}


def roles_granting(perm: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]


def _assignments(user) -> list[tuple[int, str]]:
    """(agency_id, role) pairs, cached on the user object for the request."""
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).values_list("agency_id", "role"))
        user._role_cache = cached
    return cached


def held_agency_ids(user) -> list[int]:
    """Agencies where the user holds some role (no query once the roles are cached)."""
    return list(dict.fromkeys(agency_id for agency_id, _ in _assignments(user)))


def _signed_in(user) -> bool:
    """A signed-in, active staff account: the only kind that can hold a permission."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "kind", AccountKind.STAFF) == AccountKind.STAFF
    )


def forget_cached_roles(user) -> None:
    """Drop what was read of ``user``'s roles (and the scopes derived from them)."""
    for attribute in ("_role_cache", "_agency_ids_cache"):
        user.__dict__.pop(attribute, None)


def permissions_of(user) -> set[str]:
    """Every permission the user holds somewhere."""
    if not _signed_in(user):
        return set()
    if user.is_superuser:
        return set().union(*ROLE_PERMISSIONS.values())
    return set().union(*(ROLE_PERMISSIONS[role] for _, role in _assignments(user)))


def role_roots(user, perm: str) -> list[int]:
    """Agencies where the user holds a role granting ``perm`` (roots of the scope)."""
    granting = set(roles_granting(perm))
    return sorted({agency_id for agency_id, role in _assignments(user) if role in granting})


def agencies_where(user, perm: str) -> QuerySet[Agency]:
    """The one scoping helper: agencies in which ``user`` may exercise ``perm``."""
    if not _signed_in(user):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    roots = role_roots(user, perm)
    if not roots:
        return Agency.objects.none()
    return Agency.objects.subtree_of(roots)


def can(user, perm: str, agency: Agency) -> bool:
    if not _signed_in(user) or agency is None:
        return False
    if user.is_superuser:
        return True
    roots = set(role_roots(user, perm))
    return any(agency_id in roots for agency_id in agency.ancestor_ids())


def require(user, perm: str, agency: Agency) -> None:
    """Raise PermissionDeniedError unless ``user`` may exercise ``perm`` at ``agency``."""
    if not can(user, perm, agency):
        raise PermissionDeniedError()


def has_perm_anywhere(user, perm: str) -> bool:
    return perm in permissions_of(user)
