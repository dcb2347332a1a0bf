"""Writing the catalogue workbook: the export of stored versions and the template."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from motcua.core.xlsx import write_cell

from .. import fees
from ..content import DocumentData, VersionData, version_as_data
from ..eforms import FieldDef, FieldType
from ..models import CopyType, DeadlineKind, OnlineLevel, ProcedureVersion, ResultDelivery
from . import eform_sheets
from .cells import COPY_WORDS
from .columns import (
    DOCUMENT_COLUMNS,
    MAX_ROWS,
    SHEET_DOCUMENTS,
    SHEET_GUIDE,
    SHEET_VERSIONS,
    VERSION_COLUMNS,
    Column,
)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B4A8B")
REQUIRED_FILL = PatternFill("solid", fgColor="B3261E")
WRAP = Alignment(wrap_text=True, vertical="top")


def _set(cell, value, number_format: str | None = None) -> None:
    write_cell(cell, value)
    if number_format:
        cell.number_format = number_format
    cell.alignment = WRAP


def _add_sheet(workbook, title: str, columns) -> object:
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.number_format:
            sheet.column_dimensions[letter].number_format = column.number_format
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1=f'"{",".join(column.choices)}"',
                allow_blank=not column.required,
            )
            validation.error = f"Chọn một trong: {', '.join(column.choices)}."
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2" if title == SHEET_VERSIONS else "A2"
    sheet.row_dimensions[1].height = 32
    return sheet


def _append(sheet, values_by_column: Iterable[tuple[Column, object]]) -> None:
    row = sheet.max_row + 1
    for index, (column, value) in enumerate(values_by_column, start=1):
        _set(sheet.cell(row=row, column=index), value, column.number_format)


def _add_guide(workbook) -> None:
    sheet = workbook.create_sheet(SHEET_GUIDE)
    rows = [("Sheet", "Cột", "Bắt buộc", "Nội dung, giá trị được phép")]
    for title, columns in (
        (SHEET_VERSIONS, VERSION_COLUMNS),
        (SHEET_DOCUMENTS, DOCUMENT_COLUMNS),
        (eform_sheets.SHEET_FIELDS, eform_sheets.FIELD_COLUMNS),
        (eform_sheets.SHEET_SLOTS, eform_sheets.SLOT_COLUMNS),
    ):
        for column in columns:
            allowed = f" Giá trị: {', '.join(column.choices)}." if column.choices else ""
            rows.append(
                (title, column.header, "có" if column.required else "", column.guide + allowed)
            )
    rows += [
        ("", "", "", ""),
        (
            "Lưu ý",
            "",
            "",
            "Mỗi dòng sheet 'Thủ tục' là một phiên bản; giấy tờ của phiên bản "
            "nằm ở sheet 'Giấy tờ', nối bằng Mã thủ tục và Hiệu lực từ.",
        ),
        (
            "Lưu ý",
            "",
            "",
            "Sheet 'Biểu mẫu điện tử' (câu hỏi khi nộp trực tuyến) và 'Tệp đính kèm' (giới hạn "
            "tệp của từng giấy tờ): có sheet thì biểu mẫu của mọi phiên bản trong tệp theo đúng "
            "các dòng của sheet (không có dòng: không có câu hỏi, giới hạn tệp mặc định); xóa "
            "sheet thì biểu mẫu đã lưu giữ nguyên. Biểu mẫu sửa được cả khi phiên bản đang có "
            "hiệu lực.",
        ),
        (
            "Lưu ý",
            "",
            "",
            "Có một dòng sai thì không dòng nào được nhập; hệ thống liệt kê mọi "
            "lỗi theo dòng và cột.",
        ),
        (
            "Lưu ý",
            "",
            "",
            "Phiên bản đã có hiệu lực không sửa được: để thay đổi, thêm dòng mới "
            "với ngày hiệu lực sau. Nhập lại đúng nội dung cũ thì được bỏ qua.",
        ),
    ]
    for values in rows:
        sheet.append(list(values))
    for letter, width in zip("ABCD", (12, 32, 10, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP


def _new_workbook():
    workbook = Workbook()
    workbook.remove(workbook.active)
    versions = _add_sheet(workbook, SHEET_VERSIONS, VERSION_COLUMNS)
    documents = _add_sheet(workbook, SHEET_DOCUMENTS, DOCUMENT_COLUMNS)
    _add_sheet(workbook, eform_sheets.SHEET_FIELDS, eform_sheets.FIELD_COLUMNS)
    _add_sheet(workbook, eform_sheets.SHEET_SLOTS, eform_sheets.SLOT_COLUMNS)
    _add_guide(workbook)
    return workbook, versions, documents


def _write_data(version_sheet, document_sheet, data: VersionData) -> None:
    _append(version_sheet, ((column, column.write(data)) for column in VERSION_COLUMNS))
    for order, document in enumerate(data.documents, start=1):
        values = (
            data.code,
            data.valid_from,
            order,
            document.name,
            COPY_WORDS[document.copy_type],
            document.quantity,
            document.note,
        )
        _append(document_sheet, zip(DOCUMENT_COLUMNS, values, strict=True))
    _write_eform(document_sheet.parent, data)


def _write_eform(workbook, data: VersionData) -> None:
    """The version's questions and slot limits (catalog.xlsx.eform_sheets)."""
    fields = workbook[eform_sheets.SHEET_FIELDS]
    for number, f in enumerate(data.eform_fields or (), start=1):
        row = eform_sheets.field_row(f, number, data.code, data.valid_from)
        _append(fields, zip(eform_sheets.FIELD_COLUMNS, row, strict=True))
    slots = workbook[eform_sheets.SHEET_SLOTS]
    for slot in data.eform_slots or ():
        row = eform_sheets.slot_row(slot, data.code, data.valid_from)
        _append(slots, zip(eform_sheets.SLOT_COLUMNS, row, strict=True))


def write_catalog(versions: Iterable[VersionData]) -> bytes:
    """A catalogue workbook holding ``versions`` (with their documents) and the guide."""
    workbook, version_sheet, document_sheet = _new_workbook()
    for data in versions:
        _write_data(version_sheet, document_sheet, data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_xlsx(versions: Iterable[ProcedureVersion]) -> bytes:
    """Xuất danh mục: the given versions as a workbook that imports back unchanged."""
    return write_catalog(version_as_data(version) for version in versions)


TEMPLATE_EXAMPLE = VersionData(
    code="1.004873",
    name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
    sector="Hộ tịch",
    valid_from=dt.date(2025, 7, 1),
    deadline_kind=DeadlineKind.DAYS,
    deadline_amount=3,
    same_day_cutoff=dt.time(15, 0),
    deadline_note="03 ngày làm việc; cần xác minh thì thêm 03 ngày làm việc.",
    fee_vnd=None,
    fee_note="Lệ phí do HĐND tỉnh quy định.",
    exemptions="Gia đình có công với cách mạng, hộ nghèo, người khuyết tật.",
    fee_rule=fees.parse(
        "lệ phí | cấp Giấy xác nhận tình trạng hôn nhân | mỗi hồ sơ | HĐND tỉnh: xac_nhan_hon_nhan",
        "co_cong_ngheo_khuyet_tat | Người thuộc gia đình có công với cách mạng, hộ nghèo, "
        "người khuyết tật | miễn | lệ phí | Luật Hộ tịch 2014, Điều 11 khoản 1 điểm a",
    ),
    online_level=OnlineLevel.PARTIAL,
    online_level_note="Nộp trực tuyến, bưu chính hoặc trực tiếp.",
    competent_unit_code="",
    result_delivery=(ResultDelivery.COUNTER, ResultDelivery.POSTAL),
    legal_basis="NĐ 123/2015/NĐ-CP",
    source="Ví dụ minh họa: thay bằng nguồn thật.",
    documents=(
        DocumentData("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu"),
        DocumentData("Giấy tờ tùy thân (CCCD/thẻ Căn cước/hộ chiếu)", CopyType.PRESENT_ONLY),
    ),
    online_level_basis="Ví dụ: Quyết định phê duyệt danh mục dịch vụ công trực tuyến của UBND "
    "tỉnh (ghi số, ngày).",
    eform_fields=(
        FieldDef("ho_ten", "Họ, chữ đệm, tên người yêu cầu", max_length=100),
        FieldDef("so_dinh_danh", "Số định danh cá nhân", FieldType.CITIZEN_ID),
        FieldDef("noi_cu_tru", "Nơi cư trú", FieldType.ADDRESS, page=2),
        FieldDef("muc_dich", "Mục đích sử dụng", page=2, max_length=300),
    ),
)


def template_xlsx() -> bytes:
    """Tệp mẫu: headers, one example version with its documents, and the guide sheet."""
    return write_catalog([TEMPLATE_EXAMPLE])
