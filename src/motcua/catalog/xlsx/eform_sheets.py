"""The e-form sheets of the catalogue workbook: "Biểu mẫu điện tử" (one row per question)
and "Tệp đính kèm" (one row per document slot), joined to their version by Mã thủ tục and
Hiệu lực từ like the "Giấy tờ" sheet.

A sheet that is present states the e-form part of every version of the file (a version
with no row there has no question / default slots); a workbook without the sheet leaves
the stored e-forms as they are, so older files import as before. Every cell is checked
here (catalog.eforms.check_field / check_slot), so an import error names its row and
column.
"""

from __future__ import annotations

import datetime as dt
import re

from motcua.core.errors import DomainError

from .. import eforms
from ..eforms import DateBound, FieldDef, FieldType, SlotDef
from .cells import (
    YES_NO_WORDS,
    CellError,
    blank,
    read_choice,
    read_code,
    read_count,
    read_date,
    read_text,
)
from .columns import Column

SHEET_FIELDS = "Biểu mẫu điện tử"
SHEET_SLOTS = "Tệp đính kèm"

TYPE_WORDS = {
    FieldType.TEXT: "chữ",
    FieldType.NUMBER: "số",
    FieldType.DATE: "ngày",
    FieldType.CHOICE: "chọn một",
    FieldType.CITIZEN_ID: "số định danh",
    FieldType.PHONE: "số điện thoại",
    FieldType.ADDRESS: "địa chỉ",
}
DATE_BOUND_WORDS = {
    DateBound.ANY: "không giới hạn",
    DateBound.PAST: "không sau hôm nay",
    DateBound.FUTURE: "không trước hôm nay",
}


def read_signed(value) -> int | None:
    """A whole number, possibly negative; blank = None."""
    if blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("phải là số nguyên.")
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"-?\d{1,13}", text):
        return int(text)
    raise CellError("phải là số nguyên.")


def read_file_types(value) -> tuple[str, ...]:
    if blank(value):
        return tuple(eforms.FILE_TYPES)
    words = {code: label.lower() for code, label in eforms.FILE_TYPE_LABELS.items()}
    words["jpeg"] = "jpeg"
    chosen = set()
    for part in re.split(r"[,;]", str(value)):
        if part.strip():
            word = part.strip().lower()
            chosen.add("jpeg" if word == "jpg" else read_choice(word, words))
    return tuple(code for code in eforms.FILE_TYPES if code in chosen)


def _key_columns(what: str) -> tuple[Column, ...]:
    return (
        Column(
            "Mã thủ tục",
            "code",
            read_code,
            None,
            f"Mã thủ tục của dòng trong sheet 'Thủ tục' ({what}).",
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
    )


FIELD_COLUMNS = (
    *_key_columns("câu hỏi của biểu mẫu"),
    Column(
        "STT",
        "order",
        lambda v: read_count(v, default=0),
        lambda f, n: n,
        "Thứ tự câu hỏi.",
        width=6,
    ),
    Column(
        "Mã câu hỏi",
        "key",
        lambda v: read_text(v, required=True, max_length=40),
        lambda f, n: f.key,
        "Chữ thường không dấu, số, gạch dưới; không trùng trong một phiên bản (ví dụ ho_ten_me).",
        width=16,
        required=True,
    ),
    Column(
        "Câu hỏi",
        "label",
        lambda v: read_text(v, required=True, max_length=eforms.MAX_LABEL),
        lambda f, n: f.label,
        "Nội dung câu hỏi người dân đọc.",
        width=40,
        required=True,
    ),
    Column(
        "Loại",
        "type",
        lambda v: read_choice(v, TYPE_WORDS),
        lambda f, n: TYPE_WORDS[f.type],
        "Loại câu trả lời. Địa chỉ: chọn xã/phường trong tỉnh và ghi số nhà, đường.",
        width=14,
        required=True,
        choices=tuple(TYPE_WORDS.values()),
    ),
    Column(
        "Bắt buộc",
        "required",
        lambda v: read_choice(v, YES_NO_WORDS, default=True),
        lambda f, n: YES_NO_WORDS[f.required],
        "'có' (mặc định) hoặc 'không'.",
        width=9,
        choices=tuple(YES_NO_WORDS.values()),
    ),
    Column(
        "Bước",
        "page",
        lambda v: read_count(v, default=1),
        lambda f, n: f.page,
        f"Các câu hỏi cùng bước hiện trên một màn hình (1–{eforms.MAX_PAGES}, mặc định 1).",
        width=6,
    ),
    Column(
        "Hướng dẫn",
        "help_text",
        lambda v: read_text(v, max_length=eforms.MAX_HELP),
        lambda f, n: f.help_text,
        "Giải thích ngắn dưới câu hỏi.",
        width=30,
    ),
    Column(
        "Độ dài tối đa",
        "max_length",
        read_signed,
        lambda f, n: f.max_length,
        "Câu hỏi chữ: số ký tự tối đa (trống: 200).",
        width=9,
    ),
    Column(
        "Giá trị nhỏ nhất",
        "min_value",
        read_signed,
        lambda f, n: f.min_value,
        "Câu hỏi số.",
        width=9,
    ),
    Column(
        "Giá trị lớn nhất",
        "max_value",
        read_signed,
        lambda f, n: f.max_value,
        "Câu hỏi số.",
        width=9,
    ),
    Column(
        "Lựa chọn",
        "options",
        lambda v: tuple(line for line in read_text(v).splitlines() if line.strip()),
        lambda f, n: "\n".join(f.options),
        "Câu hỏi chọn một: mỗi dòng trong ô một lựa chọn.",
        width=24,
    ),
    Column(
        "Giới hạn ngày",
        "date_bound",
        lambda v: read_choice(v, DATE_BOUND_WORDS, default=DateBound.ANY),
        lambda f, n: DATE_BOUND_WORDS[f.date_bound] if f.date_bound else "",
        "Câu hỏi ngày: không sau hôm nay (ngày sinh), không trước hôm nay, hoặc trống.",
        width=16,
        choices=tuple(DATE_BOUND_WORDS.values()),
    ),
)

SLOT_COLUMNS = (
    *_key_columns("tệp đính kèm"),
    Column(
        "STT giấy tờ",
        "document",
        lambda v: read_count(v, default=0),
        lambda s: s.document,
        "STT của giấy tờ trong sheet 'Giấy tờ' (mỗi giấy tờ một chỗ tải tệp).",
        width=8,
        required=True,
    ),
    Column(
        "Tên giấy tờ",
        "name",
        read_text,
        lambda s: s.name,
        "Để đối chiếu; khi nhập, tên lấy theo sheet 'Giấy tờ'.",
        width=40,
    ),
    Column(
        "Bắt buộc",
        "required",
        lambda v: read_choice(v, YES_NO_WORDS, default=True),
        lambda s: YES_NO_WORDS[s.required],
        "Nộp trực tuyến thì bắt buộc tải lên: 'có' hoặc 'không'.",
        width=9,
        choices=tuple(YES_NO_WORDS.values()),
    ),
    Column(
        "Loại tệp",
        "accepted",
        read_file_types,
        lambda s: s.accepted_labels,
        "Một hoặc nhiều: PDF, JPEG, PNG, cách nhau bởi dấu phẩy (trống: cả ba).",
        width=14,
    ),
    Column(
        "Dung lượng tối đa (MB)",
        "max_size_mb",
        lambda v: read_count(v, default=eforms.DEFAULT_SLOT_MB),
        lambda s: s.max_size_mb,
        f"Mỗi tệp, 1–{eforms.MAX_SLOT_MB} MB (mặc định {eforms.DEFAULT_SLOT_MB}).",
        width=10,
    ),
    Column(
        "Số tệp tối đa",
        "max_files",
        lambda v: read_count(v, default=1),
        lambda s: s.max_files,
        f"1–{eforms.MAX_SLOT_FILES} (mặc định 1).",
        width=8,
    ),
)

FIELD_HEADERS = {column.field: column.header for column in FIELD_COLUMNS}
SLOT_HEADERS = {column.field: column.header for column in SLOT_COLUMNS}


def field_row(f: FieldDef, number: int, code: str, valid_from: dt.date) -> list:
    return [code, valid_from, *(column.write(f, number) for column in FIELD_COLUMNS[2:])]


def slot_row(s: SlotDef, code: str, valid_from: dt.date) -> list:
    return [code, valid_from, *(column.write(s) for column in SLOT_COLUMNS[2:])]


def checked_field(values: dict, earlier: list[FieldDef]) -> tuple[FieldDef | None, list]:
    """(the question, []) or (None, [(column header, message)])."""
    values = {k: v for k, v in values.items() if k != "order"}
    return _checked(lambda: eforms.check_field(FieldDef(**values), earlier), FIELD_HEADERS)


def checked_slot(values: dict, name: str) -> tuple[SlotDef | None, list]:
    return _checked(lambda: eforms.check_slot(SlotDef(**values, name=name)), SLOT_HEADERS)


def _checked(make, headers):
    try:
        return make(), []
    except DomainError as error:
        found = getattr(error, "errors", [error])
        return None, [(headers.get(e.field or "", ""), _lower(e.message)) for e in found]


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]
