"""Dossier.worked_seconds: the working time the legal clock ran, fixed at the result.

Working hours are 07:30–11:30 and 13:30–17:30 (8 h a day); March 2026 has no holiday.
"""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers import clock_reads, services
from motcua.dossiers.models import Delivery, Dossier, DossierEvent, Status
from motcua.dossiers.worktime import backfill_worked_seconds

from .conftest import APPLICANT, at

HOUR = 3600


def finish(dossier, staff, when, *, approve=True):
    dossier = services.decide(
        actor=staff.head_a, dossier=dossier, approve=approve, note="Lý do", at=when
    )
    return services.result_ready(actor=staff.spec_a, dossier=dossier, at=when)


def paused(in_processing, staff, procedure):
    """Received Mon 09/03 09:00; supplement asked Tue 10/03 09:00 (8 h used), brought back
    Thu 12/03 09:00; result Fri 13/03 10:00."""
    d = in_processing(procedure, at(2026, 3, 9, 9))
    d = services.request_supplement(
        actor=staff.spec_a, dossier=d, missing=[], reason="Thiếu tờ khai", at=at(2026, 3, 10, 9)
    )
    d = services.record_supplement(actor=staff.counter, dossier=d, at=at(2026, 3, 12, 9))
    return finish(d, staff, at(2026, 3, 13, 10))


def on_the_fly(dossier) -> int:
    """What the indicators computed before the column: the timeline replayed now."""
    dossier = Dossier.objects.select_related("competent_unit").get(pk=dossier.pk)
    return clock_reads.worked_seconds(dossier, dossier.finished_at)


def test_without_a_pause_the_clock_runs_from_receipt_to_result(in_processing, staff):
    d = finish(in_processing(None, at(2026, 3, 9, 9)), staff, at(2026, 3, 11, 10))
    # Mon 09:00–17:30 6.5 h, Tue 8 h, Wed 07:30–10:00 2.5 h.
    assert d.worked_seconds == 17 * HOUR
    assert Dossier.objects.get(pk=d.pk).worked_seconds == on_the_fly(d) == 17 * HOUR


def test_a_supplement_with_effect_pause_leaves_out_the_stopped_days(in_processing, staff, procs):
    d = paused(in_processing, staff, procs.three_days)
    assert Dossier.objects.get(pk=d.pk).worked_seconds == on_the_fly(d) == 17 * HOUR  # 8 h + 9 h


def test_a_supplement_with_effect_restart_counts_from_the_restart(in_processing, staff, procs):
    d = paused(in_processing, staff, procs.restart)
    assert Dossier.objects.get(pk=d.pk).worked_seconds == on_the_fly(d) == 9 * HOUR


def test_a_financial_obligation_stops_the_clock_until_fulfilled(in_processing, staff):
    d = in_processing(None, at(2026, 3, 9, 9))
    d = services.request_obligation(
        actor=staff.spec_a, dossier=d, description="Lệ phí trước bạ", at=at(2026, 3, 9, 14, 30)
    )  # 2.5 h + 1 h used
    d = services.record_obligation(actor=staff.spec_a, dossier=d, at=at(2026, 3, 11, 13, 30))
    d = finish(d, staff, at(2026, 3, 12, 9, 30))  # Wed 4 h + Thu 2 h
    assert Dossier.objects.get(pk=d.pk).worked_seconds == on_the_fly(d) == int(9.5 * HOUR)


def test_a_rejection_is_a_result_and_returning_it_keeps_the_value(in_processing, staff):
    d = finish(in_processing(None, at(2026, 3, 9, 9)), staff, at(2026, 3, 9, 16), approve=False)
    d = services.return_result(
        actor=staff.counter,
        dossier=d,
        method=Delivery.COUNTER,
        recipient_name=APPLICANT.name,
        at=at(2026, 3, 10, 9),
    )
    assert d.status == Status.RETURNED
    assert Dossier.objects.get(pk=d.pk).worked_seconds == 5 * HOUR  # 09:00–11:30, 13:30–16:00


def test_without_a_result_it_stays_empty(in_processing, receive, staff, org, procs):
    stopped = services.stop(
        actor=staff.head_a,
        dossier=in_processing(None, at(2026, 3, 9, 9)),
        reason="Không bổ sung",
        at=at(2026, 3, 10, 9),
    )
    withdrawn = services.withdraw(
        actor=staff.counter, dossier=receive(None, at(2026, 3, 9, 9)), at=at(2026, 3, 10, 9)
    )
    refused = services.refuse_intake(
        actor=staff.counter,
        receiving_agency=org.center,
        procedure=procs.three_days,
        applicant=APPLICANT,
        reasons="Không thuộc thẩm quyền",
        at=at(2026, 3, 9, 9),
    )
    still_open = receive(None, at(2026, 3, 9, 9))
    for d in (stopped, withdrawn, refused, still_open):
        assert Dossier.objects.get(pk=d.pk).worked_seconds is None, d.get_status_display()


def test_the_backfill_fills_what_result_ready_would_have_written(
    in_processing, receive, staff, procs
):
    done = [
        finish(in_processing(None, at(2026, 3, 9, 9)), staff, at(2026, 3, 11, 10)),
        paused(in_processing, staff, procs.three_days),
        paused(in_processing, staff, procs.restart),
        finish(in_processing(procs.unit_b, at(2026, 3, 2, 8)), staff_b(staff), at(2026, 3, 6, 9)),
    ]
    services.withdraw(
        actor=staff.counter, dossier=receive(None, at(2026, 3, 9, 9)), at=at(2026, 3, 9, 10)
    )
    receive(None, at(2026, 3, 9, 9))  # open
    before = dict(Dossier.objects.values_list("pk", "worked_seconds"))
    assert [before[d.pk] for d in done] == [17 * HOUR, 17 * HOUR, 9 * HOUR, 33 * HOUR]
    Dossier.objects.update(worked_seconds=None)
    assert backfill_worked_seconds(Dossier, DossierEvent, batch_size=2) == len(done)
    assert dict(Dossier.objects.values_list("pk", "worked_seconds")) == before


def staff_b(staff):
    """Unit B's head decides and its specialist finishes (decide/result_ready check roles)."""

    class B:
        head_a = staff.head_b
        spec_a = staff.spec_b

    return B


@pytest.fixture
def in_processing(receive, staff, org):
    """As conftest's, but assigned within the procedure's unit (A or B)."""

    def do(procedure=None, when=None):
        d = receive(procedure, when)
        unit_b = d.competent_unit_id == org.unit_b.pk
        head, specialist = (staff.head_b, staff.spec_b) if unit_b else (staff.head_a, staff.spec_a)
        d = services.forward(actor=staff.counter, dossier=d, at=when + dt.timedelta(minutes=1))
        return services.assign(
            actor=head, dossier=d, specialist=specialist, at=when + dt.timedelta(minutes=2)
        )

    return do
