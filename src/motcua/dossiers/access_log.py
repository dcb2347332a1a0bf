"""Nhật ký truy cập dữ liệu cá nhân (issue #16 §5): who opened which dossier's personal data.

Every view that shows an applicant's personal data calls ``record_access`` (one INSERT,
no read) or ``record_accesses`` (one bulk INSERT for an export): the staff dossier page,
the printed forms (HTML and PDF), the register export, and later the file downloads.
The table is append-only in the database (``core.append_only``).

Reads:
- ``accesses_for_admin(user)``: the rows an agency admin may read (``Perm.VIEW_ACCESS_LOG``
  over the dossier's ward or receiving agency), for the staff page;
- ``offices_that_viewed(dossier)``: which offices viewed a dossier, and when last — what the
  citizen portal shows its owner (the portal calls it; no person's name is given out).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Q, QuerySet

from motcua.org.models import Agency
from motcua.org.permissions import Perm, agencies_where, held_agency_ids

from .models import AccessPurpose, Dossier, PersonalDataAccess

DETAIL_MAX_LENGTH = 80


def _office_for(user, agencies: Iterable[Agency | None]) -> int | None:
    """The agency of the user's role nearest to one of ``agencies`` (its subtree holds it)."""
    if user.is_superuser:
        return None
    held = held_agency_ids(user)
    if not held:
        return None
    for agency in agencies:
        if agency is None:
            continue
        for ancestor in agency.ancestor_ids():  # nearest first
            if ancestor in held:
                return ancestor
    return held[0]


def record_access(user, dossier: Dossier, purpose: str, detail: str = "") -> PersonalDataAccess:
    """Ghi nhận một lần xem dữ liệu cá nhân của hồ sơ (one INSERT)."""
    office = _office_for(user, (dossier.competent_unit, dossier.receiving_agency))
    return PersonalDataAccess.objects.create(
        dossier=dossier,
        user=user,
        office_id=office,
        purpose=AccessPurpose(purpose),
        detail=detail[:DETAIL_MAX_LENGTH],
    )


def record_accesses(user, dossier_ids: Iterable[int], purpose: str, *, agency: Agency, detail=""):
    """One bulk INSERT for an export listing many dossiers, all read for ``agency``."""
    office = _office_for(user, (agency,))
    rows = [
        PersonalDataAccess(
            dossier_id=dossier_id,
            user=user,
            office_id=office,
            purpose=AccessPurpose(purpose),
            detail=detail[:DETAIL_MAX_LENGTH],
        )
        for dossier_id in dossier_ids
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def accesses_for_admin(user) -> QuerySet[PersonalDataAccess]:
    """The log rows ``user`` may read: dossiers of the wards (or units) they administer."""
    scope = agencies_where(user, Perm.VIEW_ACCESS_LOG)
    if not user.is_superuser and not scope.exists():
        return PersonalDataAccess.objects.none()
    rows = PersonalDataAccess.objects.select_related("dossier", "user", "office")
    if user.is_superuser:
        return rows
    ids = list(scope.values_list("id", flat=True))
    return rows.filter(
        Q(dossier__ward_id__in=ids)
        | Q(dossier__receiving_agency_id__in=ids)
        | Q(dossier__competent_unit_id__in=ids)
    )


def offices_that_viewed(dossier: Dossier) -> list[dict]:
    """Cơ quan đã xem hồ sơ của bạn: per office, how many views and the last one.

    For the dossier's owner (the citizen portal). Names no official: the office is what
    the citizen may ask about; the admin's page holds the person.
    """
    rows = (
        PersonalDataAccess.objects.filter(dossier=dossier)
        .values("office_id")
        .annotate(views=Count("id"), last_at=Max("at"))
        .order_by("-last_at")
    )
    names = dict(
        Agency.objects.filter(id__in=[r["office_id"] for r in rows if r["office_id"]]).values_list(
            "id", "name"
        )
    )
    return [
        {
            "office": names.get(row["office_id"], "Quản trị hệ thống"),
            "views": row["views"],
            "last_at": row["last_at"],
        }
        for row in rows
    ]
