"""Indicators pages: the leadership dashboard (/can-bo/chi-so/), the list behind every
number, the exports, the public statistics (/thong-ke/) and the Center's liveboard
(/bang-dien-tu/).

Read-only: nothing here writes. Staff pages need Perm.VIEW_INDICATORS at the agency they
show; an agency outside the user's reach is a 404 (its numbers are not revealed).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError
from motcua.org.models import Agency

from . import exports, figures, report, selectors
from .drilldown import drill
from .forms import IndicatorFilterForm
from .periods import MONTH, Period, parse_period
from .presenting.dashboard import Dashboard
from .presenting.dashboard import dashboard as shape_dashboard
from .presenting.links import Selection
from .presenting.public import PUBLIC_KINDS
from .presenting.public import public_statistics as shape_public_statistics
from .scopes import Scope
from .scoring import RULES_BY_CODE

DRILL_PAGE_SIZE = 50
# The liveboard asks for fresh numbers this often (htmx), or reloads (no JavaScript).
LIVEBOARD_REFRESH_SECONDS = 30
PART_LABELS = {"numerator": "tử số", "denominator": "mẫu số", "missing": "phần chưa đạt"}
PUBLIC_KIND_PARAMS = {"thang": MONTH, "quy": "quarter", "nam": "year"}


# --- where: the agency and the procedure ------------------------------------------------------


def _agencies_or_403(user) -> list[Agency]:
    agencies = selectors.indicator_agencies(user)
    if not agencies:
        raise PermissionDenied
    return agencies


def _chosen_agency(request, agencies: list[Agency]) -> Agency:
    """The agency named by ``don_vi`` (default: the widest one the user holds).

    A code outside the user's agencies is a 404, whether or not it exists.
    """
    wanted = (request.GET.get("don_vi") or "").strip()
    if not wanted:
        return agencies[0]
    for agency in agencies:
        if agency.code == wanted:
            return agency
    raise Http404("Không tìm thấy đơn vị này trong phạm vi bạn được xem chỉ số.")


def _chosen_procedure(request) -> Procedure | None:
    code = (request.GET.get("thu_tuc") or "").strip()
    return get_object_or_404(Procedure, code=code) if code else None


def _scope(request, agencies: list[Agency]) -> Scope:
    scope = Scope.of(_chosen_agency(request, agencies), procedure=_chosen_procedure(request))
    scope.require_view(request.user)  # the list above already says so: a second lock
    return scope


def _period_from_link(request) -> Period:
    """The period of a link (``ky``); this month when absent. Raises DomainError."""
    text = (request.GET.get("ky") or "").strip()
    return parse_period(text) if text else Period.containing(MONTH, timezone.now())


def _bad_request(request, error: DomainError, *, title: str) -> HttpResponse:
    return render(
        request,
        "indicators/bad_request.html",
        {"title": title, "message": error.message},
        status=400,
    )


# --- the leadership dashboard -----------------------------------------------------------------


def _dashboard(selection: Selection, *, now) -> Dashboard:
    """The dashboard's figures for ``selection`` at ``now``, shaped for the page."""
    numbers = figures.dashboard_figures(selection.scope, selection.period, now=now)
    return shape_dashboard(numbers, selection)


@login_required
@require_GET
def dashboard(request):
    """Bảng điều hành chỉ số: Decision 766 scorecard, the directive's rates, trend, rankings."""
    agencies = _agencies_or_403(request.user)
    scope = _scope(request, agencies)
    now = timezone.now()
    today = timezone.localdate(now)
    procedures = selectors.procedures_offered(scope, today)
    if scope.procedure is not None and scope.procedure not in procedures:
        # A procedure no longer offered today still has its past dossiers to read.
        procedures.append(scope.procedure)
    form_options = {"agencies": agencies, "procedures": procedures, "today": today}
    form = IndicatorFilterForm(request.GET, **form_options)
    if not form.is_valid() or form.period is None:
        return render(
            request, "indicators/dashboard.html", {"form": form, "scope": scope}, status=400
        )
    selection = Selection(scope, form.period)
    shown = IndicatorFilterForm.showing(
        form.period, agency=scope.agency, procedure=scope.procedure, **form_options
    )
    board = _dashboard(selection, now=now)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "form": shown,
            "scope": scope,
            "selection": selection,
            "board": board,
            "charts": board.charts,
            "monthly_report": form.period.kind == MONTH,
        },
    )


@login_required
@require_GET
def drilldown(request):
    """Danh sách hồ sơ: the dossiers (or procedures) behind one number of the dashboard."""
    agencies = _agencies_or_403(request.user)
    scope = _scope(request, agencies)
    code = (request.GET.get("chi-so") or "").strip()
    part = (request.GET.get("phan") or "").strip()
    try:
        period = _period_from_link(request)
        listing = drill(code, part, scope, period, user=request.user)
    except DomainError as error:
        return _bad_request(request, error, title="Không mở được danh sách")
    selection = Selection(scope, period)
    rule = RULES_BY_CODE.get(code)
    context = {
        "selection": selection,
        "listing": listing,
        "scope": scope,
        "period": period,
        "item_label": rule.label if rule else "",
        "part_label": PART_LABELS.get(part, ""),
    }
    if listing.dossiers is not None:
        dossiers = listing.dossiers.select_related("procedure", "competent_unit").order_by(
            "received_at", "pk"
        )
        page = Paginator(dossiers, DRILL_PAGE_SIZE).get_page(request.GET.get("trang"))
        context["page"] = page
        context["total"] = page.paginator.count
        # The number on the dashboard counts the whole scope; a user who may not open some
        # of those dossiers is told how many are left out rather than shown a smaller count.
        context["hidden"] = drill(code, part, scope, period).count() - page.paginator.count
        params = request.GET.copy()
        params.pop("trang", None)
        context["querystring"] = params.urlencode()
    else:
        context["rows"] = listing.rows
        context["total"] = len(listing.rows)
    return render(request, "indicators/drilldown.html", context)


# --- exports ----------------------------------------------------------------------------------


@login_required
@require_GET
def export_xlsx(request):
    """Bảng chỉ số và các tỷ lệ (.xlsx): the dashboard's tables as numbers."""
    agencies = _agencies_or_403(request.user)
    scope = _scope(request, agencies)
    try:
        period = _period_from_link(request)
    except DomainError as error:
        return _bad_request(request, error, title="Không xuất được tệp Excel")
    board = _dashboard(Selection(scope, period), now=timezone.now())
    content = exports.dashboard_xlsx(board)
    return _attachment(content, exports.XLSX_TYPE, exports.filename(scope, period, "xlsx"))


@login_required
@require_GET
def monthly_report(request):
    """Báo cáo tình hình tiếp nhận và giải quyết TTHC tháng MM/YYYY (PDF, thể thức văn bản)."""
    agencies = _agencies_or_403(request.user)
    scope = _scope(request, agencies)
    try:
        period = _period_from_link(request)
        if period.kind != MONTH:
            raise DomainError(
                "report_month_required",
                "Báo cáo tháng cần chọn một tháng (ví dụ 2026-03).",
            )
    except DomainError as error:
        return _bad_request(request, error, title="Không lập được báo cáo tháng")
    pdf = report.monthly_report_pdf(scope, period, now=timezone.now())
    return _attachment(pdf, "application/pdf", report.filename(scope, period))


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- public pages -----------------------------------------------------------------------------


def _public_ward(request) -> tuple[Agency, list[Agency]]:
    """The ward of ``?xa=CODE``; the first ward of the deployment by default."""
    wards = list(selectors.public_wards())
    if not wards:
        raise Http404("Chưa có xã, phường nào được cấu hình.")
    wanted = (request.GET.get("xa") or "").strip()
    if not wanted:
        return wards[0], wards
    for ward in wards:
        if ward.code == wanted:
            return ward, wards
    raise Http404("Không tìm thấy xã, phường này.")


@require_GET
def public_statistics(request):
    """Thống kê công khai: the ward's scorecard and rates this month, quarter and year."""
    ward, wards = _public_ward(request)
    kind = PUBLIC_KIND_PARAMS.get(request.GET.get("xem", ""), MONTH)
    stats = shape_public_statistics(figures.public_figures(ward, kind, now=timezone.now()))
    kind_param = {value: key for key, value in PUBLIC_KIND_PARAMS.items()}
    tabs = [
        {"param": kind_param[k], "title": title, "current": k == kind}
        for k, title in PUBLIC_KINDS.items()
    ]
    return render(
        request,
        "indicators/public_statistics.html",
        {"stats": stats, "ward": ward, "wards": wards, "tabs": tabs},
    )


@require_GET
def liveboard(request):
    """Bảng điện tử of the Center: dossier codes only, refreshed every 30 seconds."""
    ward, _ = _public_ward(request)
    board = selectors.liveboard(ward)
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "indicators/_liveboard.html" if partial else "indicators/liveboard.html"
    response = render(
        request,
        template,
        {"board": board, "ward": ward, "refresh": LIVEBOARD_REFRESH_SECONDS},
    )
    patch_vary_headers(response, ["HX-Request"])
    response["Cache-Control"] = "no-store"
    return response
