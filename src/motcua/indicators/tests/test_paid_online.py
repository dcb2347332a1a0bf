"""The online-payment items read payment records (provider, time, amount), not a tick box:
paid online = a confirmed payment through an online provider before the moment judged;
a counter payment, a failed or pending one, or one confirmed after the period do not count;
a later refund does not undo that the fee was paid online. The drill-down lists the same."""

import urllib.parse

import pytest

from motcua.indicators import rates
from motcua.indicators.drilldown import drill
from motcua.indicators.periods import Period
from motcua.indicators.scopes import Scope
from motcua.payments import services as payments
from motcua.payments.providers import get_provider, sandbox

from .conftest import APRIL_15, at

pytestmark = pytest.mark.django_db

MARCH = Period.month(2026, 3)


def online(dossier, when, *, success=True):
    """Through the sandbox gateway, as its buttons would, at ``when``."""
    payment, url = payments.start_online_payment(
        dossier=dossier, provider_code="sandbox", client_ip="1.1.1.1", now=when
    )
    request = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    result = sandbox.result_params(request, paid=success, now=when)
    sandbox.record_gateway_result(result, paid=success)
    message = get_provider("sandbox").read_notification(result)
    payments.apply_gateway_message(
        provider_code="sandbox", message=message, source="notification", now=when
    )
    payment.refresh_from_db()
    return payment


def test_paid_online_counts_confirmed_online_payments_before_the_moment(
    org, catalogue, dossiers, people
):
    part = catalogue.part
    paid = dossiers.receive(part, at(2026, 3, 2, 9))
    online(paid, at(2026, 3, 2, 10))
    refunded = dossiers.receive(part, at(2026, 3, 3, 9))
    payment = online(refunded, at(2026, 3, 3, 10))
    payments.refund_payment(
        actor=people.counter, payment=payment, amount_vnd=payment.amount_vnd, reason="Từ chối"
    )
    counter = dossiers.receive(part, at(2026, 3, 4, 9), paid="cash")
    failed = dossiers.receive(part, at(2026, 3, 5, 9))
    online(failed, at(2026, 3, 5, 10), success=False)
    late = dossiers.receive(part, at(2026, 3, 30, 9))
    online(late, at(2026, 4, 2, 9))  # after March ended
    row = rates.rates(Scope.of(org.ward), MARCH, now=APRIL_15).total
    assert row.fee == 5
    assert row.fee_paid_online == 2
    listed = drill("PAID_ONLINE_RATE", "numerator", Scope.of(org.ward), MARCH, now=APRIL_15)
    assert set(listed.dossiers.values_list("pk", flat=True)) == {paid.pk, refunded.pk}
    assert counter.pk not in set(listed.dossiers.values_list("pk", flat=True))
    # Received in March, paid in April: a fee dossier of March only, so April does not
    # count it either.
    april = rates.rates(Scope.of(org.ward), Period.month(2026, 4), now=APRIL_15).total
    assert april.fee_paid_online == 0
