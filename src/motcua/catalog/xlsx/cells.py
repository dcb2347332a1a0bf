"""One cell of the catalogue spreadsheet: the words for each stored choice, and readers
from a raw cell value to a Python value (or ``CellError``)."""

from __future__ import annotations

import datetime as dt
import re

from .. import deadlines, fees
from ..models import (
    CopyType,
    DeadlineKind,
    OnlineLevel,
    ResultDelivery,
    SupplementEffect,
    default_same_day_cutoff,
)
from ..search import normalize_search

MAX_TEXT = 20000

# Words used in the cells for each stored choice (matched without diacritics or case).
DEADLINE_WORDS = {
    DeadlineKind.DAYS: "ngày làm việc",
    DeadlineKind.HOURS: "giờ làm việc",
    DeadlineKind.CALENDAR_DAYS: "ngày",
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


def blank(value) -> bool:
    """An empty cell: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
    if blank(value):
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
    if blank(value):
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
    if blank(value):
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
    if blank(value):
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
    if blank(value):
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
    if blank(value):
        raise CellError(f"chọn ít nhất một trong: {', '.join(DELIVERY_WORDS.values())}.")
    parts = [part for part in re.split(r"[,;]", str(value)) if part.strip()]
    chosen = {read_choice(part, DELIVERY_WORDS) for part in parts}
    return tuple(code for code in ResultDelivery.values if code in chosen)


def read_time(value) -> dt.time:
    """Giờ chốt trong ngày, 'HH:MM'; blank = the deployment's default (15:00)."""
    if blank(value):
        return default_same_day_cutoff()
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    try:
        return dt.datetime.strptime(str(value).strip(), "%H:%M").time()
    except ValueError:
        raise CellError("phải là giờ dạng HH:MM, ví dụ 15:00.") from None


def read_deadline_variants(value) -> tuple:
    """Thời hạn theo trường hợp, hình thức nộp, giai đoạn: one variant per line
    (catalog.deadlines)."""
    try:
        return deadlines.parse(read_text(value))
    except deadlines.DeadlineRuleError as exc:
        raise CellError(str(exc)) from None


def read_fee_items(value) -> tuple:
    """Cách tính phí, lệ phí: one charge per line (catalog.fees, docs/fees.md)."""
    try:
        return fees.parse(read_text(value)).items
    except fees.FeeRuleError as exc:
        raise CellError(str(exc)) from None


def read_fee_exemptions(value) -> tuple:
    """Đối tượng miễn, giảm: one ground per line (catalog.fees, docs/fees.md)."""
    try:
        return fees.parse("", read_text(value)).exemptions
    except fees.FeeRuleError as exc:
        raise CellError(str(exc)) from None
