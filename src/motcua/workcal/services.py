"""Writes to the working calendar. Each runs in a transaction with its CalendarEvent and,
after commit, sends ``calendar_changed`` so open dossiers can be recomputed. (The cached
calendars need nothing from here: database triggers move their stamp on any write.)

``actor=None`` means a system import (a management command, the demo loader):
no permission check, like org.services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

from django.db import IntegrityError, transaction

from motcua.core.errors import DomainError, ErrorCollector, NotFoundError
from motcua.org.models import Agency, AgencyKind, User
from motcua.org.permissions import Perm, require

from . import engine
from .calendars import calendar_for
from .models import CalendarEvent, CalendarOverride, OverrideKind, WorkingSchedule
from .signals import announce

OVERRIDE_LEVELS = (AgencyKind.PROVINCE, AgencyKind.WARD)
MAX_REASON_LENGTH = 255


def _check_permission(actor: User | None, agency: Agency) -> None:
    if actor is not None:
        require(actor, Perm.MANAGE_CALENDAR, agency)


def _event(event_kind: str, /, *, actor: User | None, agency: Agency, **data) -> CalendarEvent:
    return CalendarEvent.objects.create(kind=event_kind, actor=actor, agency=agency, data=data)


def _announce_on_commit(
    *, agency: Agency, actor: User | None, change: str, date_from, date_to, reason: str
):
    transaction.on_commit(
        partial(
            announce,
            sender=CalendarOverride,
            agency=agency,
            actor=actor,
            change=change,
            date_from=date_from,
            date_to=date_to,
            reason=reason,
        )
    )


def _vi(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _check_override_input(*, agency: Agency, date: dt.date, kind: str, reason: str) -> str:
    """The cleaned reason, or every refused field at once (kind, date, reason; and the date
    against the calendar when date and kind are readable)."""
    if agency.kind not in OVERRIDE_LEVELS:
        raise DomainError(
            "override_level",
            "Ngày nghỉ, ngày làm việc bù chỉ đặt cho tỉnh/thành phố hoặc xã/phường, "
            "không đặt riêng cho phòng, trung tâm.",
            field="agency",
        )
    errors = ErrorCollector()
    kind_ok = errors.run(_check_kind, kind, default=False)
    date_ok = errors.run(_check_date, date, default=False)
    reason = errors.run(_clean_reason, reason, default="")
    if kind_ok and date_ok:
        errors.run(check_override_day, agency=agency, date=date, kind=kind)
    errors.raise_any()
    return reason


def _check_kind(kind: str) -> bool:
    if kind not in OverrideKind.values:
        raise DomainError(
            "override_kind_invalid", "Chọn ngày nghỉ hoặc ngày làm việc.", field="kind"
        )
    return True


def _check_date(date: dt.date) -> bool:
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise DomainError("override_date_invalid", "Ngày không hợp lệ.", field="date")
    if not engine.MIN_YEAR <= date.year <= engine.MAX_YEAR:
        raise DomainError(
            "override_date_out_of_range",
            f"Chỉ đặt được ngày trong các năm {engine.MIN_YEAR}–{engine.MAX_YEAR}.",
            field="date",
        )
    return True


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(
            "override_reason_required",
            "Ghi lý do hoặc căn cứ (ví dụ số thông báo của UBND).",
            field="reason",
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(
            "override_reason_too_long",
            f"Lý do dài tối đa {MAX_REASON_LENGTH} ký tự.",
            field="reason",
        )
    return reason


def check_override_day(*, agency: Agency, date: dt.date, kind: str) -> None:
    """One override per day and place; and one that changes nothing would only confuse the
    explanation of a due date. The form asks it too when another field is refused, so
    that the date's error comes on the same submit (issue #10)."""
    existing = CalendarOverride.objects.filter(agency=agency, date=date).first()
    if existing is not None:
        raise DomainError(
            "override_exists",
            f"Ngày {_vi(date)} đã có điều chỉnh ({existing.get_kind_display().lower()}: "
            f"{existing.reason}). Xóa điều chỉnh đó trước nếu muốn đổi.",
            field="date",
        )
    _refuse_if_redundant(agency=agency, date=date, kind=kind)


def _refuse_if_redundant(*, agency: Agency, date: dt.date, kind: str) -> None:
    """An override that changes nothing would only confuse the explanation of a due date."""
    calendar = calendar_for(agency)
    working = calendar.is_working_day(date)
    if kind == OverrideKind.DAY_OFF and not working:
        raise DomainError(
            "override_redundant",
            f"Ngày {_vi(date)} đã là ngày nghỉ ({calendar.day_reason(date)}).",
            field="date",
        )
    if kind == OverrideKind.WORKING_DAY and working:
        raise DomainError(
            "override_redundant", f"Ngày {_vi(date)} đã là ngày làm việc.", field="date"
        )


@transaction.atomic
def add_override(
    *, actor: User | None, agency: Agency, date: dt.date, kind: str, reason: str
) -> CalendarOverride:
    """Thêm ngày nghỉ hoặc ngày làm việc (làm bù) vào lịch làm việc của tỉnh hoặc xã/phường.

    A province-level override needs a calendar role at the province; a ward
    admin sets ward-level overrides for their own ward only.
    """
    _check_permission(actor, agency)
    reason = _check_override_input(agency=agency, date=date, kind=kind, reason=reason)
    try:
        with transaction.atomic():
            override = CalendarOverride.objects.create(
                agency=agency, date=date, kind=kind, reason=reason, created_by=actor
            )
    except IntegrityError as exc:  # added by someone else a moment ago
        raise DomainError(
            "override_exists", f"Ngày {_vi(date)} vừa được người khác điều chỉnh.", field="date"
        ) from exc
    _event(
        "override_added",
        actor=actor,
        agency=agency,
        override_id=override.pk,
        date=date.isoformat(),
        kind=kind,
        reason=reason,
    )
    _announce_on_commit(
        agency=agency,
        actor=actor,
        change="override_added",
        date_from=date,
        date_to=date,
        reason=reason,
    )
    return override


@transaction.atomic
def remove_override(*, actor: User | None, override: CalendarOverride) -> None:
    """Xóa một điều chỉnh lịch làm việc; the day returns to the layer below."""
    _check_permission(actor, override.agency)
    locked = CalendarOverride.objects.select_for_update().filter(pk=override.pk).first()
    if locked is None:
        raise NotFoundError("Điều chỉnh này đã được xóa trước đó.")
    agency = override.agency
    locked.delete()
    _event(
        "override_removed",
        actor=actor,
        agency=agency,
        override_id=override.pk,
        date=locked.date.isoformat(),
        kind=locked.kind,
        reason=locked.reason,
    )
    _announce_on_commit(
        agency=agency,
        actor=actor,
        change="override_removed",
        reason=locked.reason,
        date_from=locked.date,
        date_to=locked.date,
    )


def _parsed_periods(periods: Sequence[Sequence]) -> tuple:
    try:
        return engine.parse_periods(periods)
    except engine.CalendarError as exc:
        raise DomainError("working_periods_invalid", exc.message, field="periods") from exc


@transaction.atomic
def set_working_periods(
    *,
    actor: User | None,
    agency: Agency,
    periods: Sequence[tuple[dt.time | str, dt.time | str]] | None,
) -> WorkingSchedule | None:
    """Đặt thời gian làm việc (các buổi làm việc trong ngày) của một cơ quan, đơn vị.

    ``periods=None`` removes the agency's own hours: it then uses its ward's,
    its province's or the default. Hours are not dated: a change applies to
    every computation from now on, including the recomputation of open dossiers.
    """
    _check_permission(actor, agency)
    current = WorkingSchedule.objects.select_for_update().filter(agency=agency).first()
    before = current.periods if current else None
    if periods is None:
        if current is not None:
            current.delete()
        schedule = None
        after = None
    else:
        parsed = _parsed_periods(periods)
        after = [[engine.format_time(start), engine.format_time(end)] for start, end in parsed]
        if current is None:
            current = WorkingSchedule(agency=agency)
        current.periods = after
        current.updated_by = actor
        current.save()
        schedule = current
    if before == after:
        return schedule
    _event("periods_changed", actor=actor, agency=agency, before=before, after=after)
    hours = engine.format_periods(engine.parse_periods(after)) if after else "giờ của cấp trên"
    _announce_on_commit(
        agency=agency,
        actor=actor,
        change="periods_changed",
        date_from=None,
        date_to=None,
        reason=f"{agency.name}: {hours}",
    )
    return schedule
