"""Web layer of the catalogue: the public pages (/thu-tuc/) and the staff pages
(/can-bo/thu-tuc/). Views parse, call selectors/services and render; they never save."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from motcua.core.errors import DomainError, PermissionDeniedError, add_to_form
from motcua.org.models import AgencyKind
from motcua.org.permissions import Perm, has_perm_anywhere

from . import selectors, services
from .forms import CouncilFeeForm, ImportForm, PublicSearchForm, StaffSearchForm
from .snapshot import NOTES_PATH
from .xlsx.writer import export_xlsx, template_xlsx

PUBLIC_PAGE_SIZE = 20
STAFF_PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("trang", None)
    return params.urlencode()


# --- Public ---------------------------------------------------------------------------------


def public_list(request):
    """Tra cứu thủ tục hành chính: search with or without diacritics, filter, paginate."""
    form = PublicSearchForm(request.GET, sectors=selectors.public_sectors())
    filters = form.filters()
    procedures = selectors.public_procedures(**filters)
    page = Paginator(procedures, PUBLIC_PAGE_SIZE).get_page(request.GET.get("trang"))
    versions = selectors.versions_for_listing(list(page.object_list))
    return render(
        request,
        "catalog/public_list.html",
        {
            "form": form,
            "page": page,
            "items": [(procedure, versions.get(procedure.pk)) for procedure in page],
            "query": filters["query"].strip(),
            "filtered": any(filters.values()),
            "querystring": _query_without_page(request),
        },
    )


def _not_found(request, code: str, template: str):
    return render(request, template, {"code": code}, status=404)


def public_detail(request, code: str):
    """Trang thủ tục: documents, fee, deadline, online level, competent unit, legal notes."""
    procedure = selectors.public_procedure(code)
    versions = selectors.public_versions(procedure) if procedure else []
    if not versions:
        return _not_found(request, code, "catalog/public_not_found.html")
    place = request.GET.get("noi", "")
    version = next((v for v in versions if v.scope.code == place), versions[0])
    return render(
        request,
        "catalog/public_detail.html",
        {
            "procedure": procedure,
            "version": version,
            "versions": versions,
            "documents": list(version.documents.all()),
        },
    )


# --- Staff ----------------------------------------------------------------------------------


def _require_anywhere(user, perm: str) -> None:
    if not has_perm_anywhere(user, perm):
        raise PermissionDenied


@login_required
def admin_list(request):
    """Danh mục thủ tục (cán bộ): versions in force in the user's scopes, with caveats."""
    _require_anywhere(request.user, Perm.VIEW_CATALOG_ADMIN)
    form = StaffSearchForm(request.GET, scopes=selectors.visible_scopes(request.user))
    versions = selectors.staff_current_versions(request.user, **form.filters())
    page = Paginator(versions, STAFF_PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "catalog/admin_list.html",
        {
            "form": form,
            "page": page,
            "counts": selectors.staff_counts(request.user),
            "can_manage": selectors.manageable_scopes(request.user).exists(),
            "export_scope": form.filters()["scope"] or selectors.default_export_scope(request.user),
            "querystring": _query_without_page(request),
        },
    )


def _validity(version, today) -> str:
    if version.valid_from > today:
        return "future"
    return "current" if version.covers(today) else "past"


@login_required
def admin_detail(request, code: str):
    """Thủ tục (cán bộ): every version in the user's scopes, with the caveats box."""
    _require_anywhere(request.user, Perm.VIEW_CATALOG_ADMIN)
    procedure, versions = selectors.staff_procedure(request.user, code)
    if procedure is None or not versions:
        return _not_found(request, code, "catalog/admin_not_found.html")
    today = timezone.localdate()
    for version in versions:
        version.validity = _validity(version, today)
    return render(
        request,
        "catalog/admin_detail.html",
        {
            "procedure": procedure,
            "versions": versions,
        },
    )


@login_required
def admin_import(request):
    """Nhập danh mục từ Excel: the per-row error table, or a summary after success."""
    scopes = selectors.manageable_scopes(request.user)
    if not scopes.exists():  # catalogue admins of a province or a ward only
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, scopes=scopes)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_xlsx(
                actor=request.user,
                scope_agency=form.cleaned_data["scope"],
                file=form.cleaned_data["file"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            if report.ok:
                messages.success(request, _summary(report, form.cleaned_data))
                return redirect("catalog-admin-import")
    return render(request, "catalog/admin_import.html", {"form": form, "report": report})


def _summary(report, cleaned) -> str:
    return (
        f"Đã nhập tệp “{cleaned['file'].name}” vào {cleaned['scope'].display_name}: "
        f"{report.created} phiên bản mới, {report.replaced} phiên bản thay thế, "
        f"{report.unchanged} phiên bản không đổi ({len(report.procedure_codes)} thủ tục)"
        + (
            f"; {report.eforms_changed} biểu mẫu điện tử cập nhật."
            if report.eforms_changed
            else "."
        )
    )


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def admin_export(request):
    """Xuất Excel: one scope's versions (from today on, or ?lich_su=1 for all)."""
    _require_anywhere(request.user, Perm.VIEW_CATALOG_ADMIN)
    form = StaffSearchForm(request.GET, scopes=selectors.visible_scopes(request.user))
    scope = form.filters()["scope"] or selectors.default_export_scope(request.user)
    include_history = request.GET.get("lich_su") == "1"
    versions = selectors.export_versions(request.user, scope=scope, include_history=include_history)
    stamp = timezone.localdate().strftime("%Y%m%d")
    label = scope.code if scope else "trong"
    return _xlsx_response(export_xlsx(versions), f"danh-muc-thu-tuc-{label}-{stamp}.xlsx")


@login_required
def admin_template(request):
    """Tệp mẫu nhập danh mục."""
    _require_anywhere(request.user, Perm.VIEW_CATALOG_ADMIN)
    return _xlsx_response(template_xlsx(), "mau-danh-muc-thu-tuc.xlsx")


@login_required
def admin_notes(request):
    """Nguồn và lưu ý của danh mục mẫu (data/procedures-notes.md)."""
    _require_anywhere(request.user, Perm.VIEW_CATALOG_ADMIN)
    return render(
        request,
        "catalog/admin_notes.html",
        {
            "notes": NOTES_PATH.read_text(encoding="utf-8"),
        },
    )


@login_required
def admin_council_fees(request):
    """Mức thu do HĐND tỉnh quy định: the provinces' tables the user sees, and a form to add
    an amount for the provinces whose catalogue they manage (docs/fees.md)."""
    _require_anywhere(request.user, Perm.VIEW_CATALOG_ADMIN)
    provinces = selectors.manageable_scopes(request.user).filter(kind=AgencyKind.PROVINCE)
    form = None
    if provinces.exists():
        form = CouncilFeeForm(request.POST or None, provinces=provinces)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            fee = services.set_council_fee(actor=request.user, **data)
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Đã ghi mức thu “{fee.name}” của {fee.province.name}.")
            return redirect("catalog-admin-council-fees")
    return render(
        request,
        "catalog/admin_council_fees.html",
        {"form": form, "fees": selectors.visible_council_fees(request.user)},
    )
