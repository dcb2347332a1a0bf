"""Demo payments: online dossiers waiting for payment, some paid through the sandbox, some
at the counter, one refund; the history's fees paid as the counter and gateway would."""

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.demo import catalogue, fee_rules, organisation
from motcua.demo import dossiers as demo_dossiers
from motcua.demo import outbox as demo_outbox
from motcua.demo import payments as demo_payments
from motcua.dossiers.models import Channel, Dossier
from motcua.org.models import Agency
from motcua.outbound.models import Message, MessageStatus
from motcua.payments import selectors
from motcua.payments.models import Payment, PaymentState, Receipt, Refund, SandboxTransaction

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_demo_payments(db):
    organisation.load()
    catalogue.load()
    fee_rules.load()  # the fees the demo's dossiers owe (as demo.loader orders it)
    demo_dossiers.load()
    demo_payments.load()
    ward = Agency.objects.get(code=demo_dossiers.HOABINH)
    waiting = selectors.unpaid_dossiers().filter(ward=ward, channel=Channel.ONLINE)
    assert waiting.count() >= 5
    payments = Payment.objects.filter(dossier__ward=ward)
    assert payments.filter(provider="sandbox", state=PaymentState.CONFIRMED).exists()
    assert payments.filter(provider="counter", state=PaymentState.CONFIRMED).exists()
    refund = Refund.objects.get(payment__dossier__ward=ward)
    assert refund.payment.state == PaymentState.REFUNDED and refund.reason
    # Every paid payment has its receipt; the sandbox ledger agrees with the records.
    paid = payments.filter(state__in=[PaymentState.CONFIRMED, PaymentState.REFUNDED])
    assert Receipt.objects.filter(payment__in=paid).count() == paid.count()
    online = paid.filter(provider="sandbox")
    assert SandboxTransaction.objects.filter(status="00").count() >= online.count()
    # payment_link --unpaid lists them.
    out = StringIO()
    call_command("payment_link", "--unpaid", stdout=out)
    assert set(waiting.values_list("code", flat=True)) <= set(out.getvalue().split())
    # Loading again adds nothing.
    count = Payment.objects.count()
    demo_payments.load()
    assert Payment.objects.count() == count
    assert Dossier.objects.filter(ward=ward).count() == demo_dossiers.DOSSIERS + 10
    # The payers were told (outbound.fees); the demo's outbox marks the past messages sent,
    # so `make run`'s worker does not print them all at start.
    told = Message.objects.filter(purpose="payments.confirmed")
    assert told.exists()
    demo_outbox.load()
    assert not told.filter(status=MessageStatus.PENDING).exists()
