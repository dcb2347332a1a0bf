"""The staff menu: each entry shows only to users holding its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from motcua.org.permissions import Perm, permissions_of


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    perm: str | None = None
    prefix: str | None = None  # path prefix that marks the entry active


STAFF_NAV = (
    NavEntry("Tổng quan", "staff-home", Perm.VIEW_DASHBOARD),
    NavEntry("Danh mục thủ tục", "catalog-admin-list", Perm.VIEW_CATALOG_ADMIN, "/can-bo/thu-tuc/"),
    NavEntry("Lịch làm việc", "workcal-admin", Perm.MANAGE_CALENDAR, "/can-bo/lich-lam-viec/"),
    NavEntry("Cán bộ, đơn vị", "org-staff-list", Perm.MANAGE_STAFF, "/can-bo/to-chuc/"),
)


def staff_nav(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    granted = permissions_of(user)
    items = []
    for entry in STAFF_NAV:
        if entry.perm and entry.perm not in granted:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:  # the app providing it is not installed
            continue
        active = request.path == url or bool(entry.prefix and request.path.startswith(entry.prefix))
        items.append({"label": entry.label, "url": url, "active": active})
    return items
