"""Kỳ báo cáo: the month, quarter, year or date range an indicator is computed for.

A period is a half-open interval [start, end) of aware datetimes at local midnight in
Asia/Ho_Chi_Minh: a dossier received at 23:30 on 31/03 (16:30 UTC) belongs to March, one
received at 00:00 on 01/04 to April. Inside the code a period is a pair of calendar days
(first and last, inclusive); ``start``/``end`` are derived from them, so there is exactly
one notion of "which day" and it is the Vietnamese one.

Text forms (URLs, the API, the command line): ``2026-03`` (month), ``2026-Q1`` (quarter),
``2026`` (year), ``2026-03-01..2026-03-31`` (a range of days, both ends included; the
Vietnamese ``01/03/2026..31/03/2026`` is accepted too). Bad text raises DomainError
``period_invalid`` with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from motcua.core.errors import DomainError

MONTH, QUARTER, YEAR, RANGE = "month", "quarter", "year", "range"
KINDS = (MONTH, QUARTER, YEAR, RANGE)
KIND_LABELS = {MONTH: "Tháng", QUARTER: "Quý", YEAR: "Năm", RANGE: "Khoảng thời gian"}

# Years outside this span are typing mistakes, not reporting periods.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A custom range longer than this is refused: trends would have hundreds of points.
MAX_RANGE_DAYS = 366 * 5

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FORMS_HINT = (
    "Dùng dạng 2026-03 (tháng), 2026-Q1 (quý), 2026 (năm) "
    "hoặc 2026-03-01..2026-03-31 (khoảng ngày)."
)


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _invalid(message: str) -> DomainError:
    return DomainError("period_invalid", message, field="period")


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """Kỳ báo cáo: ``first_day`` … ``last_day`` (inclusive), local calendar days."""

    first_day: dt.date
    last_day: dt.date
    kind: str = RANGE

    # -- constructors ------------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        _check_year(year)
        if not 1 <= month <= 12:
            raise _invalid(f"Tháng phải từ 01 đến 12, nhận được {month:02d}.")
        first = _month_start(year, month)
        return cls(first, _add_months(first, 1) - dt.timedelta(days=1), MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        _check_year(year)
        if not 1 <= quarter <= 4:
            raise _invalid(f"Quý phải từ 1 đến 4, nhận được {quarter}.")
        first = _month_start(year, 3 * quarter - 2)
        return cls(first, _add_months(first, 3) - dt.timedelta(days=1), QUARTER)

    @classmethod
    def year(cls, year: int) -> Period:
        _check_year(year)
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR)

    @classmethod
    def range(cls, first_day: dt.date, last_day: dt.date) -> Period:
        _check_year(first_day.year)
        _check_year(last_day.year)
        if last_day < first_day:
            raise _invalid(
                f"Ngày bắt đầu ({first_day:%d/%m/%Y}) phải trước hoặc trùng ngày kết thúc "
                f"({last_day:%d/%m/%Y})."
            )
        if (last_day - first_day).days >= MAX_RANGE_DAYS:
            raise _invalid("Khoảng thời gian báo cáo không được dài quá 5 năm.")
        return cls(first_day, last_day, RANGE)

    @classmethod
    def containing(cls, kind: str, moment: dt.datetime | dt.date | None = None) -> Period:
        """The month, quarter or year that contains ``moment`` (now when omitted)."""
        day = _local_day(moment)
        if kind == MONTH:
            return cls.month(day.year, day.month)
        if kind == QUARTER:
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == YEAR:
            return cls.year(day.year)
        raise _invalid(f"Loại kỳ báo cáo không hợp lệ: {kind!r} (tháng, quý hoặc năm).")

    # -- the interval ------------------------------------------------------------------------

    @property
    def start(self) -> dt.datetime:
        """00:00 of the first day, Vietnam time (inclusive)."""
        return dt.datetime.combine(self.first_day, dt.time.min, tzinfo=local_tz())

    @property
    def end(self) -> dt.datetime:
        """00:00 of the day after the last day, Vietnam time (exclusive)."""
        next_day = self.last_day + dt.timedelta(days=1)
        return dt.datetime.combine(next_day, dt.time.min, tzinfo=local_tz())

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def contains(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end

    def as_of(self, now: dt.datetime | None = None) -> dt.datetime:
        """The moment the period is judged at: its end, or now while it is still running."""
        now = now or timezone.now()
        return min(self.end, now)

    def is_current(self, now: dt.datetime | None = None) -> bool:
        return self.contains(now or timezone.now())

    # -- neighbours and series ---------------------------------------------------------------

    def previous(self) -> Period:
        """The period just before: last month/quarter/year, or a range of the same length."""
        if self.kind == MONTH:
            first = _add_months(self.first_day, -1)
            return Period.month(first.year, first.month)
        if self.kind == QUARTER:
            first = _add_months(self.first_day, -3)
            return Period.quarter(first.year, (first.month - 1) // 3 + 1)
        if self.kind == YEAR:
            return Period.year(self.first_day.year - 1)
        last = self.first_day - dt.timedelta(days=1)
        return Period.range(last - dt.timedelta(days=self.days - 1), last)

    def months(self) -> list[Period]:
        """Every calendar month that overlaps the period, in order (the trend's x axis)."""
        months = []
        first = _month_start(self.first_day.year, self.first_day.month)
        while first <= self.last_day:
            months.append(Period.month(first.year, first.month))
            first = _add_months(first, 1)
        return months

    # -- text --------------------------------------------------------------------------------

    @property
    def key(self) -> str:
        """The text form that ``parse`` reads back: 2026-03, 2026-Q1, 2026, a..b."""
        if self.kind == MONTH:
            return f"{self.first_day:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.first_day.year}-Q{(self.first_day.month - 1) // 3 + 1}"
        if self.kind == YEAR:
            return str(self.first_day.year)
        return f"{self.first_day.isoformat()}..{self.last_day.isoformat()}"

    @property
    def label(self) -> str:
        """Vietnamese title: Tháng 03/2026, Quý I/2026, Năm 2026, Từ 01/03/2026 đến …."""
        if self.kind == MONTH:
            return f"Tháng {self.first_day:%m/%Y}"
        if self.kind == QUARTER:
            quarter = (self.first_day.month - 1) // 3 + 1
            return f"Quý {ROMAN[quarter]}/{self.first_day.year}"
        if self.kind == YEAR:
            return f"Năm {self.first_day.year}"
        return f"Từ {self.first_day:%d/%m/%Y} đến {self.last_day:%d/%m/%Y}"

    @property
    def short_label(self) -> str:
        """For chart axes: 03/2026, Q1/2026, 2026, 01/03–31/03/2026."""
        if self.kind == MONTH:
            return f"{self.first_day:%m/%Y}"
        if self.kind == QUARTER:
            return f"Q{(self.first_day.month - 1) // 3 + 1}/{self.first_day.year}"
        if self.kind == YEAR:
            return str(self.first_day.year)
        return f"{self.first_day:%d/%m}–{self.last_day:%d/%m/%Y}"

    def __str__(self) -> str:
        return self.label


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _invalid(f"Năm {year} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}.")


def _local_day(moment: dt.datetime | dt.date | None) -> dt.date:
    if moment is None:
        return timezone.localdate()
    if isinstance(moment, dt.datetime):
        if timezone.is_naive(moment):
            raise ValueError("Thời điểm phải có múi giờ.")
        return moment.astimezone(local_tz()).date()
    return moment


# --- parsing ---------------------------------------------------------------------------------

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$|^(\d{1,2})/(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([0-9])$|^[Qq]([0-9])/(\d{4})$")
_DAY_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _parse_day(text: str) -> dt.date:
    text = text.strip()
    if match := _DAY_ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_VN.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise _invalid(f"Ngày không hợp lệ: «{text}» (dạng 2026-03-31 hoặc 31/03/2026).")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _invalid(f"Ngày không tồn tại: «{text}».") from None


def parse_period(text: str) -> Period:
    """Read ``2026-03``, ``2026-Q1``, ``2026`` or ``2026-03-01..2026-03-31``.

    Also accepted, as Vietnamese users type them: ``03/2026``, ``Q1/2026`` and
    ``01/03/2026..31/03/2026``. Raises DomainError ``period_invalid``.
    """
    text = (text or "").strip()
    if not text:
        raise _invalid(f"Chưa chọn kỳ báo cáo. {FORMS_HINT}")
    if ".." in text:
        first, _, last = text.partition("..")
        return Period.range(_parse_day(first), _parse_day(last))
    if match := _YEAR.match(text):
        return Period.year(int(match.group(1)))
    if match := _MONTH.match(text):
        year, month, month_vn, year_vn = match.groups()
        return Period.month(int(year or year_vn), int(month or month_vn))
    if match := _QUARTER.match(text):
        year, quarter, quarter_vn, year_vn = match.groups()
        return Period.quarter(int(year or year_vn), int(quarter or quarter_vn))
    raise _invalid(f"Kỳ báo cáo không hợp lệ: «{text}». {FORMS_HINT}")
