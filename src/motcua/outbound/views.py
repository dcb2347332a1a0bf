"""Staff pages of the outbox: the messages (dead letters first) and a resend button."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers.selectors import get_visible

from . import fees, services
from .models import MessageStatus
from .selectors import may_see_outbox, visible_messages


def _scope(user):
    if not may_see_outbox(user):
        raise PermissionDenied
    return visible_messages(user)


@login_required
def message_list(request):
    rows = _scope(request.user)
    status = request.GET.get("trang_thai", MessageStatus.DEAD)
    if status not in MessageStatus.values:
        status = MessageStatus.DEAD
    counts = {value: rows.filter(status=value).count() for value in MessageStatus.values}
    page = Paginator(
        rows.filter(status=status).select_related("dossier").order_by("-created_at", "-id"), 50
    ).get_page(request.GET.get("trang"))
    tabs = [(value, label, counts[value]) for value, label in MessageStatus.choices]
    return render(
        request, "outbound/message_list.html", {"page": page, "status": status, "tabs": tabs}
    )


@login_required
def message_detail(request, pk: int):
    message = get_object_or_404(_scope(request.user).select_related("dossier"), pk=pk)
    audits = message.audits.select_related("actor")
    return render(request, "outbound/message_detail.html", {"message": message, "audits": audits})


@login_required
@require_POST
def message_resend(request, pk: int):
    message = get_object_or_404(_scope(request.user), pk=pk)
    try:
        services.resend(actor=request.user, message=message)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, "Đã đưa tin vào hàng đợi để gửi lại.")
    return redirect("outbound-message-detail", pk=message.pk)


@require_POST
@login_required
def send_payment_link(request, code: str):
    """ "Gửi liên kết cho người nộp" on the staff payment-link page (payments/link.html)."""
    dossier = get_visible(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    try:
        sent = fees.send_payment_link(actor=request.user, dossier=dossier)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        flash.error(request, exc.message)
    else:
        where = ", ".join(f"{message.channel_label} {message.recipient}" for message in sent)
        flash.success(request, f"Đã xếp hàng gửi liên kết thanh toán: {where}.")
    return redirect(reverse("payments-link", args=[dossier.code]))
