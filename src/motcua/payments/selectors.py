"""Scoped reads of payments: what a dossier owes, what a user may see."""

from __future__ import annotations

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from motcua.dossiers.models import OPEN_STATUSES, Dossier
from motcua.org.permissions import Perm, agencies_where

from .models import PAID_STATES, Payment

#: Who may read payments and reconciliations of an agency: its counter, its leaders.
READ_PERMS = (Perm.RECEIVE_DOSSIER, Perm.VIEW_ALL_DOSSIERS)


def paid_net_vnd(dossier) -> int:
    """Σ confirmed payments − Σ refunds of ``dossier`` (one aggregate)."""
    total = Payment.objects.filter(dossier=dossier, state__in=PAID_STATES).aggregate(
        net=Coalesce(Sum(F("amount_vnd") - F("refunded_vnd")), Value(0))
    )["net"]
    return int(total)


def outstanding(dossier) -> int:
    """Còn phải nộp: fee_vnd − confirmed + refunded. Negative: paid too much."""
    return int(dossier.fee_vnd) - paid_net_vnd(dossier)


def _paid_net_subquery():
    return Coalesce(
        Subquery(
            Payment.objects.filter(dossier=OuterRef("pk"), state__in=PAID_STATES)
            .values("dossier")
            .annotate(net=Sum(F("amount_vnd") - F("refunded_vnd")))
            .values("net")[:1]
        ),
        Value(0),
    )


def with_outstanding(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.annotate(outstanding_vnd=F("fee_vnd") - _paid_net_subquery())


def unpaid_dossiers() -> QuerySet[Dossier]:
    """Open dossiers that still owe something: what may be paid online (by the link)."""
    return (
        with_outstanding(Dossier.objects.filter(status__in=OPEN_STATUSES, fee_vnd__gt=0))
        .filter(outstanding_vnd__gt=0)
        .order_by("submitted_at", "id")
    )


#: Providers no longer (or never) registered: payments migrated from the tick box.
LEGACY_LABELS = {"online_legacy": "Trực tuyến (ghi nhận trước khi có cổng thanh toán)"}


def provider_label(code: str) -> str:
    from .providers import get_provider

    provider = get_provider(code)
    return provider.label if provider else LEGACY_LABELS.get(code, code)


def payments_of(dossier) -> list[Payment]:
    """A dossier's payments, each with ``provider_label``."""
    found = list(
        Payment.objects.filter(dossier=dossier)
        .select_related("receipt", "receipt__agency")
        .prefetch_related("refunds__actor")
        .order_by("created_at", "id")
    )
    for payment in found:
        payment.provider_label = provider_label(payment.provider)
    return found


def readable_agencies(user):
    ids: set[int] = set()
    for perm in READ_PERMS:
        ids |= set(agencies_where(user, perm).values_list("pk", flat=True))
    return ids


def visible_payments(user) -> QuerySet[Payment]:
    """Payments of dossiers received by an agency where the user works the counter or
    leads (RECEIVE_DOSSIER, VIEW_ALL_DOSSIERS)."""
    ids = readable_agencies(user)
    return Payment.objects.filter(
        Q(dossier__receiving_agency_id__in=ids) | Q(dossier__ward_id__in=ids)
    )
