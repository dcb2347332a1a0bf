"""HTTP side of payments: the gateway endpoints (IPN, return), the citizen's payment page
(signed link), the sandbox gateway, and the staff pages (dossier panel, payment link with
QR code, counter payment, refund, receipts, reconciliation)."""

from __future__ import annotations

import datetime as dt
import io
import urllib.parse

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.errors import DomainError, add_to_form
from motcua.core.qr import qr_svg
from motcua.core.ratelimit import Limit, client_ip
from motcua.dossiers.selectors import get_visible
from motcua.org.models import Agency
from motcua.org.permissions import Perm, agencies_where, can

from . import links, selectors, services
from .forms import CounterPaymentForm, ReconcileForm, RefundForm
from .models import Payment, ReconciliationRun
from .providers import all_providers, get_provider, online_providers
from .providers import sandbox as sandbox_gateway
from .providers.vnpay import amount_of, parse_vn_time, signature_ok
from .receipts import receipt_pdf

# --- gateway endpoints ------------------------------------------------------------------------


@require_GET
@never_cache
def ipn(request, provider: str):
    """Thông báo kết quả thanh toán (IPN) from the gateway: JSON {"RspCode", "Message"}."""
    status, body = services.handle_notification(provider, request.GET)
    return JsonResponse(body, status=status)


@require_GET
@never_cache
def return_page(request, provider: str):
    """Where the gateway sends the payer back. Shows the state as recorded (by the IPN or
    the query); never changes it."""
    gateway = get_provider(provider)
    if gateway is None or not gateway.online:
        raise Http404
    message = gateway.verify_return(request.GET)
    payment = None
    if message.signature_ok:
        payment = (
            Payment.objects.select_related("dossier", "receipt")
            .filter(reference=message.reference, provider=gateway.code)
            .first()
        )
    context = {"signature_ok": message.signature_ok, "payment": payment, "message": message}
    if payment is not None:
        context["page_url"] = links.payment_path(payment.dossier)
        context["outstanding"] = selectors.outstanding(payment.dossier)
    return render(request, "payments/return.html", context, status=200 if payment else 400)


# --- the citizen's payment page ---------------------------------------------------------------

#: Payments a link may start per dossier and hour (each one is a pending row and a gateway
#: order): more is a script, not a person who closed a tab.
START_LIMIT = Limit("payments.start", 10, 3600)


def _dossier_for(token: str):
    dossier = links.dossier_from_token(token)
    if dossier is None:
        raise Http404("Liên kết thanh toán không hợp lệ hoặc đã hết hạn.")
    return dossier


@require_http_methods(["GET", "POST"])
@never_cache
def payment_page(request, token: str):
    """Thanh toán phí, lệ phí hồ sơ: what is owed, how to pay, the receipts."""
    dossier = _dossier_for(token)
    providers = online_providers()
    error = ""
    status = 200
    if request.method == "POST" and not START_LIMIT.consume(str(dossier.pk)):
        error = "Đã bắt đầu thanh toán quá nhiều lần. Vui lòng thử lại sau ít phút."
        status = 429
    elif request.method == "POST":
        code = request.POST.get("provider", "")
        try:
            _payment, url = services.start_online_payment(
                dossier=dossier, provider_code=code, client_ip=client_ip(request)
            )
        except DomainError as exc:
            error, status = exc.message, 400
        else:
            return redirect(url)
    payments = selectors.payments_of(dossier)
    return render(
        request,
        "payments/page.html",
        {
            "dossier": dossier,
            "token": token,
            "outstanding": selectors.outstanding(dossier),
            "providers": providers,
            "payments": payments,
            "paid": [p for p in payments if p.is_paid],
            "error": error,
        },
        status=status,
    )


@require_GET
def public_receipt(request, token: str, payment_id: int):
    dossier = _dossier_for(token)
    payment = (
        Payment.objects.select_related("receipt", "dossier__procedure", "dossier__ward")
        .filter(pk=payment_id, dossier=dossier)
        .first()
    )
    return _receipt_response(payment)


def _receipt_response(payment):
    receipt = getattr(payment, "receipt", None) if payment is not None else None
    if receipt is None:
        raise Http404("Không có biên lai.")
    response = HttpResponse(receipt_pdf(receipt), content_type="application/pdf")
    name = f"bien-lai-{receipt.agency.code}-{receipt.year}-{receipt.display_number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the sandbox gateway ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@never_cache
def sandbox_gateway_page(request):
    """Cổng thanh toán thử nghiệm: VNPAY's payment page, faked. Checks the request's
    signature and expiry as VNPAY does; its buttons notify the IPN, then return."""
    provider = get_provider("sandbox")
    if provider is None or not provider.is_enabled():
        raise Http404
    params = {k: v for k, v in (request.GET if request.method == "GET" else request.POST).items()}
    action = params.pop("action", "")
    params.pop("csrfmiddlewaretoken", None)
    valid = (
        signature_ok(params, provider.secret()) and params.get("vnp_TmnCode") == provider.tmn_code()
    )
    expires = parse_vn_time(params.get("vnp_ExpireDate", ""))
    if not valid:
        return HttpResponseBadRequest("Sai chữ ký (vnp_SecureHash).")
    if expires is None or expires < timezone.now():
        return render(request, "payments/sandbox_gateway.html", {"expired": True}, status=400)
    if request.method == "POST" and action in ("pay", "fail"):
        result = sandbox_gateway.result_params(params, paid=action == "pay")
        sandbox_gateway.record_gateway_result(result, paid=action == "pay")
        # As the gateway: the server-to-server notification first, then the browser.
        services.handle_notification("sandbox", result)
        back = params["vnp_ReturnUrl"]
        return redirect(f"{back}?{urllib.parse.urlencode(result)}")
    return render(
        request,
        "payments/sandbox_gateway.html",
        {
            "params": sorted(params.items()),
            "amount": amount_of(params.get("vnp_Amount")),
            "order_info": params.get("vnp_OrderInfo", ""),
            "reference": params.get("vnp_TxnRef", ""),
        },
    )


# --- staff: the dossier page's panel and its actions ------------------------------------------


def _may_collect(user, dossier) -> bool:
    return can(user, Perm.RECEIVE_DOSSIER, dossier.receiving_agency)


def dossier_panel(request, dossier) -> dict | None:
    """The "Phí, lệ phí" card of the staff dossier page (settings.MOTCUA_DOSSIER_PANELS)."""
    payments = selectors.payments_of(dossier)
    if not dossier.fee_vnd and not payments:
        return None
    owed = selectors.outstanding(dossier)
    collect = _may_collect(request.user, dossier)
    return {
        "template": "payments/_dossier_panel.html",
        "dossier": dossier,
        "outstanding": owed,
        "payments": payments,
        "may_collect": collect,
        "counter_form": CounterPaymentForm(initial={"amount_vnd": owed, "method": "cash"})
        if collect and owed > 0 and dossier.is_open
        else None,
        "may_link": collect and owed > 0 and dossier.is_open and bool(online_providers()),
    }


def portal_panel(request, dossier) -> dict | None:
    """The "Phí, lệ phí" card of the citizen's own dossier page on the portal
    (settings.MOTCUA_PORTAL_DOSSIER_PANELS): what is still owed and the signed payment
    link, while the dossier is open and an online gateway is on. The portal has checked
    that the dossier is the account's own."""
    if not dossier.fee_vnd:
        return None
    owed = selectors.outstanding(dossier)
    if owed <= 0 or not dossier.is_open:
        return None
    return {
        "template": "payments/_portal_panel.html",
        "outstanding": owed,
        "pay_url": links.payment_path(dossier) if online_providers() else "",
    }


def _visible_or_404(request, code):
    dossier = get_visible(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


def _detail_url(dossier) -> str:
    return reverse("dossiers-staff-detail", args=[dossier.code]) + "#phi-le-phi"


@require_POST
@login_required
def counter_payment(request, code: str):
    dossier = _visible_or_404(request, code)
    if not _may_collect(request.user, dossier):
        raise PermissionDenied
    form = CounterPaymentForm(request.POST)
    if form.is_valid():
        try:
            payment = services.record_counter_payment(
                actor=request.user,
                dossier=dossier,
                method=form.cleaned_data["method"],
                amount_vnd=form.cleaned_data["amount_vnd"],
                receipt_no=form.cleaned_data["receipt_no"],
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, f"Đã ghi nhận nộp {payment.amount_vnd:,} đồng tại quầy.".replace(",", ".")
            )
            return redirect(_detail_url(dossier))
    return render(
        request,
        "payments/counter_form.html",
        {"dossier": dossier, "form": form, "outstanding": selectors.outstanding(dossier)},
        status=400,
    )


@require_GET
@login_required
def payment_link(request, code: str):
    """Liên kết thanh toán: the link to give or send the applicant, and its QR code."""
    dossier = _visible_or_404(request, code)
    if not _may_collect(request.user, dossier):
        raise PermissionDenied
    owed = selectors.outstanding(dossier)
    url = links.payment_url(dossier)
    return render(
        request,
        "payments/link.html",
        {
            "dossier": dossier,
            "outstanding": owed,
            "url": url,
            "qr": qr_svg(url, scale=5) if owed > 0 else "",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def refund(request, code: str, payment_id: int):
    dossier = _visible_or_404(request, code)
    if not _may_collect(request.user, dossier):
        raise PermissionDenied
    payment = Payment.objects.filter(pk=payment_id, dossier=dossier).first()
    if payment is None:
        raise Http404
    refundable = payment.amount_vnd - payment.refunded_vnd
    form = RefundForm(request.POST or None, initial={"amount_vnd": refundable})
    if request.method == "POST" and form.is_valid():
        try:
            services.refund_payment(
                actor=request.user,
                payment=payment,
                amount_vnd=form.cleaned_data["amount_vnd"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Đã ghi nhận hoàn trả.")
            return redirect(_detail_url(dossier))
    return render(
        request,
        "payments/refund.html",
        {"dossier": dossier, "payment": payment, "form": form, "refundable": refundable},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def staff_receipt(request, payment_id: int):
    payment = (
        selectors.visible_payments(request.user)
        .select_related("receipt", "dossier__procedure", "dossier__ward")
        .filter(pk=payment_id)
        .first()
    )
    if payment is None:
        raise Http404
    return _receipt_response(payment)


# --- staff: reconciliation --------------------------------------------------------------------


def _reconcile_agencies(user):
    return list(agencies_where(user, Perm.RECEIVE_DOSSIER).order_by("code"))


@require_http_methods(["GET", "POST"])
@login_required
def reconciliation(request):
    """Đối soát giao dịch trong ngày: gateway against system, mismatches first."""
    agencies = _reconcile_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    providers = [p for p in all_providers() if p.can_query and p.is_enabled()]
    form = ReconcileForm(
        request.POST or None,
        providers=providers,
        agencies=agencies,
        initial={"day": timezone.localdate() - dt.timedelta(days=1)},
    )
    if request.method == "POST" and form.is_valid():
        agency = Agency.objects.get(pk=form.cleaned_data["agency"])
        try:
            run = services.reconcile(
                actor=request.user,
                provider_code=form.cleaned_data["provider"],
                day=form.cleaned_data["day"],
                agency=agency,
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            return redirect("payments-reconciliation-run", pk=run.pk)
    runs = ReconciliationRun.objects.filter(agency__in=agencies).select_related("agency")[:20]
    return render(request, "payments/reconciliation.html", {"form": form, "runs": runs})


@require_GET
@login_required
def reconciliation_run(request, pk: int):
    agencies = _reconcile_agencies(request.user)
    run = (
        ReconciliationRun.objects.filter(pk=pk, agency__in=agencies)
        .select_related("agency")
        .first()
    )
    if run is None:
        raise Http404
    lines = list(run.lines.select_related("payment__dossier").order_by("-problem", "id"))
    if request.GET.get("dinh-dang") == "xlsx":
        return _reconciliation_xlsx(run, lines)
    provider = get_provider(run.provider)
    return render(
        request,
        "payments/reconciliation_run.html",
        {"run": run, "lines": lines, "provider": provider},
    )


def _reconciliation_xlsx(run, lines):
    from openpyxl import Workbook

    from motcua.core.xlsx import append_row

    book = Workbook()
    sheet = book.active
    sheet.title = "Đối soát"
    append_row(sheet, [f"Đối soát {run.provider} ngày {run.day:%d/%m/%Y} — {run.agency.name}"])
    append_row(
        sheet,
        ["Mã giao dịch", "Mã hồ sơ", "Hệ thống: trạng thái", "Hệ thống: số tiền (đ)",
         "Cổng: trạng thái", "Cổng: số tiền (đ)", "Mã GD tại cổng", "Chênh lệch"],
    )  # fmt: skip
    for line in lines:
        append_row(
            sheet,
            [
                line.payment.reference,
                line.payment.dossier.code,
                line.get_system_state_display(),
                line.system_amount_vnd,
                line.get_gateway_state_display(),
                line.gateway_amount_vnd,
                line.gateway_txn_no,
                line.problem,
            ],
        )
    append_row(sheet, [])
    append_row(sheet, ["Tổng hệ thống ghi đã thu", "", "", run.system_total_vnd])
    append_row(sheet, ["Tổng cổng xác nhận đã thu", "", "", "", "", run.gateway_total_vnd])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="doi-soat-{run.provider}-{run.day:%Y%m%d}.xlsx"'
    )
    return response
