"""Official forms printed from real dossiers: each form reads the event that produced it."""

import io
import unicodedata

import pytest
from pypdf import PdfReader

from motcua.dossiers import inputs, printing, services
from motcua.dossiers.models import Delivery

from .conftest import at

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))


@pytest.fixture
def full_story(in_processing, staff):
    """Received, supplemented, extended, approved, returned — every form but 03 and 05."""
    d = in_processing()
    d = services.request_supplement(
        actor=staff.spec_a,
        dossier=d,
        reason="Thiếu giấy chứng sinh bản chính",
        missing=[inputs.MissingDocument("Giấy chứng sinh", "original", 1)],
        at=at(2026, 2, 24, 9),
    )
    d = services.record_supplement(actor=staff.counter, dossier=d, at=at(2026, 2, 25, 9))
    d = services.extend(
        actor=staff.head_a,
        dossier=d,
        new_due=at(2026, 3, 4, 16),
        reason="Cần xác minh thêm",
        at=at(2026, 2, 26, 8),
    )
    d = services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 3, 2, 9))
    d = services.result_ready(actor=staff.spec_a, dossier=d, at=at(2026, 3, 2, 10))
    return services.return_result(
        actor=staff.counter,
        dossier=d,
        method=Delivery.COUNTER,
        recipient_name="Nguyễn Thị Hường",
        at=at(2026, 3, 3, 9),
    )


@pytest.mark.parametrize("number", ["01", "02", "04", "06"])
def test_each_form_prints_with_the_applicants_name(client, full_story, staff, number):
    client.force_login(staff.counter)
    url = f"/can-bo/in/ho-so/{full_story.code}/mau-{number}/"
    text = pdf_text(client.get(url + "?dinh-dang=pdf"))
    assert "Nguyễn Thị Hường" in text
    assert full_story.code in text.replace("\n", "")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    html = client.get(url).content.decode()
    assert "Nguyễn Thị Hường" in html


def test_receipt_keeps_the_first_appointment_and_links_the_lookup(full_story):
    form = printing.build("01", full_story, base_url="https://motcua.example.vn/")
    assert form.appointment_at == at(2026, 2, 26, 10)
    assert form.lookup_url == f"https://motcua.example.vn/tra-cuu/?ma={full_story.code}"


def test_apology_letter_carries_old_and_new_dates(full_story):
    form = printing.build("04", full_story)
    assert form.original_due_at == at(2026, 2, 27, 10)  # after the one-day supplement pause
    assert form.new_due_at == at(2026, 3, 4, 16)


def test_control_sheet_judges_each_handover(full_story):
    form = printing.control_sheet(full_story)
    notes = [row.note for row in form.rows]
    assert notes[0] == "Tiếp nhận hồ sơ" and notes[-1] == "Trả kết quả"
    results = {row.note: row.result for row in form.rows}
    assert results["Tiếp nhận hồ sơ"] is None
    assert results["Đã có kết quả"] == "late"  # the extension does not excuse it


def test_refusal_and_stop_forms(org, staff, procs, in_processing, client):
    refused = services.refuse_intake(
        actor=staff.counter,
        receiving_agency=org.center,
        procedure=procs.three_days,
        applicant=inputs.Applicant(name="Đặng Quốc Bảo"),
        reasons="Hồ sơ không thuộc thẩm quyền.\nThiếu tờ khai.",
        at=at(2026, 2, 23, 9),
    )
    assert printing.refusal(refused).reasons == ("Hồ sơ không thuộc thẩm quyền.", "Thiếu tờ khai.")
    stopped = services.stop(
        actor=staff.head_a,
        dossier=in_processing(),
        reason="Không bổ sung",
        legal_ground="Khoản 2 Điều 20 Nghị định 118/2025/NĐ-CP",
        at=at(2026, 2, 24, 9),
    )
    client.force_login(staff.head_a)
    text = pdf_text(client.get(f"/can-bo/in/ho-so/{stopped.code}/mau-05/?dinh-dang=pdf"))
    assert "Khoản 2 Điều 20" in text


def test_a_form_the_timeline_cannot_produce_is_404(client, in_processing, staff):
    d = in_processing()
    client.force_login(staff.counter)
    assert client.get(f"/can-bo/in/ho-so/{d.code}/mau-05/").status_code == 404
    assert client.get(f"/can-bo/in/ho-so/{d.code}/mau-99/").status_code == 404
    assert printing.available_forms(d) == [
        ("01", printing.FORMS["01"][0]),
        ("06", printing.FORMS["06"][0]),
    ]


def test_forms_of_another_units_dossier_are_404(client, in_processing, staff):
    d = in_processing()
    client.force_login(staff.spec_b)
    assert client.get(f"/can-bo/in/ho-so/{d.code}/mau-01/").status_code == 404
    client.force_login(staff.other_leader)
    assert client.get(f"/can-bo/in/ho-so/{d.code}/mau-06/").status_code == 404


def test_register_book_pdf_and_xlsx(client, full_story, receive, staff):
    from openpyxl import load_workbook

    receive(when=at(2026, 2, 27, 9))
    client.force_login(staff.counter)
    query = "?tu=2026-02-01&den=2026-02-28"
    text = pdf_text(client.get("/can-bo/in/so-theo-doi/" + query + "&dinh-dang=pdf"))
    assert "SỔ THEO DÕI HỒ SƠ" in text.upper() and "Nguyễn Thị Hường" in text
    response = client.get("/can-bo/in/so-theo-doi/" + query + "&dinh-dang=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [
        c.value for row in sheet.iter_rows() for c in row if c.value and "-2602" in str(c.value)
    ]
    assert len(codes) == 2
    html = client.get("/can-bo/in/so-theo-doi/" + query).content.decode()
    assert full_story.code in html


def test_register_shows_nothing_outside_scope(client, full_story, staff):
    client.force_login(staff.other_counter)
    html = client.get("/can-bo/in/so-theo-doi/?tu=2026-02-01&den=2026-03-31").content.decode()
    assert full_story.code not in html


def test_register_with_bad_dates_falls_back_instead_of_failing(client, staff, full_story):
    client.force_login(staff.counter)
    assert client.get("/can-bo/in/so-theo-doi/?tu=hom-qua&den=31-02-2026").status_code == 200
