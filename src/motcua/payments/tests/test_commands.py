"""manage.py payment_link and check_pending_payments."""

import datetime as dt
import urllib.parse
from io import StringIO

import pytest
from django.core.management import call_command

from motcua.dossiers import services as dossier_services
from motcua.payments import links, services
from motcua.payments.models import Payment, PaymentState

from .conftest import TMN, TZ

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("payment_link", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_the_first_line_is_the_payment_url_of_the_outstanding_amount(fee_dossier, settings):
    settings.MOTCUA_PUBLIC_BASE_URL = "https://motcua.example.vn"
    code, out, _ = run(fee_dossier.code)
    first = out.splitlines()[0]
    assert code == 0 and first.startswith("https://motcua.example.vn/thanh-toan/ho-so/")
    token = urllib.parse.urlsplit(first).path.split("/")[3]
    assert links.dossier_from_token(token) == fee_dossier
    assert "15000" in out.splitlines()[1]


def test_a_provider_that_is_not_online_exits_2(fee_dossier):
    code, _out, err = run(fee_dossier.code, "--provider", "counter")
    assert code == 2 and "không sử dụng được" in err


def test_with_a_provider_the_first_line_is_the_gateways_url(vnpay, fee_dossier):
    code, out, _ = run(fee_dossier.code, "--provider", "vnpay")
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(out.splitlines()[0]).query))
    assert code == 0 and params["vnp_Amount"] == "1500000" and params["vnp_TmnCode"] == TMN
    assert Payment.objects.get().state == PaymentState.PENDING


def test_unknown_code_or_nothing_to_pay_exit_2(staff, fee_dossier, receive, procs):
    code, out, err = run("KHONG-CO-0001")
    assert (code, out) == (2, "") and "Không tìm thấy hồ sơ" in err
    services.record_counter_payment(
        actor=staff.counter, dossier=fee_dossier, method="cash", amount_vnd=15000, receipt_no="1"
    )
    code, out, err = run(fee_dossier.code)
    assert (code, out) == (2, "") and "không còn khoản" in err
    free = receive(procedure=procs.same_day, when=dt.datetime(2026, 3, 2, 10, tzinfo=TZ))
    assert run(free.code)[0] == 2
    assert run()[0] == 2


def test_unpaid_lists_open_dossiers_that_owe_something(staff, receive, procs):
    owing = receive(when=dt.datetime(2026, 3, 2, 9, tzinfo=TZ))
    paid = receive(when=dt.datetime(2026, 3, 2, 9, 5, tzinfo=TZ))
    part = receive(when=dt.datetime(2026, 3, 2, 9, 10, tzinfo=TZ))
    closed = receive(when=dt.datetime(2026, 3, 2, 9, 15, tzinfo=TZ))
    receive(procedure=procs.same_day, when=dt.datetime(2026, 3, 2, 9, 20, tzinfo=TZ))  # no fee
    services.record_counter_payment(
        actor=staff.counter, dossier=paid, method="cash", amount_vnd=15000, receipt_no="1"
    )
    services.record_counter_payment(
        actor=staff.counter, dossier=part, method="cash", amount_vnd=5000, receipt_no="2"
    )
    dossier_services.withdraw(
        actor=staff.counter, dossier=closed, reason="Xin rút", at=closed.received_at
    )
    code, out, _ = run("--unpaid")
    assert code == 0 and out.split() == [owing.code, part.code]


def test_check_pending_payments_command(vnpay, fee_dossier):
    payment, _ = services.start_online_payment(
        dossier=fee_dossier, provider_code="vnpay", client_ip="1.2.3.4"
    )
    Payment.objects.filter(pk=payment.pk).update(
        created_at=payment.created_at - dt.timedelta(minutes=16)
    )
    vnpay.pay(payment.reference, 15000)
    out = StringIO()
    call_command("check_pending_payments", stdout=out)
    assert "confirmed: 1" in out.getvalue()
    payment.refresh_from_db()
    assert payment.state == PaymentState.CONFIRMED
