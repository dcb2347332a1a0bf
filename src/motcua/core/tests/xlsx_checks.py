"""Checks on a saved workbook's XML, for the tests of every xlsx writer (core/xlsx.py).

openpyxl's reader would turn a quote-prefixed text back into a plain value, so these
read what a spreadsheet reads: the sheet parts and the cell formats of styles.xml.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

#: A name that becomes a live link when a spreadsheet evaluates it, with an ESC inside.
HOSTILE_NAME = '=HYPERLINK("http://x","y")\x1bNguyễn'
#: What the workbook must show instead: the same text, without the ESC.
HOSTILE_CELL = '=HYPERLINK("http://x","y")Nguyễn'


def _quote_prefixed_formats(archive: zipfile.ZipFile) -> list[bool]:
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    formats = styles.find(f"{MAIN}cellXfs")
    return [xf.get("quotePrefix") == "1" for xf in formats.iter(f"{MAIN}xf")]


def text_cells(content: bytes, text: str) -> list[str]:
    """References of the cells that hold ``text`` as quote-prefixed text, over all sheets;
    fails if any sheet holds a formula or ``text`` sits in a cell of another kind."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    quote_prefixed = _quote_prefixed_formats(archive)
    found = []
    for name in archive.namelist():
        if not name.startswith("xl/worksheets/sheet"):
            continue
        sheet = ElementTree.fromstring(archive.read(name))
        assert sheet.find(f".//{MAIN}f") is None, f"{name} holds a formula"
        for cell in sheet.iter(f"{MAIN}c"):
            inline = cell.find(f"{MAIN}is/{MAIN}t")
            value = cell.find(f"{MAIN}v")
            if (inline is not None and inline.text == text) or (
                value is not None and value.text == text
            ):
                assert cell.get("t") == "inlineStr", f"{cell.get('r')} is not a text cell"
                assert quote_prefixed[int(cell.get("s", 0))], f"{cell.get('r')} lacks '"
                found.append(f"{name}!{cell.get('r')}")
    return found
