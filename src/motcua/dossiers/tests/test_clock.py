"""The dossier clock: pauses, restarts, extensions and calendar changes."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.core.errors import DomainError, DomainErrors
from motcua.dossiers import clock, events, inputs, recompute, services
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
        missing=[inputs.MissingDocument("Giấy chứng sinh")],
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
    # No reason and a date not later: both refused on one submit (issue #10).
    with pytest.raises(DomainErrors) as several:
        services.extend(
            actor=staff.head_a,
            dossier=d,
            new_due=at(2026, 2, 26, 9),
            reason=" ",
            at=at(2026, 2, 25, 9),
        )
    assert {e.field for e in several.value.errors} == {"reason", "new_due"}
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
    data = events.DueRecomputed.read(d.events.get(kind="due_recomputed"))
    assert data.previous_due == at(2026, 2, 26, 10)
    assert data.new_legal_due == at(2026, 2, 27, 10)
    assert "Nghỉ đột xuất do bão" in data.reason


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


# --- Recompute runs: command, page, batches ----------------------------------------------


def test_a_change_with_no_worker_running_is_finished_by_the_command(
    in_processing, org, settings, django_capture_on_commit_callbacks
):
    """A calendar change leaves the recompute to the worker (here a task backend that only
    records): nothing is recomputed in the request, and the command finishes the run."""
    from django.core.management import call_command

    from motcua.dossiers.models import RecomputeRun

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    dossiers = [in_processing(when=at(2026, 2, 23, 9 + i)) for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        add_override(
            actor=None,
            agency=org.province,
            date=dt.date(2026, 2, 25),
            kind=OverrideKind.DAY_OFF,
            reason="Nghỉ bão",
        )
    run = RecomputeRun.objects.get()
    assert (run.total, run.done, run.finished_at) == (3, 0, None)
    assert all(d.legal_due_at == d.__class__.objects.get(pk=d.pk).legal_due_at for d in dossiers)

    from io import StringIO

    out = StringIO()
    call_command("recompute_due", batch=2, stdout=out)
    run.refresh_from_db()
    assert (run.done, run.changed) == (3, 3) and run.finished_at is not None
    assert "2/3" in out.getvalue() and "3/3" in out.getvalue()
    for d in dossiers:
        d.refresh_from_db()
        assert d.events.filter(kind="due_recomputed").count() == 1


def test_recompute_command_rejects_bad_input():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("recompute_due", agency="KHONG-CO")
    with pytest.raises(CommandError, match="--batch"):
        call_command("recompute_due", batch=0)


def test_recompute_page_shows_progress_and_is_scoped(client, in_processing, org, make_staff):
    """The page starts a run for the worker (the tests' task backend runs it at once) and
    shows its progress; the fragment stops polling once the run is finished."""
    from motcua.org.models import Role

    in_processing()
    admin = make_staff(org.province, Role.AGENCY_ADMIN, username="qt_tinh")
    client.force_login(admin)
    response = client.post(
        "/can-bo/tinh-lai-han/", {"agency": org.province.pk, "reason": "Đổi giờ làm việc"}
    )
    assert response.status_code == 302
    run_url = response["Location"]
    detail = client.get(run_url).content.decode()
    assert "1/1" in detail and "Đã xong" in detail and "hx-get" not in detail
    fragment = client.get(run_url + "tien-do/", HTTP_HX_REQUEST="true").content.decode()
    assert "1/1" in fragment and "hx-get" not in fragment

    other = make_staff(org.other_ward, Role.AGENCY_ADMIN, username="qt_khac")
    client.force_login(other)
    assert client.get(run_url).status_code == 404
    assert client.get(run_url + "tien-do/").status_code == 404
    specialist = make_staff(org.unit_a, Role.SPECIALIST, username="cv_x")
    client.force_login(specialist)
    assert client.get("/can-bo/tinh-lai-han/").status_code == 403
    client.logout()
    assert client.get(run_url + "tien-do/").status_code == 302


def test_an_unfinished_run_polls_for_progress(client, in_processing, org, make_staff, settings):
    from motcua.org.models import Role

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    in_processing()
    admin = make_staff(org.province, Role.AGENCY_ADMIN, username="qt_tinh2")
    client.force_login(admin)
    response = client.post(
        "/can-bo/tinh-lai-han/", {"agency": org.province.pk, "reason": "Đổi giờ làm việc"}
    )
    detail = client.get(response["Location"]).content.decode()
    assert "0/1" in detail and "hx-get" in detail and "tien-do/" in detail


def test_run_batches_do_not_repeat_work(in_processing, org):
    for i in range(5):
        in_processing(when=at(2026, 2, 23, 8 + i))
    run = recompute.start_run(agency=org.ward, reason="Kiểm tra", launch=False)
    run = recompute.advance(run, batch=2)
    assert (run.done, run.finished_at) == (2, None)
    run = recompute.run_to_end(run, batch=2)
    assert run.done == 5 and run.changed == 0 and run.finished_at


def test_removing_a_day_off_is_previewed_without_saving(
    in_processing, staff, org, django_capture_on_commit_callbacks
):
    """Issue #10: the confirmation page lists the dossiers whose appointment moves back."""
    from motcua.dossiers.recompute import preview_override_removal

    d = in_processing()
    with django_capture_on_commit_callbacks(execute=True):
        storm = add_override(
            actor=None,
            agency=org.province,
            date=dt.date(2026, 2, 25),
            kind=OverrideKind.DAY_OFF,
            reason="Nghỉ đột xuất do bão",
        )
    d.refresh_from_db()
    assert d.due_at == at(2026, 2, 27, 10)
    events_before = d.events.count()
    (moved,) = preview_override_removal(storm)
    assert (moved.code, moved.old_due, moved.new_due) == (
        d.code,
        at(2026, 2, 27, 10),
        at(2026, 2, 26, 10),
    )
    d.refresh_from_db()
    assert d.due_at == at(2026, 2, 27, 10) and d.events.count() == events_before
    # and the live calendar still has the day off
    from motcua.dossiers.calendar import calendar_for

    assert calendar_for(d.competent_unit).due(
        at(2026, 2, 24, 10), engine.Plan.single(engine.Deadline.days(1))
    ) == (at(2026, 2, 26, 10))
