"""On PostgreSQL: 50 duplicate notifications at once record one payment (one 00, the rest
02), and parallel confirmations get gap-free receipt numbers."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from motcua.dossiers import services as dossier_services
from motcua.payments import services
from motcua.payments.models import Payment, PaymentEvent, PaymentState, Receipt

from .conftest import APPLICANT, at

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock concurrency is a PostgreSQL property; SQLite serialises",
    ),
]

DUPLICATES = 50


def _at_once(n, work):
    start = threading.Barrier(n)

    def run(i):
        start.wait()
        try:
            return work(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def test_fifty_duplicate_notifications_record_one_payment(vnpay, fee_dossier):
    payment, _ = services.start_online_payment(
        dossier=fee_dossier, provider_code="vnpay", client_ip="1.2.3.4"
    )
    params = vnpay.ipn_params(payment)
    answers = _at_once(DUPLICATES, lambda _: services.handle_notification("vnpay", params))
    codes = sorted(body["RspCode"] for _status, body in answers)
    assert codes == ["00"] + ["02"] * (DUPLICATES - 1)
    payment.refresh_from_db()
    assert payment.state == PaymentState.CONFIRMED
    assert PaymentEvent.objects.filter(payment=payment, kind="confirmed").count() == 1
    assert Receipt.objects.filter(payment=payment).count() == 1
    assert Payment.objects.filter(state=PaymentState.CONFIRMED).count() == 1


def test_parallel_counter_payments_get_gap_free_receipt_numbers(org, procs, staff):
    dossiers = [
        dossier_services.receive_dossier(
            actor=staff.counter,
            receiving_agency=org.center,
            procedure=procs.three_days,
            applicant=APPLICANT,
            at=at(2026, 3, 2, 9),
        )
        for _ in range(20)
    ]

    def pay(i):
        return services.record_counter_payment(
            actor=staff.counter,
            dossier=dossiers[i],
            method="cash",
            amount_vnd=15000,
            receipt_no=f"BL{i}",
            at=at(2026, 3, 2, 10),
        ).pk

    _at_once(20, pay)
    numbers = sorted(Receipt.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 21))
