import datetime as dt

import pytest

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers import inputs, services
from motcua.dossiers.models import Delivery, Dossier, DossierEvent, FileKind, Outcome, Status
from motcua.dossiers.selectors import get_visible, visible_dossiers
from motcua.dossiers.workflow import ACTIONS, available_actions
from motcua.files.tests import samples

from .conftest import at

pytestmark = pytest.mark.django_db

MIN = dt.timedelta(minutes=1)


def _run(action, d, s, when):
    """Take ``action`` on ``d`` as the staff member entitled to it."""
    calls = {
        "receive_online": lambda: services.receive_online(actor=s.counter, dossier=d, at=when),
        "request_completion": lambda: services.request_completion(
            actor=s.counter, dossier=d, missing=[], reason="Ảnh chụp bị mờ", at=when
        ),
        "refuse_online": lambda: services.refuse_online(
            actor=s.counter, dossier=d, reasons="Không thuộc thẩm quyền", category="other", at=when
        ),
        "forward": lambda: services.forward(actor=s.counter, dossier=d, at=when),
        "assign": lambda: services.assign(actor=s.head_a, dossier=d, specialist=s.spec_a, at=when),
        "request_supplement": lambda: services.request_supplement(
            actor=s.spec_a,
            dossier=d,
            missing=[inputs.MissingDocument("Tờ khai")],
            reason="Thiếu tờ khai",
            at=when,
        ),
        "record_supplement": lambda: services.record_supplement(
            actor=s.counter, dossier=d, at=when
        ),
        "request_obligation": lambda: services.request_obligation(
            actor=s.spec_a, dossier=d, description="Nộp lệ phí trước bạ", amount_vnd=500000, at=when
        ),
        "record_obligation": lambda: services.record_obligation(actor=s.spec_a, dossier=d, at=when),
        "extend": lambda: services.extend(
            actor=s.head_a,
            dossier=d,
            reason="Cần xác minh",
            new_due=d.due_at + dt.timedelta(days=3) if d.due_at else when,
            at=when,
        ),
        "stop": lambda: services.stop(
            actor=s.head_a, dossier=d, reason="Người nộp không bổ sung", at=when
        ),
        "decide": lambda: services.decide(actor=s.head_a, dossier=d, approve=True, at=when),
        "result_ready": lambda: services.result_ready(actor=s.spec_a, dossier=d, at=when),
        "return_result": lambda: services.return_result(
            actor=s.counter,
            dossier=d,
            method=Delivery.COUNTER,
            recipient_name="Nguyễn Thị Hường",
            at=when,
        ),
        "withdraw": lambda: services.withdraw(
            actor=s.counter, dossier=d, reason="Xin rút", at=when
        ),
        "attach_files": lambda: (
            services.attach_files(actor=s.counter, dossier=d, uploads=[samples.pdf()], at=when),
            Dossier.objects.get(pk=d.pk),
        )[1],
    }
    return calls[action]()


def _dossier_in(status, receive, staff, submit=None):
    """A dossier brought to ``status`` through the services (submitted online for NEW)."""
    if status == Status.NEW:
        return submit(when=at(2026, 2, 23, 10)), at(2026, 2, 23, 10, 30)
    d = receive()
    when = at(2026, 2, 23, 10, 30)
    paths = {
        Status.RECEIVED: [],
        Status.PROCESSING: ["forward"],
        Status.SUPPLEMENT_REQUESTED: ["forward", "request_supplement"],
        Status.FINANCIAL_OBLIGATION: ["forward", "request_obligation"],
        Status.STOPPED: ["forward", "stop"],
        Status.DONE: ["forward", "decide", "result_ready"],
        Status.RETURNED: ["forward", "decide", "result_ready", "return_result"],
        Status.WITHDRAWN: ["withdraw"],
    }
    for step in paths[status]:
        when += MIN
        d = _run(step, d, staff, when)
    assert d.status == status
    return d, when


ALLOWED = {name: set(action.from_statuses) for name, action in ACTIONS.items()}
STATUSES = [
    Status.NEW,
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.FINANCIAL_OBLIGATION,
    Status.STOPPED,
    Status.DONE,
    Status.RETURNED,
    Status.WITHDRAWN,
]


@pytest.mark.parametrize("status", STATUSES, ids=lambda s: s.name)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_transition_is_allowed_or_refused_as_the_table_says(
    action, status, receive, staff, submit
):
    d, when = _dossier_in(status, receive, staff, submit)
    allowed = status in ALLOWED[action]
    if action == "result_ready":
        allowed = allowed and d.approved is not None
    if action == "decide":
        allowed = allowed and d.approved is None
    before = DossierEvent.objects.filter(dossier=d).count()
    if allowed:
        result = _run(action, d, staff, when + MIN)
        assert DossierEvent.objects.filter(dossier=d).count() == before + 1
        assert result.events.last().status_after == result.status
    else:
        with pytest.raises(DomainError) as exc:
            _run(action, d, staff, when + MIN)
        assert exc.value.code == "invalid_transition"
        assert DossierEvent.objects.filter(dossier=d).count() == before
        d.refresh_from_db()
        assert d.status == status


def test_the_happy_path_ends_returned_and_on_time(in_processing, staff):
    d = in_processing()
    d = services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 2, 26, 9))
    d = services.result_ready(
        actor=staff.spec_a,
        dossier=d,
        result_files=[samples.pdf("Quyết định.pdf")],
        at=at(2026, 2, 26, 9, 30),
    )
    assert d.status == Status.DONE and d.outcome == Outcome.ON_TIME
    [result] = d.files.all()
    assert result.kind == FileKind.ELECTRONIC_RESULT
    assert result.stored_file.original_name == "Quyết định.pdf"
    d = services.return_result(
        actor=staff.counter,
        dossier=d,
        method=Delivery.COUNTER,
        recipient_name="Nguyễn Thị Hường",
        at=at(2026, 2, 26, 15),
    )
    assert d.status == Status.RETURNED and d.returned_at == at(2026, 2, 26, 15)
    kinds = list(d.events.values_list("kind", flat=True))
    assert kinds == [
        "received",
        "forwarded",
        "assigned",
        "approved",
        "files_attached",
        "result_ready",
        "returned",
    ]


@pytest.mark.parametrize(
    ("finished", "outcome"),
    [
        (at(2026, 2, 25, 17, 0), Outcome.EARLY),  # a calendar day before the due day
        (at(2026, 2, 26, 8, 0), Outcome.ON_TIME),  # the due day, before the due moment
        (at(2026, 2, 26, 10, 0), Outcome.ON_TIME),  # exactly at the due moment
        (at(2026, 2, 26, 10, 1), Outcome.LATE),
        (at(2026, 2, 27, 8, 0), Outcome.LATE),
    ],
)
def test_outcome_at_finish(in_processing, staff, finished, outcome):
    d = in_processing()
    d = services.decide(actor=staff.head_a, dossier=d, approve=True, at=finished - MIN)
    d = services.result_ready(actor=staff.spec_a, dossier=d, at=finished)
    assert d.outcome == outcome


def test_rejection_needs_a_reason_and_still_finishes(in_processing, staff):
    d = in_processing()
    with pytest.raises(DomainError) as exc:
        services.decide(actor=staff.head_a, dossier=d, approve=False, at=at(2026, 2, 24))
    assert exc.value.field == "note"
    d = services.decide(
        actor=staff.head_a,
        dossier=d,
        approve=False,
        note="Không đủ điều kiện theo quy định.",
        at=at(2026, 2, 24),
    )
    d = services.result_ready(actor=staff.spec_a, dossier=d, at=at(2026, 2, 24, 11))
    assert d.approved is False and d.status == Status.DONE


def test_specialist_may_not_approve_and_counter_may_not_decide(in_processing, staff):
    d = in_processing()
    for actor in (staff.spec_a, staff.counter):
        with pytest.raises(PermissionDeniedError):
            services.decide(actor=actor, dossier=d, approve=True, at=at(2026, 2, 24))


def test_assign_only_to_staff_of_the_competent_unit(receive, staff):
    d = services.forward(actor=staff.counter, dossier=receive(), at=at(2026, 2, 23, 11))
    with pytest.raises(DomainError) as exc:
        services.assign(
            actor=staff.head_a, dossier=d, specialist=staff.spec_b, at=at(2026, 2, 23, 12)
        )
    assert exc.value.code == "assignee_not_in_unit"


def test_events_cannot_go_back_in_time(in_processing, staff):
    d = in_processing()
    with pytest.raises(DomainError) as exc:
        services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 2, 22))
    assert exc.value.code == "event_before_last"


def test_events_are_append_only(receive):
    event = receive().events.get()
    event.kind = "tampered"
    with pytest.raises(ValueError):
        event.save()


# --- Scope -------------------------------------------------------------------------------


def test_unit_staff_see_only_their_units_dossiers(receive, procs, staff):
    mine = services.forward(actor=staff.counter, dossier=receive(), at=at(2026, 2, 23, 11))
    theirs = services.forward(
        actor=staff.counter, dossier=receive(procs.unit_b), at=at(2026, 2, 23, 11)
    )
    assert set(visible_dossiers(staff.spec_a)) == {mine}
    assert set(visible_dossiers(staff.spec_b)) == {theirs}
    assert get_visible(staff.spec_a, theirs.code) is None
    assert set(visible_dossiers(staff.counter)) == {mine, theirs}
    assert set(visible_dossiers(staff.leader)) == {mine, theirs}


def test_another_wards_staff_see_nothing_and_cannot_act(in_processing, staff):
    d = in_processing()
    assert not visible_dossiers(staff.other_leader).exists()
    assert not visible_dossiers(staff.other_counter).exists()
    with pytest.raises(PermissionDeniedError):
        services.withdraw(actor=staff.other_counter, dossier=d, at=at(2026, 2, 24))
    with pytest.raises(PermissionDeniedError):
        services.request_supplement(
            actor=staff.spec_b, dossier=d, reason="x", missing=[], at=at(2026, 2, 24)
        )


def test_available_actions_follow_role_and_status(in_processing, staff):
    d = in_processing()
    names = lambda user: {a.name for a in available_actions(user, d)}  # noqa: E731
    assert names(staff.spec_a) == {"request_supplement", "request_obligation", "attach_files"}
    assert names(staff.head_a) == {
        "attach_files",
        "assign",
        "request_supplement",
        "request_obligation",
        "extend",
        "stop",
        "decide",
    }
    assert names(staff.counter) == {"withdraw", "attach_files"}
    assert names(staff.spec_b) == set()
