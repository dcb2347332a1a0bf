"""Tables of the working calendar (lịch làm việc): overrides, working hours, audit.

The public holidays themselves are not stored: they come from the pinned
`holidays` package (holidays_vn.py). What is stored is what an agency
announces on top of them, and its working hours.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from motcua.core.stamps import Stamp
from motcua.org.models import Agency

from . import engine


class OverrideKind(models.TextChoices):
    DAY_OFF = engine.DAY_OFF, "Ngày nghỉ"
    WORKING_DAY = engine.WORKING_DAY, "Ngày làm việc"


class CalendarOverride(models.Model):
    """Điều chỉnh lịch làm việc: một ngày nghỉ thêm hoặc một ngày làm việc (làm bù).

    Set by the province (applies to all its wards) or by a ward for a purely
    local day; a ward's override wins over the province's for that ward.
    """

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="calendar_overrides",
        verbose_name="áp dụng cho",
    )
    date = models.DateField("ngày")
    kind = models.CharField("loại", max_length=8, choices=OverrideKind.choices)
    reason = models.CharField("lý do, căn cứ", max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)

    class Meta:
        verbose_name = "điều chỉnh lịch làm việc"
        verbose_name_plural = "điều chỉnh lịch làm việc"
        ordering = ["date", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "date"], name="uniq_calendar_override_day"),
            models.CheckConstraint(
                condition=models.Q(kind__in=OverrideKind.values), name="calendar_override_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()} — {self.agency}"


class WorkingSchedule(models.Model):
    """Thời gian làm việc (giờ hành chính) của một cơ quan.

    ``periods`` is a list of ["HH:MM", "HH:MM"] pairs, validated by
    engine.parse_periods. An agency without a row uses its ward's, then its
    province's, then settings.MOTCUA_DEFAULT_WORKING_PERIODS.
    """

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="working_schedule", verbose_name="cơ quan"
    )
    periods = models.JSONField("các buổi làm việc")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người cập nhật",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "thời gian làm việc"
        verbose_name_plural = "thời gian làm việc"

    def __str__(self) -> str:
        return f"{self.agency}: {engine.format_periods(self.parsed_periods())}"

    def parsed_periods(self):
        return engine.parse_periods(self.periods)


class CalendarStamp(Stamp):
    """The version of the calendar data, for the calendars cached in each process.

    One row, rewritten by database triggers (migration 0002, ``core.stamps``) on every
    write to CalendarOverride and WorkingSchedule, whichever path wrote.
    """

    def __str__(self) -> str:
        return self.stamp


class CalendarEvent(models.Model):
    """Nhật ký thay đổi lịch làm việc (audit row written by every service)."""

    kind = models.CharField(max_length=40)
    # PROTECT: the table is append-only in the database (core.append_only).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="calendar_events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def summary(self) -> str:
        """What changed, in Vietnamese, for the page's log."""
        data = self.data or {}
        day = _vi_date(data.get("date"))
        if self.kind == "override_added":
            label = "ngày nghỉ" if data.get("kind") == engine.DAY_OFF else "ngày làm việc"
            return f"Thêm {label} {day}: {data.get('reason', '')}"
        if self.kind == "override_removed":
            return f"Xóa điều chỉnh ngày {day} ({data.get('reason', '')})"
        if self.kind == "periods_changed":
            after = data.get("after")
            return (
                f"Đổi giờ làm việc: {engine.format_periods(engine.parse_periods(after))}"
                if after
                else "Bỏ giờ làm việc riêng, dùng giờ của cấp trên"
            )
        return self.kind


def _vi_date(iso: str | None) -> str:
    try:
        return f"{dt.date.fromisoformat(iso):%d/%m/%Y}"
    except (TypeError, ValueError):
        return ""
