"""Hồ sơ trực tuyến chờ tiếp nhận (/can-bo/ho-so/truc-tuyen/): the counter's online queue.

Online dossiers "Mới đăng ký" of the officer's counters, oldest first, each with its
checking limit (dossiers.online.check_due); those past it are marked. The actions
(receive, ask for completion, refuse) are on the dossier page, through the workflow
table like every other action.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from motcua.org.models import Agency
from motcua.org.permissions import Perm, has_perm_anywhere

from ..models import Dossier
from ..online import check_due, check_hours
from ..selectors import online_queue

PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueRow:
    dossier: Dossier
    queued_at: dt.datetime
    check_due: dt.datetime
    overdue: bool
    resubmitted: bool  # back after the applicant completed it


def receives_dossiers(user) -> bool:
    return user.is_superuser or has_perm_anywhere(user, Perm.RECEIVE_DOSSIER)


def queue_count(request) -> int | None:
    """The staff menu's number: online dossiers waiting for the user's check."""
    if not receives_dossiers(request.user):
        return None
    return online_queue(request.user).count()


def _overdue_count(user, now: dt.datetime) -> int:
    """Past their checking limit, over the whole queue (plain values, one query)."""
    agencies: dict[int, Agency] = {}
    overdue = 0
    for agency_id, queued_at in online_queue(user).values_list("receiving_agency_id", "queued_at"):
        if agency_id not in agencies:
            agencies[agency_id] = Agency.objects.get(pk=agency_id)
        if check_due(agencies[agency_id], queued_at) < now:
            overdue += 1
    return overdue


@login_required
def queue(request):
    """Hồ sơ trực tuyến chờ tiếp nhận, oldest first; past the checking limit in red."""
    user = request.user
    if not receives_dossiers(user):
        raise PermissionDenied
    now = timezone.now()
    dossiers = online_queue(user).select_related("procedure", "receiving_agency")
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = []
    for dossier in page:
        due = check_due(dossier.receiving_agency, dossier.queued_at)
        rows.append(
            QueueRow(
                dossier,
                dossier.queued_at,
                due,
                overdue=due < now,
                resubmitted=dossier.queued_at != dossier.submitted_at,
            )
        )
    return render(
        request,
        "dossiers/staff/online_queue.html",
        {
            "page": page,
            "rows": rows,
            "overdue": _overdue_count(user, now),
            "hours": check_hours(),
        },
    )
