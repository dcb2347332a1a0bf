"""Exports: the dashboard's tables as .xlsx numbers, the monthly report as an official PDF
(hand-built March 2026 dataset, tests/conftest.py)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.core.tests.xlsx_checks import HOSTILE_CELL, HOSTILE_NAME, text_cells
from motcua.indicators import exports, report
from motcua.indicators.periods import Period
from motcua.indicators.scopes import Scope
from motcua.indicators.tests.conftest import APRIL_15
from motcua.org.models import Agency, Role
from motcua.org.services import update_agency

pytestmark = pytest.mark.django_db

XLSX = "/can-bo/chi-so/xuat-excel/"
PDF = "/can-bo/chi-so/bao-cao-thang/"


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_TYPE
    return load_workbook(io.BytesIO(response.content))


def rows_by_first(sheet, column: int) -> dict:
    return {row[column]: row for row in sheet.iter_rows(values_only=True) if row[column]}


def test_the_scorecard_sheet_holds_numbers(client, people, org, march_full):
    client.force_login(people.leader)
    response = client.get(XLSX, {"ky": "2026-03"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="chi-so-{org.ward.code}-2026-03.xlsx"'
    )
    book = workbook(response)
    assert book.sheetnames[0] == "Bộ chỉ số 766"
    sheet = book["Bộ chỉ số 766"]
    assert sheet["A1"].value.startswith("BỘ CHỈ SỐ CHẤT LƯỢNG PHỤC VỤ")
    items = rows_by_first(sheet, 1)
    # Counted by hand (test_views): progress 8 of 11, online 5 of 11.
    progress = items["PROGRESS_ON_TIME"]
    assert progress[3:8] == (8, 11, pytest.approx(8 / 11), 14.55, 20)
    assert items["ONLINE_DOSSIERS"][3:5] == (5, 11)
    # No data: empty cells and the reason, never a 0.
    sync = items["DOSSIER_SYNC"]
    assert sync[3:7] == (None, None, None, None)
    assert "Chưa có dữ liệu" in sync[8]
    # Formats: percentages as percentages, scores with 2 decimals.
    row = next(r for r in sheet.iter_rows() if r[1].value == "PROGRESS_ON_TIME")
    assert row[5].number_format == "0.00%"
    assert row[6].number_format == "0.00"
    groups = rows_by_first(sheet, 0)
    assert groups["Tổng điểm"][7] == 100
    assert groups["Tiến độ giải quyết"][6] == 14.55


def test_the_rates_sheets_hold_the_report_columns(client, people, org, march):
    client.force_login(people.leader)
    book = workbook(client.get(XLSX, {"ky": "2026-03"}))
    assert {"Theo đơn vị", "Theo thủ tục", "Theo tháng", "Xếp hạng"} <= set(book.sheetnames)
    sheet = book["Theo đơn vị"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "STT")
    units = rows_by_first(sheet, 1)
    unit_a = dict(zip(header, units[org.unit_a.display_name], strict=True))
    # Unit A in March: d1 d2 d3 d5 d6 d7 received; d1 d2 d3 d5 finished, d5 late.
    assert unit_a["Mới tiếp nhận"] == 6
    assert unit_a["Đã giải quyết"] == 4
    assert unit_a["— quá hạn"] == 1
    assert unit_a["% trước hạn, đúng hạn (mục tiêu 100%)"] == pytest.approx(0.75)
    total = dict(zip(header, units["Tổng cộng"], strict=True))
    assert total["Mới tiếp nhận"] == 7
    assert total["Đang quá hạn (hiện tại)"] is None  # a closed month: not "now"
    rate_cell = next(r for r in sheet.iter_rows() if r[1].value == org.unit_a.display_name)
    assert rate_cell[header.index("% trước hạn, đúng hạn (mục tiêu 100%)")].number_format == "0.00%"
    months = {r[0]: r for r in book["Theo tháng"].iter_rows(values_only=True)}
    assert months["03/2026"][3] == 7  # received in March (the "Mới tiếp nhận" column)


def test_shares_are_exact_and_empty_without_a_denominator():
    assert exports.share(5, 7) == 5 / 7
    assert exports.share(0, 0) is None
    assert exports.share(None, None) is None


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_monthly_report_pdf(client, people, org, march_full):
    client.force_login(people.leader)
    response = client.get(PDF, {"ky": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-thang-03-2026-{org.ward.code}.pdf"'
    )
    text = pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BÁO CÁO" in text
    assert "Tình hình tiếp nhận và giải quyết thủ tục hành chính tháng 03/2026" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG MỘT" in text  # the agency, with its diacritics
    assert "Ủy ban nhân dân phường Một báo cáo" in text
    # The numbers, the chart and the signature block.
    assert "tỷ lệ giải quyết trước hạn, đúng hạn 71,43 %" in text  # 5 of 7 resolved
    assert "Biểu đồ 1. Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (%)" in text
    assert "Mục tiêu 100 % hồ sơ trước hạn, đúng hạn" in text
    assert "Tổng điểm" in text and "14,55" in text
    assert "Nơi nhận:" in text and "TM. ỦY BAN NHÂN DÂN" in text
    assert "Phụ lục 1. Số liệu tiếp nhận, giải quyết hồ sơ theo đơn vị" in text


def test_a_units_monthly_report(org, march):
    document = report.monthly_report_document(
        Scope.of(org.unit_a), Period.month(2026, 3), now=APRIL_15
    )
    assert document["header"]["parent"] == "UBND PHƯỜNG MỘT"
    assert document["header"]["unit"] == "PHÒNG VĂN HÓA - XÃ HỘI"
    assert document["signature"]["lines"] == ["THỦ TRƯỞNG ĐƠN VỊ"]
    assert document["header"]["place_date"] == "Một, ngày 15 tháng 4 năm 2026"
    # A unit is split per procedure; the chart shows those procedures.
    labels = [bar["label"] for bar in document["chart"]["bars"]]
    assert labels == [
        "2.000002 — Cấp Giấy xác nhận tình trạng hôn nhân",
        "2.000001 — Đăng ký khai sinh",
    ]
    text = pdf_text(
        report.monthly_report_pdf(Scope.of(org.unit_a), Period.month(2026, 3), now=APRIL_15)
    )
    assert "PHÒNG VĂN HÓA - XÃ HỘI" in text
    assert "tháng 03/2026" in text


def test_the_report_chart_data_is_the_rates(org, march):
    chart = report.monthly_report_document(Scope.of(org.ward), Period.month(2026, 3), now=APRIL_15)[
        "chart"
    ]
    bars = {bar["label"]: bar["value"] for bar in chart["bars"]}
    assert bars == {org.unit_a.display_name: 75.0, org.unit_b.display_name: 100.0}
    assert chart["target"] == 100


def test_the_monthly_report_needs_a_month(client, people, march):
    client.force_login(people.leader)
    response = client.get(PDF, {"ky": "2026-Q1"})
    assert response.status_code == 400
    assert "Báo cáo tháng cần chọn một tháng" in response.content.decode()


def test_report_numbers_are_written_the_vietnamese_way():
    assert report.number(2971) == "2.971"
    assert report.number(Decimal("15.81")) == "15,81"
    assert report.number(Decimal("1234.5")) == "1.234,50"
    assert report.number(None) == "—"
    assert report.percent_text(Decimal("100.00")) == "100,00 %"


def test_a_formula_and_an_esc_in_a_unit_name_download_as_plain_text(
    client, people, org, march, make_staff
):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN, username="quantri_tk")
    update_agency(actor=admin, agency=org.unit_a, name=HOSTILE_NAME)
    client.force_login(people.leader)
    response = client.get(XLSX, {"ky": "2026-03"})
    assert response.status_code == 200
    assert text_cells(response.content, HOSTILE_CELL)  # in the per-unit sheet
    assert Agency.objects.get(pk=org.unit_a.pk).name == HOSTILE_NAME  # the ESC is kept
