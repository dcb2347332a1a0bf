"""What the dossier page shows, derived from the timeline: the clock panel and the
Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06) rows. Pure reads, no writes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from motcua.catalog.fees import Quote
from motcua.core.formatting import format_datetime, format_vnd
from motcua.workcal import calendars
from motcua.workcal.explain import Explanation, explain

from .. import clock, clock_reads, events, printing
from ..calendar import DossierCalendar
from ..models import Channel, Delivery, Dossier, DossierEvent, FileKind, Outcome
from ..timeline import StageBudget, handover_results, stage_budgets

OUTCOME_LABELS = dict(Outcome.choices)
PAUSE_STARTS = {
    "supplement_requested": "Chờ bổ sung hồ sơ",
    "obligation_requested": "Chờ thực hiện nghĩa vụ tài chính",
}
# A pause ends when the applicant delivers, or when the dossier is stopped or withdrawn.
PAUSE_ENDS = ("supplement_received", "obligation_fulfilled", "stopped", "withdrawn")
TZ = ZoneInfo(settings.TIME_ZONE)
SUPPLEMENT_EFFECTS = {
    "pause": "tiếp tục tính phần thời hạn còn lại",
    "restart": "tính lại thời hạn từ đầu",
}


def working_time_text(seconds: int, day_seconds: int) -> str:
    """'2 ngày 3 giờ làm việc', '45 phút làm việc' (a working day = the calendar's hours)."""
    days, rest = divmod(abs(seconds), day_seconds)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [f"{days} ngày"] if days else []
    if hours:
        parts.append(f"{hours} giờ")
    if minutes and not days:
        parts.append(f"{minutes} phút")
    return (" ".join(parts) or "0 phút") + " làm việc"


# --- The clock ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pause:
    reason: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    working_text: str


@dataclass(frozen=True)
class ClockPanel:
    state: str  # not_started | running | paused | finished
    state_text: str
    late: bool
    pauses: list[Pause]
    explanation: Explanation | None
    due_moved: bool  # the legal due differs from the first derivation (pauses, calendar)
    legal_overdue: bool  # open, running, past the legal due (even if the promise is later)
    deadline_words: str  # the dossier's own deadline: its case, channel and stages
    stages: list[StageBudget]  # a staged deadline: each stage's end


def clock_panel(dossier: Dossier, timeline: list[DossierEvent], now: dt.datetime) -> ClockPanel:
    cal = DossierCalendar(calendars.calendar_for(dossier.competent_unit))
    explanation = None
    if dossier.received_at is not None:
        explanation = explain(cal.cal, dossier.received_at, clock_reads.deadline_plan(dossier))
    state, text, late = _state(dossier, cal, now)
    return ClockPanel(
        state=state,
        state_text=text,
        late=late,
        pauses=_pauses(timeline, cal, now),
        explanation=explanation,
        due_moved=bool(explanation and dossier.legal_due_at != explanation.due_at),
        legal_overdue=state == "running" and now > dossier.legal_due_at,
        deadline_words=dossier.procedure_version.deadline_words(
            dossier.deadline_case, dossier.channel
        ),
        stages=stage_budgets(dossier),
    )


def _state(dossier: Dossier, cal: DossierCalendar, now: dt.datetime) -> tuple[str, str, bool]:
    day = cal.cal.day_seconds
    if dossier.legal_due_at is None:
        return "not_started", "Chưa tính thời hạn (hồ sơ chưa được tiếp nhận hợp lệ).", False
    if dossier.finished_at is not None:
        return "finished", _finished_text(dossier, cal), dossier.outcome == Outcome.LATE
    if not dossier.is_open:
        return "finished", "Hồ sơ đã kết thúc.", False
    if not dossier.clock_running:
        remaining = dossier.remaining_seconds or 0
        if remaining < 0:
            return (
                "paused",
                f"Đang tạm dừng; đã quá hạn {working_time_text(remaining, day)} "
                "trước khi tạm dừng.",
                True,
            )
        return (
            "paused",
            f"Đang tạm dừng tính thời hạn; khi tiếp tục còn {working_time_text(remaining, day)}.",
            False,
        )
    left = clock.signed_working_seconds(cal, now, dossier.due_at)
    if left >= 0:
        return "running", f"Còn {working_time_text(left, day)} đến hẹn trả.", False
    return "running", f"Quá hạn {working_time_text(left, day)}.", True


def _finished_text(dossier: Dossier, cal: DossierCalendar) -> str:
    finished = format_datetime(dossier.finished_at)
    if not dossier.outcome:
        return f"Kết thúc lúc {finished}."
    text = f"Có kết quả lúc {finished}: {OUTCOME_LABELS[dossier.outcome].lower()}"
    if dossier.outcome == Outcome.LATE:
        late = cal.working_seconds_between(dossier.legal_due_at, dossier.finished_at)
        text += f" {working_time_text(late, cal.cal.day_seconds)}"
    return text + "."


def _pauses(timeline: list[DossierEvent], cal: DossierCalendar, now) -> list[Pause]:
    pauses: list[Pause] = []
    open_start: DossierEvent | None = None
    for event in timeline:
        if event.kind in PAUSE_STARTS and open_start is None:
            open_start = event
        elif event.kind in PAUSE_ENDS and open_start is not None:
            pauses.append(_pause(open_start, event.at, cal))
            open_start = None
    if open_start is not None:
        pauses.append(_pause(open_start, None, cal, now))
    return pauses


def _pause(start: DossierEvent, end, cal: DossierCalendar, now=None) -> Pause:
    until = end or now
    seconds = cal.working_seconds_between(start.at, until) if until > start.at else 0
    return Pause(
        PAUSE_STARTS[start.kind], start.at, end, working_time_text(seconds, cal.cal.day_seconds)
    )


# --- Phiếu kiểm soát (the timeline as a table) -------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    step: str
    from_unit: str
    to_unit: str
    at: dt.datetime
    actor: str
    result: str  # "" when the row is not a hand-over
    result_code: str
    note: str
    internal: bool


def control_sheet(dossier: Dossier, timeline: list[DossierEvent]) -> list[SheetRow]:
    """Every event as a line; hand-overs judged as the printed Mẫu 06 judges them."""
    judged = handover_results(dossier, timeline)
    rows = []
    for event in timeline:
        code = judged.get(event.pk, "")
        # A hand-over with no giving unit on its row (Nhận hồ sơ bổ sung) is given by the
        # counter that took it in, as the printed Mẫu 06 reads it.
        giver = event.from_agency or (
            dossier.receiving_agency if events.is_handover(event.kind) else None
        )
        rows.append(
            SheetRow(
                step=events.label(event.kind),
                from_unit=giver.display_name if giver else "",
                to_unit=event.to_agency.display_name if event.to_agency else "",
                at=event.at,
                actor=event.actor.display_name if event.actor else "Hệ thống",
                result=OUTCOME_LABELS.get(code, ""),
                result_code=code,
                note=event_note(event),
                internal=not event.is_public,
            )
        )
    return rows


def _money(value) -> str:
    return format_vnd(value) if value else ""


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _missing(data: events.SupplementRequested) -> str:
    names = [f"{m.name} ({m.quantity})" for m in data.missing]
    return "Cần bổ sung: " + ", ".join(names) if names else ""


def _moment(value: dt.datetime | None) -> str:
    return format_datetime(value) if value else ""


def _decision(approved: bool | None) -> str:
    if approved is None:
        return ""
    return "Kết quả: chấp thuận" if approved else "Kết quả: từ chối giải quyết"


# One line of explanation per kind, from the event's typed data (events.py).
NOTES = {
    "submitted": lambda d: "Chờ Bộ phận Một cửa kiểm tra, tiếp nhận; chưa tính thời hạn",
    "received": lambda d: _join(
        f"Hình thức nộp: {Channel(d.channel).label}" if d.channel else "",
        f"Phí, lệ phí chưa xác định: {d.fee_undetermined}" if d.fee_undetermined else "",
    ),
    "refused": lambda d: d.reasons,
    "forwarded": lambda d: d.note,
    "assigned": lambda d: f"Chuyên viên: {d.assignee}",
    "supplement_requested": lambda d: _join(_missing(d), d.reason),
    "supplement_received": lambda d: _join(
        "Người nộp bổ sung trực tuyến" if d.by_applicant else "",
        f"Thời hạn: {SUPPLEMENT_EFFECTS[d.effect]}"
        if d.effect in SUPPLEMENT_EFFECTS
        else "Trở lại danh sách chờ tiếp nhận",
        d.note,
    ),
    "obligation_requested": lambda d: _join(d.description, _money(d.amount_vnd)),
    "obligation_fulfilled": lambda d: d.note,
    "extended": lambda d: _join(
        f"Lần {d.number if d.number is not None else ''}: hẹn mới {_moment(d.new_due)}",
        d.reason,
    ),
    "stopped": lambda d: _join(d.reason, d.legal_ground),
    "approved": lambda d: d.note,
    "rejected": lambda d: d.note,
    "result_ready": lambda d: _decision(d.approved),
    "returned": lambda d: _join(
        Delivery(d.method).label if d.method in Delivery.values else "",
        f"Người nhận: {d.recipient_name}" if d.recipient_name else "",
        d.note,
    ),
    "withdrawn": lambda d: _join("Người nộp rút trực tuyến" if d.by_applicant else "", d.reason),
    "delivery_chosen": lambda d: _join(
        Delivery(d.method).label if d.method in Delivery.values else "", d.address
    ),
    "due_recomputed": lambda d: _join(
        d.reason, f"{_moment(d.previous_due)} → {_moment(d.new_due)}"
    ),
    "files_attached": lambda d: _join(
        FileKind(d.file_kind).label if d.file_kind in FileKind.values else "",
        d.document_name,
        ", ".join(f.name for f in d.files),
    ),
    "note": lambda d: d.text,
}


def event_note(event: DossierEvent) -> str:
    describe = NOTES.get(event.kind)
    return describe(events.read(event)) if describe else ""


# --- What the applicant declared online ----------------------------------------------------


def answer_rows(answers, labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The e-form answers of an online dossier as (question, text) lines, in their stored
    order: each named by its question's label in the version's e-form (``labels``), a key
    the form no longer has by the key itself; lists and objects as compact JSON."""
    labels = labels or {}
    if not isinstance(answers, dict):
        return []
    rows = []
    for key, value in answers.items():
        if value is None or value == "":
            text = "—"
        elif isinstance(value, bool):
            text = "Có" if value else "Không"
        elif isinstance(value, str | int | float):
            text = str(value)
        else:
            text = json.dumps(value, ensure_ascii=False)
        rows.append((labels.get(key, str(key)), text))
    return rows


def fee_panel(dossier: Dossier, timeline: list[DossierEvent]) -> dict:
    """The fee on the dossier page: the statement the receipt prints (in short money) and,
    for a dossier quoted by a fee rule, the computation line by line."""
    received = next((e for e in timeline if e.kind == "received"), None)
    reason = events.Received.read(received).fee_undetermined if received else ""
    lines = []
    if dossier.fee_detail:
        lines = Quote.from_data(dossier.fee_detail).explanation()
    return {"text": printing.fee_statement(dossier, reason, fmt=format_vnd), "lines": lines}


# --- Attached files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRow:
    kind: str
    document_name: str
    name: str
    url: str
    size: str
    content_type: str
    attached_at: dt.datetime
    attached_by: str
    sha256: str


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def file_rows(dossier: Dossier, files) -> list[FileRow]:
    """The dossier's files as its page lists them, each with its download link."""
    return [
        FileRow(
            kind=f.get_kind_display(),
            document_name=f.document_name,
            name=f.stored_file.original_name,
            url=reverse("dossiers-staff-file", args=[dossier.code, f.pk]),
            size=_size(f.stored_file.size),
            content_type=f.stored_file.content_type,
            attached_at=f.attached_at,
            attached_by=f.attached_by.display_name if f.attached_by else "Hệ thống",
            sha256=f.stored_file.sha256,
        )
        for f in files
    ]
