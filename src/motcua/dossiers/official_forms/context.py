"""The data each official form prints (biểu mẫu, Phụ lục I Thông tư 03/2025/TT-VPCP).

Plain frozen dataclasses with Python types — aware datetimes, dates, whole-dong
integers — and no Django models: the dossiers services map a Dossier and its events
onto them, the renderer (render.py) formats them in Vietnamese. Strings are printed
as given, except agency names in the header, which are upper-cased as official
documents write them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, fields


class CopyType(enum.StrEnum):
    """Loại bản of a document. Same codes as catalog.models.CopyType."""

    ORIGINAL = "original"
    CERTIFIED_COPY = "certified_copy"
    PHOTOCOPY = "photocopy"
    PRESENT_ONLY = "present_only"

    @property
    def label(self) -> str:
        return COPY_TYPE_LABELS[self]


COPY_TYPE_LABELS = {
    CopyType.ORIGINAL: "Bản chính",
    CopyType.CERTIFIED_COPY: "Bản sao có chứng thực",
    CopyType.PHOTOCOPY: "Bản chụp",
    CopyType.PRESENT_ONLY: "Xuất trình bản chính",
}


class HandoverResult(enum.StrEnum):
    """Kết quả giải quyết at one hand-over of the Phiếu kiểm soát (Mẫu 06)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]


class _AwareDatetimes:
    """Refuses naive datetimes: a form must say 10:00 in Hanoi, not 10:00 somewhere."""

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, dt.datetime) and value.tzinfo is None:
                raise ValueError(f"{type(self).__name__}.{field.name}: datetime must be aware")


@dataclass(frozen=True)
class AgencyHeader:
    """Tên cơ quan ban hành: the parent agency (cơ quan chủ quản) above the issuing unit.

    ``place`` is the địa danh written before the date ("Hòa Bình, ngày …").
    """

    parent_name: str
    name: str
    place: str


@dataclass(frozen=True)
class Applicant:
    """Cá nhân, tổ chức nộp hồ sơ (or the addressee of a letter)."""

    full_name: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Signer:
    """Người ký: ``title`` is the signing capacity ("GIÁM ĐỐC", "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH")."""

    full_name: str
    title: str = ""


@dataclass(frozen=True)
class DocumentLine:
    """One document (giấy tờ) received or to be supplemented."""

    name: str
    copy_type: CopyType = CopyType.ORIGINAL
    quantity: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "copy_type", CopyType(self.copy_type))
        if self.quantity < 0:
            raise ValueError("DocumentLine.quantity must not be negative")


@dataclass(frozen=True)
class ReceiptForm(_AwareDatetimes):
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả — Mẫu 01.

    ``processing_time`` is the legal deadline in words ("03 ngày làm việc", as
    catalog's ProcedureVersion.deadline_text); ``lookup_url`` is the public lookup
    page of the dossier, printed as a QR code.
    """

    header: AgencyHeader
    number: str
    issued_on: dt.date
    dossier_code: str
    receiving_unit: str
    applicant: Applicant
    procedure_name: str
    documents: tuple[DocumentLine, ...]
    processing_time: str
    received_at: dt.datetime
    appointment_at: dt.datetime
    result_place: str
    lookup_url: str
    receiving_officer: Signer
    fee_vnd: int = 0
    # None: the fee is known (fee_vnd, 0 = không thu); else the version has no fixed fee
    # and the counter could not state it: the reason ("" when none was given).
    fee_undetermined: str | None = None
    # The fee in words as printing.fee_statement writes it (the computed amount, phí and
    # lệ phí apart, or the exemption with its ground); when given, it is what is printed.
    fee_text: str = ""
    dossier_sets: int = 1
    register_book: str = ""
    register_entry: str = ""


@dataclass(frozen=True)
class SupplementRequestForm:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — Mẫu 02.

    ``documents`` are what the applicant must add or redo; the contact is whom to call
    while completing the dossier.
    """

    header: AgencyHeader
    number: str
    issued_on: dt.date
    dossier_code: str
    unit: str
    applicant: Applicant
    procedure_name: str
    documents: tuple[DocumentLine, ...]
    reason: str
    contact_name: str
    contact_phone: str
    guiding_officer: Signer


@dataclass(frozen=True)
class RefusalForm:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ — Mẫu 03."""

    header: AgencyHeader
    number: str
    issued_on: dt.date
    dossier_code: str
    unit: str
    applicant: Applicant
    procedure_name: str
    reasons: tuple[str, ...]
    receiving_officer: Signer


@dataclass(frozen=True)
class ApologyForm(_AwareDatetimes):
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết — Mẫu 04.

    Signed by the head of the unit that is late; ``recipients`` is the "Nơi nhận" list.
    """

    header: AgencyHeader
    number: str
    issued_on: dt.date
    addressee: Applicant
    dossier_code: str
    procedure_name: str
    received_at: dt.datetime
    original_due_at: dt.datetime
    reason: str
    new_due_at: dt.datetime
    signer: Signer
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class StopForm(_AwareDatetimes):
    """Thông báo dừng giải quyết hồ sơ — Mẫu 05 (new in TT 03/2025)."""

    header: AgencyHeader
    number: str
    issued_on: dt.date
    unit: str
    applicant: Applicant
    dossier_code: str
    procedure_name: str
    received_at: dt.datetime
    reason: str
    legal_ground: str
    signer: Signer
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class ControlSheetRow(_AwareDatetimes):
    """One hand-over (giao, nhận hồ sơ) between two units; ``result`` is empty until known."""

    from_unit: str
    to_unit: str
    handed_over_at: dt.datetime
    giver: str
    receiver: str
    result: HandoverResult | None = None
    note: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.result is not None:
            object.__setattr__(self, "result", HandoverResult(self.result))


@dataclass(frozen=True)
class ControlSheetForm(_AwareDatetimes):
    """Phiếu kiểm soát quá trình giải quyết hồ sơ — Mẫu 06 (read from the timeline)."""

    header: AgencyHeader
    dossier_code: str
    applicant: Applicant
    procedure_name: str
    received_at: dt.datetime
    due_at: dt.datetime
    competent_unit: str
    rows: tuple[ControlSheetRow, ...]
    coordinating_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegisterRow(_AwareDatetimes):
    """One dossier in the Sổ theo dõi hồ sơ; dates not yet reached are None."""

    dossier_code: str
    procedure_name: str
    quantity: int
    applicant_name: str
    applicant_address: str
    competent_agency: str
    received_at: dt.datetime
    due_at: dt.datetime | None = None
    forwarded_at: dt.datetime | None = None
    result_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class RegisterForm:
    """Sổ theo dõi hồ sơ — Mẫu 07: the dossiers of one agency over one period."""

    header: AgencyHeader
    period_start: dt.date
    period_end: dt.date
    rows: tuple[RegisterRow, ...]
    book_number: str = ""

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise ValueError("RegisterForm: period_end is before period_start")


OfficialForm = (
    ReceiptForm
    | SupplementRequestForm
    | RefusalForm
    | ApologyForm
    | StopForm
    | ControlSheetForm
    | RegisterForm
)
