"""Reads of dossiers, always scoped to what the acting user may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from motcua.org.models import AccountKind
from motcua.org.permissions import Perm, agencies_where, role_roots

from . import facts
from .models import (
    OPEN_STATUSES,
    Channel,
    Dossier,
    DossierEvent,
    DossierFile,
    FileKind,
    Status,
)
from .online import QUEUE_EVENTS


def visible_dossiers(user) -> QuerySet[Dossier]:
    """Dossiers ``user`` may see: received at their counter, handled by their unit, or in a
    ward they oversee. Every dossier read in the staff area starts here."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    if user.is_superuser:
        return Dossier.objects.all()
    scope = Q(pk__in=[])
    counters = _agency_ids(user, Perm.RECEIVE_DOSSIER)
    units = _agency_ids(user, Perm.PROCESS_DOSSIER) + _agency_ids(user, Perm.APPROVE_DOSSIER)
    overseen = _agency_ids(user, Perm.VIEW_ALL_DOSSIERS)
    if counters:
        scope |= Q(receiving_agency_id__in=counters)
    if units:
        scope |= Q(competent_unit_id__in=sorted(set(units)))
    if overseen:
        scope |= Q(ward_id__in=overseen) | Q(competent_unit_id__in=overseen)
    return Dossier.objects.filter(scope)


def _agency_ids(user, perm: str) -> list[int]:
    """The agencies where ``user`` holds ``perm``, as plain ids, read once per request.

    Literal id lists, not subqueries: PostgreSQL then uses the (agency, status, due_at)
    indexes instead of scanning every open dossier of the province (docs/performance.md).
    """
    cache = user.__dict__.setdefault("_agency_ids_cache", {})
    if perm not in cache:
        roots = role_roots(user, perm)  # no query: the roles are cached on the user
        cache[perm] = (
            sorted(agencies_where(user, perm).values_list("id", flat=True)) if roots else []
        )
    return cache[perm]


def get_visible(user, pk_or_code) -> Dossier | None:
    qs = visible_dossiers(user).select_related(
        "procedure",
        "procedure_version",
        "receiving_agency",
        "competent_unit",
        "ward",
        "assignee",
        "receiver",
    )
    lookup = {"code": pk_or_code} if not str(pk_or_code).isdigit() else {"pk": pk_or_code}
    return qs.filter(**lookup).first()


INBOXES = {
    "mine": "Của tôi",
    "unit": "Của đơn vị",
    "due_soon": "Sắp đến hạn (≤ 1 ngày làm việc)",
    "overdue": "Quá hạn",
    "supplement": "Chờ bổ sung",
    "ready": "Chờ trả kết quả",
    "all": "Tất cả",
}


def overdue_in_inbox(now: dt.datetime) -> Q:
    """Quá hạn in the inbox: facts.open_past_due, the rule every indicator counts by (an
    extended dossier past its legal due is late even before its new appointment).

    The open statuses say again what open_past_due(now) implies, so PostgreSQL narrows by
    the (agency, status, …) inbox indexes before it reads the due moments."""
    return Q(status__in=OPEN_STATUSES) & facts.open_past_due(now)


def inbox(user, name: str, *, now: dt.datetime | None = None, due_soon_until=None) -> QuerySet:
    """One of the inboxes by role; ``due_soon_until`` is the moment 1 working day ahead."""
    now = now or timezone.now()
    qs = visible_dossiers(user)
    if name == "mine":
        return qs.filter(Q(assignee=user) & Q(status__in=OPEN_STATUSES))
    if name == "unit":
        return qs.filter(status__in=OPEN_STATUSES)
    if name == "due_soon":
        return qs.filter(
            status__in=OPEN_STATUSES, due_at__gte=now, due_at__lte=due_soon_until or now
        )
    if name == "overdue":
        return qs.filter(overdue_in_inbox(now))
    if name == "supplement":
        return qs.filter(status=Status.SUPPLEMENT_REQUESTED)
    if name == "ready":
        return qs.filter(status=Status.DONE)
    return qs


def online_queue(user) -> QuerySet[Dossier]:
    """Hồ sơ trực tuyến chờ tiếp nhận: online dossiers "Mới đăng ký" received at the
    counters where ``user`` receives dossiers (the officer's ward's Center), each with
    ``queued_at`` — when it reached the queue (its submission, or the applicant's
    completion after a request) — oldest first. Other wards' dossiers are not in it."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    qs = Dossier.objects.filter(status=Status.NEW, channel=Channel.ONLINE)
    if not user.is_superuser:
        qs = qs.filter(receiving_agency_id__in=_agency_ids(user, Perm.RECEIVE_DOSSIER))
    last_queued = (
        DossierEvent.objects.filter(dossier=OuterRef("pk"), kind__in=QUEUE_EVENTS)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return qs.annotate(queued_at=Subquery(last_queued)).order_by("queued_at", "id")


def readable_dossier_file(user, file_id: int, *, dossier: Dossier | None = None):
    """May ``user`` read this attached file? The DossierFile (with its stored file) when its
    dossier is one the user may see, else None (the view answers 404, never revealing that
    the id exists). ``dossier``: the dossier the URL names; a file of another dossier is
    None even if visible.

    Staff: the dossiers they may see (visible_dossiers), every kind of file. A citizen or
    organisation account (the portal): only dossiers it submitted online
    (``submitted_by``), and only the kinds that are the applicant's own or addressed to
    them, ``APPLICANT_FILE_KINDS`` (their uploads, their supplements, the electronic
    result); the counter's intake scans are the office's working copies and stay inside."""
    files = DossierFile.objects.select_related("stored_file", "dossier").filter(pk=file_id)
    if _is_portal_account(user):
        files = files.filter(dossier__in=applicant_dossiers(user), kind__in=APPLICANT_FILE_KINDS)
    else:
        files = files.filter(dossier__in=visible_dossiers(user))
    if dossier is not None:
        files = files.filter(dossier=dossier)
    return files.first()


def dossier_files(dossier: Dossier) -> list[DossierFile]:
    """The files of a dossier the page already shows (its scope checked by the caller)."""
    return list(dossier.files.select_related("stored_file", "attached_by"))


# The files an applicant reads on the portal (readable_dossier_file): what they sent and
# the electronic result; not the counter's scans (docs/portal.md, "Hồ sơ của tôi").
APPLICANT_FILE_KINDS = (FileKind.CITIZEN_UPLOAD, FileKind.SUPPLEMENT, FileKind.ELECTRONIC_RESULT)


def _is_portal_account(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "kind", AccountKind.STAFF) != AccountKind.STAFF
    )


def applicant_dossiers(user) -> QuerySet[Dossier]:
    """Hồ sơ của tôi: the dossiers this citizen or organisation account submitted online
    (none for staff, anonymous or inactive accounts)."""
    if not _is_portal_account(user) or not user.is_active:
        return Dossier.objects.none()
    return Dossier.objects.filter(submitted_by=user)


def applicant_files(dossier: Dossier) -> list[DossierFile]:
    """The files of the applicant's own dossier that the applicant may read."""
    return list(dossier.files.filter(kind__in=APPLICANT_FILE_KINDS).select_related("stored_file"))
