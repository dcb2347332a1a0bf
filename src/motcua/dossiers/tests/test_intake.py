import datetime as dt
import re

import pytest
from django.db import transaction

from motcua.core.errors import DomainError, DomainErrors, PermissionDeniedError
from motcua.dossiers import events, inputs, services
from motcua.dossiers.models import Channel, Dossier, DossierEvent, Status

from .conftest import APPLICANT, at

pytestmark = pytest.mark.django_db


def test_receipt_issues_code_due_date_and_event(receive, org, staff):
    d = receive()
    assert re.fullmatch(r"T01\.01\.03-260223-0001", d.code)
    assert d.status == Status.RECEIVED
    assert d.competent_unit == org.unit_a and d.ward == org.ward
    # Monday 10:00 + 3 working days → Thursday 10:00.
    assert d.legal_due_at == at(2026, 2, 26, 10) == d.due_at
    assert d.fee_vnd == 15000
    timeline = list(d.events.values_list("kind", "status_after", "actor"))
    assert timeline == [("received", Status.RECEIVED, staff.counter.pk)]


def test_codes_are_sequential_per_agency_and_day(receive, org, staff, procs):
    first = receive()
    second = receive(when=at(2026, 2, 23, 14))
    next_day = receive(when=at(2026, 2, 24, 8))
    assert [first.code[-4:], second.code[-4:]] == ["0001", "0002"]
    assert next_day.code.endswith("260224-0001")
    other = services.receive_dossier(
        actor=staff.other_counter,
        receiving_agency=org.other_unit,
        procedure=procs.other_ward,
        applicant=APPLICANT,
        at=at(2026, 2, 23, 9),
    )
    assert other.code == "T01.02.01-260223-0001"


def test_a_rolled_back_intake_gives_its_number_back(receive, org):
    receive()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.next_code(org.center, dt.date(2026, 2, 23))
        raise RuntimeError("intake failed after numbering")
    assert receive(when=at(2026, 2, 23, 11)).code.endswith("-0002")


def test_evening_online_submission_counts_from_next_morning(receive, procs):
    d = receive(
        when=at(2026, 2, 23, 20), channel=Channel.ONLINE, submitted_at=at(2026, 2, 23, 19, 45)
    )
    assert d.clock_started_at == at(2026, 2, 24, 7, 30)
    assert d.legal_due_at == at(2026, 2, 26, 17, 30)
    assert d.submitted_at < d.received_at


def test_same_day_procedure_respects_the_cutoff(receive, procs):
    before = receive(procs.same_day, at(2026, 2, 23, 14, 59))
    after = receive(procs.same_day, at(2026, 2, 23, 15, 1))
    assert before.legal_due_at == at(2026, 2, 23, 17, 30)
    assert after.legal_due_at == at(2026, 2, 24, 17, 30)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("id_number", "12345", "citizen_id_format"),
        ("id_number", "999190001234", "citizen_id_province"),
        ("id_number", "031990001234", "citizen_id_birth_year"),
        ("name", "   ", "applicant_name_required"),
        ("phone", "12", "phone_invalid"),
    ],
)
def test_bad_applicant_data_is_refused_and_nothing_is_written(receive, field, value, code):
    applicant = inputs.Applicant(**{**APPLICANT.__dict__, field: value})
    with pytest.raises(DomainError) as exc:
        receive(applicant=applicant)
    assert exc.value.code == code
    assert exc.value.field.startswith("applicant_")
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()


def test_only_counter_staff_of_the_agency_may_receive(receive, staff, org):
    with pytest.raises(PermissionDeniedError):
        receive(actor=staff.spec_a)
    with pytest.raises(PermissionDeniedError):
        receive(actor=staff.other_counter)
    assert not Dossier.objects.exists()


def test_refusal_at_intake_records_reasons(org, staff, procs):
    d = services.refuse_intake(
        actor=staff.counter,
        receiving_agency=org.center,
        procedure=procs.three_days,
        applicant=APPLICANT,
        reasons="Không thuộc thẩm quyền giải quyết.",
        at=at(2026, 2, 23),
    )
    assert d.status == Status.NOT_RECEIVED and d.due_at is None
    assert events.read(d.events.get()) == events.Refused(
        "Không thuộc thẩm quyền giải quyết.", category="other", register_number=1
    )


def test_a_refusal_says_every_missing_field_at_once(org, staff, procs):
    """Issue #10: no reason, no category and no applicant name, on one submit."""
    with pytest.raises(DomainErrors) as caught:
        services.refuse_intake(
            actor=staff.counter,
            receiving_agency=org.center,
            procedure=procs.three_days,
            applicant=inputs.Applicant(name=" "),
            reasons=" ",
            category="",
            at=at(2026, 2, 23),
        )
    assert {e.field for e in caught.value.errors} >= {
        "reasons",
        "refusal_category",
        "applicant_name",
    }
    assert not Dossier.objects.exists()


def test_intake_records_the_fee_payable_not_a_payment(receive):
    """What is paid is the payments app's records; the dossier keeps what is payable."""
    d = receive()
    assert d.fee_vnd == 15000
    assert not hasattr(d, "fee_payment") and not hasattr(d, "fee_paid_at")
