"""Render the official forms (Mẫu 01–07, TT 03/2025/TT-VPCP) to PDF, HTML and Excel.

    form_pdf(form)          -> bytes          A4 PDF (Typst, embedded fonts)
    form_html_context(form) -> (name, ctx)    for render(request, name, ctx): print view
    register_xlsx(register) -> bytes          Sổ theo dõi hồ sơ as an .xlsx workbook

``form`` is one of the frozen dataclasses of context.py; nothing here touches the
database.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.core.pdf import render_typst
from motcua.core.xlsx import write_cell

from . import builders
from .context import (
    ApologyForm,
    ControlSheetForm,
    OfficialForm,
    ReceiptForm,
    RefusalForm,
    RegisterForm,
    StopForm,
    SupplementRequestForm,
)
from .wording import local

TYPST_TEMPLATE = Path(__file__).resolve().parent / "templates" / "official_form.typ"
HTML_TEMPLATE = "dossiers/forms/official_form.html"

BUILDERS: dict[type, Callable[[Any], dict[str, Any]]] = {
    ReceiptForm: builders.receipt,
    SupplementRequestForm: builders.supplement_request,
    RefusalForm: builders.refusal,
    ApologyForm: builders.apology,
    StopForm: builders.stop,
    ControlSheetForm: builders.control_sheet,
    RegisterForm: builders.register,
}


def form_document(form: OfficialForm) -> dict[str, Any]:
    """The printable document (blocks.py) of ``form``: what both outputs draw."""
    try:
        build = BUILDERS[type(form)]
    except KeyError:
        raise TypeError(f"not an official form: {type(form).__name__}") from None
    return build(form)


def form_pdf(form: OfficialForm, *, timestamp: dt.datetime | None = None) -> bytes:
    """The form as an A4 PDF (Mẫu 06 and 07 landscape). Raises core.pdf.PdfRenderError."""
    return render_typst(TYPST_TEMPLATE, form_document(form), timestamp=timestamp)


def form_html_context(form: OfficialForm) -> tuple[str, dict[str, Any]]:
    """Template name and context of the browser print view (A4, "In" button)."""
    document = form_document(form)
    for block in document["blocks"]:
        if block["kind"] == "table":
            block["html_rows"] = html_rows(block)
            block["html_widths"] = html_widths(block["widths"])
    return HTML_TEMPLATE, {"doc": document}


def html_widths(widths: list[float | str]) -> list[str]:
    """Relative widths as CSS percentages; an "auto" column gets no width and fits its text."""
    total = sum(width for width in widths if width != "auto")
    return ["" if width == "auto" else f"{100 * width / total:.1f}%" for width in widths]


def html_rows(table: dict[str, Any]) -> list[list[tuple[str, str]]]:
    """Each cell with its CSS classes (Django templates cannot index a column list)."""
    classes = [
        f"{align} auto" if width == "auto" else align
        for align, width in zip(table["align"], table["widths"], strict=True)
    ]
    return [list(zip(row, classes, strict=True)) for row in table["rows"]]


FORM_NUMBERS = {
    ReceiptForm: "01",
    SupplementRequestForm: "02",
    RefusalForm: "03",
    ApologyForm: "04",
    StopForm: "05",
    ControlSheetForm: "06",
    RegisterForm: "07",
}


def form_filename(form: OfficialForm, extension: str = "pdf") -> str:
    """An ASCII download name: 'mau-01-000.00.01.H29-260225-0001.pdf',
    'mau-07-20260201-20260228.xlsx' for a register."""
    if isinstance(form, RegisterForm):
        subject = f"{form.period_start:%Y%m%d}-{form.period_end:%Y%m%d}"
    else:
        subject = form.dossier_code
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in ".-") else "-" for ch in subject)
    return f"mau-{FORM_NUMBERS[type(form)]}-{safe.strip('-.') or 'ho-so'}.{extension}"


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADING = Alignment(wrap_text=True, horizontal="center", vertical="center")
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"
#: Excel column width (in characters) of a column the PDF sizes to fit: dossier codes.
AUTO_WIDTH = 28


def register_xlsx(register: RegisterForm) -> bytes:
    """Sổ theo dõi hồ sơ (Mẫu 07) as an Excel workbook: a title row, the two heading
    rows of the printed book (frozen and repeated when printing), one row per dossier.

    Dates are real Excel date-times in local time (sortable, filterable), shown as
    dd/mm/yyyy hh:mm.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "So theo doi ho so"
    width = len(builders.REGISTER_COLUMNS)
    write_title(sheet, register, width)
    first_body_row = write_headings(sheet, start_row=3)
    for offset, row in enumerate(register.rows):
        values = builders.register_values(offset + 1, row)
        for column, value in enumerate(values, start=1):
            cell = write_cell(
                sheet.cell(row=first_body_row + offset, column=column), excel_value(value)
            )
            cell.border = BOX
            cell.alignment = WRAP
            if isinstance(value, dt.datetime):
                cell.number_format = DATE_TIME_FORMAT
    for column, (_group, _heading, relative, _align) in enumerate(builders.REGISTER_COLUMNS, 1):
        characters = AUTO_WIDTH if relative == "auto" else round(relative * 6.5, 1)
        sheet.column_dimensions[get_column_letter(column)].width = characters
    sheet.freeze_panes = sheet.cell(row=first_body_row, column=3)
    sheet.print_title_rows = f"3:{first_body_row - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_title(sheet, register: RegisterForm, width: int) -> None:
    lines = [
        f"SỔ THEO DÕI HỒ SƠ — {register.header.name}",
        " · ".join(builders.register_title(register)),
    ]
    for row, text in enumerate(lines, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = write_cell(sheet.cell(row=row, column=1), text)
        cell.font = Font(bold=row == 1, size=14 if row == 1 else 11, italic=row == 2)
        cell.alignment = Alignment(horizontal="center")


def write_headings(sheet, *, start_row: int) -> int:
    """The grouped two-row heading of Mẫu 07; returns the first body row."""
    for column, (group, heading, _width, _align) in enumerate(builders.REGISTER_COLUMNS, 1):
        top = sheet.cell(row=start_row, column=column, value=group or heading)
        bottom = sheet.cell(row=start_row + 1, column=column, value=heading if group else None)
        for cell in (top, bottom):
            cell.font = Font(bold=True)
            cell.alignment = HEADING
            cell.border = BOX
        if group is None:
            sheet.merge_cells(
                start_row=start_row, start_column=column, end_row=start_row + 1, end_column=column
            )
    merge_groups(sheet, row=start_row)
    return start_row + 2


def merge_groups(sheet, *, row: int) -> None:
    """One merged cell over the columns of a group ("Ngày, tháng, năm" over five dates)."""
    column = 1
    for group, members in itertools.groupby(builders.REGISTER_COLUMNS, key=lambda c: c[0]):
        width = len(list(members))
        if group is not None and width > 1:
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=row, end_column=column + width - 1
            )
        column += width


def excel_value(value: Any) -> Any:
    """Excel has no time zones: write the local wall-clock time, as the paper does."""
    if isinstance(value, dt.datetime):
        return local(value).replace(tzinfo=None)
    return value
