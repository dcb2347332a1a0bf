"""Reads the back office needs beyond dossiers.selectors, each scoped to the acting user.

Kept here (the web layer's own package) because only these pages use them; anything an
export or the API also needs belongs in dossiers/selectors.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.search import normalize_search
from motcua.catalog.selectors import filter_by_text, scope_chain, visible_scopes
from motcua.org.models import Agency, AgencyKind, Role, RoleAssignment, User
from motcua.org.permissions import Perm, has_perm_anywhere, role_roots

from ..calendar import calendar_for
from ..models import Dossier
from ..selectors import INBOXES, inbox

# Permissions that let a user see some dossiers (dossiers.selectors.visible_dossiers).
DOSSIER_VIEW_PERMS = (
    Perm.RECEIVE_DOSSIER,
    Perm.PROCESS_DOSSIER,
    Perm.APPROVE_DOSSIER,
    Perm.VIEW_ALL_DOSSIERS,
)
INTAKE_RESULTS = 20
FREQUENT_WINDOW = dt.timedelta(days=90)


def sees_dossiers(user) -> bool:
    return any(has_perm_anywhere(user, perm) for perm in DOSSIER_VIEW_PERMS)


# --- Counter intake ---------------------------------------------------------------------------


def intake_agencies(user) -> list[Agency]:
    """Nơi tiếp nhận: the agencies where the user holds the counter role (usually the
    ward's Trung tâm Phục vụ hành chính công). An operator without roles may use any."""
    roots = role_roots(user, Perm.RECEIVE_DOSSIER)
    agencies = Agency.objects.filter(is_active=True)
    if roots:
        agencies = agencies.filter(pk__in=roots)
    elif user.is_superuser:
        agencies = agencies.exclude(kind=AgencyKind.PROVINCE)
    else:
        return []
    return list(agencies.select_related("ward", "parent").order_by("code"))


def _in_force_at(agency: Agency, day: dt.date) -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.in_force(day).filter(
        scope_id__in=scope_chain(agency), procedure__is_active=True
    )


def intake_procedures(agency: Agency, query: str, *, day: dt.date) -> list[ProcedureVersion]:
    """Procedures that may be received at ``agency`` on ``day``, searched without
    diacritics, each with the version in force there (the ward's beats the province's)."""
    versions = _in_force_at(agency, day).filter(procedure=OuterRef("pk"))
    procedures = Procedure.objects.filter(Exists(versions))
    if query.strip():
        phrase = normalize_search(query)
        procedures = filter_by_text(procedures, query).annotate(
            exact=Q(search_text__contains=phrase)
        )
        procedures = procedures.order_by(F("exact").desc(), "name")
    else:
        procedures = procedures.order_by("name")
    return _with_versions(list(procedures[:INTAKE_RESULTS]), agency, day)


def frequent_procedures(agency: Agency, *, day: dt.date, limit: int = 8) -> list:
    """Thủ tục thường tiếp nhận: the most received at this counter over the last 90 days."""
    since = timezone.now() - FREQUENT_WINDOW
    top = (
        Dossier.objects.filter(receiving_agency=agency, submitted_at__gte=since)
        .values("procedure")
        .annotate(n=Count("id"))
        .order_by("-n")[:limit]
    )
    ids = [row["procedure"] for row in top]
    if not ids:
        return []
    by_id = {p.pk: p for p in Procedure.objects.filter(pk__in=ids, is_active=True)}
    ordered = [by_id[pk] for pk in ids if pk in by_id]
    # _with_versions drops those no longer in force here.
    return _with_versions(ordered, agency, day)


def _with_versions(procedures: list[Procedure], agency: Agency, day: dt.date) -> list:
    """One query for the versions of a result page; the most specific scope wins."""
    chain = scope_chain(agency)
    versions = (
        _in_force_at(agency, day)
        .filter(procedure__in=procedures)
        .select_related("procedure__sector", "competent_unit")
    )
    best: dict[int, ProcedureVersion] = {}
    for version in versions:
        current = best.get(version.procedure_id)
        if current is None or chain.index(version.scope_id) < chain.index(current.scope_id):
            best[version.procedure_id] = version
    return [best[p.pk] for p in procedures if p.pk in best]


# --- Processing ----------------------------------------------------------------------------


def assignable_staff(dossier: Dossier) -> QuerySet[User]:
    """Chuyên viên of the competent unit (the same rule services.assign enforces)."""
    holders = RoleAssignment.objects.filter(
        user=OuterRef("pk"),
        role__in=[Role.SPECIALIST, Role.UNIT_HEAD],
        agency_id__in=dossier.competent_unit.ancestor_ids(),
    )
    return User.objects.filter(Exists(holders), is_active=True).order_by("full_name", "username")


# --- Inboxes ---------------------------------------------------------------------------------


def inbox_names(user) -> list[str]:
    """The inboxes shown to ``user``: "mine" only to those who process dossiers."""
    names = list(INBOXES)
    if not has_perm_anywhere(user, Perm.PROCESS_DOSSIER):
        names.remove("mine")
    return names


def default_inbox(user) -> str:
    """A specialist starts on their own dossiers; everyone else on the unit's open ones."""
    if has_perm_anywhere(user, Perm.PROCESS_DOSSIER) and not has_perm_anywhere(
        user, Perm.ASSIGN_DOSSIER
    ):
        return "mine"
    return "unit"


def primary_agency(user) -> Agency | None:
    """The agency of the user's first dossier role (the one whose calendar we use)."""
    assignment = (
        RoleAssignment.objects.filter(
            user=user, role__in=[role for role in Role.values if role != Role.AGENCY_ADMIN]
        )
        .select_related("agency")
        .order_by("created_at", "id")
        .first()
    )
    return assignment.agency if assignment else None


def due_soon_until(user, now: dt.datetime) -> dt.datetime:
    """The moment one working day after ``now``.

    Counted on the calendar of the user's primary agency: within one province every ward
    shares the public holidays and the province's overrides, so for a leader who sees
    several wards only a ward's own day off could shift the boundary, by at most a day.
    """
    calendar = calendar_for(primary_agency(user))
    return calendar.add_working_seconds(now, calendar.cal.day_seconds)


@dataclass(frozen=True)
class InboxTab:
    name: str
    label: str
    count: int


def inbox_tabs(user, *, now: dt.datetime, until: dt.datetime) -> list[InboxTab]:
    """One COUNT per tab, each on an indexed filter (status, due_at, assignee)."""
    return [
        InboxTab(name, INBOXES[name], inbox(user, name, now=now, due_soon_until=until).count())
        for name in inbox_names(user)
    ]


def menu_count(user) -> int:
    """Open dossiers in the user's default inbox: the number the staff menu shows."""
    return inbox(user, default_inbox(user)).count()


def procedure_choices(user) -> QuerySet[Procedure]:
    """Procedures published in the user's scopes (for the inbox filter)."""
    versions = ProcedureVersion.objects.filter(
        procedure=OuterRef("pk"), scope__in=visible_scopes(user)
    )
    return Procedure.objects.filter(Exists(versions)).order_by("code")
