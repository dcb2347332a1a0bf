"""Timeline event kinds: what each means, for staff and for the public timeline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventKind:
    code: str
    label: str  # staff timeline / Phiếu kiểm soát
    public_label: str = ""  # empty: not shown on the public lookup
    handover: bool = False  # a line of Phiếu kiểm soát (Mẫu 06)


KINDS: dict[str, EventKind] = {
    k.code: k
    for k in (
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
            "due_recomputed",
            "Tính lại hạn do thay đổi lịch làm việc",
            "Cập nhật ngày hẹn trả do thay đổi lịch làm việc",
        ),
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
