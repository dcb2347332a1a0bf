"""Putting values into xlsx cells safely: every workbook writer writes through here.

Two hazards of text that came from users (names, addresses, notes):

- Formula injection (OWASP "CSV injection"): openpyxl turns any text starting with ``=``
  into a live formula, and a spreadsheet evaluates ``+``, ``-``, ``@`` (and a leading tab
  or carriage return before them) when someone edits the cell. Text is therefore always a
  string cell, and risky text also carries the quote prefix, so that Excel and LibreOffice
  keep it text even after the cell is edited.
- Characters XML 1.0 cannot hold (control characters like ESC, U+FFFE/U+FFFF, lone
  surrogates): openpyxl refuses them with an exception, or writes a file that no
  spreadsheet opens. They are removed from what is written; the stored value keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

#: What an xlsx part cannot hold: C0 controls except tab, line feed and carriage return
#: (openpyxl's ILLEGAL_CHARACTERS_RE), the two non-characters and lone surrogates.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: Leading characters that make a spreadsheet read text as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def writable_text(text: str) -> str:
    """``text`` without the characters an xlsx file cannot hold."""
    return UNWRITABLE.sub("", text)


def write_cell(cell: Cell, value: Any) -> Cell:
    """Put ``value`` in ``cell``; text is written as text, never as a formula."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = writable_text(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl made "=…" a formula and "#N/A" an error
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """``sheet.append(values)`` with every value written by ``write_cell``."""
    sheet.append([write_cell(Cell(sheet), value) for value in values])
