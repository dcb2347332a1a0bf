"""Timeline events, one entry per kind: what it means and the data it carries.

Each kind has its labels (``KINDS``: the staff timeline, the public lookup, the Phiếu
kiểm soát) and one frozen dataclass for its data. The dataclass is the kind's builder
(the services and the bench generator construct it; ``as_data()`` is what
``DossierEvent.data`` stores) and its typed reader (``Kind.read(event)``, or
``payload(kind, data)`` for rows read as plain values). Nothing else writes or reads an
event's ``data``: the clock, the timeline, the public lookup, the printed forms and the
staff pages all go through here.

Moments in event data are written in Vietnam time, readable in the audit trail. Readers
accept a missing key (an older or hand-made row) with the field's default.

An event that issues a form (Mẫu 01–05) carries ``register_number``: the "Số: …" taken
from the agency's register in the same transaction (services.next_register_number), so
a reprint shows the same number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Self
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from . import clock

TZ = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class EventKind:
    code: str
    label: str  # staff timeline / Phiếu kiểm soát
    public_label: str = ""  # empty: not shown on the public lookup
    handover: bool = False  # a line of Phiếu kiểm soát (Mẫu 06)


KINDS: dict[str, EventKind] = {
    k.code: k
    for k in (
        EventKind("submitted", "Nộp hồ sơ trực tuyến (chờ kiểm tra)", "Đã nộp hồ sơ trực tuyến"),
        EventKind("received", "Tiếp nhận hồ sơ", "Hồ sơ đã được tiếp nhận", handover=True),
        EventKind("refused", "Từ chối tiếp nhận (Mẫu 03)", "Hồ sơ không được tiếp nhận"),
        EventKind(
            "forwarded", "Chuyển đơn vị giải quyết", "Đã chuyển đơn vị giải quyết", handover=True
        ),
        EventKind("assigned", "Phân công chuyên viên xử lý", "Đang được xử lý", handover=True),
        EventKind(
            "supplement_requested",
            "Yêu cầu bổ sung hồ sơ (Mẫu 02)",
            "Cần bổ sung hồ sơ",
            handover=True,
        ),
        EventKind(
            "supplement_received", "Nhận hồ sơ bổ sung", "Đã nhận hồ sơ bổ sung", handover=True
        ),
        EventKind(
            "obligation_requested",
            "Yêu cầu thực hiện nghĩa vụ tài chính",
            "Cần thực hiện nghĩa vụ tài chính",
        ),
        EventKind(
            "obligation_fulfilled",
            "Đã thực hiện nghĩa vụ tài chính",
            "Đã thực hiện nghĩa vụ tài chính",
        ),
        EventKind("extended", "Xin lỗi và gia hạn (Mẫu 04)", "Hẹn lại ngày trả kết quả"),
        EventKind("stopped", "Dừng giải quyết (Mẫu 05)", "Dừng giải quyết hồ sơ", handover=True),
        EventKind("approved", "Phê duyệt kết quả", "", handover=True),
        EventKind("rejected", "Từ chối giải quyết", "", handover=True),
        EventKind("result_ready", "Đã có kết quả", "Đã có kết quả, chờ trả", handover=True),
        EventKind("returned", "Trả kết quả", "Đã trả kết quả", handover=True),
        EventKind("withdrawn", "Rút hồ sơ theo yêu cầu", "Hồ sơ đã được rút theo yêu cầu"),
        EventKind(
            "delivery_chosen",
            "Người nộp chọn hình thức nhận kết quả",
            "Đã chọn hình thức nhận kết quả",
        ),
        EventKind(
            "due_recomputed",
            "Tính lại hạn do thay đổi lịch làm việc",
            "Cập nhật ngày hẹn trả do thay đổi lịch làm việc",
        ),
        EventKind("files_attached", "Đính kèm tệp"),
        EventKind("note", "Ghi chú nội bộ"),
    )
}

# Events that move the dossier clock, with what they mean to clock.replay.
CLOCK_KIND = {
    "received": "received",
    "supplement_requested": "clock_paused",
    "obligation_requested": "clock_paused",
    "supplement_received": "clock_resumed",
    "obligation_fulfilled": "clock_resumed",
    "extended": "extended",
}


def label(code: str) -> str:
    kind = KINDS.get(code)
    return kind.label if kind else code


def public_label(code: str) -> str:
    kind = KINDS.get(code)
    return kind.public_label if kind else ""


def is_handover(code: str) -> bool:
    kind = KINDS.get(code)
    return bool(kind and kind.handover)


# --- Data of each kind ----------------------------------------------------------------------

# Why a dossier was not received, as the public may read it: the reasons written on Mẫu 03
# name the applicant's papers and stay inside; the category is public.
REFUSAL_CATEGORIES = {
    "incomplete": "Hồ sơ chưa đầy đủ, hợp lệ theo quy định",
    "not_competent": "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan",
    "ineligible": "Không đủ điều kiện giải quyết theo quy định",
    "other": "Lý do khác (liên hệ Bộ phận Một cửa để biết chi tiết)",
}


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment, TZ).isoformat()


def _moment(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class EventData:
    """Base of the per-kind dataclasses: ``kind``, ``as_data()`` and the readers."""

    kind: ClassVar[str]

    def as_data(self) -> dict:
        return {f.name: _stored(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def of(cls, data: dict) -> Self:
        """The kind's data as stored (missing keys take the field's default)."""
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})

    @classmethod
    def read(cls, event) -> Self:
        """The data of ``event`` (a DossierEvent of this kind)."""
        if event.kind != cls.kind:
            raise ValueError(f"{event.kind} event read as {cls.kind}")
        return cls.of(event.data or {})


def _stored(value):
    if isinstance(value, dt.datetime):
        return _iso(value)
    if isinstance(value, tuple):
        return [_stored(item) for item in value]
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    return value


@dataclass(frozen=True)
class Submitted(EventData):
    """Nộp hồ sơ trực tuyến: the dossier waits, "Mới đăng ký", for the counter to check it
    (services.submit_online). The legal clock does not start here but at the valid
    receipt (``Received``)."""

    kind: ClassVar[str] = "submitted"
    channel: int | None = None
    online_level: str = ""  # the version's level when submitted (toàn trình / một phần)


@dataclass(frozen=True)
class Received(EventData):
    kind: ClassVar[str] = "received"
    channel: int | None = None
    # The version has no fixed fee and the counter could not state one: why (Mẫu 01 says
    # "chưa xác định" with it, never "không thu").
    fee_undetermined: str = ""
    register_number: int | None = None  # Mẫu 01: the receipt register
    # The fee as computed at intake: the dossier's fee_detail (catalog.fees quote, inputs,
    # exemption and its evidence); {} for dossiers received before fee rules.
    fee: dict = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Refused(EventData):
    """Phiếu từ chối tiếp nhận (Mẫu 03): the reasons, one per line, and their category
    (REFUSAL_CATEGORIES), the one part the public lookup shows."""

    kind: ClassVar[str] = "refused"
    reasons: str = ""
    category: str = ""
    register_number: int | None = None  # Mẫu 03: the register of outgoing documents

    @property
    def category_label(self) -> str:
        return REFUSAL_CATEGORIES.get(self.category, "")

    @property
    def reason_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.reasons.splitlines() if line.strip())


@dataclass(frozen=True)
class Forwarded(EventData):
    kind: ClassVar[str] = "forwarded"
    note: str = ""


@dataclass(frozen=True)
class Assigned(EventData):
    kind: ClassVar[str] = "assigned"
    assignee: str = ""  # the specialist's display name when assigned


@dataclass(frozen=True)
class RequestedDocument:
    """One document a supplement request (Mẫu 02) asks for."""

    name: str
    copy_type: str = ""
    quantity: int = 1
    note: str = ""


@dataclass(frozen=True)
class SupplementRequested(EventData):
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)."""

    kind: ClassVar[str] = "supplement_requested"
    reason: str = ""
    missing: tuple[RequestedDocument, ...] = ()
    register_number: int | None = None  # Mẫu 02: the register of outgoing documents

    @classmethod
    def of(cls, data: dict) -> SupplementRequested:
        missing = tuple(
            RequestedDocument(
                name=item.get("name", ""),
                copy_type=item.get("copy_type", ""),
                quantity=int(item.get("quantity") or 1),
                note=item.get("note", ""),
            )
            for item in data.get("missing", [])
        )
        return cls(
            reason=data.get("reason", ""),
            missing=missing,
            register_number=data.get("register_number"),
        )


@dataclass(frozen=True)
class SupplementReceived(EventData):
    kind: ClassVar[str] = "supplement_received"
    # "pause": the frozen time counts again; "restart": the deadline anew; "" before the
    # receipt (an online dossier completed for the counter's check: no clock yet).
    effect: str = ""
    note: str = ""
    by_applicant: bool = False  # uploaded online by the applicant's own account


@dataclass(frozen=True)
class ObligationRequested(EventData):
    kind: ClassVar[str] = "obligation_requested"
    description: str = ""
    amount_vnd: int = 0

    @classmethod
    def of(cls, data: dict) -> ObligationRequested:
        return cls(data.get("description", ""), int(data.get("amount_vnd") or 0))


@dataclass(frozen=True)
class ObligationFulfilled(EventData):
    kind: ClassVar[str] = "obligation_fulfilled"
    effect: str = "pause"  # the clock always resumes where it stood
    note: str = ""


@dataclass(frozen=True)
class Extended(EventData):
    """Văn bản xin lỗi và đề nghị gia hạn (Mẫu 04): the promised moment moves."""

    kind: ClassVar[str] = "extended"
    reason: str = ""
    new_due: dt.datetime | None = None
    previous_due: dt.datetime | None = None
    number: int | None = None  # the dossier's n-th extension
    register_number: int | None = None  # Mẫu 04: the register of outgoing documents

    @classmethod
    def of(cls, data: dict) -> Extended:
        return cls(
            reason=data.get("reason", ""),
            new_due=_moment(data.get("new_due")),
            previous_due=_moment(data.get("previous_due")),
            number=data.get("number"),
            register_number=data.get("register_number"),
        )


@dataclass(frozen=True)
class Stopped(EventData):
    """Thông báo dừng giải quyết hồ sơ (Mẫu 05)."""

    kind: ClassVar[str] = "stopped"
    reason: str = ""
    legal_ground: str = ""
    register_number: int | None = None  # Mẫu 05: the register of outgoing documents


@dataclass(frozen=True)
class Approved(EventData):
    kind: ClassVar[str] = "approved"
    note: str = ""


@dataclass(frozen=True)
class Rejected(EventData):
    kind: ClassVar[str] = "rejected"
    note: str = ""  # the reasons for refusing to resolve


def decided(*, approve: bool, note: str) -> Approved | Rejected:
    return Approved(note) if approve else Rejected(note)


@dataclass(frozen=True)
class ResultReady(EventData):
    kind: ClassVar[str] = "result_ready"
    approved: bool | None = None
    outcome: str = ""


@dataclass(frozen=True)
class Returned(EventData):
    kind: ClassVar[str] = "returned"
    method: str = ""  # a models.Delivery code
    recipient_name: str = ""
    recipient_id_number: str = ""
    note: str = ""


@dataclass(frozen=True)
class Withdrawn(EventData):
    kind: ClassVar[str] = "withdrawn"
    reason: str = ""
    by_applicant: bool = False  # asked online by the applicant's own account


@dataclass(frozen=True)
class DeliveryChosen(EventData):
    """Người nộp chọn hình thức nhận kết quả (counter, post with an address, electronic).
    The address is personal data: the public lookup shows the label only."""

    kind: ClassVar[str] = "delivery_chosen"
    method: str = ""  # a models.Delivery code
    address: str = ""  # the postal address, when ``method`` is postal


@dataclass(frozen=True)
class DueRecomputed(EventData):
    """A calendar change moved the due moments (both before and after are kept)."""

    kind: ClassVar[str] = "due_recomputed"
    reason: str = ""
    previous_due: dt.datetime | None = None
    new_due: dt.datetime | None = None
    previous_legal_due: dt.datetime | None = None
    new_legal_due: dt.datetime | None = None

    @classmethod
    def of(cls, data: dict) -> DueRecomputed:
        return cls(
            reason=data.get("reason", ""),
            previous_due=_moment(data.get("previous_due")),
            new_due=_moment(data.get("new_due")),
            previous_legal_due=_moment(data.get("previous_legal_due")),
            new_legal_due=_moment(data.get("new_legal_due")),
        )


@dataclass(frozen=True)
class AttachedFile:
    """One file of a ``files_attached`` event, as it was when attached."""

    file_id: int
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class FilesAttached(EventData):
    """Files attached to the dossier (models.DossierFile): scans at intake, supplements,
    the electronic result. The rows are the truth; this is the audit line."""

    kind: ClassVar[str] = "files_attached"
    file_kind: str = ""  # a models.FileKind code
    document_name: str = ""
    files: tuple[AttachedFile, ...] = ()

    @classmethod
    def of(cls, data: dict) -> FilesAttached:
        return cls(
            file_kind=data.get("file_kind", ""),
            document_name=data.get("document_name", ""),
            files=tuple(
                AttachedFile(
                    file_id=int(item.get("file_id") or 0),
                    name=item.get("name", ""),
                    size=int(item.get("size") or 0),
                    sha256=item.get("sha256", ""),
                )
                for item in data.get("files", [])
            ),
        )


@dataclass(frozen=True)
class Note(EventData):
    kind: ClassVar[str] = "note"
    text: str = ""


DATA: dict[str, type[EventData]] = {
    cls.kind: cls
    for cls in (
        Submitted,
        Received,
        Refused,
        Forwarded,
        Assigned,
        SupplementRequested,
        SupplementReceived,
        ObligationRequested,
        ObligationFulfilled,
        Extended,
        Stopped,
        Approved,
        Rejected,
        ResultReady,
        Returned,
        Withdrawn,
        DeliveryChosen,
        DueRecomputed,
        FilesAttached,
        Note,
    )
}


def payload(kind: str, data: dict | None) -> EventData | None:
    """The typed data of an event read as plain values (None for an unknown kind)."""
    cls = DATA.get(kind)
    return cls.of(data or {}) if cls else None


def read(event) -> EventData | None:
    return payload(event.kind, event.data)


def as_clock_event(kind: str, at: dt.datetime, data: dict | None) -> clock.ClockEvent:
    """A clock-moving event (``CLOCK_KIND``) as clock.replay takes it."""
    found = payload(kind, data)
    return clock.ClockEvent(
        kind=CLOCK_KIND[kind],
        at=at,
        effect=getattr(found, "effect", ""),
        new_due=found.new_due if isinstance(found, Extended) else None,
    )
