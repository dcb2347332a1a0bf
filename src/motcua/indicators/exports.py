"""Xuất Excel: the dashboard's tables as a workbook of numbers.

Counts are integers, scores numbers with two decimals, rates real fractions shown as
percentages (0.7143 formatted ``0.00%``), so a spreadsheet can sum, sort and chart them.
"No data" stays an empty cell with its reason beside it, never a 0.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from motcua.core.formatting import format_datetime
from motcua.core.xlsx import append_row, writable_text

from .periods import Period
from .presenting.dashboard import Dashboard, RankRow, TrendRow
from .presenting.tables import RateTableView, ScorecardView
from .rates import RateRow
from .scopes import Scope

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT = "0.00%"
DECIMAL = "0.00"
COUNT = "#,##0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
GROUP_FILL = PatternFill("solid", fgColor="F5F7FA")
WRAP = Alignment(wrap_text=True, vertical="top")


def filename(scope: Scope, period: Period, extension: str) -> str:
    """chi-so-H26.80-2026-03.xlsx (ASCII: agency and procedure codes, the period key)."""
    parts = ["chi-so", scope.agency.code]
    if scope.procedure is not None:
        parts.append(scope.procedure.code)
    parts.append(period.key.replace("..", "_"))
    return "-".join(parts) + f".{extension}"


def share(numerator: int | None, denominator: int | None) -> float | None:
    """numerator ÷ denominator as Excel stores a percentage (5/7 → 0.714…, shown 71.43%
    by the cell's format); empty when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


# --- writing helpers --------------------------------------------------------------------------


def _heading(sheet: Worksheet, title: str, board: Dashboard) -> int:
    """Title, scope, period and the moment the numbers stand at; returns the next row."""
    selection = board.selection
    append_row(sheet, [title])
    sheet["A1"].font = TITLE
    append_row(sheet, ["Phạm vi", selection.scope.label])
    append_row(sheet, ["Kỳ báo cáo", selection.period.label])
    append_row(sheet, ["Số liệu tính đến", format_datetime(board.as_of)])
    append_row(sheet, ())
    return sheet.max_row + 1


def _header_row(sheet: Worksheet, titles: list[str]) -> None:
    append_row(sheet, titles)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.freeze_panes = sheet.cell(row=sheet.max_row + 1, column=1)


def _append(sheet: Worksheet, values: list[Any], formats: dict[int, str], *, bold=False) -> None:
    """A data row; ``formats`` maps a column index (0-based) to an Excel number format."""
    append_row(sheet, values)
    for index, cell in enumerate(sheet[sheet.max_row]):
        if index in formats and cell.value is not None:
            cell.number_format = formats[index]
        if bold:
            cell.font = BOLD


def _widths(sheet: Worksheet, widths: Iterable[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


# --- the scorecard ----------------------------------------------------------------------------

SCORE_HEADERS = [
    "Nhóm chỉ số",
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Tử số",
    "Mẫu số",
    "Tỷ lệ",
    "Điểm",
    "Điểm tối đa",
    "Ghi chú",
]
SCORE_FORMATS = {3: COUNT, 4: COUNT, 5: PERCENT, 6: DECIMAL, 7: COUNT}


def write_scorecard(sheet: Worksheet, card: ScorecardView, board: Dashboard) -> None:
    _heading(sheet, "BỘ CHỈ SỐ CHẤT LƯỢNG PHỤC VỤ (Quyết định 766/QĐ-TTg)", board)
    _header_row(sheet, SCORE_HEADERS)
    for group in card.groups:
        group_row = [group.label, "", "", None, None, None, group.score, group.max, ""]
        _append(sheet, group_row, SCORE_FORMATS, bold=True)
        for cell in sheet[sheet.max_row]:
            cell.fill = GROUP_FILL
        for view in group.items:
            item = view.item
            note = item.needed_text if view.has_data else item.count.no_data_reason
            _append(
                sheet,
                [
                    "",
                    item.code,
                    item.label,
                    item.numerator,
                    item.denominator,
                    share(item.numerator, item.denominator),
                    item.score,
                    item.max,
                    note,
                ],
                SCORE_FORMATS,
            )
            for cell in sheet[sheet.max_row]:
                cell.alignment = WRAP
    total = ["Tổng điểm", "", "", None, None, None, card.total, card.total_max, card.measured_text]
    _append(sheet, total, SCORE_FORMATS, bold=True)
    _widths(sheet, [24, 30, 48, 10, 10, 10, 10, 11, 60])


# --- the directive's rates --------------------------------------------------------------------

# (header, value of a RateRow, number format) — the columns of the monthly report on
# receiving and resolving dossiers, then the directive's rates.
RATE_COLUMNS: list[tuple[str, Callable[[RateRow], Any], str]] = [
    ("Tổng số phải giải quyết", lambda r: r.handled, COUNT),
    ("Kỳ trước chuyển qua", lambda r: r.carried_over, COUNT),
    ("Mới tiếp nhận", lambda r: r.received, COUNT),
    ("— trực tuyến", lambda r: r.received_online, COUNT),
    ("— trực tiếp", lambda r: r.received_counter, COUNT),
    ("— bưu chính công ích", lambda r: r.received_postal, COUNT),
    ("Trực tuyến toàn trình", lambda r: r.received_fully_online, COUNT),
    ("Đã giải quyết", lambda r: r.finished, COUNT),
    ("— trước hạn", lambda r: r.finished_early, COUNT),
    ("— đúng hạn", lambda r: r.finished_on_time, COUNT),
    ("— quá hạn", lambda r: r.finished_late, COUNT),
    ("Đang giải quyết", lambda r: r.in_progress, COUNT),
    ("— trong hạn", lambda r: r.in_progress_within, COUNT),
    ("— quá hạn", lambda r: r.in_progress_overdue, COUNT),
    ("Hồ sơ có phí, lệ phí", lambda r: r.fee, COUNT),
    ("— thanh toán trực tuyến", lambda r: r.fee_paid_online, COUNT),
    ("% trước hạn, đúng hạn (mục tiêu 100%)", lambda r: share(r.finished_early + r.finished_on_time,
                                                              r.finished), PERCENT),
    ("% trực tuyến toàn trình", lambda r: share(r.received_fully_online, r.received), PERCENT),
    ("% thanh toán trực tuyến", lambda r: share(r.fee_paid_online, r.fee), PERCENT),
    ("Thời gian giải quyết TB (ngày làm việc)", lambda r: r.avg_processing_days, DECIMAL),
    ("Đang quá hạn (hiện tại)", lambda r: r.open_overdue, COUNT),
]  # fmt: skip


def _rate_values(row: RateRow) -> list[Any]:
    return [value(row) for _, value, _ in RATE_COLUMNS]


def write_rates(sheet: Worksheet, table: RateTableView, board: Dashboard, title: str) -> None:
    _heading(sheet, title, board)
    _header_row(sheet, ["STT", table.group_label] + [header for header, _, _ in RATE_COLUMNS])
    formats = {index + 2: number_format for index, (_, _, number_format) in enumerate(RATE_COLUMNS)}
    for number, view in enumerate(table.rows, start=1):
        _append(sheet, [number, view.label, *_rate_values(view.row)], formats)
    if table.table.group_by is not None:
        _append(sheet, ["", "Tổng cộng", *_rate_values(table.total.row)], formats, bold=True)
    _widths(sheet, [6, 48] + [13] * len(RATE_COLUMNS))


def write_trend(sheet: Worksheet, rows: list[TrendRow], board: Dashboard) -> None:
    _heading(sheet, "DIỄN BIẾN THEO THÁNG", board)
    _header_row(sheet, ["Tháng", *[header for header, _, _ in RATE_COLUMNS], "Điểm Bộ chỉ số 766"])
    formats = {index + 1: number_format for index, (_, _, number_format) in enumerate(RATE_COLUMNS)}
    formats[len(RATE_COLUMNS) + 1] = DECIMAL
    for row in rows:
        _append(sheet, [row.period.short_label, *_rate_values(row.rates.row), row.score], formats)
    _widths(sheet, [10] + [13] * (len(RATE_COLUMNS) + 1))


RANK_HEADERS = [
    "Hạng",
    "Đơn vị",
    "Điểm Bộ chỉ số 766",
    "% trước hạn, đúng hạn",
    "% trực tuyến toàn trình",
    "% thanh toán trực tuyến",
]
RANK_FORMATS = {2: DECIMAL, 3: PERCENT, 4: PERCENT, 5: PERCENT}


def write_ranking(sheet: Worksheet, rows: list[RankRow], board: Dashboard) -> None:
    _heading(sheet, "XẾP HẠNG ĐƠN VỊ", board)
    _header_row(sheet, RANK_HEADERS)
    for row in rows:
        rates = row.rates
        values = [
            row.rank,
            row.label,
            row.score,
            share(rates.finished_early + rates.finished_on_time, rates.finished),
            share(rates.received_fully_online, rates.received),
            share(rates.fee_paid_online, rates.fee),
        ]
        _append(sheet, values, RANK_FORMATS)
    _widths(sheet, [7, 44, 14, 14, 14, 14])


# --- the workbook -----------------------------------------------------------------------------


def dashboard_xlsx(board: Dashboard) -> bytes:
    """The scorecard, the rates per unit and per procedure, the trend and the ranking."""
    book = Workbook()
    write_scorecard(book.active, board.scorecard, board)
    book.active.title = "Bộ chỉ số 766"
    if board.by_child is not None:
        title = f"TỶ LỆ THEO {board.by_child.group_label.upper()}"
        sheet = book.create_sheet(f"Theo {board.by_child.group_label.lower()}")
        write_rates(sheet, board.by_child, board, title)
    if board.by_procedure is not None:
        sheet = book.create_sheet("Theo thủ tục")
        write_rates(sheet, board.by_procedure, board, "TỶ LỆ THEO THỦ TỤC HÀNH CHÍNH")
    if board.trend:
        write_trend(book.create_sheet("Theo tháng"), board.trend, board)
    if board.ranking:
        write_ranking(book.create_sheet("Xếp hạng"), board.ranking, board)
    book.properties.title = writable_text(
        f"Chỉ số — {board.selection.scope.label} — {board.selection.period}"
    )
    book.properties.created = timezone.now().replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
