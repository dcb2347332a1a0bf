"""Staff page: Nhật ký truy cập dữ liệu cá nhân — who opened which dossier, for an admin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from motcua.org.permissions import Perm, has_perm_anywhere

from ..access_log import accesses_for_admin

PER_PAGE = 50
FILTER_MAX_LENGTH = 64


@login_required
def access_log(request):
    """The personal-data access log of the dossiers in the admin's scope, newest first;
    ``?ma=`` narrows to one dossier, ``?can-bo=`` to one person (user name)."""
    if not has_perm_anywhere(request.user, Perm.VIEW_ACCESS_LOG):
        raise PermissionDenied
    code = request.GET.get("ma", "").strip()[:FILTER_MAX_LENGTH]
    username = request.GET.get("can-bo", "").strip().lower()[:FILTER_MAX_LENGTH]
    rows = accesses_for_admin(request.user)
    if code:
        rows = rows.filter(dossier__code=code)
    if username:
        rows = rows.filter(user__username=username)
    page = Paginator(rows.order_by("-at", "-id"), PER_PAGE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "dossiers/staff/access_log.html",
        {"page": page, "code": code, "username": username, "query_string": params.urlencode()},
    )
