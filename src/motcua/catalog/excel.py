"""The catalogue spreadsheet (.xlsx): reading an upload, writing an export and the template.

Layout (docs/catalog.md):
- sheet "Thủ tục": one row per procedure version;
- sheet "Giấy tờ": one row per document, linked to its version by
  (Mã thủ tục, Hiệu lực từ);
- sheet "Hướng dẫn": what each column holds and its allowed values (ignored on import).

Reading never writes anything: it turns rows into ``VersionData`` and collects an
``ImportIssue`` (sheet, row, column, Vietnamese message) for every bad cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from motcua.core.errors import DomainError

from .content import DocumentData, VersionData, version_as_data
from .models import (
    CopyType,
    DeadlineKind,
    OnlineLevel,
    ProcedureVersion,
    ResultDelivery,
    SupplementEffect,
    default_same_day_cutoff,
)
from .search import normalize_search

SHEET_VERSIONS = "Thủ tục"
SHEET_DOCUMENTS = "Giấy tờ"
SHEET_GUIDE = "Hướng dẫn"
MAX_ROWS = 5000
MAX_TEXT = 20000

# Words used in the cells for each stored choice (matched without diacritics or case).
DEADLINE_WORDS = {
    DeadlineKind.DAYS: "ngày làm việc",
    DeadlineKind.HOURS: "giờ làm việc",
    DeadlineKind.SAME_DAY: "trong ngày",
}
ONLINE_WORDS = {
    OnlineLevel.FULL: "toàn trình",
    OnlineLevel.PARTIAL: "một phần",
    OnlineLevel.NONE: "không",
}
SUPPLEMENT_WORDS = {SupplementEffect.PAUSE: "tạm dừng", SupplementEffect.RESTART: "tính lại"}
DELIVERY_WORDS = {
    ResultDelivery.COUNTER: "trực tiếp",
    ResultDelivery.POSTAL: "bưu chính",
    ResultDelivery.ELECTRONIC: "điện tử",
}
COPY_WORDS = {
    CopyType.ORIGINAL: "bản chính",
    CopyType.CERTIFIED_COPY: "bản sao có chứng thực",
    CopyType.PHOTOCOPY: "bản sao",
    CopyType.PRESENT_ONLY: "xuất trình",
}
YES_NO_WORDS = {True: "có", False: "không"}


class CellError(ValueError):
    """A cell that cannot be read; the message completes "Dòng n, cột 'X': …"."""


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
        return (self.sheet != SHEET_VERSIONS, self.row or 0, _COLUMN_ORDER.get(self.column, 99))


@dataclass(frozen=True)
class ParsedRow:
    number: int
    data: VersionData


@dataclass
class ParsedWorkbook:
    rows: list[ParsedRow] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)


# --- Cell readers: raw cell value → Python value, or CellError -------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
    if _blank(value):
        if required:
            raise CellError("không được để trống.")
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise CellError(f"dài quá {max_length} ký tự.")
    return text


def read_code(value) -> str:
    """Mã thủ tục. A number typed into a General cell (1.0012) is read with 6 decimals,
    the shape of every national code (1.001200)."""
    if isinstance(value, float):
        value = f"{value:.6f}"
    code = read_text(value, required=True, max_length=40)
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.\-]{2,39}", code):
        raise CellError("mã thủ tục không hợp lệ (ví dụ đúng: 1.001193).")
    return code


def read_date(value, *, required: bool) -> dt.date | None:
    if _blank(value):
        if required:
            raise CellError("không được để trống; ghi ngày dạng dd/mm/yyyy.")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        raise CellError("phải là ngày dạng dd/mm/yyyy, ví dụ 01/07/2025.") from None


def read_count(value, *, default: int = 0) -> int:
    """A non-negative whole number (số nguyên không âm)."""
    if _blank(value):
        return default
    if isinstance(value, bool):
        raise CellError("phải là số nguyên không âm.")
    if isinstance(value, int | float) and float(value).is_integer() and value >= 0:
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    raise CellError("phải là số nguyên không âm.")


def read_fee(value) -> int | None:
    """Lệ phí in whole đồng: 50000, '50.000', '50.000 đ'; blank = no fixed amount."""
    if _blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise CellError("phải là số tiền nguyên, không âm (đồng).")
    text = re.sub(r"\s|đồng|đ", "", str(value).lower()).replace(".", "")
    if text.isdigit():
        return int(text)
    raise CellError("phải là số tiền nguyên (đồng), ví dụ 50000 hoặc 50.000.")


def read_choice(value, words: dict, *, default=None):
    """A value from a fixed list, compared without diacritics or case."""
    if _blank(value):
        if default is not None:
            return default
        raise CellError(f"không được để trống; chọn một trong: {', '.join(words.values())}.")
    wanted = normalize_search(str(value))
    for stored, word in words.items():
        if normalize_search(word) == wanted:
            return stored
    raise CellError(f"phải là một trong: {', '.join(words.values())}.")


def read_delivery(value) -> tuple[str, ...]:
    """Hình thức trả kết quả: one or more of the words, separated by commas."""
    if _blank(value):
        raise CellError(f"chọn ít nhất một trong: {', '.join(DELIVERY_WORDS.values())}.")
    parts = [part for part in re.split(r"[,;]", str(value)) if part.strip()]
    chosen = {read_choice(part, DELIVERY_WORDS) for part in parts}
    return tuple(code for code in ResultDelivery.values if code in chosen)


def read_time(value) -> dt.time:
    """Giờ chốt trong ngày, 'HH:MM'; blank = the deployment's default (15:00)."""
    if _blank(value):
        return default_same_day_cutoff()
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    try:
        return dt.datetime.strptime(str(value).strip(), "%H:%M").time()
    except ValueError:
        raise CellError("phải là giờ dạng HH:MM, ví dụ 15:00.") from None


# --- Columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    read: Callable
    write: Callable
    guide: str
    width: int = 18
    required: bool = False
    number_format: str | None = None
    choices: tuple[str, ...] = ()


def _words(words: dict, field_name: str) -> Callable[[VersionData], str]:
    """Writer of a choice column: the stored code of ``field_name`` as its word."""
    return lambda data: words[getattr(data, field_name)]


VERSION_COLUMNS = (
    Column(
        "Mã thủ tục",
        "code",
        read_code,
        lambda d: d.code,
        "Mã TTHC trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193 (định dạng ô: Văn bản).",
        width=12,
        required=True,
        number_format="@",
    ),
    Column(
        "Tên thủ tục",
        "name",
        lambda v: read_text(v, required=True, max_length=1000),
        lambda d: d.name,
        "Tên đầy đủ của thủ tục.",
        width=48,
        required=True,
    ),
    Column(
        "Lĩnh vực",
        "sector",
        lambda v: read_text(v, required=True, max_length=255),
        lambda d: d.sector,
        "Ví dụ: Hộ tịch, Chứng thực.",
        width=18,
        required=True,
    ),
    Column(
        "Hiệu lực từ",
        "valid_from",
        lambda v: read_date(v, required=True),
        lambda d: d.valid_from,
        "Ngày bắt đầu áp dụng, dd/mm/yyyy. Phiên bản mới tự động "
        "kết thúc phiên bản trước vào ngày hôm trước.",
        width=12,
        required=True,
        number_format="DD/MM/YYYY",
    ),
    Column(
        "Hiệu lực đến",
        "valid_to",
        lambda v: read_date(v, required=False),
        lambda d: d.valid_to,
        "Ngày cuối cùng áp dụng (để trống nếu chưa biết).",
        width=12,
        number_format="DD/MM/YYYY",
    ),
    Column(
        "Loại thời hạn",
        "deadline_kind",
        lambda v: read_choice(v, DEADLINE_WORDS),
        _words(DEADLINE_WORDS, "deadline_kind"),
        "Cách tính thời hạn giải quyết.",
        width=15,
        required=True,
        choices=tuple(DEADLINE_WORDS.values()),
    ),
    Column(
        "Thời hạn",
        "deadline_amount",
        read_count,
        lambda d: d.deadline_amount,
        "Số ngày hoặc giờ làm việc (số nguyên). Thủ tục trong ngày: 0 hoặc để trống.",
        width=9,
        required=True,
    ),
    Column(
        "Giờ chốt trong ngày",
        "same_day_cutoff",
        read_time,
        lambda d: d.same_day_cutoff,
        "Thủ tục trong ngày: nhận sau giờ này thì trả ngày làm việc tiếp theo (mặc định 15:00).",
        width=10,
        number_format="HH:MM",
    ),
    Column(
        "Thời hạn tạm tính",
        "deadline_provisional",
        lambda v: read_choice(v, YES_NO_WORDS, default=False),
        _words(YES_NO_WORDS, "deadline_provisional"),
        "'có' khi nguồn không ghi thời hạn và đây là giá trị tạm dùng để hẹn trả.",
        width=10,
        choices=tuple(YES_NO_WORDS.values()),
    ),
    Column(
        "Ghi chú thời hạn",
        "deadline_note",
        read_text,
        lambda d: d.deadline_note,
        "Diễn giải thời hạn, trường hợp kéo dài.",
        width=40,
    ),
    Column(
        "Lệ phí (đồng)",
        "fee_vnd",
        read_fee,
        lambda d: d.fee_vnd,
        "Số tiền nguyên (đồng); 0 là không thu; để trống khi không có mức cố định (khi đó "
        "phải ghi chú lệ phí).",
        width=12,
        required=True,
        number_format="#,##0",
    ),
    Column(
        "Ghi chú lệ phí",
        "fee_note",
        read_text,
        lambda d: d.fee_note,
        "Cách tính, căn cứ thu phí, lệ phí.",
        width=40,
        required=True,
    ),
    Column(
        "Miễn, giảm lệ phí",
        "exemptions",
        read_text,
        lambda d: d.exemptions,
        "Đối tượng được miễn, giảm.",
        width=30,
    ),
    Column(
        "Mức độ trực tuyến",
        "online_level",
        lambda v: read_choice(v, ONLINE_WORDS),
        _words(ONLINE_WORDS, "online_level"),
        "Mức độ dịch vụ công trực tuyến (NĐ 42/2022/NĐ-CP).",
        width=13,
        required=True,
        choices=tuple(ONLINE_WORDS.values()),
    ),
    Column(
        "Ghi chú mức độ trực tuyến",
        "online_level_note",
        read_text,
        lambda d: d.online_level_note,
        "Kênh nộp, điều kiện.",
        width=30,
    ),
    Column(
        "Đơn vị giải quyết (mã định danh)",
        "competent_unit_code",
        lambda v: read_text(v, max_length=40),
        lambda d: d.competent_unit_code,
        "Mã định danh của phòng/đơn vị thuộc phạm vi nhập (để trống nếu chưa phân công).",
        width=16,
        number_format="@",
    ),
    Column(
        "Bổ sung hồ sơ",
        "supplement_effect",
        lambda v: read_choice(v, SUPPLEMENT_WORDS, default=SupplementEffect.PAUSE),
        _words(SUPPLEMENT_WORDS, "supplement_effect"),
        "Khi yêu cầu bổ sung, hoàn thiện hồ sơ: tạm dừng đếm "
        "thời hạn hay tính lại từ đầu (mặc định: tạm dừng).",
        width=12,
        choices=tuple(SUPPLEMENT_WORDS.values()),
    ),
    Column(
        "Hình thức trả kết quả",
        "result_delivery",
        read_delivery,
        lambda d: ", ".join(DELIVERY_WORDS[code] for code in d.result_delivery),
        "Một hoặc nhiều, cách nhau bởi dấu phẩy: trực tiếp, bưu chính, điện tử.",
        width=24,
        required=True,
    ),
    Column(
        "Lưu ý thành phần hồ sơ",
        "documents_note",
        read_text,
        lambda d: d.documents_note,
        "Lưu ý chung về giấy tờ (không phải một giấy tờ).",
        width=30,
    ),
    Column(
        "Căn cứ pháp lý",
        "legal_basis",
        read_text,
        lambda d: d.legal_basis,
        "Văn bản quy định, quyết định công bố.",
        width=30,
    ),
    Column(
        "Nguồn",
        "source",
        read_text,
        lambda d: d.source,
        "Nơi lấy dữ liệu (địa chỉ trang, văn bản).",
        width=30,
    ),
    Column(
        "Lưu ý",
        "caveats",
        read_text,
        lambda d: d.caveats,
        "Điểm chưa chắc chắn, cần đối chiếu; hiện cho cán bộ như một cảnh báo.",
        width=30,
    ),
)

DOCUMENT_COLUMNS = (
    Column(
        "Mã thủ tục",
        "code",
        read_code,
        None,
        "Mã thủ tục của dòng trong sheet 'Thủ tục'.",
        width=12,
        required=True,
        number_format="@",
    ),
    Column(
        "Hiệu lực từ",
        "valid_from",
        lambda v: read_date(v, required=True),
        None,
        "Ngày hiệu lực của phiên bản trong sheet 'Thủ tục'.",
        width=12,
        required=True,
        number_format="DD/MM/YYYY",
    ),
    Column(
        "STT",
        "order",
        lambda v: read_count(v, default=0),
        None,
        "Thứ tự giấy tờ trong hồ sơ.",
        width=6,
    ),
    Column(
        "Tên giấy tờ",
        "name",
        lambda v: read_text(v, required=True),
        None,
        "Tên giấy tờ.",
        width=60,
        required=True,
    ),
    Column(
        "Loại bản",
        "copy_type",
        lambda v: read_choice(v, COPY_WORDS, default=CopyType.ORIGINAL),
        None,
        "bản chính, bản sao có chứng thực, bản sao, hoặc xuất trình (chỉ đưa ra để đối "
        "chiếu, không nộp).",
        width=20,
        choices=tuple(COPY_WORDS.values()),
    ),
    Column(
        "Số lượng",
        "quantity",
        lambda v: read_count(v, default=1),
        None,
        "Số bản (mặc định 1).",
        width=9,
    ),
    Column("Ghi chú", "note", read_text, None, "Ghi chú về giấy tờ.", width=30),
)

_COLUMN_ORDER = {column.header: index for index, column in enumerate(VERSION_COLUMNS)}
FIELD_HEADERS = {column.field: column.header for column in VERSION_COLUMNS}
FIELD_HEADERS["documents"] = SHEET_DOCUMENTS


def issue_for_field(row: int, field_name: str | None, message: str) -> ImportIssue:
    """Locate a service's DomainError (raised on a VersionData field) in the sheet."""
    column = FIELD_HEADERS.get(field_name or "", "")
    text = message[:1].lower() + message[1:] if column else message
    return ImportIssue(SHEET_VERSIONS, row, column, text)


# --- Reading ---------------------------------------------------------------------------------

NOT_XLSX = (
    "Tệp tải lên không phải tệp Excel .xlsx hợp lệ. Hãy tải tệp mẫu, điền dữ liệu và "
    "lưu dưới dạng Excel Workbook (.xlsx)."
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
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        TypeError,
    ) as exc:
        raise DomainError("import_not_xlsx", NOT_XLSX, field="file") from exc


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
        if not _blank(cell)
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
    rows = sheet.iter_rows(values_only=True)
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
        if all(_blank(value) for value in values):
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
            rows.append(ParsedRow(number, VersionData(**values)))
        header_broken = any(issue.row == 1 for issue in result.issues)
        documents = _read_documents(_sheet(workbook, SHEET_DOCUMENTS), result.issues)
        result.rows = _attach_documents(
            rows,
            documents,
            result.issues,
            known_keys=None if header_broken else set(first_row_of),
        )
        return result
    finally:
        workbook.close()


# --- Writing ---------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B4A8B")
REQUIRED_FILL = PatternFill("solid", fgColor="B3261E")
WRAP = Alignment(wrap_text=True, vertical="top")


def _set(cell, value, number_format: str | None = None) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
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


def _to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_xlsx(versions: Iterable[ProcedureVersion]) -> bytes:
    """Xuất danh mục: the given versions as a workbook that imports back unchanged."""
    workbook, version_sheet, document_sheet = _new_workbook()
    for version in versions:
        _write_data(version_sheet, document_sheet, version_as_data(version))
    return _to_bytes(workbook)


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
    workbook, version_sheet, document_sheet = _new_workbook()
    _write_data(version_sheet, document_sheet, TEMPLATE_EXAMPLE)
    return _to_bytes(workbook)
