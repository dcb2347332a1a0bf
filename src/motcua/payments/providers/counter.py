"""Nộp tại quầy: cash or a card terminal, recorded by the counter officer with the number
of the paper receipt or POS slip (services.record_counter_payment). Nothing to redirect to,
nothing to notify; a refund is money handed back at the counter."""

from __future__ import annotations

from .base import PaymentProvider, RefundResult


class CounterProvider(PaymentProvider):
    label = "Tại Bộ phận Một cửa (tiền mặt, thẻ)"
    online = False
    can_refund = True

    def refund(self, payment, *, amount_vnd, actor, now) -> RefundResult:
        return RefundResult(ok=True, provider_reference="")
