"""Why a due date is what it is: the derivation, step by step, in Vietnamese.

Staff print it next to the appointment (Giấy tiếp nhận hồ sơ và hẹn trả kết
quả) and citizens see it in the public lookup: every calendar day between the
receipt and the due moment, whether it counted, and why a day was skipped
("Thứ Bảy", "Chủ nhật", "Giao thừa Tết Nguyên Đán", an agency's override
reason, "Thứ Bảy làm bù…"). Pure: walks the days with the engine; it is not a
hot path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .engine import (
    Calendar,
    Deadline,
    Plan,
    StageEnd,
    format_date,
    format_duration,
    format_moment,
    format_periods,
)


@dataclass(frozen=True)
class DayLine:
    """One calendar day of a derivation."""

    date: dt.date
    working: bool
    reason: str  # "" for an ordinary working day
    counted_seconds: int


@dataclass(frozen=True)
class Explanation:
    received_at: dt.datetime
    effective_start: dt.datetime
    end: dt.datetime  # the due moment
    deadline: Plan
    counted_seconds: int
    days: tuple[DayLine, ...]
    lines: tuple[str, ...]

    @property
    def due_at(self) -> dt.datetime:
        return self.end

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def steps(self) -> list[tuple[str, bool]]:
        """(text, is_day_line) pairs for HTML, where day lines become a nested list."""
        return [(line[2:], True) if line.startswith("- ") else (line, False) for line in self.lines]

    def as_dict(self) -> dict:
        """JSON-ready form for the API and the CLI."""
        return {
            "received_at": self.received_at.isoformat(),
            "effective_start": self.effective_start.isoformat(),
            "end": self.end.isoformat(),
            "deadline": self.deadline.describe(),
            "case": self.deadline.case,
            "counted_seconds": self.counted_seconds,
            "days": [
                {
                    "date": day.date.isoformat(),
                    "working": day.working,
                    "reason": day.reason,
                    "counted_seconds": day.counted_seconds,
                }
                for day in self.days
            ],
            "lines": list(self.lines),
        }


def explain(calendar: Calendar, received_at: dt.datetime, deadline: Deadline | Plan) -> Explanation:
    """The derivation of the due moment of ``deadline`` (one deadline, or a plan of stages)
    for a receipt at ``received_at``."""
    plan = deadline if isinstance(deadline, Plan) else Plan.single(deadline)
    start = calendar.to_seconds(received_at)
    effective = calendar.effective_start_seconds(start)
    ends = calendar.stage_ends(start, plan.deadlines)
    due = ends[-1].at
    days = _day_lines(calendar, start, due)
    lines = [f"Tiếp nhận: {format_moment(calendar.to_datetime(start))}."]
    only = plan.stages[0].deadline
    if plan.case:
        lines.append(f"Trường hợp: {plan.case}.")
    if plan.is_staged:
        lines.append(_start_line(calendar, start, effective))
        lines += _stage_lines(calendar, plan, ends)
    elif only.kind == Deadline.SAME_DAY:
        lines += _same_day_lines(calendar, start, only)
    elif only.kind == Deadline.CALENDAR_DAYS:
        lines += _calendar_days_lines(calendar, effective, only, ends[0])
    else:
        lines.append(_start_line(calendar, start, effective))
        lines.append(_deadline_line(calendar, only))
    working_units = (Deadline.DAYS, Deadline.HOURS)
    with_hours = all(d.kind in working_units for d in plan.deadlines)
    lines += _listing(calendar, days, with_hours=with_hours)
    lines.append(
        f"Hạn giải quyết: {format_moment(calendar.to_datetime(due))}.{_end_note(calendar, due)}"
    )
    return Explanation(
        received_at=calendar.to_datetime(start),
        effective_start=calendar.to_datetime(effective),
        end=calendar.to_datetime(due),
        deadline=plan,
        counted_seconds=sum(day.counted_seconds for day in days),
        days=tuple(days),
        lines=tuple(lines),
    )


def _calendar_days_lines(
    calendar: Calendar, effective: int, deadline: Deadline, end: StageEnd
) -> list[str]:
    """Bộ luật Dân sự 2015, Art. 147–148, in the words a citizen reads."""
    event_day = calendar.to_datetime(effective).date()
    lines = [
        f"Thời hạn: {deadline.amount} ngày, tính theo ngày lịch (Bộ luật Dân sự 2015, "
        f"Điều 147–148): không tính ngày tiếp nhận {format_date(event_day)}; "
        f"ngày cuối cùng của thời hạn là {format_date(end.last_day)}."
    ]
    if not calendar.is_working_day(end.last_day):
        moved_to = calendar.to_datetime(end.at).date()
        lines.append(
            f"Ngày cuối cùng là ngày nghỉ ({calendar.day_reason(end.last_day)}): thời hạn "
            f"kết thúc vào ngày làm việc tiếp theo, {format_date(moved_to)}."
        )
    return lines


def _stage_lines(calendar: Calendar, plan: Plan, ends: list[StageEnd]) -> list[str]:
    lines = [
        f"Thời hạn gồm {len(plan.stages)} giai đoạn; mỗi giai đoạn tính tiếp từ khi giai "
        "đoạn trước kết thúc:"
    ]
    for number, (stage, end) in enumerate(zip(plan.stages, ends, strict=True), start=1):
        label = f" ({stage.label})" if stage.label else ""
        lines.append(
            f"Giai đoạn {number}{label}: {stage.deadline.describe()}, "
            f"kết thúc {format_moment(calendar.to_datetime(end.at))}."
        )
    return lines


def _midnight(calendar: Calendar, day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), tzinfo=calendar.tz).timestamp())


def _day_lines(calendar: Calendar, start: int, end: int) -> list[DayLine]:
    day = calendar.to_datetime(start).date()
    last = calendar.to_datetime(end).date()
    lines = []
    while day <= last:
        working = calendar.is_working_day(day)
        counted = 0
        if working:
            day_from = max(start, _midnight(calendar, day))
            day_to = min(end, _midnight(calendar, day + dt.timedelta(days=1)))
            counted = calendar.elapsed_seconds(day_from, day_to) if day_to > day_from else 0
        lines.append(DayLine(day, working, calendar.day_reason(day), counted))
        day += dt.timedelta(days=1)
    return lines


def _start_line(calendar: Calendar, start: int, effective: int) -> str:
    if effective == start:
        return "Thời điểm tiếp nhận nằm trong giờ làm việc: bắt đầu tính ngay."
    day = calendar.to_datetime(start).date()
    if calendar.is_working_day(day):
        why = f"ngoài giờ làm việc ({format_periods(calendar.periods)})"
    else:
        why = f"vào ngày nghỉ ({calendar.day_reason(day)})"
    return f"Tiếp nhận {why}: bắt đầu tính từ {format_moment(calendar.to_datetime(effective))}."


def _deadline_line(calendar: Calendar, deadline: Deadline) -> str:
    if deadline.kind == Deadline.HOURS:
        return f"Thời hạn: {deadline.amount} giờ làm việc."
    return (
        f"Thời hạn: {deadline.amount} ngày làm việc = "
        f"{format_duration(deadline.amount * calendar.day_seconds)} làm việc "
        f"(một ngày làm việc gồm {format_duration(calendar.day_seconds)}: "
        f"{format_periods(calendar.periods)})."
    )


def _same_day_lines(calendar: Calendar, start: int, deadline: Deadline) -> list[str]:
    cutoff = f"{deadline.cutoff:%H:%M}"
    received = calendar.to_datetime(start)
    lines = [f"Thời hạn: trong ngày, giờ chốt tiếp nhận {cutoff}."]
    if not calendar.is_working_day(received.date()):
        why = f"Tiếp nhận vào ngày nghỉ ({calendar.day_reason(received.date())})"
    elif calendar.same_day_due_seconds(start, deadline.cutoff) == calendar.day_end_seconds(
        received.date()
    ):
        return [*lines, f"Tiếp nhận không muộn hơn {cutoff} của ngày làm việc: trả trong ngày."]
    else:
        why = f"Tiếp nhận sau {cutoff}"
    return [*lines, f"{why}: trả trước khi hết giờ làm việc của ngày làm việc tiếp theo."]


def _listing(calendar: Calendar, days: list[DayLine], *, with_hours: bool = True) -> list[str]:
    """Skipped and special days one by one; runs of ordinary full working days on one line.

    ``with_hours`` is off for same-day deadlines, where hours are not counted.
    """
    lines = ["Các ngày:"]
    run: list[DayLine] = []

    def flush():
        if len(run) == 1:
            lines.append(_day_text(run[0], with_hours))
        elif run:
            total = sum(day.counted_seconds for day in run)
            counted = f", tính {format_duration(total)}" if with_hours else ""
            lines.append(
                f"- {format_date(run[0].date)} đến {format_date(run[-1].date)}: "
                f"{len(run)} ngày làm việc{counted}."
            )
        run.clear()

    for day in days:
        full = day.counted_seconds == calendar.day_seconds or not with_hours
        if day.working and not day.reason and full:
            run.append(day)
            continue
        flush()
        lines.append(_day_text(day, with_hours))
    flush()
    return lines


def _day_text(day: DayLine, with_hours: bool) -> str:
    label = f"- {format_date(day.date)}: "
    if not day.working:
        return f"{label}nghỉ — {day.reason}."
    special = f" ({day.reason})" if day.reason else ""
    if not with_hours:
        return f"{label}làm việc{special}."
    if day.counted_seconds == 0:
        return f"{label}làm việc{special}, không tính (ngoài khoảng thời gian tính hạn)."
    return f"{label}làm việc{special}, tính {format_duration(day.counted_seconds)}."


def _end_note(calendar: Calendar, due: int) -> str:
    local = calendar.to_datetime(due).time()
    if any(local == end for _, end in calendar.periods):
        return f" Hạn rơi đúng lúc hết buổi làm việc nên giữ nguyên {local:%H:%M}."
    return ""
