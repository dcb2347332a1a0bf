"""The staff menu: each entry shows only to users holding one of its permissions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.http import HttpRequest
from django.urls import reverse

from motcua.dossiers.web.nav import open_in_my_inbox, queue_count
from motcua.org.permissions import Perm, permissions_of

# Anyone who can see some dossiers (dossiers.selectors.visible_dossiers).
DOSSIER_READERS = (
    Perm.RECEIVE_DOSSIER,
    Perm.PROCESS_DOSSIER,
    Perm.APPROVE_DOSSIER,
    Perm.VIEW_ALL_DOSSIERS,
)


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    perm: str | tuple[str, ...] | None = None  # one permission, or any of several
    prefix: str | None = None  # path prefix that marks the entry active
    # A number shown after the label (None: nothing shown).
    count: Callable[[HttpRequest], int | None] | None = None

    def shown_to(self, granted: set[str]) -> bool:
        if self.perm is None:
            return True
        wanted = (self.perm,) if isinstance(self.perm, str) else self.perm
        return any(perm in granted for perm in wanted)


STAFF_NAV = (
    NavEntry("Tổng quan", "staff-home", Perm.VIEW_DASHBOARD),
    NavEntry(
        "Tiếp nhận", "dossiers-staff-intake", Perm.RECEIVE_DOSSIER, "/can-bo/ho-so/tiep-nhan/"
    ),
    NavEntry(
        "Hồ sơ trực tuyến",
        "dossiers-online-queue",
        Perm.RECEIVE_DOSSIER,
        "/can-bo/ho-so/truc-tuyen/",
        count=queue_count,
    ),
    NavEntry(
        "Hồ sơ",
        "dossiers-staff-inbox",
        DOSSIER_READERS,
        "/can-bo/ho-so/",
        count=open_in_my_inbox,
    ),
    NavEntry("Đối soát", "payments-reconciliation", Perm.RECEIVE_DOSSIER, "/can-bo/doi-soat/"),
    NavEntry("Chỉ số", "indicators-dashboard", Perm.VIEW_INDICATORS, "/can-bo/chi-so/"),
    NavEntry("Danh mục thủ tục", "catalog-admin-list", Perm.VIEW_CATALOG_ADMIN, "/can-bo/thu-tuc/"),
    NavEntry("Lịch làm việc", "workcal-admin", Perm.MANAGE_CALENDAR, "/can-bo/lich-lam-viec/"),
    NavEntry("Cán bộ, đơn vị", "org-staff-list", Perm.MANAGE_STAFF, "/can-bo/to-chuc/"),
    NavEntry("Hộp thư đi", "outbound-message-list", Perm.MANAGE_STAFF, "/can-bo/hop-thu-di/"),
    NavEntry(
        "Nhật ký truy cập",
        "dossier-access-log",
        Perm.VIEW_ACCESS_LOG,
        "/can-bo/nhat-ky-truy-cap/",
    ),
)


def _match(url: str, prefix: str | None, path: str) -> int:
    """How specifically ``path`` belongs to an entry (0: not at all)."""
    if path == url:
        return len(url) + 1
    return len(prefix) if prefix and path.startswith(prefix) else 0


def staff_nav(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    granted = permissions_of(user)
    items = []
    for entry in STAFF_NAV:
        if not entry.shown_to(granted):
            continue
        url = reverse(entry.url_name)
        # A callable: the template calls it only where it prints the count (staff pages),
        # so public pages that merely ask whether the user is an officer run no count query.
        count = partial(entry.count, request) if entry.count else None
        items.append(
            {
                "label": entry.label,
                "url": url,
                "count": count,
                "match": _match(url, entry.prefix, request.path),
            }
        )
    # Nested areas (/can-bo/ho-so/tiep-nhan/ inside /can-bo/ho-so/): the closest one is active.
    best = max((item["match"] for item in items), default=0)
    for item in items:
        match = item.pop("match")
        item["active"] = match > 0 and match == best
    return items
