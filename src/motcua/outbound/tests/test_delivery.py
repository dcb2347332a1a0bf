"""Delivery from the outbox: sent once, retried with backoff, dead-lettered, resent."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.org.models import Role
from motcua.outbound import outbox, services
from motcua.outbound.models import Message, MessageAudit, MessageStatus
from motcua.outbound.worker import Worker

from . import fakes

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def flaky(settings):
    fakes.FlakyChannel.failures = {}
    fakes.SENT.clear()

    def configure(failures=0, permanent=False):
        settings.MOTCUA_CHANNELS = {
            **settings.MOTCUA_CHANNELS,
            "sms": {
                "CLASS": "motcua.outbound.tests.fakes.FlakyChannel",
                "FAILURES": failures,
                "PERMANENT": permanent,
            },
        }

    return configure


def one(org, channel="sms", **kw):
    return outbox.enqueue(
        purpose="dossier.received",
        channel=channel,
        recipient=kw.pop("recipient", "0912345678"),
        body="Ho so T01-260302-0001 da duoc tiep nhan",
        subject=kw.pop("subject", ""),
        agency=kw.pop("agency", org.ward),
        **kw,
    )


def test_a_message_is_sent_once_with_its_key(org, flaky):
    flaky()
    message = one(org)
    assert outbox.deliver_all().sent == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 1
    assert message.provider_ref == f"ok-{message.key}" and message.sent_at
    assert [message.key] == fakes.SENT
    assert outbox.deliver_all().claimed == 0  # nothing left: not sent twice


def test_email_goes_through_djangos_backend_with_the_key_as_message_id(org):
    message = one(org, channel="email", recipient="dan@example.vn", subject="Hồ sơ đã tiếp nhận")
    outbox.deliver_all()
    (email,) = mail.outbox
    assert email.to == ["dan@example.vn"] and email.subject == "Hồ sơ đã tiếp nhận"
    assert email.extra_headers["Message-ID"] == f"<{message.key}@motcua>"


def test_a_failing_receiver_is_retried_with_exponential_backoff_then_succeeds(org, flaky, settings):
    settings.MOTCUA_OUTBOX_BACKOFF_SECONDS = 30
    flaky(failures=2)
    with time_machine.travel(NOW, tick=False) as clock:
        message = one(org)
        result = outbox.deliver_all()
        assert (result.sent, result.retried) == (0, 1)
        message.refresh_from_db()
        assert message.status == MessageStatus.PENDING and message.attempts == 1
        assert message.next_attempt_at == NOW + dt.timedelta(seconds=30)
        assert "503" in message.last_error
        assert outbox.deliver_all().claimed == 0  # not due yet
        clock.shift(dt.timedelta(seconds=30))
        outbox.deliver_all()
        message.refresh_from_db()
        assert message.next_attempt_at == NOW + dt.timedelta(seconds=30 + 60)  # doubled
        clock.shift(dt.timedelta(seconds=60))
        assert outbox.deliver_all().sent == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 3
    assert message.last_error == ""


def test_after_the_last_attempt_a_dead_letter_that_an_admin_resends(
    org, flaky, settings, make_staff
):
    settings.MOTCUA_OUTBOX_BACKOFF_SECONDS = 0
    settings.MOTCUA_OUTBOX_MAX_ATTEMPTS = 3
    flaky(failures=3)
    message = one(org)
    result = outbox.deliver_all()
    assert (result.retried, result.dead) == (2, 1)
    message.refresh_from_db()
    assert message.status == MessageStatus.DEAD and message.attempts == 3
    assert "503" in message.last_error

    admin = make_staff(org.ward, Role.AGENCY_ADMIN, username="qt_phuong")
    other = make_staff(org.other_ward, Role.AGENCY_ADMIN, username="qt_khac")
    with pytest.raises(PermissionDeniedError):
        services.resend(actor=other, message=message)
    services.resend(actor=admin, message=message)
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING and message.attempts == 0
    (audit,) = MessageAudit.objects.all()
    assert audit.actor == admin and "503" in audit.note
    with pytest.raises(DomainError) as refused:
        services.resend(actor=admin, message=message)
    assert refused.value.code == "message_not_dead"
    assert outbox.deliver_all().sent == 1  # the receiver is back: the 4th try goes through
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [message.key] == fakes.SENT


def test_a_permanent_refusal_is_dead_at_once(org, flaky):
    flaky(failures=1, permanent=True)
    message = one(org)
    assert outbox.deliver_all().dead == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.DEAD and message.attempts == 1


def test_a_claimed_message_is_not_claimed_again_until_its_lease_expires(org, flaky, settings):
    settings.MOTCUA_OUTBOX_LEASE_SECONDS = 60
    flaky()
    with time_machine.travel(NOW, tick=False) as clock:
        message = one(org)
        assert outbox.claim("worker-a") == [message.id]  # …and then worker-a dies
        assert outbox.claim("worker-b") == []
        clock.shift(dt.timedelta(seconds=61))
        assert outbox.deliver_batch("worker-b").sent == 1
    message.refresh_from_db()
    assert message.claimed_by == "worker-b" and message.attempts == 2
    # worker-a comes back to life: its outcome is not recorded over worker-b's.
    assert not outbox._finish(message.id, "worker-a", status=MessageStatus.PENDING)


def test_an_unconfigured_channel_is_a_dead_letter_not_a_crash(org):
    message = one(org, channel="fax")
    assert outbox.deliver_all().dead == 1
    message.refresh_from_db()
    assert "chưa được cấu hình" in message.last_error


def test_the_inline_worker_drains_tasks_jobs_and_outbox(org, flaky):
    flaky()
    one(org)
    Worker(worker_id="inline").drain()
    assert Message.objects.get().status == MessageStatus.SENT


def test_a_batch_that_outlives_its_lease_hands_the_rest_back(org, settings):
    """A slow gateway: once the lease has run out another worker may claim the rows, so
    the first worker stops sending and gives the rest back instead of sending twice."""
    settings.MOTCUA_OUTBOX_LEASE_SECONDS = 60
    settings.MOTCUA_CHANNELS = {
        **settings.MOTCUA_CHANNELS,
        "sms": {"CLASS": "motcua.outbound.tests.fakes.TimeTakingChannel"},
    }
    fakes.SENT.clear()
    with time_machine.travel(NOW, tick=False) as clock:
        first, second = one(org), one(org)
        # Each send takes a minute.
        fakes.TimeTakingChannel.before_send = lambda: clock.shift(dt.timedelta(seconds=61))
        try:
            result = outbox.deliver_batch("worker-a")
        finally:
            fakes.TimeTakingChannel.before_send = None
    assert (result.claimed, result.sent, result.released) == (2, 1, 1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MessageStatus.SENT
    assert (second.status, second.attempts, second.claimed_by) == (MessageStatus.PENDING, 0, "")
    assert [first.key] == fakes.SENT


def test_the_worker_command_once_and_its_bounds(org, flaky):
    from django.core.management import CommandError, call_command

    flaky()
    message = one(org)
    call_command("worker", once=True)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    with pytest.raises(CommandError, match="--interval"):
        call_command("worker", once=True, interval=0)
    with pytest.raises(CommandError, match="--worker-id"):
        call_command("worker", once=True, worker_id="x" * 65)
