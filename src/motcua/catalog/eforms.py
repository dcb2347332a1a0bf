"""Biểu mẫu điện tử: what a procedure version asks a citizen online (pure, no database).

An ``EFormDef`` is the e-form of one ``ProcedureVersion``: its typed questions
(``FieldDef``, in order, grouped in pages/steps) and its document slots (``SlotDef``, one
per document of the version's checklist). It is stored as validated JSON on
``catalog.models.EForm`` (``as_json`` / ``from_json``), so one value is read, compared,
exported and — by the portal — copied into a dossier as the snapshot of what was asked.

``validate_answers`` checks a citizen's answers (a flat mapping, as a POST or a saved draft
gives them) and returns the cleaned values, or raises every error at once
(``core.errors.DomainErrors``, each ``field`` = the question's key). The Django form that
asks the same questions is ``catalog.eform_forms.build_form``; it calls this function so
the two never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from motcua.core.citizen_id import validate_citizen_id
from motcua.core.errors import DomainError, ErrorCollector
from motcua.core.fields import DATE_FORMATS
from motcua.core.phone import normalise_phone


class FieldType:
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    CITIZEN_ID = "citizen_id"
    PHONE = "phone"
    ADDRESS = "address"

    LABELS = {
        TEXT: "Chữ",
        NUMBER: "Số nguyên",
        DATE: "Ngày (dd/mm/yyyy)",
        CHOICE: "Chọn một",
        CITIZEN_ID: "Số định danh cá nhân",
        PHONE: "Số điện thoại",
        ADDRESS: "Địa chỉ (xã/phường trong tỉnh)",
    }
    ALL = tuple(LABELS)


class DateBound:
    ANY = ""
    PAST = "past"  # not after the day of submission (a date of birth)
    FUTURE = "future"  # not before it (a requested appointment)

    LABELS = {ANY: "Không giới hạn", PAST: "Không sau hôm nay", FUTURE: "Không trước hôm nay"}
    ALL = tuple(LABELS)


#: File types a slot may accept, by the code stored in the definition. The type of an
#: upload is decided from its content by the files app; these are the names it matches.
FILE_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
FILE_TYPE_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 60
MAX_PAGES = 20
MAX_LABEL = 200
MAX_HELP = 500
MAX_OPTIONS = 50
MAX_OPTION_LENGTH = 200
DEFAULT_TEXT_LENGTH = 200
MAX_TEXT_LENGTH = 2000
MAX_NUMBER = 10**12
MAX_SLOT_MB = 50
MAX_SLOT_FILES = 20
DEFAULT_SLOT_MB = 10
ADDRESS_DETAIL_LENGTH = 200
ADDRESS_DETAIL_MISSING = "Nhập số nhà, đường/thôn, tổ dân phố."
#: Dates typed in a form: a parent's date of birth is before core.fields' 2000.
MIN_DATE_YEAR = 1900
MAX_DATE_YEAR = 2100
#: A checklist document whose name says it is conditional gets an optional slot.
OPTIONAL_MARKERS = ("nếu có", "trường hợp", "tùy trường hợp", "nếu ủy quyền", "(nếu")


@dataclass(frozen=True)
class FieldDef:
    """One question. Its order is its position in ``EFormDef.fields``."""

    key: str
    label: str
    type: str = FieldType.TEXT
    required: bool = True
    help_text: str = ""
    page: int = 1
    max_length: int | None = None  # text
    min_value: int | None = None  # number
    max_value: int | None = None  # number
    options: tuple[str, ...] = ()  # choice
    date_bound: str = DateBound.ANY  # date

    @property
    def type_label(self) -> str:
        return FieldType.LABELS.get(self.type, self.type)

    @property
    def text_limit(self) -> int:
        return self.max_length or DEFAULT_TEXT_LENGTH


@dataclass(frozen=True)
class UploadLimits:
    """A slot's limits as plain values (the files app builds its upload policy from them)."""

    content_types: tuple[str, ...]
    max_bytes: int
    max_files: int


@dataclass(frozen=True)
class SlotDef:
    """Where the citizen uploads one checklist document (``document`` = its STT)."""

    document: int
    name: str
    required: bool = True
    accepted: tuple[str, ...] = tuple(FILE_TYPES)
    max_size_mb: int = DEFAULT_SLOT_MB
    max_files: int = 1

    @property
    def limits(self) -> UploadLimits:
        return UploadLimits(
            content_types=tuple(FILE_TYPES[code] for code in self.accepted),
            max_bytes=self.max_size_mb * 1024 * 1024,
            max_files=self.max_files,
        )

    @property
    def accepted_labels(self) -> str:
        return ", ".join(FILE_TYPE_LABELS[code] for code in self.accepted)


@dataclass(frozen=True)
class EFormDef:
    fields: tuple[FieldDef, ...] = ()
    slots: tuple[SlotDef, ...] = field(default=())

    @property
    def pages(self) -> list[int]:
        """The page numbers in use, in order (one question per screen: one field a page)."""
        return sorted({f.page for f in self.fields})

    def fields_on(self, page: int | None) -> tuple[FieldDef, ...]:
        return tuple(f for f in self.fields if page is None or f.page == page)

    def field(self, key: str) -> FieldDef | None:
        return next((f for f in self.fields if f.key == key), None)


# --- JSON -----------------------------------------------------------------------------------


def field_as_json(f: FieldDef) -> dict:
    data = {"key": f.key, "label": f.label, "type": f.type, "required": f.required}
    optional = {
        "help_text": f.help_text,
        "page": f.page if f.page != 1 else None,
        "max_length": f.max_length,
        "min_value": f.min_value,
        "max_value": f.max_value,
        "options": list(f.options),
        "date_bound": f.date_bound,
    }
    data.update({k: v for k, v in optional.items() if v not in (None, "", [])})
    return data


def slot_as_json(s: SlotDef) -> dict:
    return {
        "document": s.document,
        "name": s.name,
        "required": s.required,
        "accepted": list(s.accepted),
        "max_size_mb": s.max_size_mb,
        "max_files": s.max_files,
    }


def fields_from_json(items: Iterable[dict]) -> tuple[FieldDef, ...]:
    return tuple(
        FieldDef(**{**item, "options": tuple(item.get("options", ()))}) for item in items or ()
    )


def slots_from_json(items: Iterable[dict]) -> tuple[SlotDef, ...]:
    return tuple(
        SlotDef(**{**item, "accepted": tuple(item.get("accepted", FILE_TYPES))})
        for item in items or ()
    )


# --- Checking a definition ------------------------------------------------------------------


def _has_control(text: str, *, newlines: bool = False) -> bool:
    allowed = {"\n", "\t", "\r"} if newlines else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def _fail(code: str, message: str, name: str):
    raise DomainError(code, message, field=name)


def check_field(f: FieldDef, others: Iterable[FieldDef] = ()) -> FieldDef:
    """Every problem of one question definition at once (DomainErrors by attribute name);
    ``others`` are the form's other questions (the key must differ). Returns ``f`` tidied."""
    f = replace(
        f,
        key=f.key.strip(),
        label=f.label.strip(),
        help_text=f.help_text.strip(),
        options=tuple(o.strip() for o in f.options if o.strip()),
    )
    errors = ErrorCollector()
    errors.run(_check_key, f, others)
    errors.run(_check_label, f)
    errors.run(_check_bounds, f)
    errors.raise_any()
    return f


def _check_key(f: FieldDef, others) -> None:
    if not KEY_PATTERN.match(f.key):
        _fail(
            "eform_key_invalid",
            "Mã câu hỏi gồm chữ thường không dấu, số và gạch dưới, bắt đầu bằng chữ, tối đa "
            "40 ký tự (ví dụ: ho_ten_me).",
            "key",
        )
    if any(o.key == f.key for o in others):
        _fail("eform_key_taken", f"Đã có câu hỏi mã '{f.key}' trong biểu mẫu.", "key")


def _check_label(f: FieldDef) -> None:
    errors = ErrorCollector()
    if not f.label:
        errors.run(_fail, "eform_label_required", "Nhập nội dung câu hỏi.", "label")
    elif len(f.label) > MAX_LABEL or _has_control(f.label):
        errors.run(
            _fail,
            "eform_label_invalid",
            f"Câu hỏi tối đa {MAX_LABEL} ký tự, không xuống dòng.",
            "label",
        )
    if len(f.help_text) > MAX_HELP or _has_control(f.help_text, newlines=True):
        errors.run(_fail, "eform_help_invalid", f"Hướng dẫn tối đa {MAX_HELP} ký tự.", "help_text")
    if f.type not in FieldType.ALL:
        errors.run(_fail, "eform_type_invalid", "Loại câu hỏi không hợp lệ.", "type")
    if not 1 <= f.page <= MAX_PAGES:
        errors.run(_fail, "eform_page_invalid", f"Bước phải từ 1 đến {MAX_PAGES}.", "page")
    errors.raise_any()


def _check_bounds(f: FieldDef) -> None:
    errors = ErrorCollector()
    if f.max_length is not None and (
        f.type != FieldType.TEXT or not 1 <= f.max_length <= MAX_TEXT_LENGTH
    ):
        errors.run(
            _fail,
            "eform_max_length_invalid",
            f"Độ dài tối đa chỉ dùng cho câu hỏi chữ, từ 1 đến {MAX_TEXT_LENGTH}.",
            "max_length",
        )
    for name in ("min_value", "max_value"):
        value = getattr(f, name)
        if value is not None and (f.type != FieldType.NUMBER or abs(value) > MAX_NUMBER):
            errors.run(
                _fail,
                "eform_number_bound_invalid",
                "Giá trị nhỏ nhất, lớn nhất chỉ dùng cho câu hỏi số, trong khoảng ±10^12.",
                name,
            )
    if f.min_value is not None and f.max_value is not None and f.min_value > f.max_value:
        errors.run(
            _fail,
            "eform_number_bounds_reversed",
            "Giá trị lớn nhất phải từ giá trị nhỏ nhất trở lên.",
            "max_value",
        )
    if f.type == FieldType.CHOICE:
        errors.run(_check_options, f.options)
    elif f.options:
        errors.run(
            _fail, "eform_options_unused", "Chỉ câu hỏi chọn một mới có lựa chọn.", "options"
        )
    if f.date_bound not in DateBound.ALL or (f.date_bound and f.type != FieldType.DATE):
        errors.run(
            _fail,
            "eform_date_bound_invalid",
            "Giới hạn ngày chỉ dùng cho câu hỏi ngày.",
            "date_bound",
        )
    errors.raise_any()


def _check_options(options: tuple[str, ...]) -> None:
    if not options:
        _fail(
            "eform_options_required", "Nhập ít nhất một lựa chọn, mỗi dòng một lựa chọn.", "options"
        )
    if len(options) > MAX_OPTIONS:
        _fail("eform_options_too_many", f"Tối đa {MAX_OPTIONS} lựa chọn.", "options")
    if any(len(o) > MAX_OPTION_LENGTH or _has_control(o) for o in options):
        _fail("eform_option_invalid", f"Mỗi lựa chọn tối đa {MAX_OPTION_LENGTH} ký tự.", "options")
    if len({o.casefold() for o in options}) != len(options):
        _fail("eform_options_duplicate", "Có lựa chọn bị trùng.", "options")


def check_slot(s: SlotDef) -> SlotDef:
    """Every problem of one slot's limits at once; returns it with the types in fixed order."""
    s = replace(s, accepted=tuple(code for code in FILE_TYPES if code in s.accepted))
    errors = ErrorCollector()
    if not s.accepted:
        errors.run(
            _fail, "eform_slot_types_required", "Chọn ít nhất một loại tệp được nhận.", "accepted"
        )
    if not 1 <= s.max_size_mb <= MAX_SLOT_MB:
        errors.run(
            _fail,
            "eform_slot_size_invalid",
            f"Dung lượng tối đa mỗi tệp từ 1 đến {MAX_SLOT_MB} MB.",
            "max_size_mb",
        )
    if not 1 <= s.max_files <= MAX_SLOT_FILES:
        errors.run(
            _fail,
            "eform_slot_files_invalid",
            f"Số tệp tối đa từ 1 đến {MAX_SLOT_FILES}.",
            "max_files",
        )
    errors.raise_any()
    return s


def check_definition(definition: EFormDef) -> EFormDef:
    """Every field and slot checked (errors named ``fields.N.attr``, ``slots.N.attr``)."""
    errors = ErrorCollector()
    if len(definition.fields) > MAX_FIELDS:
        errors.run(_fail, "eform_too_many_fields", f"Tối đa {MAX_FIELDS} câu hỏi.", "fields")
    fields: list[FieldDef] = []
    for number, f in enumerate(definition.fields, start=1):
        checked = _prefixed(errors, f"fields.{number}", check_field, f, fields)
        fields.append(checked or f)
    slots = []
    for number, s in enumerate(definition.slots, start=1):
        checked = _prefixed(errors, f"slots.{number}", check_slot, s)
        slots.append(checked or s)
    errors.raise_any()
    return EFormDef(tuple(fields), tuple(slots))


def _prefixed(errors: ErrorCollector, prefix: str, check, *args):
    inner = ErrorCollector()
    result = inner.run(check, *args)
    for error in inner.errors:
        error.field = f"{prefix}.{error.field}"
    errors.errors.extend(inner.errors)
    return result


# --- Slots from the checklist ---------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """What a slot is derived from: a RequiredDocument as plain values."""

    order: int
    name: str
    present_only: bool = False


def default_slot(item: ChecklistItem) -> SlotDef:
    """A conditional document ("nếu có", "trường hợp …") or one only shown at the counter
    gets an optional slot; any other document a required one, PDF/JPEG/PNG, 10 MB, 1 file."""
    lowered = item.name.lower()
    optional = item.present_only or any(marker in lowered for marker in OPTIONAL_MARKERS)
    return SlotDef(document=item.order, name=item.name, required=not optional)


def derive_slots(
    checklist: Iterable[ChecklistItem], stored: Iterable[SlotDef] = ()
) -> tuple[SlotDef, ...]:
    """One slot per checklist document, in its order: the stored settings of a slot whose
    document (STT and name) is still there, else the default. A stored slot of a document
    that left the checklist is dropped."""
    by_order = {s.document: s for s in stored}
    slots = []
    for item in checklist:
        kept = by_order.get(item.order)
        if kept is not None and kept.name == item.name:
            slots.append(kept)
        else:
            slots.append(default_slot(item))
    return tuple(slots)


# --- Validating answers ---------------------------------------------------------------------

ADDRESS_WARD = "{key}__phuong"
ADDRESS_DETAIL = "{key}__chi_tiet"
_NUMBER = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)$")


def answer_keys(f: FieldDef) -> tuple[str, ...]:
    """The keys of the flat answers mapping that hold the answer to ``f``."""
    if f.type == FieldType.ADDRESS:
        return (ADDRESS_WARD.format(key=f.key), ADDRESS_DETAIL.format(key=f.key))
    return (f.key,)


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:] if label[:2] != label[:2].upper() else label


def missing_error(f: FieldDef) -> DomainError:
    verb = "Chưa chọn" if f.type == FieldType.CHOICE else "Chưa nhập"
    return DomainError("eform_required", f"{verb} {_lower_first(f.label)}.", field=f.key)


def _text(f: FieldDef, raw: str):
    if len(raw) > f.text_limit:
        _fail("eform_too_long", f"Tối đa {f.text_limit} ký tự (đang có {len(raw)}).", f.key)
    if _has_control(raw, newlines=True):
        _fail("eform_text_invalid", "Có ký tự không hợp lệ.", f.key)
    return raw


def _number(f: FieldDef, raw: str):
    text = raw.replace(" ", "")
    if not _NUMBER.match(text) or len(text) > 20:
        _fail("eform_number_invalid", "Nhập một số nguyên, ví dụ 3.", f.key)
    value = int(text.replace(".", ""))
    if f.min_value is not None and value < f.min_value:
        _fail("eform_number_too_small", f"Nhỏ nhất là {f.min_value}.", f.key)
    if f.max_value is not None and value > f.max_value:
        _fail("eform_number_too_large", f"Lớn nhất là {f.max_value}.", f.key)
    if abs(value) > MAX_NUMBER:
        _fail("eform_number_too_large", "Số quá lớn.", f.key)
    return value


def _date(f: FieldDef, raw: str, today: dt.date):
    value = None
    for fmt in DATE_FORMATS:
        try:
            value = dt.datetime.strptime(raw, fmt).date()
            break
        except ValueError:
            continue
    if value is None:
        _fail("eform_date_invalid", "Ngày không hợp lệ (dd/mm/yyyy, ví dụ 02/03/2026).", f.key)
    if not MIN_DATE_YEAR <= value.year <= MAX_DATE_YEAR:
        _fail(
            "eform_date_year",
            f"Năm phải trong khoảng {MIN_DATE_YEAR}–{MAX_DATE_YEAR}: kiểm tra lại năm.",
            f.key,
        )
    if f.date_bound == DateBound.PAST and value > today:
        _fail("eform_date_future", "Ngày này không được sau hôm nay.", f.key)
    if f.date_bound == DateBound.FUTURE and value < today:
        _fail("eform_date_past", "Ngày này không được trước hôm nay.", f.key)
    return value


def _choice(f: FieldDef, raw: str):
    if raw not in f.options:
        _fail("eform_choice_invalid", "Lựa chọn không có trong danh sách.", f.key)
    return raw


def _address(f: FieldDef, answers: Mapping[str, str], wards: Mapping[str, str]):
    ward_key, detail_key = answer_keys(f)
    ward = str(answers.get(ward_key) or "").strip()
    detail = str(answers.get(detail_key) or "").strip()
    if not ward and not detail:
        if f.required:
            raise missing_error(f)
        return None
    errors = ErrorCollector()
    if ward not in wards:
        errors.run(_fail, "eform_ward_invalid", "Chọn xã/phường trong danh sách của tỉnh.", f.key)
    if not detail:
        errors.run(_fail, "eform_address_detail", "Nhập số nhà, đường/thôn, tổ dân phố.", f.key)
    elif len(detail) > ADDRESS_DETAIL_LENGTH or _has_control(detail):
        errors.run(
            _fail,
            "eform_address_detail",
            f"Số nhà, đường tối đa {ADDRESS_DETAIL_LENGTH} ký tự.",
            f.key,
        )
    errors.raise_any()
    return {"ward": ward, "ward_name": wards[ward], "detail": detail}


def clean_answer(
    f: FieldDef, answers: Mapping[str, str], *, wards: Mapping[str, str], today: dt.date
):
    """The cleaned answer to one question (None when left blank and optional)."""
    if f.type == FieldType.ADDRESS:
        return _address(f, answers, wards)
    raw = str(answers.get(f.key) or "").strip()
    if not raw:
        if f.required:
            raise missing_error(f)
        return None
    if f.type == FieldType.TEXT:
        return _text(f, raw)
    if f.type == FieldType.NUMBER:
        return _number(f, raw)
    if f.type == FieldType.DATE:
        return _date(f, raw, today)
    if f.type == FieldType.CHOICE:
        return _choice(f, raw)
    if f.type == FieldType.CITIZEN_ID:
        return validate_citizen_id(raw, field=f.key, today=today)
    if f.type == FieldType.PHONE:
        return normalise_phone(raw, field=f.key)
    raise DomainError("eform_type_invalid", "Loại câu hỏi không hợp lệ.", field=f.key)


def validate_answers(
    definition: EFormDef,
    answers: Mapping[str, str],
    *,
    wards: Mapping[str, str],
    today: dt.date,
    page: int | None = None,
) -> dict:
    """{key: cleaned value} for the questions of ``page`` (every page when None), or
    ``DomainErrors`` with one error per refused question (its ``field`` = the key).

    ``answers`` is flat: a question's key → the typed text; an address has two keys
    (``answer_keys``: ward code, street detail). ``wards`` are the province's wards
    (code → name, ``catalog.selectors.province_wards``). Keys the form does not ask are
    ignored. Values: str, int, date, the chosen option, the normalised citizen ID or
    phone, {"ward", "ward_name", "detail"}; None for an optional question left blank.
    """
    errors = ErrorCollector()
    cleaned: dict = {}
    for f in definition.fields_on(page):
        value = errors.run(clean_answer, f, answers, wards=wards, today=today, default=_BAD)
        if value is not _BAD:
            cleaned[f.key] = value
    errors.raise_any()
    return cleaned


_BAD = object()


@dataclass(frozen=True)
class Upload:
    """What the files app decided of one uploaded file: its type (from the content) and size."""

    content_type: str
    size: int


def slot_key(slot: SlotDef) -> str:
    """The name a slot's files and errors go by in a form ("tep_2" for document STT 2)."""
    return f"tep_{slot.document}"


def _check_slot_files(slot: SlotDef, files) -> None:
    errors = ErrorCollector()
    limits, key = slot.limits, slot_key(slot)
    if not files and slot.required:
        errors.run(_fail, "eform_file_required", f"Chưa tải lên: {slot.name}.", key)
    if len(files) > limits.max_files:
        errors.run(
            _fail, "eform_too_many_files", f"Tối đa {limits.max_files} tệp cho giấy tờ này.", key
        )
    if any(f.content_type not in limits.content_types for f in files):
        errors.run(
            _fail,
            "eform_file_type",
            f"Chỉ nhận tệp {slot.accepted_labels} (xác định theo nội dung tệp, không theo tên).",
            key,
        )
    if any(f.size > limits.max_bytes for f in files):
        errors.run(_fail, "eform_file_too_large", f"Mỗi tệp tối đa {slot.max_size_mb} MB.", key)
    errors.raise_any()


def validate_uploads(definition: EFormDef, uploads: Mapping[int, Iterable[Upload]]) -> None:
    """Every slot's files against its limits, all errors at once (``field`` = ``slot_key``):
    a required document without a file, too many files, a type or a size refused.
    ``uploads`` maps a document's STT to its files; files of an unknown STT are refused."""
    errors = ErrorCollector()
    known = {s.document for s in definition.slots}
    for document in sorted(set(uploads) - known):
        errors.run(
            _fail,
            "eform_slot_unknown",
            "Giấy tờ này không có trong thành phần hồ sơ.",
            f"tep_{document}",
        )
    for slot in definition.slots:
        errors.run(_check_slot_files, slot, list(uploads.get(slot.document, ())))
    errors.raise_any()


__all__ = [
    "FILE_TYPES",
    "ChecklistItem",
    "DateBound",
    "EFormDef",
    "FieldDef",
    "FieldType",
    "SlotDef",
    "Upload",
    "UploadLimits",
    "answer_keys",
    "check_definition",
    "check_field",
    "check_slot",
    "derive_slots",
    "slot_key",
    "validate_answers",
    "validate_uploads",
]
