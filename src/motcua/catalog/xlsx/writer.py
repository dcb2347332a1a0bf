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
from ..models import CopyType, DeadlineKind, OnlineLevel, ProcedureVersion, ResultDelivery
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
    for title, columns in ((SHEET_VERSIONS, VERSION_COLUMNS), (SHEET_DOCUMENTS, DOCUMENT_COLUMNS)):
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
)


def template_xlsx() -> bytes:
    """Tệp mẫu: headers, one example version with its documents, and the guide sheet."""
    return write_catalog([TEMPLATE_EXAMPLE])
