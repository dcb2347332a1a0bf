"""Reading an uploaded catalogue workbook. Reading never writes anything: it turns rows
into ``VersionData`` and collects an ``ImportIssue`` (sheet, row, column, Vietnamese
message) for every bad cell."""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.core.exceptions import ImproperlyConfigured
from openpyxl import DEFUSEDXML, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from motcua.core.errors import DomainError

from ..content import DocumentData, VersionData
from ..fees import FeeRule
from ..search import normalize_search
from . import eform_sheets
from .cells import CellError, blank
from .columns import (
    COLUMN_ORDER,
    DOCUMENT_COLUMNS,
    FIELD_HEADERS,
    MAX_ROWS,
    SHEET_DOCUMENTS,
    SHEET_VERSIONS,
    VERSION_COLUMNS,
)


@dataclass(frozen=True)
class ImportIssue:
    """One problem of an uploaded file, located for the person who fixes it."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        parts = [] if self.sheet == SHEET_VERSIONS else [f"Sheet '{self.sheet}'"]
        if self.row:
            parts.append(f"Dòng {self.row}")
        if self.column:
            parts.append(f"cột '{self.column}'")
        return f"{', '.join(parts)}: {self.message}" if parts else self.message

    @property
    def sort_key(self) -> tuple:
        return (self.sheet != SHEET_VERSIONS, self.row or 0, COLUMN_ORDER.get(self.column, 99))


@dataclass(frozen=True)
class ParsedRow:
    number: int
    data: VersionData


@dataclass
class ParsedWorkbook:
    rows: list[ParsedRow] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)


def issue_for_field(row: int, field_name: str | None, message: str) -> ImportIssue:
    """Locate a service's DomainError (raised on a VersionData field) in the sheet."""
    column = FIELD_HEADERS.get(field_name or "", "")
    text = message[:1].lower() + message[1:] if column else message
    return ImportIssue(SHEET_VERSIONS, row, column, text)


NOT_XLSX = (
    "Tệp tải lên không phải tệp Excel .xlsx hợp lệ. Hãy tải tệp mẫu, điền dữ liệu và "
    "lưu dưới dạng Excel Workbook (.xlsx)."
)


# openpyxl parses with defusedxml whenever it is installed (a run-time dependency): a
# DOCTYPE with entities or an external reference in any part is refused, never expanded.
if not DEFUSEDXML:
    raise ImproperlyConfigured(
        "openpyxl does not use defusedxml (OPENPYXL_DEFUSEDXML=False?): uploads are untrusted."
    )

#: What an upload may unpack to. The largest real catalogue (MAX_ROWS versions and their
#: documents) is about 12 MB in a dozen parts, each compressed 5–15 times.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE_BYTES = 1024 * 1024

#: What a broken or hostile file raises while openpyxl unpacks and parses it.
UNREADABLE = (
    zipfile.BadZipFile,
    InvalidFileException,
    ParseError,
    DefusedXmlException,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    OSError,
    TypeError,
)


def _not_xlsx() -> DomainError:
    return DomainError("import_not_xlsx", NOT_XLSX, field="file")


def _check_archive(file) -> None:
    """Refuse a zip bomb before anything is unpacked.

    The sizes checked are those the archive declares; zipfile never unpacks more than
    the declared size of a member (and then fails its CRC), so they bound the work.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except UNREADABLE as exc:
        raise _not_xlsx() from exc
    finally:
        file.seek(0)
    if len(members) > MAX_MEMBERS:
        raise DomainError(
            "import_too_many_parts",
            f"Tệp gồm hơn {MAX_MEMBERS} thành phần, không phải một bảng danh mục. " + NOT_XLSX,
            field="file",
        )
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise DomainError(
            "import_too_large",
            f"Tệp khi giải nén lớn hơn {MAX_UNPACKED_BYTES // (1024 * 1024)} MB; hãy chia nhỏ tệp.",
            field="file",
        )
    if any(
        member.file_size > RATIO_CHECKED_ABOVE_BYTES
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    ):
        raise DomainError(
            "import_suspicious_compression",
            "Tệp bị nén bất thường nên không được mở. Hãy mở tệp bằng Excel và lưu lại "
            "dạng Excel Workbook (.xlsx).",
            field="file",
        )


def _open_workbook(file):
    name = getattr(file, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix and suffix != ".xlsx":
        raise DomainError(
            "import_not_xlsx",
            f"Tệp '{PurePath(name).name}' không phải .xlsx. " + NOT_XLSX,
            field="file",
        )
    _check_archive(file)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except UNREADABLE as exc:
        raise _not_xlsx() from exc


def _parsed(rows):
    """A read-only sheet's rows: openpyxl parses the sheet's XML only as they are read."""
    try:
        yield from rows
    except UNREADABLE as exc:
        raise _not_xlsx() from exc


def _sheet(workbook, title: str):
    if title not in workbook.sheetnames:
        raise DomainError(
            "import_sheet_missing",
            f"Tệp thiếu sheet '{title}'. Hãy tải tệp mẫu và giữ nguyên tên các sheet.",
            field="file",
        )
    return workbook[title]


def _header_positions(sheet_title: str, header_row, columns, issues) -> dict[str, int]:
    """Column header → position, matched without diacritics; missing required → issue."""
    found = {
        normalize_search(str(cell)): index
        for index, cell in enumerate(header_row or ())
        if not blank(cell)
    }
    positions = {}
    for column in columns:
        index = found.get(normalize_search(column.header))
        if index is not None:
            positions[column.header] = index
        elif column.required:
            issues.append(ImportIssue(sheet_title, 1, column.header, "thiếu cột này."))
    return positions


def _rows(sheet, columns, issues):
    """(row number, {header: raw value}) for each non-blank row after the header."""
    rows = _parsed(sheet.iter_rows(values_only=True))
    positions = _header_positions(sheet.title, next(rows, ()), columns, issues)
    if any(column.required and column.header not in positions for column in columns):
        return  # the missing columns are reported once, not on every row
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            issues.append(
                ImportIssue(
                    sheet.title, number, "", f"tệp có quá {MAX_ROWS} dòng; hãy chia nhỏ tệp."
                )
            )
            return
        if all(blank(value) for value in values):
            continue
        yield (
            number,
            {
                header: values[index] if index < len(values) else None
                for header, index in positions.items()
            },
        )


def _read_cells(sheet_title, number, raw, columns, issues) -> tuple[dict, bool]:
    """(the values that could be read, whether every cell could)."""
    values, ok = {}, True
    for column in columns:
        if column.header not in raw and not column.required:
            continue
        try:
            values[column.field] = column.read(raw.get(column.header))
        except CellError as error:
            issues.append(ImportIssue(sheet_title, number, column.header, str(error)))
            ok = False
    return values, ok


def _read_documents(sheet, issues) -> dict[tuple[str, dt.date], list[tuple[int, int, dict]]]:
    documents: dict[tuple[str, dt.date], list] = {}
    for number, raw in _rows(sheet, DOCUMENT_COLUMNS, issues):
        values, ok = _read_cells(sheet.title, number, raw, DOCUMENT_COLUMNS, issues)
        if not ok:
            continue
        key = (values.pop("code"), values.pop("valid_from"))
        order = values.pop("order", 0) or number
        documents.setdefault(key, []).append((order, number, values))
    return documents


def _attach_documents(rows, documents, issues, *, known_keys) -> list[ParsedRow]:
    """Give each version its documents; report documents whose version row does not exist.

    ``known_keys`` are the versions present in the sheet, read or not: the documents
    of a row that has its own errors are not reported a second time.
    """
    attached = []
    for row in rows:
        key = (row.data.code, row.data.valid_from)
        entries = sorted(documents.pop(key, []), key=lambda entry: (entry[0], entry[1]))
        docs = tuple(DocumentData(**values) for _, _, values in entries)
        attached.append(ParsedRow(row.number, replace(row.data, documents=docs)))
    for (code, valid_from), entries in documents.items():
        if known_keys is None or {(code, valid_from), (code, None)} & known_keys:
            continue  # the version row is there, with its own errors (or its date is one)
        for _, number, _ in entries:
            issues.append(
                ImportIssue(
                    SHEET_DOCUMENTS,
                    number,
                    "Mã thủ tục",
                    f"không có dòng nào trong sheet '{SHEET_VERSIONS}' với mã {code} và hiệu lực "
                    f"từ {valid_from:%d/%m/%Y}.",
                )
            )
    return attached


def _unknown_version(sheet: str, number: int, code: str, valid_from: dt.date) -> ImportIssue:
    return ImportIssue(
        sheet,
        number,
        "Mã thủ tục",
        f"không có dòng nào trong sheet '{SHEET_VERSIONS}' với mã {code} và hiệu lực "
        f"từ {valid_from:%d/%m/%Y}.",
    )


def _eform_rows(workbook, title: str, columns, issues) -> dict | None:
    """{(code, valid_from): [(order, row number, values)]}, None when the sheet is absent."""
    if title not in workbook.sheetnames:
        return None
    found: dict[tuple[str, dt.date], list] = {}
    for number, raw in _rows(workbook[title], columns, issues):
        values, ok = _read_cells(title, number, raw, columns, issues)
        if ok:
            key = (values.pop("code"), values.pop("valid_from"))
            found.setdefault(key, []).append((values.get("order") or number, number, values))
    return found


def _fields_of(entries, issues) -> tuple:
    fields: list = []
    for _, number, values in sorted(entries, key=lambda entry: (entry[0], entry[1])):
        checked, problems = eform_sheets.checked_field(values, fields)
        for column, message in problems:
            issues.append(ImportIssue(eform_sheets.SHEET_FIELDS, number, column, message))
        if checked is not None:
            fields.append(checked)
    return tuple(fields)


def _slots_of(entries, documents, issues) -> tuple:
    slots = []
    for _, number, values in entries:
        stt = values.pop("document")
        values.pop("name", None)
        if not 1 <= stt <= len(documents):
            issues.append(
                ImportIssue(
                    eform_sheets.SHEET_SLOTS,
                    number,
                    "STT giấy tờ",
                    f"phiên bản chỉ có {len(documents)} giấy tờ trong sheet '{SHEET_DOCUMENTS}'.",
                )
            )
            continue
        checked, problems = eform_sheets.checked_slot(
            {**values, "document": stt}, documents[stt - 1].name
        )
        for column, message in problems:
            issues.append(ImportIssue(eform_sheets.SHEET_SLOTS, number, column, message))
        if checked is not None:
            slots.append(checked)
    return tuple(slots)


def _attach_eforms(workbook, rows: list[ParsedRow], issues, *, known_keys):
    """Give each version the questions and slot limits its e-form sheets state."""
    fields = _eform_rows(workbook, eform_sheets.SHEET_FIELDS, eform_sheets.FIELD_COLUMNS, issues)
    slots = _eform_rows(workbook, eform_sheets.SHEET_SLOTS, eform_sheets.SLOT_COLUMNS, issues)
    attached = []
    for row in rows:
        key = (row.data.code, row.data.valid_from)
        changes = {}
        if fields is not None:
            changes["eform_fields"] = _fields_of(fields.pop(key, []), issues)
        if slots is not None:
            changes["eform_slots"] = _slots_of(slots.pop(key, []), row.data.documents, issues)
        attached.append(ParsedRow(row.number, replace(row.data, **changes)))
    for title, left in ((eform_sheets.SHEET_FIELDS, fields), (eform_sheets.SHEET_SLOTS, slots)):
        for (code, valid_from), entries in (left or {}).items():
            if known_keys is None or {(code, valid_from), (code, None)} & known_keys:
                continue  # the version row is there, with its own errors
            issues.extend(_unknown_version(title, n, code, valid_from) for _, n, _ in entries)
    return attached


def read_catalog(file) -> ParsedWorkbook:
    """Parse an uploaded catalogue workbook; DomainError only when it is not one at all."""
    workbook = _open_workbook(file)
    try:
        result = ParsedWorkbook()
        first_row_of: dict[tuple[str, dt.date], int] = {}
        rows = []
        for number, raw in _rows(_sheet(workbook, SHEET_VERSIONS), VERSION_COLUMNS, result.issues):
            values, ok = _read_cells(SHEET_VERSIONS, number, raw, VERSION_COLUMNS, result.issues)
            key = (values.get("code"), values.get("valid_from"))
            if not ok:
                first_row_of.setdefault(key, number)
                continue
            if key in first_row_of:
                result.issues.append(
                    ImportIssue(
                        SHEET_VERSIONS,
                        number,
                        "Hiệu lực từ",
                        f"trùng mã thủ tục và ngày hiệu lực với dòng {first_row_of[key]}.",
                    )
                )
                continue
            first_row_of[key] = number
            rule = FeeRule(values.pop("fee_items", ()), values.pop("fee_exemptions", ()))
            rows.append(ParsedRow(number, VersionData(**values, fee_rule=rule)))
        header_broken = any(issue.row == 1 for issue in result.issues)
        documents = _read_documents(_sheet(workbook, SHEET_DOCUMENTS), result.issues)
        result.rows = _attach_documents(
            rows,
            documents,
            result.issues,
            known_keys=None if header_broken else set(first_row_of),
        )
        result.rows = _attach_eforms(
            workbook,
            result.rows,
            result.issues,
            known_keys=None if header_broken else set(first_row_of),
        )
        return result
    finally:
        workbook.close()
