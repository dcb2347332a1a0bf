"""Số on the forms from the agency's registers, and the signer's real title (issue #9 §4).

Mẫu 01 takes the receiving agency's receipt register, Mẫu 02–05 the ward's register of
outgoing documents; both restart at 1 each year, and a reprint shows the number taken
when the form was issued.
"""

import io
import unicodedata

import pytest
from pypdf import PdfReader

from motcua.catalog.models import ProcedureVersion, SigningAuthority
from motcua.dossiers import events, inputs, printing, services
from motcua.dossiers.models import Register, RegisterCounter
from motcua.dossiers.official_forms.render import form_document, form_pdf

from .conftest import at

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))


def test_receipt_numbers_run_per_agency_and_year_not_per_day(receive, org, staff):
    first = receive(when=at(2026, 2, 23, 10))
    second = receive(when=at(2026, 2, 24, 10))  # another day: the count goes on
    next_year = receive(when=at(2027, 1, 4, 10))
    numbers = [printing.build("01", d).number for d in (first, second, next_year)]
    assert numbers == ["01", "02", "01"]
    # The daily dossier code restarts; the register number does not.
    assert first.code.endswith("-0001") and second.code.endswith("-0001")
    assert (
        RegisterCounter.objects.get(agency=org.center, year=2026, register=Register.RECEIPT).last
        == 2
    )


def test_a_reprint_shows_the_same_number(receive):
    d = receive()
    receive(when=at(2026, 2, 23, 11))  # a later intake takes the next number
    assert printing.build("01", d).number == printing.build("01", d).number == "01"


def test_outgoing_forms_share_the_wards_register(in_processing, staff, receive, procs):
    a = services.request_supplement(
        actor=staff.spec_a, dossier=in_processing(), missing=[], reason="Thiếu",
        at=at(2026, 2, 24, 9),
    )  # fmt: skip
    b = services.extend(
        actor=staff.head_a, dossier=in_processing(), new_due=at(2026, 3, 4, 16),
        reason="Chờ xác minh", at=at(2026, 2, 24, 10),
    )  # fmt: skip
    in_unit_b = services.forward(
        actor=staff.counter, dossier=receive(procs.unit_b), at=at(2026, 2, 23, 11)
    )
    c = services.stop(
        actor=staff.head_b, dossier=in_unit_b, reason="Hết căn cứ", at=at(2026, 2, 24, 11)
    )
    numbers = [printing.build(no, d).number for no, d in (("02", a), ("04", b), ("05", c))]
    assert numbers == ["01", "02", "03"]  # units A and B number in one ward register
    assert events.Stopped.read(c.events.get(kind="stopped")).register_number == 3


def _stopped(in_processing, staff, procedure=None):
    return services.stop(
        actor=staff.head_a,
        dossier=in_processing(procedure),
        reason="Người nộp không bổ sung",
        legal_ground="Khoản 2 Điều 19 Nghị định 118/2025/NĐ-CP",
        at=at(2026, 2, 24, 9),
    )


def test_a_civil_status_stop_is_signed_for_the_committee(in_processing, staff):
    # The test procedures are in the "Hộ tịch" sector: a Vice-Chairman signs by default.
    d = _stopped(in_processing, staff)
    form = printing.build("05", d)
    assert form.signer.title == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    # The unit head who recorded the stop is not the Vice-Chairman: the name is left blank.
    assert form.signer.full_name == ""
    text = pdf_text(form_pdf(form))
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text


def test_the_versions_own_authority_wins(in_processing, staff, procs):
    ProcedureVersion.objects.filter(procedure=procs.three_days).update(
        signing_authority=SigningAuthority.UNIT_HEAD
    )
    form = printing.build("05", _stopped(in_processing, staff))
    assert form.signer.title == "TRƯỞNG PHÒNG"
    assert form.signer.full_name == staff.head_a.display_name
    text = pdf_text(form_pdf(form))
    assert "TRƯỞNG PHÒNG" in text and staff.head_a.display_name in text


def test_the_apology_is_signed_by_the_late_units_head(in_processing, staff):
    d = services.extend(
        actor=staff.head_a,
        dossier=in_processing(),
        new_due=at(2026, 3, 4, 16),
        reason="Chờ xác minh",
        at=at(2026, 2, 24, 10),
    )
    form = printing.build("04", d)
    assert (form.signer.title, form.signer.full_name) == (
        "TRƯỞNG PHÒNG",
        staff.head_a.display_name,
    )
    text = pdf_text(form_pdf(form))
    assert "TRƯỞNG PHÒNG" in text and "Số: 01" in text


def test_recipients_are_listed_once(in_processing, staff):
    d = _stopped(in_processing, staff)
    closing = next(
        b for b in form_document(printing.build("05", d))["blocks"] if b.get("recipients")
    )
    lines = closing["recipients"]
    assert len(lines) == len(set(lines))
    assert lines[-1] == "- Lưu: VT." and sum("Lưu" in line for line in lines) == 1


def test_the_register_counts_sets_not_document_types(receive, org):
    d = receive(
        documents=[
            inputs.ReceivedDocument("Tờ khai", "original", 1),
            inputs.ReceivedDocument("Giấy chứng sinh", "original", 1),
            inputs.ReceivedDocument("CCCD", "copy", 2),
        ]
    )
    form = printing.register(org.center, [d], at(2026, 2, 23).date(), at(2026, 2, 23).date())
    assert [row.quantity for row in form.rows] == [1]
