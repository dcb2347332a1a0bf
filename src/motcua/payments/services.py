"""Every write of payments: one function per business action, each in a transaction with
its PaymentEvent row.

Who may mark a payment paid: the gateway's signed notification (IPN), the gateway's
answer to a transaction query (``check_pending_payments``), and the counter officer for
money taken at the counter. The payer's return to the site never does.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError, ErrorCollector
from motcua.dossiers.models import Dossier
from motcua.org.permissions import Perm, require

from . import selectors
from .models import (
    PAID_STATES,
    CounterMethod,
    Payment,
    PaymentEvent,
    PaymentState,
    ReconciliationLine,
    ReconciliationRun,
    Refund,
)
from .providers import get_provider
from .providers.base import GatewayMessage, NotificationOutcome
from .receipts import issue_receipt

logger = logging.getLogger(__name__)

#: A pending payment older than this is asked about (VNPAY: querydr).
CHECK_AFTER = dt.timedelta(minutes=15)
#: The states a gateway's verdict may still change.
OPEN_STATES = (PaymentState.CREATED, PaymentState.PENDING, PaymentState.CANCELLED)


def new_reference() -> str:
    """vnp_TxnRef: 20 characters, random (not guessable, never reused)."""
    return "MC" + secrets.token_hex(9).upper()


def _event(payment, kind, at, actor=None, **data) -> None:
    PaymentEvent.objects.create(payment=payment, kind=kind, at=at, actor=actor, data=data)


def _online_provider(code: str):
    provider = get_provider(code)
    if provider is None or not provider.online or not provider.is_enabled():
        raise DomainError(
            "provider_unavailable", "Kênh thanh toán này không sử dụng được.", field="provider"
        )
    return provider


# --- online payments ------------------------------------------------------------------------


@transaction.atomic
def start_online_payment(
    *, dossier: Dossier, provider_code: str, client_ip: str, now: dt.datetime | None = None
) -> tuple[Payment, str]:
    """Thanh toán trực tuyến: a payment of the whole outstanding amount, and the URL of the
    gateway page the payer goes to. The amount is fixed when the payment starts."""
    now = now or timezone.now()
    provider = _online_provider(provider_code)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not dossier.is_open:
        raise DomainError("dossier_closed", "Hồ sơ đã kết thúc, không thể thanh toán.")
    amount = selectors.outstanding(dossier)
    if amount <= 0:
        raise DomainError("nothing_to_pay", "Hồ sơ không còn khoản phí, lệ phí nào phải nộp.")
    payment = Payment.objects.create(
        dossier=dossier,
        provider=provider.code,
        online=True,
        amount_vnd=amount,
        reference=new_reference(),
        created_at=now,
    )
    started = provider.start(payment, client_ip=client_ip, now=now)
    payment.state = PaymentState.PENDING
    payment.gateway_create_date = started.gateway_create_date
    payment.expires_at = started.expires_at
    payment.save(update_fields=["state", "gateway_create_date", "expires_at"])
    _event(payment, "started", now, amount_vnd=amount, client_ip=client_ip)
    return payment, started.redirect_url


@dataclass(frozen=True)
class Applied:
    outcome: str
    payment: Payment | None = None


def apply_gateway_message(
    *, provider_code: str, message: GatewayMessage, source: str, now: dt.datetime | None = None
) -> Applied:
    """What a gateway told us (IPN or query answer) applied to its payment, once.

    The payment row is locked first, so concurrent duplicate notifications queue: the first
    records the result, the others find it decided and get ``ALREADY``.
    """
    if not message.signature_ok:
        return Applied(NotificationOutcome.BAD_SIGNATURE)
    now = now or timezone.now()
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("dossier")
            .filter(reference=message.reference, provider=provider_code)
            .first()
        )
        if payment is None:
            return Applied(NotificationOutcome.NOT_FOUND)
        if message.amount_vnd != payment.amount_vnd:
            _event(payment, "amount_mismatch", now, source=source, raw=message.raw)
            return Applied(NotificationOutcome.INVALID_AMOUNT, payment)
        if payment.state not in OPEN_STATES:
            return Applied(NotificationOutcome.ALREADY, payment)
        if not message.final:
            return Applied(NotificationOutcome.ALREADY, payment)
        payment.provider_txn_no = message.txn_no
        payment.bank_code = message.bank_code[:20]
        if message.success:
            payment.state = PaymentState.CONFIRMED
            payment.confirmed_at = now
            fields = ["state", "confirmed_at", "provider_txn_no", "bank_code"]
        else:
            payment.state = PaymentState.FAILED
            fields = ["state", "provider_txn_no", "bank_code"]
        if source == "query":
            payment.last_checked_at = now
            fields.append("last_checked_at")
        payment.save(update_fields=fields)
        _event(
            payment,
            "confirmed" if message.success else "failed",
            now,
            source=source,
            response_code=message.response_code,
            raw=message.raw,
        )
        if message.success:
            issue_receipt(payment, now)
    return Applied(NotificationOutcome.CONFIRMED, payment)


def handle_notification(provider_code: str, params) -> tuple[int, dict]:
    """The IPN: verify, apply, answer in the gateway's words. Never raises."""
    provider = get_provider(provider_code)
    if provider is None or not provider.online or not provider.is_enabled():
        return 404, {"RspCode": "99", "Message": "Unknown provider"}
    try:
        message = provider.read_notification(params)
        outcome = apply_gateway_message(
            provider_code=provider.code, message=message, source="notification"
        ).outcome
    except Exception:  # the gateway must get an answer; the cause goes to the log
        logger.exception("payment notification from %s failed", provider_code)
        outcome = NotificationOutcome.ERROR
    return provider.notification_answer(outcome)


def check_pending_payments(
    *, now: dt.datetime | None = None, older_than: dt.timedelta = CHECK_AFTER, limit: int = 500
) -> dict[str, int]:
    """Ask the gateway about pending payments older than ``older_than`` (VNPAY: querydr).

    The worker runs it every 5 minutes (a periodic job registered in apps.py); the
    command ``manage.py check_pending_payments`` runs it by hand. A payment the gateway
    has not heard of, past its expiry, is cancelled; one the gateway is still working on
    stays pending.
    """
    now = now or timezone.now()
    counts = {
        "checked": 0,
        "confirmed": 0,
        "failed": 0,
        "cancelled": 0,
        "unchanged": 0,
        "errors": 0,
    }
    pending = Payment.objects.filter(
        state__in=(PaymentState.CREATED, PaymentState.PENDING),
        online=True,
        created_at__lt=now - older_than,
    ).order_by("created_at", "id")[:limit]
    for payment in pending:
        provider = get_provider(payment.provider)
        if provider is None or not provider.can_query or not provider.is_enabled():
            continue
        counts["checked"] += 1
        try:
            message = provider.query(payment, now=now)
        except Exception:
            logger.exception("transaction query for %s failed", payment.reference)
            counts["errors"] += 1
            continue
        if not message.signature_ok:
            logger.warning("transaction query for %s: bad signature", payment.reference)
            counts["errors"] += 1
            continue
        if not message.final:  # the gateway is still working on it, or could not answer
            Payment.objects.filter(pk=payment.pk).update(last_checked_at=now)
            counts["unchanged"] += 1
            continue
        if message.amount_vnd is None:
            # Not found at the gateway: the payer never paid.
            if payment.expires_at is None or payment.expires_at < now:
                _cancel_unpaid(payment, now, message)
                counts["cancelled"] += 1
            else:
                counts["unchanged"] += 1
            continue
        applied = apply_gateway_message(
            provider_code=payment.provider, message=message, source="query", now=now
        )
        if applied.outcome == NotificationOutcome.CONFIRMED:
            counts[
                "confirmed" if applied.payment.state == PaymentState.CONFIRMED else "failed"
            ] += 1
        elif applied.outcome == NotificationOutcome.INVALID_AMOUNT:
            counts["errors"] += 1
        else:
            Payment.objects.filter(pk=payment.pk).update(last_checked_at=now)
            counts["unchanged"] += 1
    return counts


@transaction.atomic
def _cancel_unpaid(payment, now, message) -> None:
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.state not in (PaymentState.CREATED, PaymentState.PENDING):
        return
    locked.state = PaymentState.CANCELLED
    locked.last_checked_at = now
    locked.save(update_fields=["state", "last_checked_at"])
    _event(locked, "expired", now, source="query", response_code=message.response_code)


# --- at the counter ---------------------------------------------------------------------------


@transaction.atomic
def record_counter_payment(
    *,
    actor,
    dossier: Dossier,
    method: str,
    amount_vnd: int | None,
    receipt_no: str,
    at: dt.datetime | None = None,
) -> Payment:
    """Thu phí, lệ phí tại Bộ phận Một cửa: cash or card, with the paper/POS number."""
    at = at or timezone.now()
    require(actor, Perm.RECEIVE_DOSSIER, dossier.receiving_agency)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    owed = selectors.outstanding(dossier)
    errors = ErrorCollector()
    if method not in CounterMethod.values:
        errors.errors.append(
            DomainError("method_invalid", "Chọn hình thức nộp: tiền mặt hoặc thẻ.", field="method")
        )
    receipt_no = (receipt_no or "").strip()
    if not receipt_no:
        errors.errors.append(
            DomainError(
                "receipt_no_required",
                "Nhập số chứng từ (biên lai giấy, hóa đơn máy POS).",
                field="receipt_no",
            )
        )
    if owed <= 0:
        errors.errors.append(
            DomainError("nothing_to_pay", "Hồ sơ không còn khoản phí, lệ phí nào phải nộp.")
        )
    elif amount_vnd is None or amount_vnd <= 0 or amount_vnd > owed:
        errors.errors.append(
            DomainError(
                "amount_invalid",
                f"Số tiền phải lớn hơn 0 và không quá số còn phải nộp ({owed:,} đồng).".replace(
                    ",", "."
                ),
                field="amount_vnd",
            )
        )
    errors.raise_any()
    payment = Payment.objects.create(
        dossier=dossier,
        provider="counter",
        online=False,
        amount_vnd=amount_vnd,
        state=PaymentState.CONFIRMED,
        reference=new_reference(),
        counter_method=method,
        counter_receipt_no=receipt_no[:40],
        created_at=at,
        confirmed_at=at,
        created_by=actor,
    )
    _event(payment, "confirmed", at, actor, source="counter", method=method, receipt_no=receipt_no)
    issue_receipt(payment, at)
    return payment


# --- refunds ----------------------------------------------------------------------------------


def refund_payment(
    *, actor, payment: Payment, amount_vnd: int | None, reason: str, at: dt.datetime | None = None
) -> Refund:
    """Hoàn trả phí, lệ phí: checked, given back through the provider, then recorded.

    The gateway is asked first (outside the transaction, it is a network call); when it
    agrees, the refund is recorded with who and why. A gateway that agreed but whose
    refund could not be recorded is logged with its reference for the reconciliation.
    """
    at = at or timezone.now()
    require(actor, Perm.RECEIVE_DOSSIER, payment.dossier.receiving_agency)
    reason = (reason or "").strip()
    errors = ErrorCollector()
    refundable = payment.amount_vnd - payment.refunded_vnd
    if payment.state not in PAID_STATES or refundable <= 0:
        errors.errors.append(
            DomainError("not_refundable", "Khoản thanh toán này không còn gì để hoàn.")
        )
    elif amount_vnd is None or amount_vnd <= 0 or amount_vnd > refundable:
        errors.errors.append(
            DomainError(
                "amount_invalid",
                f"Số tiền hoàn phải lớn hơn 0 và không quá {refundable:,} đồng.".replace(",", "."),
                field="amount_vnd",
            )
        )
    if not reason:
        errors.errors.append(DomainError("reason_required", "Nhập lý do hoàn trả.", field="reason"))
    errors.raise_any()
    provider = get_provider(payment.provider)
    if provider is None or not provider.can_refund:
        raise DomainError("refund_unsupported", "Kênh thanh toán này không hỗ trợ hoàn tiền.")
    result = provider.refund(payment, amount_vnd=amount_vnd, actor=actor, now=at)
    if not result.ok:
        raise DomainError("refund_refused", result.message or "Cổng thanh toán từ chối hoàn tiền.")
    try:
        return _record_refund(actor, payment.pk, amount_vnd, reason, at, result.provider_reference)
    except Exception:
        logger.exception(
            "refund of %s accepted by %s (%s) but not recorded",
            payment.reference, payment.provider, result.provider_reference,
        )  # fmt: skip
        raise


@transaction.atomic
def _record_refund(actor, payment_id, amount_vnd, reason, at, provider_reference) -> Refund:
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if amount_vnd > payment.amount_vnd - payment.refunded_vnd:
        raise DomainError("amount_invalid", "Khoản này đã được hoàn trong lúc bạn thao tác.")
    refund = Refund.objects.create(
        payment=payment,
        amount_vnd=amount_vnd,
        reason=reason[:500],
        actor=actor,
        at=at,
        provider_reference=provider_reference[:64],
    )
    payment.refunded_vnd += amount_vnd
    fields = ["refunded_vnd"]
    if payment.refunded_vnd == payment.amount_vnd:
        payment.state = PaymentState.REFUNDED
        fields.append("state")
    payment.save(update_fields=fields)
    _event(payment, "refunded", at, actor, amount_vnd=amount_vnd, reason=reason)
    return refund


# --- reconciliation ---------------------------------------------------------------------------


def reconcile(
    *, actor, provider_code: str, day: dt.date, agency, now: dt.datetime | None = None
) -> ReconciliationRun:
    """Đối soát: each payment of ``day`` (created that local day) at ``agency``'s counter
    through ``provider_code``, as the gateway reports it (query) against what we recorded."""
    now = now or timezone.now()
    if actor is not None:
        require(actor, Perm.RECEIVE_DOSSIER, agency)
    provider = get_provider(provider_code)
    if provider is None or not provider.can_query or not provider.is_enabled():
        raise DomainError("provider_unavailable", "Kênh này không đối soát được.", field="provider")
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    payments = list(
        Payment.objects.filter(
            provider=provider_code,
            dossier__receiving_agency=agency,
            created_at__gte=start,
            created_at__lt=start + dt.timedelta(days=1),
        ).order_by("created_at", "id")
    )
    lines = []
    for payment in payments:
        try:
            message = provider.query(payment, now=now)
        except Exception:
            logger.exception("reconciliation query for %s failed", payment.reference)
            message = None
        lines.append(_compare(payment, message))
    with transaction.atomic():
        run = ReconciliationRun.objects.create(
            provider=provider_code,
            day=day,
            agency=agency,
            ran_at=now,
            ran_by=actor,
            checked=len(lines),
            mismatches=sum(1 for line in lines if line.problem),
            system_total_vnd=sum(p.amount_vnd for p in payments if p.state in PAID_STATES),
            gateway_total_vnd=sum(
                line.gateway_amount_vnd or 0 for line in lines if line.gateway_state == "paid"
            ),
        )
        for line in lines:
            line.run = run
        ReconciliationLine.objects.bulk_create(lines)
    return run


def _compare(payment: Payment, message: GatewayMessage | None) -> ReconciliationLine:
    line = ReconciliationLine(
        payment=payment,
        system_state=payment.state,
        system_amount_vnd=payment.amount_vnd,
        gateway_state="unknown",
        gateway_amount_vnd=None,
    )
    paid_here = payment.state in PAID_STATES
    if message is None or not message.signature_ok:
        line.problem = "Không truy vấn được cổng thanh toán (lỗi kết nối hoặc chữ ký)."
        return line
    line.gateway_txn_no = message.txn_no
    line.gateway_amount_vnd = message.amount_vnd
    if message.amount_vnd is None and not message.final:
        line.problem = f"Cổng không trả lời được (mã {message.response_code})."
        return line
    if message.amount_vnd is None:
        line.gateway_state = "not_found"
    elif message.success:
        line.gateway_state = "paid"
    elif message.final:
        line.gateway_state = "failed"
    else:
        line.gateway_state = "pending"
    paid_there = line.gateway_state == "paid"
    if paid_there and not paid_here:
        line.problem = "Cổng đã thu tiền nhưng hệ thống chưa ghi nhận."
    elif paid_here and not paid_there:
        line.problem = "Hệ thống ghi đã thu nhưng cổng không xác nhận."
    elif paid_there and message.amount_vnd != payment.amount_vnd:
        line.problem = "Số tiền tại cổng khác số tiền hệ thống ghi nhận."
    return line
