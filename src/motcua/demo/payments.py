"""Demo payments (docs/payments.md): the fees of the demo dossiers settled as the counter
and the sandbox gateway would settle them, and online dossiers waiting for payment.

``settle`` is called by demo.dossiers right after each receipt, at its historical moment.
``load`` then adds, in the demo ward, ten online dossiers received in the last hours: six
waiting for payment (their payment link works), two paid through the sandbox gateway, one
paid at the counter, one paid and then refunded (the applicant withdrew it).
"""

from __future__ import annotations

import datetime as dt
import random
import urllib.parse

from django.utils import timezone

from motcua.catalog import fees
from motcua.catalog.selectors import fee_quote
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Channel, Dossier
from motcua.org.models import Agency
from motcua.payments import services as payments
from motcua.payments.models import CounterMethod, Refund
from motcua.payments.providers import get_provider
from motcua.payments.providers import sandbox as sandbox_gateway

from .dossiers import HOABINH, Cast, offers, person

SEED = 12
CLIENT_IP = "203.0.113.10"  # TEST-NET-3: the demo payer's address


def settle(dossier: Dossier, how: str, at: dt.datetime, counter) -> None:
    """Pay ``dossier``'s fee at ``at``: "online" through the sandbox gateway (when it is
    enabled; at the counter otherwise), "cash" at the counter, "" not yet."""
    if not dossier.fee_vnd or not how:
        return
    sandbox = get_provider("sandbox")
    if how == "online" and sandbox is not None and sandbox.is_enabled():
        pay_online(dossier, at, paid=True)
    else:
        payments.record_counter_payment(
            actor=counter,
            dossier=dossier,
            method=CounterMethod.CASH,
            amount_vnd=dossier.fee_vnd,
            receipt_no=f"BL{dossier.pk:06d}",
            at=at,
        )


def pay_online(dossier: Dossier, at: dt.datetime, *, paid: bool):
    """What the sandbox gateway's buttons do, at a historical moment: the payment is
    started, the gateway records its verdict and notifies (signed), the IPN applies it."""
    payment, url = payments.start_online_payment(
        dossier=dossier, provider_code="sandbox", client_ip=CLIENT_IP, now=at
    )
    request = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    result = sandbox_gateway.result_params(request, paid=paid, now=at)
    sandbox_gateway.record_gateway_result(result, paid=paid)
    message = get_provider("sandbox").read_notification(result)
    payments.apply_gateway_message(
        provider_code="sandbox", message=message, source="notification", now=at
    )
    payment.refresh_from_db()
    return payment


def _payable_online(version) -> bool:
    """The version's fee rule gives an amount online without inputs (pages, copies…)."""
    inputs = fees.FeeInputs(channel=Channel.ONLINE)
    if fees.input_errors(version.fee_schedule, inputs):
        return False
    try:
        quote = fee_quote(version, inputs)
    except fees.FeeRuleError:
        return False
    return quote.determined and quote.total > 0


def load(now: dt.datetime | None = None) -> None:
    """Once: nothing if the demo ward already has a refund."""
    now = now or timezone.now()
    ward = Agency.objects.filter(code=HOABINH).first()
    if ward is None or Refund.objects.filter(payment__dossier__ward=ward).exists():
        return
    cast = Cast.of(ward)
    sandbox = get_provider("sandbox")
    if cast is None or sandbox is None or not sandbox.is_enabled():
        return
    today = timezone.localdate(now)
    found = [o for o in offers(ward, cast, today - dt.timedelta(days=30), today)]
    with_fee = [o for o in found if _payable_online(o.version)]
    if not with_fee:
        return
    rng = random.Random(SEED)
    fates = ["wait"] * 6 + ["sandbox", "sandbox", "counter", "refund"]
    for index, fate in enumerate(fates):
        offer = with_fee[index % len(with_fee)]
        at = now - dt.timedelta(minutes=20 * (len(fates) - index))
        dossier = dossier_services.receive_dossier(
            actor=cast.counter,
            receiving_agency=cast.counter_agency,
            procedure=offer.procedure,
            applicant=person(rng, ward.name, online=True),
            channel=Channel.ONLINE,
            documents=list(offer.documents),
            request_summary=f"{offer.procedure.name} (nộp trực tuyến)"[:500],
            submitted_at=at - dt.timedelta(minutes=30),
            at=at,
            deadline_case=offer.version.default_case,
        )
        paid_at = at + dt.timedelta(minutes=5)
        if fate == "sandbox":
            pay_online(dossier, paid_at, paid=True)
        elif fate == "counter":
            payments.record_counter_payment(
                actor=cast.counter,
                dossier=dossier,
                method=CounterMethod.CARD,
                amount_vnd=dossier.fee_vnd,
                receipt_no=f"POS{dossier.pk:06d}",
                at=paid_at,
            )
        elif fate == "refund":
            payment = pay_online(dossier, paid_at, paid=True)
            dossier = dossier_services.withdraw(
                actor=cast.counter,
                dossier=dossier,
                reason="Công dân xin rút hồ sơ trước khi giải quyết.",
                at=paid_at + dt.timedelta(minutes=5),
            )
            payments.refund_payment(
                actor=cast.counter,
                payment=payment,
                amount_vnd=payment.amount_vnd,
                reason="Hồ sơ đã rút trước khi giải quyết: hoàn lại lệ phí đã nộp.",
                at=paid_at + dt.timedelta(minutes=6),
            )
