"""The online channel as the counter sees it: where a ward's online dossiers go, and the
time limit for checking one.

An online dossier is submitted by the applicant ("Mới đăng ký", national status 1) and
waits in the counter's online queue until an officer receives it (the legal clock starts
then), asks for completion (Mẫu 02) or refuses it (Mẫu 03). The checking limit is the
counter's own, not the procedure's: ``MOTCUA_ONLINE_CHECK_WORKING_HOURS`` working hours
(default 8) on the receiving counter's working calendar from the moment the dossier
reached the queue — its submission, or the applicant's completion after a request.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count

from motcua.org.models import Agency, Role, RoleAssignment

from .calendar import calendar_for

HOUR = 3600
# The events that put a dossier (back) in the counter's queue.
QUEUE_EVENTS = ("submitted", "supplement_received")


def check_hours() -> int:
    return settings.MOTCUA_ONLINE_CHECK_WORKING_HOURS


def check_due(agency: Agency, queued_at: dt.datetime) -> dt.datetime:
    """Hạn kiểm tra hồ sơ trực tuyến: ``check_hours()`` working hours after ``queued_at``
    on ``agency``'s calendar (the ward's, with the Center's own overrides); a dossier
    sent at night or on a day off counts from the next working period."""
    cal = calendar_for(agency)
    return cal.add_working_seconds(queued_at, check_hours() * HOUR)


def online_counter(ward: Agency) -> Agency | None:
    """Where a ward's online dossiers are received: the agency of the ward where its
    counter officers (cán bộ một cửa) hold their role — the Trung tâm Phục vụ hành chính
    công; the one with the most officers if there are several. None: nobody can receive
    online dossiers there yet."""
    ward = ward.ward_or_self or ward
    row = (
        RoleAssignment.objects.filter(
            role=Role.COUNTER_OFFICER,
            agency__in=Agency.objects.subtree_of([ward.pk]),
            agency__is_active=True,
            user__is_active=True,
        )
        .values_list("agency_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n", "agency__code")
        .first()
    )
    return Agency.objects.get(pk=row[0]) if row else None


def receives_online(agency: Agency) -> bool:
    """Some active counter officer can receive at ``agency`` (a role held there or above)."""
    return RoleAssignment.objects.filter(
        role=Role.COUNTER_OFFICER, agency_id__in=agency.ancestor_ids(), user__is_active=True
    ).exists()
