"""The dossier clock: pauses, restarts, extensions and calendar changes."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.core.errors import DomainError
from motcua.dossiers import clock, services
from motcua.dossiers.calendar import DossierCalendar
from motcua.dossiers.models import Outcome, Status
from motcua.workcal import engine
from motcua.workcal.calendars import national_calendar
from motcua.workcal.models import OverrideKind
from motcua.workcal.services import add_override

from .conftest import TZ, at

pytestmark = pytest.mark.django_db
MIN = dt.timedelta(minutes=1)


def _supplement(d, staff, asked, given_back):
    d = services.request_supplement(
        actor=staff.spec_a,
        dossier=d,
        reason="Thiếu giấy tờ",
        missing=[services.MissingDocument("Giấy chứng sinh")],
        at=asked,
    )
    assert d.status == Status.SUPPLEMENT_REQUESTED and d.paused_at == asked
    return services.record_supplement(actor=staff.counter, dossier=d, at=given_back)


def test_a_supplement_pauses_the_clock(in_processing, staff):
    # Due Thu 26/2 10:00; asked Tue 24/2 10:00 → 2 working days (16 h) remain.
    d = in_processing()
    d = services.request_supplement(
        actor=staff.spec_a, dossier=d, reason="Thiếu giấy tờ", missing=[], at=at(2026, 2, 24, 10)
    )
    assert d.remaining_seconds == 16 * 3600
    d = services.record_supplement(actor=staff.counter, dossier=d, at=at(2026, 3, 2, 14))
    assert d.status == Status.PROCESSING and d.paused_at is None
    assert d.legal_due_at == at(2026, 3, 4, 14) == d.due_at


def test_a_supplement_restarts_the_clock_when_the_procedure_says_so(in_processing, procs, staff):
    d = in_processing(procs.restart)  # 5 working days
    d = _supplement(d, staff, at(2026, 2, 24, 10), at(2026, 3, 2, 14))
    assert d.legal_due_at == at(2026, 3, 9, 14)


def test_supplement_returned_after_hours_resumes_next_morning(in_processing, staff):
    d = _supplement(in_processing(), staff, at(2026, 2, 24, 10), at(2026, 3, 2, 19))
    assert d.legal_due_at == at(2026, 3, 4, 17, 30)  # 16 h from Tue 3/3 07:30


def test_financial_obligation_pauses_too(in_processing, staff):
    d = in_processing()
    d = services.request_obligation(
        actor=staff.spec_a, dossier=d, description="Nộp thuế", at=at(2026, 2, 25, 10)
    )
    assert d.status == Status.FINANCIAL_OBLIGATION and d.remaining_seconds == 8 * 3600
    d = services.record_obligation(actor=staff.spec_a, dossier=d, at=at(2026, 2, 27, 10))
    assert d.legal_due_at == at(2026, 3, 2, 10)


def test_extension_moves_the_promise_not_the_legal_due(in_processing, staff):
    d = in_processing()
    new_due = at(2026, 3, 3, 16)
    d = services.extend(
        actor=staff.head_a,
        dossier=d,
        new_due=new_due,
        reason="Cần xác minh tại nơi cư trú trước đây",
        at=at(2026, 2, 25, 9),
    )
    assert d.due_at == new_due and d.legal_due_at == at(2026, 2, 26, 10)
    assert d.extension_count == 1
    d = services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 3, 2, 9))
    d = services.result_ready(actor=staff.spec_a, dossier=d, at=at(2026, 3, 2, 10))
    assert d.outcome == Outcome.LATE  # the citizen got the new date; the indicator did not


def test_extension_rules(in_processing, staff):
    d = in_processing()
    with pytest.raises(DomainError) as exc:
        services.extend(
            actor=staff.head_a,
            dossier=d,
            new_due=at(2026, 2, 26, 9),
            reason="x",
            at=at(2026, 2, 25, 9),
        )
    assert exc.value.code == "extension_not_later"
    d = services.extend(
        actor=staff.head_a, dossier=d, new_due=at(2026, 3, 2, 9), reason="x", at=at(2026, 2, 25, 9)
    )
    with pytest.raises(DomainError) as exc:
        services.extend(
            actor=staff.head_a,
            dossier=d,
            new_due=at(2026, 3, 5, 9),
            reason="y",
            at=at(2026, 2, 26, 9),
        )
    assert exc.value.code == "extension_limit"


def test_no_extension_once_the_due_moment_has_passed(in_processing, staff, settings):
    settings.MOTCUA_MAX_EXTENSIONS = 2
    d = in_processing()
    with pytest.raises(DomainError) as exc:
        services.extend(
            actor=staff.head_a,
            dossier=d,
            new_due=at(2026, 3, 5, 9),
            reason="x",
            at=at(2026, 2, 26, 10, 1),
        )
    assert exc.value.code == "extension_too_late"


def test_pause_after_an_extension_shifts_both_moments(in_processing, staff):
    d = in_processing()
    d = services.extend(
        actor=staff.head_a,
        dossier=d,
        new_due=at(2026, 2, 27, 10),
        reason="x",
        at=at(2026, 2, 24, 9),
    )
    d = _supplement(d, staff, at(2026, 2, 25, 10), at(2026, 3, 2, 10))
    assert d.legal_due_at == at(2026, 3, 3, 10)  # 1 day left of the legal time
    assert d.due_at == at(2026, 3, 4, 10)  # 2 days left of the promise


def test_a_new_day_off_recomputes_open_dossiers(
    in_processing, staff, org, django_capture_on_commit_callbacks
):
    d = in_processing()
    with django_capture_on_commit_callbacks(execute=True):
        add_override(
            actor=None,
            agency=org.province,
            date=dt.date(2026, 2, 25),
            kind=OverrideKind.DAY_OFF,
            reason="Nghỉ đột xuất do bão",
        )
    d.refresh_from_db()
    assert d.legal_due_at == at(2026, 2, 27, 10)
    event = d.events.get(kind="due_recomputed")
    assert event.data["previous_due"].startswith("2026-02-26T10:00")
    assert "Nghỉ đột xuất do bão" in event.data["reason"]


def test_recompute_leaves_other_provinces_alone(
    in_processing, org, django_capture_on_commit_callbacks
):
    from motcua.org.models import AgencyKind
    from motcua.org.services import create_agency

    elsewhere = create_agency(
        actor=None, code="T02", name="Tỉnh Khác", kind=AgencyKind.PROVINCE, parent=None
    )
    d = in_processing()
    with django_capture_on_commit_callbacks(execute=True):
        add_override(
            actor=None,
            agency=elsewhere,
            date=dt.date(2026, 2, 25),
            kind=OverrideKind.DAY_OFF,
            reason="Nghỉ ở tỉnh khác",
        )
    d.refresh_from_db()
    assert d.legal_due_at == at(2026, 2, 26, 10)
    assert not d.events.filter(kind="due_recomputed").exists()


# --- Pure clock properties over the real national calendar ----------------------------------

CAL = DossierCalendar(national_calendar())
DEADLINE = engine.Deadline.days(3)
moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 1), timezones=st.just(TZ)
).map(lambda m: m.replace(second=0, microsecond=0))


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    received=moments, pause_after=st.integers(0, 30 * 3600), pause_for=st.integers(0, 200 * 3600)
)
def test_a_pause_never_loses_or_gains_working_time(received, pause_after, pause_for):
    start = clock.replay(CAL, DEADLINE, [clock.ClockEvent("received", received)])
    paused_at = CAL.add_working_seconds(start.started_at, pause_after)
    resumed_at = paused_at + dt.timedelta(seconds=pause_for)
    state = clock.replay(
        CAL,
        DEADLINE,
        [
            clock.ClockEvent("received", received),
            clock.ClockEvent("clock_paused", paused_at),
            clock.ClockEvent("clock_resumed", resumed_at, effect="pause"),
        ],
    )
    total = 3 * 8 * 3600
    if pause_after < total:
        worked = CAL.working_seconds_between(
            start.started_at, paused_at
        ) + CAL.working_seconds_between(resumed_at, state.legal_due_at)
        assert worked == total
    else:  # paused when already late: lateness is kept, the due moment does not move
        assert state.legal_due_at == start.legal_due_at
    assert state.legal_due_at >= start.legal_due_at


@settings(max_examples=100)
@given(finished=moments, due=moments)
def test_outcome_is_consistent(finished, due):
    outcome = clock.outcome_at(finished, due, TZ)
    if finished > due:
        assert outcome == "late"
    elif finished.date() < due.date():
        assert outcome == "early"
    else:
        assert outcome == "on_time"
