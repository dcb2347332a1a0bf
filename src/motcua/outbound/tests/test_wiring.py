"""The outbox wired to the apps below it: the worker's heartbeat in /healthz, staff notices
by e-mail, the portal's phone codes by SMS, the payment confirmed with its receipt and the
payment link sent from the counter."""

import datetime as dt
import logging

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import inputs
from motcua.org import services as org_services
from motcua.org.models import Notice, Role
from motcua.outbound import fees
from motcua.outbound.citizen import unaccented
from motcua.outbound.health import Heartbeat, worker_heartbeat
from motcua.outbound.models import Message, MessageAudit, MessageStatus, WorkerHeartbeat
from motcua.outbound.worker import Worker
from motcua.payments import services as payment_services
from motcua.payments.models import PaymentState
from motcua.payments.tests.conftest import vnpay  # noqa: F401
from motcua.portal import sms as portal_sms

from .conftest import APPLICANT

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2026, 3, 2, 9, 30, tzinfo=TZ)
WITH_EMAIL = inputs.Applicant(
    name=APPLICANT.name,
    id_number=APPLICANT.id_number,
    phone=APPLICANT.phone,
    email="huong@example.vn",
    address=APPLICANT.address,
)
PERSONAL = ("Hường", "Huong", "031190001234", "Lạch Tray", "Lach Tray", "huong@example.vn")


# --- 1. the worker's heartbeat in /healthz ----------------------------------------------------


@pytest.fixture
def worker_check(settings):
    settings.MOTCUA_HEALTH_CHECKS = {"worker": "motcua.outbound.health.worker_heartbeat"}
    settings.MOTCUA_HEALTH_WORKER_MAX_AGE_SECONDS = 120
    settings.MOTCUA_WORKER_HEARTBEAT_SECONDS = 15


def test_no_worker_ever_seen_is_unhealthy(client, worker_check):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {
        "ok": False,
        "error": "never seen",
        "max_age_s": 120,
    }


def test_a_turning_worker_is_healthy_and_a_silent_one_is_not(client, worker_check):
    with time_machine.travel(T0, tick=False):
        Worker(worker_id="may-1:42").step()
        body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["checks"]["worker"] == {"ok": True, "age_s": 0, "max_age_s": 120}
    assert "may-1" not in str(body)  # worker names hold host names: not published
    with time_machine.travel(T0 + dt.timedelta(seconds=121), tick=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "age_s": 121, "max_age_s": 120}


def test_the_newest_of_several_workers_counts_and_the_beat_is_throttled(worker_check):
    beat = Heartbeat("may-1:1")
    with time_machine.travel(T0, tick=False):
        assert beat.beat()
    with time_machine.travel(T0 + dt.timedelta(seconds=10), tick=False):
        assert not beat.beat()  # within 15 s: no write
    with time_machine.travel(T0 + dt.timedelta(seconds=16), tick=False):
        assert beat.beat()
    assert WorkerHeartbeat.objects.get(worker="may-1:1").seen_at == T0 + dt.timedelta(seconds=16)
    with time_machine.travel(T0 + dt.timedelta(seconds=200), tick=False):
        assert worker_heartbeat()[0] is False
        Heartbeat("may-2:7").beat()
        assert worker_heartbeat() == (True, {"age_s": 0, "max_age_s": 120})
    assert WorkerHeartbeat.objects.count() == 2


# --- 2. staff notices by e-mail ---------------------------------------------------------------


@pytest.fixture
def admin(org, make_staff):
    return make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.thu")


@pytest.fixture
def officer(org, make_staff):
    user = make_staff(org.unit_a, Role.SPECIALIST, username="chuyenvien.email")
    user.email = "chuyenvien@example.vn"
    user.save()
    return user


def test_a_role_granted_is_emailed_once_in_its_transaction(org, officer, admin):
    org_services.set_staff_roles(
        actor=admin, user=officer, agency=org.unit_a, roles=[Role.SPECIALIST, Role.REFORM_MONITOR]
    )
    notice = Notice.objects.get(user=officer, kind="role_granted")
    message = Message.objects.get(source=f"org.notice:{notice.pk}")
    assert (message.channel, message.recipient, message.purpose) == (
        "email",
        "chuyenvien@example.vn",
        "org.role_granted",
    )
    assert "Bạn được giao vai trò mới" in message.subject
    assert notice.text in message.body and message.body.startswith("Kính gửi ")
    assert reverse("staff-home") in message.body
    assert message.key  # the idempotency key the mail server is given (Message-ID)
    # The notice announced again speaks once (the unique source × channel × purpose).
    from motcua.outbound.staff import on_notice_created

    on_notice_created(sender=Notice, notice=notice)
    assert Message.objects.filter(source=f"org.notice:{notice.pk}").count() == 1
    # Delivered by the worker with the key as Message-ID.
    Worker(worker_id="w").drain()
    assert [m.to for m in mail.outbox] == [["chuyenvien@example.vn"]]
    assert str(message.key) in mail.outbox[0].extra_headers["Message-ID"]


def test_a_pending_and_a_rejected_grant_are_emailed_and_a_rollback_writes_nothing(
    org, officer, make_staff, admin
):
    first = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.a")
    second = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri.b")
    org_services.set_staff_roles(
        actor=first, user=officer, agency=org.unit_a, roles=[Role.SPECIALIST, Role.WARD_LEADER]
    )
    from motcua.org.models import GrantStatus, RoleGrant

    grant = RoleGrant.objects.get(user=officer, status=GrantStatus.PENDING)
    org_services.reject_role_grant(actor=second, grant=grant, reason="Chưa có quyết định")
    purposes = sorted(
        Message.objects.filter(recipient=officer.email).values_list("purpose", flat=True)
    )
    assert purposes == ["org.role_grant_rejected", "org.role_grant_requested"]
    rejected = Message.objects.get(purpose="org.role_grant_rejected")
    assert "Chưa có quyết định" in rejected.body and rejected.agency_id is not None

    with pytest.raises(RuntimeError), transaction.atomic():
        org_services.set_staff_roles(
            actor=admin,
            user=officer,
            agency=org.unit_a,
            roles=[Role.SPECIALIST, Role.REFORM_MONITOR],
        )
        raise RuntimeError("rolled back")
    assert not Message.objects.filter(purpose="org.role_granted").exists()


def test_no_email_address_no_message(org, make_staff, admin):
    person = make_staff(org.unit_a, Role.SPECIALIST, username="khongthu")
    person.email = ""
    person.save()
    org_services.set_staff_roles(
        actor=admin, user=person, agency=org.unit_a, roles=[Role.SPECIALIST, Role.REFORM_MONITOR]
    )
    assert Notice.objects.filter(user=person).exists()
    assert not Message.objects.filter(purpose__startswith="org.").exists()


# --- 3. the portal's phone code by SMS ---------------------------------------------------------


def test_the_portal_sms_goes_to_the_outbox_and_its_code_to_no_log(caplog):
    with caplog.at_level(logging.DEBUG):
        portal_sms.send_sms("0912345678", "Motcua: ma xac minh so dien thoai cua ban la 482913.")
        Worker(worker_id="w").drain()
    message = Message.objects.get(purpose="portal.phone_code")
    assert (message.channel, message.recipient, message.status) == (
        "sms",
        "0912345678",
        MessageStatus.SENT,
    )
    # Delivered: the stored text no longer holds the code (outbox page, admin).
    assert "482913" not in message.body and "không được lưu lại" in message.body
    assert not [r for r in caplog.records if "482913" in r.getMessage()]


def test_the_code_is_kept_until_delivered(settings):
    portal_sms.send_sms("0912345678", "ma 482913.")
    assert "482913" in Message.objects.get(purpose="portal.phone_code").body


def test_without_a_sender_the_code_is_dropped_and_not_logged(settings, caplog):
    settings.MOTCUA_SMS_SENDER = ""
    with caplog.at_level(logging.DEBUG):
        portal_sms.send_sms("0912345678", "ma 482913")
    assert not Message.objects.exists()
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "not sent" in logged and "482913" not in logged and "0912345678" not in logged


def test_without_an_sms_channel_nothing_is_queued(settings):
    settings.MOTCUA_CHANNELS = {k: v for k, v in settings.MOTCUA_CHANNELS.items() if k != "sms"}
    portal_sms.send_sms("0912345678", "ma 482913")
    assert not Message.objects.exists()


# --- 4. the payment confirmed, the payment link ------------------------------------------------


@pytest.fixture
def fee_dossier(receive):
    return receive(applicant=WITH_EMAIL, when=dt.datetime(2026, 3, 2, 9, tzinfo=TZ))


def pay_cash(staff, dossier, amount=15000):
    return payment_services.record_counter_payment(
        actor=staff.counter,
        dossier=dossier,
        method="cash",
        amount_vnd=amount,
        receipt_no="0012345",
        at=T0,
    )


def test_a_counter_payment_tells_the_receipt_number_once_per_payment(staff, fee_dossier):
    first = pay_cash(staff, fee_dossier, amount=5000)
    second = pay_cash(staff, fee_dossier, amount=10000)
    rows = Message.objects.filter(purpose="payments.confirmed")
    assert rows.count() == 4  # two payments × (email, SMS)
    sms = rows.get(channel="sms", source=f"payments.payment:{first.pk}")
    email = rows.get(channel="email", source=f"payments.payment:{second.pk}")
    assert sms.recipient == "0912345678" and email.recipient == "huong@example.vn"
    assert fee_dossier.code in sms.body and "5.000 dong" in sms.body
    assert first.receipt.display_number in sms.body and first.receipt.series in sms.body
    assert f"/bien-lai/{first.pk}/" in sms.body and sms.body == unaccented(sms.body)
    for personal in PERSONAL:
        assert personal not in sms.body
    assert "10.000 đ" in email.body and second.receipt.display_number in email.subject
    assert "Nguyễn Thị Hường" in email.body and email.dossier == fee_dossier
    # The signal again for the same payment writes nothing more.
    fees.on_payment_confirmed(sender=None, payment=first, receipt=first.receipt)
    assert rows.count() == 4


def test_a_payment_confirmed_by_the_gateway_tells_the_payer(client, vnpay, fee_dossier):  # noqa: F811
    payment, _ = payment_services.start_online_payment(
        dossier=fee_dossier, provider_code="vnpay", client_ip="127.0.0.1"
    )
    params = vnpay.ipn_params(payment)
    assert client.get("/thanh-toan/vnpay/ipn/", params).json()["RspCode"] == "00"
    assert client.get("/thanh-toan/vnpay/ipn/", params).json()["RspCode"] == "02"  # duplicate
    payment.refresh_from_db()
    assert payment.state == PaymentState.CONFIRMED
    assert Message.objects.filter(purpose="payments.confirmed").count() == 2


def test_a_rolled_back_payment_tells_nothing(staff, fee_dossier):
    with pytest.raises(RuntimeError), transaction.atomic():
        pay_cash(staff, fee_dossier)
        raise RuntimeError("rolled back")
    assert not Message.objects.filter(purpose="payments.confirmed").exists()


def send_url(dossier):
    return reverse("outbound-payment-link-send", args=[dossier.code])


def test_the_counter_sends_the_payment_link_by_sms_and_email(client, staff, fee_dossier):
    client.force_login(staff.counter)
    page = client.get(reverse("payments-link", args=[fee_dossier.code])).content.decode()
    assert send_url(fee_dossier) in page and "Gửi liên kết cho người nộp" in page
    response = client.post(send_url(fee_dossier), follow=True)
    assert response.redirect_chain[-1][0] == reverse("payments-link", args=[fee_dossier.code])
    assert "Đã xếp hàng gửi liên kết thanh toán" in response.content.decode()
    rows = {m.channel: m for m in Message.objects.filter(purpose="payments.link")}
    assert set(rows) == {"sms", "email"}
    sms = rows["sms"]
    assert fee_dossier.code in sms.body and "15.000 dong" in sms.body
    assert "/thanh-toan/ho-so/" in sms.body
    for personal in PERSONAL:
        assert personal not in sms.body
    assert "/thanh-toan/ho-so/" in rows["email"].body
    audits = MessageAudit.objects.filter(message__purpose="payments.link")
    assert {(a.kind, a.actor) for a in audits} == {("requested", staff.counter)}
    # A double click within the minute is refused, with a message.
    again = client.post(send_url(fee_dossier), follow=True)
    assert "vui lòng chờ một phút" in again.content.decode()
    assert Message.objects.filter(purpose="payments.link").count() == 2


def test_nothing_left_to_pay_no_link_sent(client, staff, fee_dossier):
    pay_cash(staff, fee_dossier)
    client.force_login(staff.counter)
    response = client.post(send_url(fee_dossier), follow=True)
    assert "không còn khoản" in response.content.decode()
    assert not Message.objects.filter(purpose="payments.link").exists()


def test_sending_the_link_refuses_outsiders_anonymous_and_get(client, staff, fee_dossier):
    url = send_url(fee_dossier)
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    for outsider in (staff.spec_a, staff.other_counter):
        client.force_login(outsider)
        assert client.post(url).status_code in (403, 404)
    client.force_login(staff.counter)
    assert client.get(url).status_code == 405
    assert not Message.objects.filter(purpose="payments.link").exists()


def test_the_payment_link_service_checks_the_permission(staff, fee_dossier):
    from motcua.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        fees.send_payment_link(actor=staff.spec_a, dossier=fee_dossier, now=timezone.now())


def test_no_phone_nor_email_no_link_and_the_page_says_so(client, staff, receive):
    from motcua.core.errors import DomainError

    bare = receive(
        applicant=inputs.Applicant(name="Trần Văn Bình", id_number="031190001235"),
        when=dt.datetime(2026, 3, 2, 9, tzinfo=TZ),
    )
    with pytest.raises(DomainError) as refused:
        fees.send_payment_link(actor=staff.counter, dossier=bare)
    assert refused.value.code == "no_address"
    assert not Message.objects.filter(purpose="payments.link").exists()
    client.force_login(staff.counter)
    page = client.get(reverse("payments-link", args=[bare.code])).content.decode()
    assert "chưa có số điện thoại hay thư điện tử" in page
    assert "Gửi liên kết cho người nộp</button>" not in page
