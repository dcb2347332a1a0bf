"""Dossiers submitted online (issue #11): the indicators count them from their valid receipt,
never while they wait in the counter's online queue ("Mới đăng ký"), are asked to complete
before the receipt, or are withdrawn before it."""

from __future__ import annotations

import pytest

from motcua.dossiers import facts, services
from motcua.dossiers.models import Dossier, Status
from motcua.indicators.measures import MEASURES, Window, count
from motcua.indicators.periods import Period
from motcua.indicators.scopes import Scope
from motcua.org.models import User

from .conftest import APPLICANT, APRIL_15, at

MARCH = Period.month(2026, 3)
APRIL = Period.month(2026, 4)
ALL = list(MEASURES)


@pytest.fixture
def citizen(db):
    return User.objects.create_user(username="congdan.binh", full_name="Trần Văn Bình")


@pytest.fixture
def submit(org, catalogue, people, citizen):
    keys = iter(range(1000))

    def do(procedure, when):
        return services.submit_online(
            submitter=citizen,
            receiving_agency=org.center,
            procedure=procedure,
            applicant=APPLICANT,
            idempotency_key=f"k{next(keys)}",
            answers={"x": 1},
            at=when,
        )

    return do


def _counts(org, period, now=APRIL_15):
    return count(Scope.of(org.ward), Window.of(period, now), ALL)[None]


def test_an_online_dossier_counts_online_from_its_receipt(org, catalogue, people, submit):
    d = submit(catalogue.full, at(2026, 3, 2, 9))
    before = _counts(org, MARCH)
    assert before["received"] == before["received_online"] == 0
    assert before["received_fully_online"] == before["progress_base"] == 0
    services.receive_online(actor=people.counter, dossier=d, at=at(2026, 3, 3, 10))
    after = _counts(org, MARCH)
    assert after["received"] == after["received_online"] == after["received_fully_online"] == 1
    assert after["received_counter"] == 0
    assert after["progress_base"] == 1


def test_received_just_after_the_month_it_was_sent_counts_in_the_next(
    org, catalogue, people, submit
):
    d = submit(catalogue.part, at(2026, 3, 31, 16))
    services.receive_online(actor=people.counter, dossier=d, at=at(2026, 4, 1, 8))
    assert _counts(org, MARCH)["received_online"] == 0
    assert _counts(org, APRIL)["received_online"] == 1
    assert _counts(org, APRIL)["received_fully_online"] == 0  # a "một phần" version


def test_dossiers_waiting_before_receipt_count_nowhere(org, catalogue, people, submit, citizen):
    received = submit(catalogue.full, at(2026, 3, 2, 9))
    services.receive_online(actor=people.counter, dossier=received, at=at(2026, 3, 3, 10))
    withdrawn_after = submit(catalogue.part, at(2026, 3, 9, 9))
    services.receive_online(actor=people.counter, dossier=withdrawn_after, at=at(2026, 3, 9, 10))
    services.withdraw_online(
        citizen=citizen, dossier=withdrawn_after, reason="Đã có", at=at(2026, 3, 10, 9)
    )
    march, april = _counts(org, MARCH), _counts(org, APRIL)
    # The received one is late by the end of March (due Fri 06/03 10:00): it counts so.
    assert march["in_progress_overdue"] == march["open_overdue"] == 1
    # Withdrawn after its receipt: received (online), never finished nor in progress.
    assert march["received"] == march["received_online"] == 2
    assert march["progress_base"] == 1 and march["finished"] == 0

    # Waiting in the queue for weeks (long past its checking limit), asked to complete
    # before the receipt, withdrawn before the receipt: no legal clock, no count.
    submit(catalogue.full, at(2026, 3, 2, 8))
    asked = submit(catalogue.full, at(2026, 3, 16, 9))
    services.request_completion(
        actor=people.counter, dossier=asked, missing=[], reason="Thiếu ảnh", at=at(2026, 3, 17, 9)
    )
    gone = submit(catalogue.part, at(2026, 3, 30, 9))
    services.withdraw_online(
        citizen=citizen, dossier=gone, reason="Nộp nhầm", at=at(2026, 3, 30, 10)
    )
    assert Dossier.objects.filter(received_at__isnull=True).count() == 3
    assert _counts(org, MARCH) == march
    assert _counts(org, APRIL) == april
    # Nor late in the staff inbox: the legal-clock facts read the receipt.
    waiting = Dossier.objects.filter(status__in=[Status.NEW, Status.SUPPLEMENT_REQUESTED])
    assert waiting.count() == 2
    assert not waiting.filter(facts.open_past_due(APRIL_15)).exists()
    assert not waiting.filter(facts.open_at(APRIL_15)).exists()
