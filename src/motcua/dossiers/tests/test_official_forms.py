"""Mẫu 01–07 (TT 03/2025/TT-VPCP): PDF, HTML print view and Excel register."""

import dataclasses
import datetime as dt
import io
import re
import unicodedata

import pytest
import segno
from django.template.loader import render_to_string
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.core.qr import QUIET_ZONE, qr_svg
from motcua.dossiers.official_forms import samples, wording
from motcua.dossiers.official_forms.context import (
    Applicant,
    ControlSheetRow,
    CopyType,
    DocumentLine,
    HandoverResult,
    RegisterForm,
)
from motcua.dossiers.official_forms.render import (
    form_document,
    form_filename,
    form_html_context,
    form_pdf,
    register_xlsx,
)

COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
A4 = (595, 842)
FORMS = sorted(samples.ALL_FORMS)
LANDSCAPE = {"06", "07"}
TITLES = {
    "01": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "02": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "03": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "04": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    "05": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    "06": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    "07": "SỔ THEO DÕI HỒ SƠ",
}
HUONG = samples.HUONG
BAO = samples.BAO


def pages_text(pdf: bytes) -> list[str]:
    """Text of each page, NFC, with runs of whitespace collapsed (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(unicodedata.normalize("NFC", p.extract_text()).split()) for p in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def make(form_no: str, applicant: Applicant):
    return samples.ALL_FORMS[form_no](applicant=applicant)


# -- PDF --------------------------------------------------------------------------------


@pytest.mark.parametrize("form_no", FORMS)
@pytest.mark.parametrize("applicant", [HUONG, BAO], ids=["huong", "bao"])
def test_pdf_is_a4_and_says_who_what_and_which_dossier(form_no, applicant):
    pdf = form_pdf(make(form_no, applicant))
    assert pdf.startswith(b"%PDF")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
    assert size == (A4[::-1] if form_no in LANDSCAPE else A4)
    text = pdf_text(pdf)
    assert applicant.full_name in text
    assert COUNTRY in text and MOTTO in text
    assert TITLES[form_no] in text
    assert "TRUNG TÂM PHỤC VỤ" in text and "ỦY BAN NHÂN DÂN" in text
    if form_no == "07":
        assert "000.00.01.H29-260201-0001" in text
    else:
        assert samples.CODE in text


def test_receipt_pdf_prints_times_fees_and_register_entry_in_vietnamese():
    text = pdf_text(form_pdf(samples.receipt()))
    assert "Số: 125/TNHS" in text
    assert "Hòa Bình, ngày 25 tháng 02 năm 2026" in text
    assert "Thời gian nhận hồ sơ: 10 giờ 00 phút, ngày 25/02/2026" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 02/03/2026" in text
    assert "03 ngày làm việc" in text
    assert "1.234.567 đồng" in text
    assert "Quyển số: 01/2026" in text and "Số thứ tự: 125" in text
    assert "Bản sao có chứng thực" in text and "Bản chụp" in text
    assert "lập thành 02 bản" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert "Trần Thu Hà" in text


def test_receipt_fits_on_one_page():
    assert len(PdfReader(io.BytesIO(form_pdf(samples.receipt()))).pages) == 1


def test_receipt_without_fee_says_so():
    text = pdf_text(form_pdf(samples.receipt(fee_vnd=0)))
    assert "Không thu phí, lệ phí" in text


def test_times_are_printed_in_vietnam_whatever_zone_they_come_in():
    utc = dt.datetime(2026, 2, 25, 3, 0, tzinfo=dt.UTC)
    text = pdf_text(form_pdf(samples.receipt(received_at=utc)))
    assert "10 giờ 00 phút, ngày 25/02/2026" in text


def test_decomposed_vietnamese_comes_back_composed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert decomposed != "Nguyễn Thị Hường"
    form = samples.receipt(applicant=Applicant(full_name=decomposed))
    pdf = form_pdf(form)
    raw = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    # Typst shapes composed glyphs and the PDF maps them back to composed text.
    assert "Nguyễn Thị Hường" in raw
    assert "Nguyễn Thị Hường" in form_document(form)["blocks"][1]["spans"][1]["text"]


INJECTION = 'Lê #strong[Tý] *đậm* $x^2$ [a] \\ "q" #panic("x") <b>'


@pytest.mark.parametrize("form_no", FORMS)
def test_an_applicant_name_cannot_inject_typst(form_no):
    form = make(form_no, Applicant(full_name=INJECTION, address="#set page(width: 1cm)"))
    pdf = form_pdf(form)
    text = pdf_text(pdf)
    assert INJECTION in text
    assert "#set page(width: 1cm)" in text
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(float(page.mediabox.width)) in A4


def qr_modules_in_pdf(pdf: bytes) -> set[tuple[int, int]]:
    """The dark modules Typst drew for the QR: it converts segno's SVG path into PDF line
    segments in module units ('x y.5 m x2 y.5 l'), which we read back row by row."""
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    cells = set()
    for start, row, end in re.findall(r"(?<![\d.])(\d+) (\d+)\.5 m (\d+) \2\.5 l", content):
        cells |= {(int(row), column) for column in range(int(start), int(end))}
    return cells


def test_receipt_pdf_carries_the_qr_code_of_the_lookup_url():
    pdf = form_pdf(samples.receipt())
    matrix = segno.make_qr(samples.LOOKUP_URL, error="m", boost_error=True).matrix
    expected = {
        (r + QUIET_ZONE, c + QUIET_ZONE)
        for r, row in enumerate(matrix)
        for c, dark in enumerate(row)
        if dark
    }
    assert qr_modules_in_pdf(pdf) == expected
    other = form_pdf(samples.receipt(lookup_url=samples.LOOKUP_URL + "-khac"))
    assert qr_modules_in_pdf(other) != expected
    assert form_document(samples.receipt())["qr"]["svg"] == qr_svg(samples.LOOKUP_URL)
    assert samples.LOOKUP_URL in pdf_text(pdf)


def test_only_the_receipt_has_a_qr_code():
    assert qr_modules_in_pdf(form_pdf(samples.refusal())) == set()


def test_supplement_request_puts_each_quantity_under_its_copy_type():
    table = next(
        b for b in form_document(samples.supplement_request())["blocks"] if b["kind"] == "table"
    )
    assert [c["text"] for c in table["header"][1]] == [
        "Bản chính",
        "Bản sao có chứng thực",
        "Bản chụp",
    ]
    assert table["rows"][1] == ["2", "Hợp đồng thuê nhà có công chứng", "", "02", ""]
    assert table["rows"][3] == ["4", "Căn cước (xuất trình)", "01", "", ""]
    text = pdf_text(form_pdf(samples.supplement_request()))
    assert "Lê Minh Tuấn, số điện thoại 0225 3 123 456" in text
    assert "Lý do: Hợp đồng thuê nhà đã hết hạn" in text


def test_refusal_lists_every_reason():
    text = pdf_text(form_pdf(samples.refusal()))
    assert "1. Thửa đất nằm trong khu vực đã có quyết định thu hồi đất." in text
    assert "2. Thủ tục không thuộc thẩm quyền" in text


def test_apology_states_both_dates_the_reason_and_who_signs():
    text = pdf_text(form_pdf(samples.apology()))
    assert "Kính gửi: Ông/Bà Nguyễn Thị Hường" in text
    assert "10 giờ 00 phút, ngày 02/03/2026" in text
    assert "16 giờ 30 phút, ngày 05/03/2026" in text
    assert "xin lỗi" in text and "Lý do: Cần xác minh" in text
    assert "Nơi nhận:" in text and "- Chủ tịch UBND phường (để báo cáo);" in text
    assert "GIÁM ĐỐC" in text and "Phạm Văn Long" in text
    assert "Hòa Bình, ngày 01 tháng 3 năm 2026" in text


def test_stop_notice_gives_reason_and_legal_ground():
    text = pdf_text(form_pdf(samples.stop()))
    assert "Căn cứ pháp lý: Khoản 2 Điều 19 Nghị định 118/2025/NĐ-CP." in text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text


def test_control_sheet_shows_every_hand_over():
    text = pdf_text(form_pdf(samples.control_sheet()))
    for expected in (
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Vũ Thị Lan",
        "09 giờ 30 phút, ngày 27/02/2026",
        "Đã gửi văn bản xin lỗi",
        "Công an phường Hòa Bình",
    ):
        assert expected in text


@pytest.mark.slow
def test_long_register_runs_over_pages_with_its_heading_on_each():
    register = samples.register(rows=120)
    pages = pages_text(form_pdf(register))
    assert len(pages) >= 3
    for page in pages:
        assert "STT Mã hồ sơ" in page
        assert "Ngày, tháng, năm" in page
    text = " ".join(pages)
    for row in register.rows:
        assert row.dossier_code in text
    assert "SỔ THEO DÕI HỒ SƠ" in pages[0] and "SỔ THEO DÕI HỒ SƠ" not in pages[1]
    assert f"Trang 1 / {len(pages)}" in pages[0]


def test_empty_register_still_prints_its_heading():
    register = dataclasses.replace(samples.register(), rows=())
    text = pdf_text(form_pdf(register))
    assert "Từ ngày 01/02/2026 đến ngày 28/02/2026" in text and "Mã hồ sơ" in text


# -- HTML print view --------------------------------------------------------------------


@pytest.mark.parametrize("form_no", FORMS)
def test_print_view_renders_the_same_document(form_no):
    name, context = form_html_context(make(form_no, BAO))
    html = render_to_string(name, context)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "@page { size: A4" in html
    assert ("landscape" in html.split("@page")[1].split(";")[0]) == (form_no in LANDSCAPE)
    assert "data-print" in html and "no-print" in html
    assert "Đặng Quốc Bảo" in html and COUNTRY in html and MOTTO in html
    assert TITLES[form_no] in html
    assert ("000.00.01.H29-260201-0001" if form_no == "07" else samples.CODE) in html


def test_print_view_embeds_the_qr_code():
    name, context = form_html_context(samples.receipt())
    html = render_to_string(name, context)
    assert '<img src="data:image/svg+xml' in html
    assert context["doc"]["qr"]["data_uri"] in html


def test_print_view_escapes_whatever_the_applicant_typed():
    evil = Applicant(full_name='<script>alert("x")</script> Hường', address="a\nb")
    name, context = form_html_context(samples.receipt(applicant=evil))
    html = render_to_string(name, context)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Hường" in html
    assert "a<br>b" in html


def test_print_view_register_keeps_every_row_and_its_heading():
    name, context = form_html_context(samples.register(rows=30))
    html = render_to_string(name, context)
    assert html.count("<tr>") == 2 + 30
    assert "<thead>" in html and 'colspan="5"' in html and 'rowspan="2"' in html


# -- Excel register ---------------------------------------------------------------------


def test_register_exports_to_excel_with_title_headings_and_rows():
    register = samples.register(rows=120)
    sheet = load_workbook(io.BytesIO(register_xlsx(register))).active
    assert sheet["A1"].value == "SỔ THEO DÕI HỒ SƠ — Trung tâm Phục vụ hành chính công"
    assert "Từ ngày 01/02/2026 đến ngày 28/02/2026" in sheet["A2"].value
    assert [sheet.cell(3, c).value for c in range(1, 5)] == [
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
    ]
    assert sheet.cell(3, 8).value == "Ngày, tháng, năm" and sheet.cell(4, 8).value == "Nhận hồ sơ"
    assert sheet.max_row == 4 + 120
    first = [cell.value for cell in sheet[5]]
    assert first[:3] == [1, "000.00.01.H29-260201-0001", "Chứng thực bản sao từ bản chính"]
    # Local wall-clock time, as on paper, stored as a real date-time.
    assert first[7] == dt.datetime(2026, 2, 1, 8, 15)
    assert sheet.cell(5, 8).number_format == "dd/mm/yyyy hh:mm"
    assert first[10] is None
    assert sheet.print_title_rows == "$3:$4"
    codes = [sheet.cell(row, 2).value for row in range(5, sheet.max_row + 1)]
    assert codes == [row.dossier_code for row in register.rows]


# -- Data and wording -------------------------------------------------------------------


def test_forms_refuse_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        samples.receipt(received_at=dt.datetime(2026, 2, 25, 10, 0))
    with pytest.raises(ValueError, match="aware"):
        ControlSheetRow("A", "B", dt.datetime(2026, 2, 25, 10, 0), "x", "y")


def test_codes_from_the_catalogue_are_accepted_as_enums():
    assert DocumentLine("Tờ khai", "certified_copy").copy_type is CopyType.CERTIFIED_COPY
    row = ControlSheetRow("A", "B", samples.at(25, 10), "x", "y", "late")
    assert row.result is HandoverResult.LATE
    with pytest.raises(ValueError):
        DocumentLine("Tờ khai", "fax")


def test_register_period_must_not_run_backwards():
    with pytest.raises(ValueError):
        RegisterForm(samples.HEADER, dt.date(2026, 3, 1), dt.date(2026, 2, 1), ())


def test_wording_follows_official_conventions():
    assert wording.place_and_date("Hòa Bình", dt.date(2026, 2, 5)) == (
        "Hòa Bình, ngày 05 tháng 02 năm 2026"
    )
    assert wording.place_and_date("Hòa Bình", dt.date(2026, 11, 25)) == (
        "Hòa Bình, ngày 25 tháng 11 năm 2026"
    )
    assert wording.place_and_date("Hòa Bình", dt.date(2026, 3, 9)).endswith(
        "ngày 09 tháng 3 năm 2026"
    )
    assert wording.clock_and_date(samples.at(25, 7, 5)) == "07 giờ 05 phút, ngày 25/02/2026"
    assert wording.clock_and_date(None) == wording.BLANK
    assert wording.dong(1_234_567) == "1.234.567 đồng"
    assert wording.two_digits(3) == "03"


def test_agency_names_break_between_words_into_even_lines():
    assert wording.balanced_lines("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", 26) == (
        "TRUNG TÂM PHỤC VỤ\nHÀNH CHÍNH CÔNG"
    )
    assert wording.balanced_lines("ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH", 30) == (
        "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH"
    )
    assert wording.balanced_lines("UBND PHƯỜNG HÒA BÌNH", 30) == "UBND PHƯỜNG HÒA BÌNH"
    # A break the caller wrote stays; each part is balanced on its own.
    assert wording.balanced_lines("SỞ TƯ PHÁP\nTHÀNH PHỐ HẢI PHÒNG", 30) == (
        "SỞ TƯ PHÁP\nTHÀNH PHỐ HẢI PHÒNG"
    )
    long_name = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG HÒA BÌNH THÀNH PHỐ HẢI PHÒNG"
    lines = wording.balanced_lines(long_name, 26).split("\n")
    assert len(lines) == 3 and " ".join(lines) == long_name
    assert max(map(len, lines)) - min(map(len, lines)) <= 6


def test_empty_contact_fields_leave_a_line_to_write_on():
    document = form_document(samples.supplement_request(applicant=Applicant("Đặng Quốc Bảo")))
    phone_line = document["blocks"][2]
    assert phone_line["spans"][1]["text"] == wording.BLANK


def test_download_names_are_ascii():
    assert form_filename(samples.receipt()) == "mau-01-000.00.01.H29-260225-0001.pdf"
    assert form_filename(samples.register(), "xlsx") == "mau-07-20260201-20260228.xlsx"


def test_anything_else_is_not_a_form():
    with pytest.raises(TypeError):
        form_pdf(HUONG)
