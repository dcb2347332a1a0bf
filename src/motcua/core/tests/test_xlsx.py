"""The shared cell writer: text stays text, unwritable characters leave the cell only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from motcua.core.tests.xlsx_checks import HOSTILE_CELL, HOSTILE_NAME, text_cells
from motcua.core.xlsx import append_row, writable_text, write_cell


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_openpyxl_alone_makes_a_formula_of_leading_equals():
    """Why core/xlsx.py exists: the library's default is a live formula."""
    sheet = Workbook().active
    sheet["A1"] = '=HYPERLINK("http://x","y")'
    assert sheet["A1"].data_type == "f"


@pytest.mark.parametrize(
    "text",
    [HOSTILE_NAME, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=1"],
)
def test_risky_text_is_written_as_quote_prefixed_text(text):
    book = Workbook()
    write_cell(book.active["B2"], text)
    content = saved(book)
    shown = writable_text(text).replace("\r", "\n")  # XML reads a raw carriage return so
    assert text_cells(content, shown) == ["xl/worksheets/sheet1.xml!B2"]
    assert load_workbook(io.BytesIO(content)).active["B2"].value == shown


def test_unwritable_characters_are_removed_from_the_cell_only():
    assert writable_text(HOSTILE_NAME) == HOSTILE_CELL
    assert writable_text("a\x00b\x08c\x0bd\x1fe\ufffef\uffffg") == "abcdefg"
    assert writable_text("dòng 1\ndòng 2\tcột\r") == "dòng 1\ndòng 2\tcột\r"


def test_plain_values_keep_their_type():
    book = Workbook()
    sheet = book.active
    moment = dt.datetime(2026, 3, 2, 9, 30)
    append_row(sheet, ["Nguyễn Văn A", 5, 0.75, None, moment, "#N/A"])
    append_row(sheet, ())
    append_row(sheet, ["sau dòng trống"])
    reread = load_workbook(io.BytesIO(saved(book))).active
    assert [cell.value for cell in reread[1]] == ["Nguyễn Văn A", 5, 0.75, None, moment, "#N/A"]
    assert reread["F1"].data_type == "s"  # not Excel's error value
    assert not reread["A1"].quotePrefix
    assert reread["A3"].value == "sau dòng trống"
