"""Online submission (issue #11 §3–§5): the dossier side — submit once, the counter's check
(receive, ask for completion, refuse) and what the applicant does online."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.utils import timezone

from motcua.catalog.models import OnlineLevel
from motcua.core.errors import DomainError, DomainErrors, PermissionDeniedError
from motcua.dossiers import clock_reads, events, online, printing, services
from motcua.dossiers.inputs import MissingDocument, ReceivedDocument
from motcua.dossiers.models import (
    Channel,
    DailyCounter,
    Delivery,
    Dossier,
    DossierEvent,
    Status,
)
from motcua.dossiers.selectors import online_queue

from .conftest import ANSWERS, APPLICANT, at

# --- Submitting -------------------------------------------------------------------------------


def test_submission_is_new_online_and_starts_no_clock(submit, citizen, org):
    d = submit(documents=[ReceivedDocument("Tờ khai đăng ký khai sinh")])
    assert d.status == Status.NEW == 1
    assert d.get_status_display() == "Mới đăng ký"
    assert d.channel == Channel.ONLINE == 2
    assert d.submitted_by == citizen
    assert d.answers == ANSWERS
    assert d.submitted_at == at(2026, 2, 23, 9)
    assert d.code.startswith(f"{org.center.code}-260223-")
    # The clock starts at the valid receipt, not at submission.
    assert d.received_at is None
    assert d.clock_started_at is None and d.legal_due_at is None and d.due_at is None
    assert d.receiver is None
    (event,) = d.events.all()
    assert event.kind == "submitted" and event.actor == citizen and event.status_after == 1
    assert events.Submitted.read(event).online_level == OnlineLevel.FULL
    assert d.fee_vnd == 0 and d.fee_detail["total"] == 0  # the version's rule charges nothing


def test_submitting_again_with_the_same_key_returns_the_same_dossier(submit):
    first = submit("retry-after-timeout")
    again = submit("retry-after-timeout", when=at(2026, 2, 23, 9, 1))
    assert again.pk == first.pk
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.filter(kind="submitted").count() == 1
    assert DailyCounter.objects.get().last == 1  # no number spent on the repeat


def test_a_new_key_is_a_new_dossier_and_keys_are_per_account(submit, other_citizen):
    a = submit("k-1")
    b = submit("k-2")
    c = submit("k-1", submitter=other_citizen)
    assert len({a.pk, b.pk, c.pk}) == 3
    assert [int(d.code[-4:]) for d in (a, b, c)] == [1, 2, 3]


def test_the_same_key_for_another_procedure_is_refused(submit, online_procs):
    submit("k-1")
    with pytest.raises(DomainError) as e:
        submit("k-1", procedure=online_procs.restart)
    assert e.value.code == "idempotency_key_reused"
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"key": ""}, "idempotency_key_invalid"),
        ({"key": "x" * 65}, "idempotency_key_invalid"),
        ({"answers": ["not", "a", "form"]}, "answers_invalid"),
        ({"delivery": Delivery.POSTAL}, "delivery_address_required"),
        ({"delivery": "pigeon"}, "delivery_invalid"),
    ],
)
def test_bad_submissions_are_refused_and_write_nothing(submit, kwargs, code):
    with pytest.raises(DomainError) as e:
        submit(**kwargs)
    assert e.value.code == code
    assert not Dossier.objects.exists()


def test_a_procedure_without_online_service_cannot_be_submitted_online(submit, online_procs):
    with pytest.raises(DomainError) as e:
        submit(procedure=online_procs.offline)
    assert (e.value.code, e.value.field) == ("procedure_not_online", "procedure")


def test_only_a_counter_can_take_online_dossiers(submit, org):
    # Phòng Kinh tế has no counter officer: nobody there could check the dossier.
    with pytest.raises(DomainError) as e:
        submit(agency=org.unit_b)
    assert e.value.code == "no_online_counter"
    assert online.online_counter(org.ward) == org.center
    assert online.online_counter(org.unit_b) == org.center  # any agency of the ward


def test_an_anonymous_submitter_is_refused(submit):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDeniedError):
        submit(submitter=AnonymousUser())


def test_the_applicant_is_checked_like_at_the_counter(submit):
    from motcua.dossiers.inputs import Applicant

    with pytest.raises(DomainErrors) as e:
        submit(applicant=Applicant(name=" ", id_number="12", phone="123"))
    assert {err.field for err in e.value.errors} >= {"applicant_name", "applicant_phone"}


def test_postal_delivery_keeps_its_address(submit):
    d = submit(delivery=Delivery.POSTAL, delivery_address="  Số 5   Lạch Tray ")
    assert (d.delivery, d.delivery_address) == (Delivery.POSTAL, "Số 5 Lạch Tray")


# --- The counter's check --------------------------------------------------------------------


def test_receiving_starts_the_clock_at_the_valid_receipt(submit, staff):
    d = submit(when=at(2026, 2, 23, 9))
    d = services.receive_online(actor=staff.counter, dossier=d, at=at(2026, 2, 24, 10))
    assert d.status == Status.RECEIVED
    assert d.received_at == at(2026, 2, 24, 10) and d.receiver == staff.counter
    assert d.clock_started_at == at(2026, 2, 24, 10)
    # 3 working days from Tue 24/2 10:00 → Fri 27/2 10:00, the same as the counter.
    assert d.legal_due_at == d.due_at == at(2026, 2, 27, 10)
    assert (
        d.due_at
        == clock_reads.receipt_clock(
            d.procedure_version, d.received_at, channel=Channel.ONLINE
        ).due_at
    )
    received = d.events.get(kind="received")
    assert events.Received.read(received).channel == Channel.ONLINE
    assert events.Received.read(received).register_number == 1
    assert "01" in dict(printing.available_forms(d))
    receipt = printing.build("01", d)
    assert receipt.received_at == at(2026, 2, 24, 10) and receipt.register_entry == "01"


@pytest.mark.parametrize(
    ("received", "starts"),
    [
        (at(2026, 2, 23, 20, 0), at(2026, 2, 24, 7, 30)),  # Monday evening → Tuesday morning
        (at(2026, 2, 28, 9, 0), at(2026, 3, 2, 7, 30)),  # Saturday → Monday
        (at(2026, 2, 23, 12, 0), at(2026, 2, 23, 13, 30)),  # lunch break → the afternoon
    ],
)
def test_received_outside_office_hours_the_clock_starts_at_the_next_working_period(
    submit, staff, received, starts
):
    d = submit(when=at(2026, 2, 23, 8))
    d = services.receive_online(actor=staff.counter, dossier=d, at=received)
    assert d.received_at == received
    assert d.clock_started_at == starts


def test_only_the_counter_of_the_ward_may_check(submit, staff):
    d = submit()
    for outsider in (staff.other_counter, staff.spec_a, staff.head_a):
        with pytest.raises(PermissionDeniedError):
            services.receive_online(actor=outsider, dossier=d, at=at(2026, 2, 23, 10))
    assert Dossier.objects.get(pk=d.pk).status == Status.NEW


def test_a_received_dossier_cannot_be_received_again(submit, staff):
    d = submit()
    services.receive_online(actor=staff.counter, dossier=d, at=at(2026, 2, 23, 10))
    with pytest.raises(DomainError) as e:
        services.receive_online(actor=staff.counter, dossier=d, at=at(2026, 2, 23, 11))
    assert e.value.code == "invalid_transition"
    with pytest.raises(DomainError):
        services.refuse_online(
            actor=staff.counter, dossier=d, reasons="x", category="other", at=at(2026, 2, 23, 11)
        )


def test_asking_for_completion_waits_for_the_applicant_without_a_clock(submit, staff, org):
    d = submit()
    d = services.request_completion(
        actor=staff.counter,
        dossier=d,
        missing=[MissingDocument("Giấy chứng sinh", quantity=1)],
        reason="Ảnh chụp giấy chứng sinh bị mờ, chụp lại rõ nét.",
        at=at(2026, 2, 23, 10),
    )
    assert d.status == Status.SUPPLEMENT_REQUESTED
    assert d.received_at is None and d.legal_due_at is None and d.paused_at is None
    form = printing.build("02", d)
    assert form.unit == org.center.name  # the counter asked, not the unit
    assert [line.name for line in form.documents] == ["Giấy chứng sinh"]
    # The unit's "record supplement" and "stop" are not for a dossier never received.
    from motcua.dossiers.workflow import available_actions

    assert {a.name for a in available_actions(staff.counter, d)} == {"withdraw", "attach_files"}
    assert not online_queue(staff.counter).exists()


def test_completion_online_puts_the_dossier_back_in_the_queue(submit, staff, citizen):
    d = submit(when=at(2026, 2, 23, 9))
    d = services.request_completion(
        actor=staff.counter, dossier=d, missing=[], reason="Thiếu ảnh", at=at(2026, 2, 23, 10)
    )
    d = services.supplement_online(
        citizen=citizen, dossier=d, note="Đã chụp lại", at=at(2026, 2, 25, 21)
    )
    assert d.status == Status.NEW and d.received_at is None and d.legal_due_at is None
    event = d.events.get(kind="supplement_received")
    assert events.SupplementReceived.read(event).by_applicant
    (queued,) = online_queue(staff.counter)
    assert queued.queued_at == at(2026, 2, 25, 21)  # the checking limit runs again from here
    d = services.receive_online(actor=staff.counter, dossier=d, at=at(2026, 2, 26, 8))
    assert d.clock_started_at == at(2026, 2, 26, 8)
    assert d.legal_due_at == at(2026, 3, 3, 8)  # 3 working days, nothing frozen before


def test_refusing_issues_the_reason_form(submit, staff, org):
    d = submit()
    with pytest.raises(DomainErrors) as e:
        services.refuse_online(actor=staff.counter, dossier=d, reasons=" ", category="")
    assert {err.field for err in e.value.errors} == {"reasons", "refusal_category"}
    d = services.refuse_online(
        actor=staff.counter,
        dossier=d,
        reasons="Không thuộc thẩm quyền của phường",
        category="not_competent",
        at=at(2026, 2, 23, 10),
    )
    assert d.status == Status.NOT_RECEIVED and d.received_at is None
    form = printing.build("03", d)
    assert form.reasons == ("Không thuộc thẩm quyền của phường",)
    assert form.number == "01"


# --- The applicant online -----------------------------------------------------------------


def _processing(d, staff, when):
    d = services.receive_online(actor=staff.counter, dossier=d, at=when)
    d = services.forward(actor=staff.counter, dossier=d, at=when + dt.timedelta(minutes=5))
    return services.assign(
        actor=staff.head_a, dossier=d, specialist=staff.spec_a, at=when + dt.timedelta(minutes=10)
    )


def test_supplement_online_after_receipt_resumes_the_clock(submit, staff, citizen):
    d = _processing(submit(), staff, at(2026, 2, 23, 10))
    assert d.legal_due_at == at(2026, 2, 26, 10)
    d = services.request_supplement(
        actor=staff.spec_a, dossier=d, missing=[], reason="Thiếu bản sao", at=at(2026, 2, 24, 10)
    )
    d = services.supplement_online(citizen=citizen, dossier=d, at=at(2026, 2, 26, 10))
    assert d.status == Status.PROCESSING and d.paused_at is None
    # Two working days were left at the pause: Thu 26/2 10:00 + 2 days.
    assert d.legal_due_at == at(2026, 3, 2, 10)
    assert d.clock_started_at == at(2026, 2, 23, 10)


def test_supplement_online_restarts_the_clock_when_the_version_says_so(
    submit, staff, citizen, online_procs
):
    d = _processing(submit(procedure=online_procs.restart), staff, at(2026, 2, 23, 10))
    d = services.request_supplement(
        actor=staff.spec_a, dossier=d, missing=[], reason="Thiếu", at=at(2026, 2, 24, 10)
    )
    d = services.supplement_online(citizen=citizen, dossier=d, at=at(2026, 2, 26, 10))
    assert d.clock_started_at == at(2026, 2, 26, 10)
    assert d.legal_due_at == at(2026, 3, 5, 10)  # 5 working days from the supplement


def test_only_the_submitting_account_acts_as_the_applicant(submit, staff, other_citizen):
    d = submit()
    with pytest.raises(PermissionDeniedError):
        services.withdraw_online(citizen=other_citizen, dossier=d, reason="Không cần nữa")
    with pytest.raises(PermissionDeniedError):
        services.choose_delivery(citizen=other_citizen, dossier=d, method=Delivery.ELECTRONIC)
    with pytest.raises(PermissionDeniedError):  # an officer is not the applicant either
        services.withdraw_online(citizen=staff.counter, dossier=d, reason="x")
    assert Dossier.objects.get(pk=d.pk).status == Status.NEW


def test_supplement_online_only_when_asked(submit, citizen):
    d = submit()
    with pytest.raises(DomainError) as e:
        services.supplement_online(citizen=citizen, dossier=d)
    assert e.value.code == "invalid_transition"


def test_withdraw_online_needs_a_reason_and_stops_the_clock(submit, staff, citizen):
    d = _processing(submit(), staff, at(2026, 2, 23, 10))
    with pytest.raises(DomainError) as e:
        services.withdraw_online(citizen=citizen, dossier=d, reason="  ")
    assert (e.value.code, e.value.field) == ("reason_required", "reason")
    d = services.withdraw_online(
        citizen=citizen, dossier=d, reason="Đã làm ở nơi khác", at=at(2026, 2, 24, 9)
    )
    assert d.status == Status.WITHDRAWN and d.finished_at == at(2026, 2, 24, 9)
    assert not d.is_open and d.outcome == "" and d.worked_seconds is None
    data = events.Withdrawn.read(d.events.get(kind="withdrawn"))
    assert (data.reason, data.by_applicant) == ("Đã làm ở nơi khác", True)
    with pytest.raises(DomainError) as e:
        services.withdraw_online(citizen=citizen, dossier=d, reason="again")
    assert e.value.code == "invalid_transition"


def test_withdraw_online_before_receipt_leaves_the_queue(submit, staff, citizen):
    d = submit()
    services.withdraw_online(citizen=citizen, dossier=d, reason="Nộp nhầm thủ tục")
    assert not online_queue(staff.counter).exists()


def test_choose_delivery_is_stored_with_its_event(submit, citizen):
    d = submit()
    d = services.choose_delivery(
        citizen=citizen, dossier=d, method=Delivery.POSTAL, address="12 Lê Lợi, Hòa Bình"
    )
    assert (d.delivery, d.delivery_address) == (Delivery.POSTAL, "12 Lê Lợi, Hòa Bình")
    event = d.events.get(kind="delivery_chosen")
    assert events.DeliveryChosen.read(event).address == "12 Lê Lợi, Hòa Bình"
    assert event.status_after == Status.NEW
    d = services.choose_delivery(citizen=citizen, dossier=d, method=Delivery.ELECTRONIC)
    assert (d.delivery, d.delivery_address) == (Delivery.ELECTRONIC, "")
    with pytest.raises(DomainError) as e:
        services.choose_delivery(citizen=citizen, dossier=d, method=Delivery.POSTAL, address="")
    assert (e.value.code, e.value.field) == ("delivery_address_required", "delivery_address")


def test_choose_delivery_among_what_the_version_allows(submit, citizen, online_procs):
    with pytest.raises(DomainError) as e:
        submit("k-9", procedure=online_procs.counter_only, delivery=Delivery.ELECTRONIC)
    assert (e.value.code, e.value.field) == ("delivery_invalid", "delivery")
    d = submit("k-9", procedure=online_procs.counter_only)
    assert d.delivery == Delivery.COUNTER
    with pytest.raises(DomainError) as e:
        services.choose_delivery(citizen=citizen, dossier=d, method=Delivery.ELECTRONIC)
    assert e.value.code == "delivery_invalid"


def test_check_due_counts_working_hours_on_the_counters_calendar(org):
    # Friday 16:00: 1 h 30 that day, then Monday 07:30–11:30 and 13:30–16:00.
    assert online.check_due(org.center, at(2026, 2, 27, 16)) == at(2026, 3, 2, 16)
    # Sent on Saturday night: counted from Monday morning.
    assert online.check_due(org.center, at(2026, 2, 28, 22)) == at(2026, 3, 2, 17, 30)


def test_check_due_follows_the_setting(org, settings):
    settings.MOTCUA_ONLINE_CHECK_WORKING_HOURS = 2
    assert online.check_due(org.center, at(2026, 2, 23, 10)) == at(2026, 2, 23, 14)


# --- Two submits at once (PostgreSQL: SQLite serialises every write) ------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a real race needs PostgreSQL's row locks"
)
def test_two_concurrent_submits_with_one_key_make_one_dossier(org, online_procs, staff, citizen):
    threads = 2
    start = threading.Barrier(threads)

    def submit_once(_):
        start.wait()
        try:
            return services.submit_online(
                submitter=citizen,
                receiving_agency=org.center,
                procedure=online_procs.full,
                applicant=APPLICANT,
                idempotency_key="double-click",
                answers=ANSWERS,
                at=at(2026, 3, 2, 9),
            ).pk
        finally:
            connections.close_all()

    for _ in range(3):  # a few rounds: the race is not won the same way every time
        with ThreadPoolExecutor(max_workers=threads) as pool:
            ids = list(pool.map(submit_once, range(threads)))
        assert len(set(ids)) == 1
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.filter(kind="submitted").count() == 1
    # The loser gave its number back: the next submission is number 2.
    assert DailyCounter.objects.get().last == 1


def test_the_public_lookup_tells_the_submission_once_and_never_the_address(submit, staff):
    from motcua.dossiers.lookup import lookup

    d = submit(delivery=Delivery.POSTAL, delivery_address="Số 9 Tô Hiệu")
    found = lookup(d.code).dossier
    assert found.status_label == "Mới đăng ký" and found.received_at is None
    assert [s.label for s in found.steps] == ["Đã nộp hồ sơ trực tuyến"]
    services.receive_online(actor=staff.counter, dossier=d, at=at(2026, 2, 24, 10))
    services.choose_delivery(
        citizen=d.submitted_by,
        dossier=d,
        method=Delivery.POSTAL,
        address="Số 11 Tô Hiệu",
        at=at(2026, 2, 24, 11),
    )
    found = lookup(d.code).dossier
    assert [s.label for s in found.steps] == [
        "Đã nộp hồ sơ trực tuyến",
        "Hồ sơ đã được tiếp nhận",
        "Đã chọn hình thức nhận kết quả",
    ]
    assert "Tô Hiệu" not in repr(found)


def test_the_dossier_page_shows_the_online_answers(client, submit, staff):
    from django.urls import reverse

    d = submit(answers={"ho_ten_cha": "Nguyễn Văn <An>", "so_ban_sao": 2, "ghi_chu": None})
    client.force_login(staff.counter)
    html = client.get(reverse("dossiers-staff-detail", args=[d.code])).content.decode()
    assert "Nội dung khai trực tuyến" in html
    assert "<dt>ho_ten_cha</dt><dd>Nguyễn Văn &lt;An&gt;</dd>" in html
    assert "<dt>so_ban_sao</dt><dd>2</dd>" in html


PERMIT_CASES = (
    "Nhà ở riêng lẻ | | 15 ngày\nCông trình khác | | 20 ngày\nNhà ở riêng lẻ | trực tuyến | 12 ngày"
)


@pytest.fixture
def online_permit(org):
    from motcua.catalog import deadlines
    from motcua.catalog.content import VersionData
    from motcua.catalog.models import DeadlineKind
    from motcua.catalog.services import publish_version

    return publish_version(
        actor=None,
        scope=org.ward,
        data=VersionData(
            code="1.009998",
            name="Cấp giấy phép xây dựng (trực tuyến)",
            sector="Xây dựng",
            valid_from=dt.date(2025, 7, 1),
            deadline_kind=DeadlineKind.CALENDAR_DAYS,
            deadline_amount=20,
            fee_vnd=0,
            competent_unit_code=org.unit_a.code,
            online_level=OnlineLevel.FULL,
            result_delivery=("counter",),
            deadline_variants=deadlines.parse(PERMIT_CASES),
        ),
    ).version.procedure


def test_receiving_a_procedure_with_cases_needs_the_case_and_uses_the_online_deadline(
    submit, staff, online_permit, client
):
    from django.urls import reverse

    d = submit(procedure=online_permit, when=at(2026, 3, 2, 9))
    with pytest.raises(DomainError) as e:
        services.receive_online(actor=staff.counter, dossier=d, at=at(2026, 3, 3, 10))
    assert (e.value.code, e.value.field) == ("deadline_case_required", "deadline_case")
    client.force_login(staff.counter)
    html = client.post(
        reverse("dossiers-staff-action", args=[d.code, "receive_online"]), {}
    ).content.decode()
    assert "Chọn trường hợp của thủ tục" in html and "Nhà ở riêng lẻ" in html
    d = services.receive_online(
        actor=staff.counter, dossier=d, deadline_case="Nhà ở riêng lẻ", at=at(2026, 3, 3, 10)
    )
    # Online single house: 12 days from Tue 3/3 → Sun 15/3 → Mon 16/3 (Art. 148).
    assert d.deadline_case == "Nhà ở riêng lẻ"
    assert timezone.localtime(d.legal_due_at).date() == dt.date(2026, 3, 16)


def test_the_counter_reads_the_answers_under_their_questions(client, submit, staff):
    """The e-form's labels name the answers; an answer the form no longer asks keeps its key."""
    from django.urls import reverse

    from motcua.catalog import eform_services, eforms

    d = submit(answers={"ho_ten_cha": "Nguyễn Văn An", "noi_o__phuong": "T01.01", "cu": "x"})
    version = d.procedure_version
    eform_services.add_field(
        actor=None,
        version=version,
        field=eforms.FieldDef(key="ho_ten_cha", label="Họ, chữ đệm, tên người cha"),
    )
    eform_services.add_field(
        actor=None,
        version=version,
        field=eforms.FieldDef(key="noi_o", label="Nơi cư trú", type=eforms.FieldType.ADDRESS),
    )
    client.force_login(staff.counter)
    html = client.get(reverse("dossiers-staff-detail", args=[d.code])).content.decode()
    assert "<dt>Họ, chữ đệm, tên người cha</dt><dd>Nguyễn Văn An</dd>" in html
    assert "<dt>Nơi cư trú (xã, phường)</dt><dd>T01.01</dd>" in html
    assert "<dt>cu</dt><dd>x</dd>" in html
