"""Reads shared by the indicators pages: which agencies a user may score, which ward a
public page shows, and the Center's liveboard (bảng điện tử).

The numbers themselves come from collectors.py, rates.py and drilldown.py; this module
only chooses *where* to compute them and reads the few plain lists those modules do not
cover.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.dossiers.models import OPEN_STATUSES, Delivery, Dossier, Status
from motcua.org.models import Agency, AgencyKind
from motcua.org.permissions import Perm, agencies_where

from . import offerings
from .periods import local_tz
from .scopes import Scope

SCORED_KINDS = (AgencyKind.PROVINCE, AgencyKind.WARD, AgencyKind.UNIT)


def indicator_agencies(user) -> list[Agency]:
    """Agencies whose indicators ``user`` may read (Perm.VIEW_INDICATORS), in tree order.

    National codes are hierarchical (H26 → H26.80 → H26.80.02), so ordering by code lists
    each ward right before its units; the first one is the widest scope the user holds.
    """
    return list(
        agencies_where(user, Perm.VIEW_INDICATORS)
        .filter(kind__in=SCORED_KINDS, is_active=True)
        .select_related("ward", "province")
        .order_by("code")
    )


def public_wards() -> QuerySet[Agency]:
    """Wards shown on the public statistics and the liveboard (xã, phường, đặc khu)."""
    return Agency.objects.wards().filter(is_active=True).order_by("code")


def procedures_offered(scope: Scope, day: dt.date) -> list[Procedure]:
    """Procedures in force in the scope's wards on ``day`` (the procedure picker), by code."""
    wide = Scope.of(scope.agency)
    ids = {service.procedure_id for service in offerings.services_in_force(wide, day)}
    return list(Procedure.objects.filter(pk__in=ids).only("code", "name").order_by("code"))


# --- Bảng điện tử: the Center's TV screen ----------------------------------------------------

# How many codes each column of the board lists before "và N hồ sơ khác": a TV shows about
# this many in big type without scrolling.
BOARD_READY_CODES = 40
BOARD_RETURNED_CODES = 24
BOARD_IN_PROGRESS_CODES = 24


@dataclass(frozen=True)
class BoardColumn:
    """One column of the liveboard: how many, and the codes of the most recent ones."""

    title: str
    hint: str
    total: int
    codes: list[str]

    @property
    def more(self) -> int:
        return self.total - len(self.codes)


@dataclass(frozen=True)
class Liveboard:
    ward: Agency
    now: dt.datetime
    ready: BoardColumn
    in_progress: BoardColumn
    returned_today: BoardColumn


def _column(title: str, hint: str, dossiers: QuerySet[Dossier], order: str, limit: int):
    codes = list(dossiers.order_by(order, "-pk").values_list("code", flat=True)[:limit])
    total = len(codes) if len(codes) < limit else dossiers.count()
    return BoardColumn(title, hint, total, codes)


def liveboard(ward: Agency, now: dt.datetime | None = None) -> Liveboard:
    """Codes only — never a name — of the ward's dossiers: results waiting at the counter,
    dossiers being processed, results handed over today (Vietnam time)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    day_start = dt.datetime.combine(today, dt.time.min, tzinfo=local_tz())
    day_end = day_start + dt.timedelta(days=1)
    in_ward = Dossier.objects.filter(ward=ward)
    return Liveboard(
        ward=ward,
        now=now,
        ready=_column(
            "Mời nhận kết quả",
            "Hồ sơ đã có kết quả, mời ông/bà đến quầy nhận",
            in_ward.filter(status=Status.DONE, delivery=Delivery.COUNTER),
            "-finished_at",
            BOARD_READY_CODES,
        ),
        in_progress=_column(
            "Đang giải quyết",
            "Hồ sơ đã tiếp nhận, đang được xử lý",
            in_ward.filter(status__in=OPEN_STATUSES, received_at__isnull=False),
            "-received_at",
            BOARD_IN_PROGRESS_CODES,
        ),
        returned_today=_column(
            "Đã trả kết quả hôm nay",
            "Kết quả đã trao cho người dân trong ngày",
            in_ward.filter(
                status=Status.RETURNED, returned_at__gte=day_start, returned_at__lt=day_end
            ),
            "-returned_at",
            BOARD_RETURNED_CODES,
        ),
    )
