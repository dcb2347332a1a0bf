"""Counter payments, refunds, receipts, the pending check and the reconciliation."""

import datetime as dt

import pytest
import time_machine

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.payments import selectors, services
from motcua.payments.models import Payment, PaymentState, Receipt, Refund
from motcua.payments.receipts import amount_in_words, receipt_data, receipt_pdf

from .conftest import APPLICANT, TZ, at

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 9, 30, tzinfo=TZ)


def pay_cash(staff, dossier, amount=15000, **kw):
    return services.record_counter_payment(
        actor=kw.pop("actor", staff.counter),
        dossier=dossier,
        method=kw.pop("method", "cash"),
        amount_vnd=amount,
        receipt_no=kw.pop("receipt_no", "0012345"),
        at=kw.pop("at", T0),
    )


def test_counter_payment_confirms_with_a_receipt_and_clears_the_outstanding(staff, fee_dossier):
    assert selectors.outstanding(fee_dossier) == 15000
    payment = pay_cash(staff, fee_dossier)
    assert payment.state == PaymentState.CONFIRMED and not payment.online
    assert payment.counter_receipt_no == "0012345" and payment.created_by == staff.counter
    assert payment.receipt.number == 1 and payment.receipt.year == 2026
    assert payment.events.get().kind == "confirmed"
    assert selectors.outstanding(fee_dossier) == 0


def test_counter_payment_in_parts_and_every_bad_field_at_once(staff, fee_dossier):
    pay_cash(staff, fee_dossier, amount=5000)
    assert selectors.outstanding(fee_dossier) == 10000
    with pytest.raises(DomainError) as refused:
        pay_cash(staff, fee_dossier, amount=20000, method="cheque", receipt_no=" ")
    assert {e.field for e in refused.value.errors} == {"method", "receipt_no", "amount_vnd"}
    pay_cash(staff, fee_dossier, amount=10000)
    with pytest.raises(DomainError) as nothing:
        pay_cash(staff, fee_dossier, amount=1)
    assert nothing.value.code == "nothing_to_pay"


def test_only_the_receiving_counter_takes_money(staff, fee_dossier):
    for outsider in (staff.spec_a, staff.other_counter, staff.leader):
        with pytest.raises(PermissionDeniedError):
            pay_cash(staff, fee_dossier, actor=outsider)
    assert not Payment.objects.exists()


def test_receipts_are_numbered_per_agency_and_year(org, procs, staff, receive):
    first = pay_cash(staff, receive(when=at(2026, 12, 30, 9)), at=at(2026, 12, 30, 10))
    second = pay_cash(staff, receive(when=at(2026, 12, 31, 9)), at=at(2026, 12, 31, 10))
    third = pay_cash(staff, receive(when=at(2027, 1, 4, 9)), at=at(2027, 1, 4, 10))
    numbers = [(r.payment_id, r.year, r.number) for r in Receipt.objects.order_by("id")]
    assert numbers == [(first.pk, 2026, 1), (second.pk, 2026, 2), (third.pk, 2027, 1)]
    assert first.receipt.series == "T01.01.03/26E" and third.receipt.series == "T01.01.03/27E"


def test_a_rolled_back_confirmation_gives_its_receipt_number_back(staff, fee_dossier, receive):
    with pytest.raises(DomainError):
        pay_cash(staff, fee_dossier, amount=99999)  # refused before any number is taken
    pay_cash(staff, fee_dossier)
    assert Receipt.objects.get().number == 1


def test_refund_records_who_and_why_and_the_dossier_owes_again(staff, fee_dossier):
    payment = pay_cash(staff, fee_dossier)
    with pytest.raises(DomainError) as refused:
        services.refund_payment(actor=staff.counter, payment=payment, amount_vnd=0, reason="")
    assert {e.field for e in refused.value.errors} == {"amount_vnd", "reason"}
    with pytest.raises(PermissionDeniedError):
        services.refund_payment(
            actor=staff.other_counter, payment=payment, amount_vnd=5000, reason="x"
        )
    services.refund_payment(
        actor=staff.counter, payment=payment, amount_vnd=5000, reason="Thu thừa", at=T0
    )
    payment.refresh_from_db()
    assert payment.state == PaymentState.CONFIRMED and payment.refunded_vnd == 5000
    assert selectors.outstanding(fee_dossier) == 5000
    refund = services.refund_payment(
        actor=staff.counter, payment=payment, amount_vnd=10000, reason="Hồ sơ bị từ chối"
    )
    assert (refund.actor, refund.reason) == (staff.counter, "Hồ sơ bị từ chối")
    payment.refresh_from_db()
    assert payment.state == PaymentState.REFUNDED
    assert Refund.objects.count() == 2 and selectors.outstanding(fee_dossier) == 15000
    with pytest.raises(DomainError) as again:
        services.refund_payment(actor=staff.counter, payment=payment, amount_vnd=1, reason="x")
    assert again.value.code == "not_refundable"


def test_a_vnpay_refund_goes_through_the_gateway(client, vnpay, staff, fee_dossier):
    payment, _ = services.start_online_payment(
        dossier=fee_dossier, provider_code="vnpay", client_ip="1.2.3.4"
    )
    client.get("/thanh-toan/vnpay/ipn/", vnpay.ipn_params(payment))
    payment.refresh_from_db()
    vnpay.pay(payment.reference, 15000)
    refund = services.refund_payment(
        actor=staff.counter, payment=payment, amount_vnd=15000, reason="Từ chối giải quyết"
    )
    assert vnpay.requests[-1]["vnp_Command"] == "refund"
    assert vnpay.requests[-1]["vnp_TransactionType"] == "02"
    assert refund.provider_reference == "14226112"
    vnpay.ledger.clear()  # VNPAY no longer knows it: refused, nothing recorded
    other, _ = services.start_online_payment(
        dossier=fee_dossier, provider_code="vnpay", client_ip="1.2.3.4"
    )
    client.get("/thanh-toan/vnpay/ipn/", vnpay.ipn_params(other))
    other.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.refund_payment(actor=staff.counter, payment=other, amount_vnd=1, reason="x")
    assert refused.value.code == "refund_refused"
    assert Refund.objects.count() == 1


def test_receipt_pdf_and_amount_in_words(staff, fee_dossier):
    payment = pay_cash(staff, fee_dossier)
    data = receipt_data(payment.receipt)
    assert data["amount"] == "15.000 đ" and data["amount_words"] == "Mười lăm nghìn đồng"
    assert data["number"] == "0000001" and data["payer"] == APPLICANT.name
    assert receipt_pdf(payment.receipt).startswith(b"%PDF")
    assert amount_in_words(1_250_000) == "Một triệu hai trăm năm mươi nghìn đồng"
    assert amount_in_words(2_005) == "Hai nghìn không trăm lẻ năm đồng"
    assert amount_in_words(21_000) == "Hai mươi mốt nghìn đồng"
    assert amount_in_words(200_000) == "Hai trăm nghìn đồng"


# --- pending payments ----------------------------------------------------------------------


def test_pending_payments_older_than_15_minutes_are_settled_by_querydr(vnpay, receive):
    with time_machine.travel(T0, tick=False):
        paid, _ = services.start_online_payment(
            dossier=receive(when=at(2026, 3, 2, 8)), provider_code="vnpay", client_ip="1.1.1.1"
        )
        failed, _ = services.start_online_payment(
            dossier=receive(when=at(2026, 3, 2, 8)), provider_code="vnpay", client_ip="1.1.1.1"
        )
        never, _ = services.start_online_payment(
            dossier=receive(when=at(2026, 3, 2, 8)), provider_code="vnpay", client_ip="1.1.1.1"
        )
        working, _ = services.start_online_payment(
            dossier=receive(when=at(2026, 3, 2, 8)), provider_code="vnpay", client_ip="1.1.1.1"
        )
    vnpay.pay(paid.reference, 15000)
    vnpay.pay(failed.reference, 15000, status="02")
    vnpay.pay(working.reference, 15000, status="01")  # VNPAY: not finished yet
    assert services.check_pending_payments(now=T0 + dt.timedelta(minutes=10))["checked"] == 0
    counts = services.check_pending_payments(now=T0 + dt.timedelta(minutes=16))
    assert counts == {
        "checked": 4, "confirmed": 1, "failed": 1, "cancelled": 1, "unchanged": 1, "errors": 0,
    }  # fmt: skip
    states = {p.pk: p.state for p in Payment.objects.all()}
    assert states == {
        paid.pk: PaymentState.CONFIRMED,
        failed.pk: PaymentState.FAILED,
        never.pk: PaymentState.CANCELLED,
        working.pk: PaymentState.PENDING,
    }
    assert Receipt.objects.get().payment_id == paid.pk


def test_a_gateway_that_cannot_answer_leaves_payments_pending_and_writes_nothing(
    vnpay, fee_dossier
):
    with time_machine.travel(T0, tick=False):
        payment, _ = services.start_online_payment(
            dossier=fee_dossier, provider_code="vnpay", client_ip="1.1.1.1"
        )
    vnpay.fail_with = "99"
    counts = services.check_pending_payments(now=T0 + dt.timedelta(hours=2))
    assert counts["unchanged"] == 1 and counts["cancelled"] == 0
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING and payment.last_checked_at is not None
    assert list(payment.events.values_list("kind", flat=True)) == ["started"]
    vnpay.fail_with = ""
    vnpay.tamper_answers = True
    assert services.check_pending_payments(now=T0 + dt.timedelta(hours=2))["errors"] == 1


def test_a_late_ipn_for_a_cancelled_payment_still_records_the_money(client, vnpay, fee_dossier):
    with time_machine.travel(T0, tick=False):
        payment, _ = services.start_online_payment(
            dossier=fee_dossier, provider_code="vnpay", client_ip="1.1.1.1"
        )
    services.check_pending_payments(now=T0 + dt.timedelta(minutes=20))
    payment.refresh_from_db()
    assert payment.state == PaymentState.CANCELLED
    assert client.get("/thanh-toan/vnpay/ipn/", vnpay.ipn_params(payment)).json()["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.state == PaymentState.CONFIRMED


# --- reconciliation ------------------------------------------------------------------------


def test_reconciliation_lists_what_the_gateway_and_the_system_disagree_on(
    client, vnpay, staff, org, receive
):
    with time_machine.travel(T0, tick=False):
        made = [
            services.start_online_payment(
                dossier=receive(when=at(2026, 3, 2, 8)), provider_code="vnpay", client_ip="1"
            )[0]
            for _ in range(3)
        ]
    ok, lost, phantom = made
    for p in (ok, phantom):
        client.get("/thanh-toan/vnpay/ipn/", vnpay.ipn_params(p))
    vnpay.pay(ok.reference, 15000)
    vnpay.pay(lost.reference, 15000)  # paid there, the IPN never came
    run = services.reconcile(
        actor=staff.counter, provider_code="vnpay", day=dt.date(2026, 3, 2), agency=org.center
    )
    problems = {line.payment_id: line.problem for line in run.lines.all()}
    assert problems[ok.pk] == ""
    assert problems[lost.pk] == "Cổng đã thu tiền nhưng hệ thống chưa ghi nhận."
    assert problems[phantom.pk] == "Hệ thống ghi đã thu nhưng cổng không xác nhận."
    assert (run.checked, run.mismatches) == (3, 2)
    assert (run.system_total_vnd, run.gateway_total_vnd) == (30000, 30000)
    with pytest.raises(PermissionDeniedError):
        services.reconcile(
            actor=staff.other_counter, provider_code="vnpay", day=dt.date(2026, 3, 2),
            agency=org.center,
        )  # fmt: skip
