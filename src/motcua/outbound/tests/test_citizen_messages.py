"""Each dossier event that concerns the applicant writes its messages once, in the
event's transaction; other events write nothing."""

import datetime as dt

import pytest
from django.db import transaction

from motcua.dossiers import inputs, services
from motcua.dossiers.models import Dossier
from motcua.outbound.citizen import unaccented
from motcua.outbound.models import Message, MessageStatus

from .conftest import APPLICANT, at

pytestmark = pytest.mark.django_db

WITH_EMAIL = inputs.Applicant(
    name=APPLICANT.name,
    id_number=APPLICANT.id_number,
    phone=APPLICANT.phone,
    email="huong@example.vn",
    address=APPLICANT.address,
)


def messages(dossier, purpose=None):
    rows = Message.objects.filter(dossier=dossier)
    if purpose:
        rows = rows.filter(purpose=purpose)
    return {m.channel: m for m in rows}


def test_receipt_tells_code_appointment_and_lookup_link_by_email_and_sms(receive):
    d = receive(applicant=WITH_EMAIL)
    sent = messages(d, "dossier.received")
    assert set(sent) == {"email", "sms"}
    email, sms = sent["email"], sent["sms"]
    assert email.recipient == "huong@example.vn" and sms.recipient == "0912345678"
    assert email.status == MessageStatus.PENDING and email.agency == d.ward
    assert d.code in email.subject
    assert "Nguyễn Thị Hường" in email.body and "26/02/2026" in email.body
    assert f"/tra-cuu/?ma={d.code}" in email.body
    # The SMS: code, dates, link; unaccented; no name, ID number or address.
    assert d.code in sms.body and "23/02/2026" in sms.body and "26/02/2026" in sms.body
    assert f"/tra-cuu/?ma={d.code}" in sms.body
    assert sms.body == unaccented(sms.body)
    for personal in ("Hường", "Huong", "031190001234", "Lạch Tray", "Lach Tray"):
        assert personal not in sms.body
    assert sms.params["ma_ho_so"] == d.code and sms.params["ngay_hen"] == "26/02/2026"


def test_no_address_no_message(receive):
    d = receive(applicant=inputs.Applicant(name="Trần Văn Bình", id_number="031190001235"))
    assert not Message.objects.filter(dossier=d).exists()


def test_each_event_speaks_once_and_only_the_applicants_events_speak(in_processing, staff):
    d = in_processing()  # received, forwarded, assigned
    assert list(Message.objects.values_list("purpose", flat=True)) == ["dossier.received"]
    d = services.request_supplement(
        actor=staff.spec_a,
        dossier=d,
        reason="Bản sao chưa chứng thực",
        missing=[inputs.MissingDocument("Giấy chứng sinh", "certified_copy", 2)],
        at=at(2026, 2, 24, 10),
    )
    sms = messages(d, "dossier.supplement_requested")["sms"]
    assert "Giay chung sinh" in sms.body and "24/02/2026" in sms.body
    assert "chua chung thuc" not in sms.body  # the reason stays in the letter
    d = services.record_supplement(actor=staff.counter, dossier=d, at=at(2026, 2, 25, 9))
    d = services.extend(
        actor=staff.head_a,
        dossier=d,
        new_due=at(2026, 3, 5, 16),
        reason="Cần xác minh",
        at=at(2026, 2, 26, 9),
    )
    sms = messages(d, "dossier.extended")["sms"]
    assert "Xin loi" in sms.body and "05/03/2026" in sms.body
    d = services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 3, 2, 9))
    d = services.result_ready(actor=staff.spec_a, dossier=d, at=at(2026, 3, 2, 10))
    sms = messages(d, "dossier.result_ready")["sms"]
    assert "da co ket qua" in sms.body and "Bo phan Mot cua" in sms.body
    purposes = sorted(Message.objects.values_list("purpose", flat=True))
    assert purposes == [
        "dossier.extended",
        "dossier.received",
        "dossier.result_ready",
        "dossier.supplement_requested",
    ]


def test_refusal_gives_the_public_category_by_sms_and_the_reasons_by_email(org, procs, staff):
    d = services.refuse_intake(
        actor=staff.counter,
        receiving_agency=org.center,
        procedure=procs.three_days,
        applicant=WITH_EMAIL,
        reasons="Giấy tờ của ông A không hợp lệ",
        category="incomplete",
        at=at(2026, 2, 23, 10),
    )
    sent = messages(d, "dossier.refused")
    assert "Giấy tờ của ông A không hợp lệ" in sent["email"].body
    assert "khong duoc tiep nhan" in sent["sms"].body and "ong A" not in sent["sms"].body


def test_a_rolled_back_event_leaves_no_message(in_processing, staff):
    d = in_processing()
    before = Message.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 2, 24, 9))
        services.result_ready(actor=staff.spec_a, dossier=d, at=at(2026, 2, 24, 10))
        assert Message.objects.count() == before + 1  # written with the event…
        raise RuntimeError  # …and gone with it
    assert Message.objects.count() == before
    assert Dossier.objects.get(pk=d.pk).events.filter(kind="result_ready").count() == 0


def test_a_recompute_announces_each_moved_appointment_once(
    in_processing, org, django_capture_on_commit_callbacks
):
    from motcua.workcal.models import OverrideKind
    from motcua.workcal.services import add_override

    moved = in_processing()
    with django_capture_on_commit_callbacks(execute=True):
        add_override(
            actor=None,
            agency=org.province,
            date=dt.date(2026, 2, 25),
            kind=OverrideKind.DAY_OFF,
            reason="Nghỉ bão",
        )
    sms = messages(moved, "dossier.due_recomputed")["sms"]
    assert "26/02/2026" in sms.body and "27/02/2026" in sms.body
    assert Message.objects.filter(purpose="dossier.due_recomputed").count() == 1


def test_an_event_announced_twice_still_speaks_once(receive):
    """The receiver may run again for the same event (a replayed signal): the unique
    (event, channel, purpose) keeps one message per channel."""
    from motcua.outbound.citizen import on_event_recorded

    d = receive(applicant=WITH_EMAIL)
    event = d.events.get(kind="received")
    on_event_recorded(None, event=event, dossier=d)
    assert Message.objects.filter(source_event=event).count() == 2  # email + sms, once each
