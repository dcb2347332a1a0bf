"""The working-day engine: thời hạn giải quyết tính theo ngày làm việc / giờ làm việc / ngày.

Pure Python, no database and no Django: a ``Calendar`` is built from days off,
extra working days (Thứ Bảy làm bù), the daily working periods and a time
zone. For a span of years it precomputes every working period as epoch
seconds plus a running total of working seconds, so that

* ``due_seconds(start, work)`` — the moment ``work`` working seconds after
  ``start`` — and
* ``elapsed_seconds(a, b)`` — the working seconds between two moments —

are two ``bisect`` calls each, whatever the deadline length (no per-day loops).
Everything is in whole seconds. The span of years grows on demand.

Rules (docs/workcal.md, DOMAIN.md §2 and §8):

* Effective start: a moment inside a working period counts from that moment,
  any other moment from the start of the next working period.
* N working days = N × (working seconds of one day) counted from the
  effective start; N working hours likewise.
* A due moment that lands exactly on the end of a period stays there (11:30,
  not 13:30 after lunch; 17:30, not 07:30 the next morning).
* Same day (trong ngày): received on a working day no later than the cut-off
  → end of that working day, otherwise the end of the next working day.
* N calendar days ("ngày", Bộ luật Dân sự 2015 Art. 147–148): the day of the
  receipt (the day of its effective start) is not counted; the period ends at
  the end of its last day, moved to the next working day when that day is a
  weekend day or a day off; the due moment is the end of office hours then.
* Stages: a deadline in stages (``Plan``) ends where its last stage ends, each
  stage counted from the end of the one before; a calendar-day stage counts
  from the day its predecessor ended (that day not counted).
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from zoneinfo import ZoneInfo

DAY_OFF = "off"
WORKING_DAY = "work"
DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"
DEFAULT_PERIODS = (("07:30", "11:30"), ("13:30", "17:30"))
DEFAULT_CUTOFF = dt.time(15, 0)
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
# The lunar tables of the `holidays` package end in 2100; nothing earlier than
# 1990 is ever a live dossier.
MIN_YEAR, MAX_YEAR = 1990, 2100
# A deadline longer than this is a typing mistake, not a procedure.
MAX_DEADLINE_AMOUNT = 10_000
ONE_DAY = dt.timedelta(days=1)


class CalendarError(ValueError):
    """Bad input to the engine; ``message`` is Vietnamese and safe to show."""

    code = "calendar_invalid"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CalendarRangeError(CalendarError):
    code = "calendar_out_of_range"


class PeriodsError(CalendarError):
    code = "working_periods_invalid"


# --- Days: which dates are off, which weekend dates are worked -----------------------------


@dataclass(frozen=True)
class YearDays:
    """One year's exceptions to the weekly pattern, each with its Vietnamese reason.

    ``off``: dates not worked although their weekday is (holidays, bridge
    days, an announced extra day off); a holiday that falls on a weekend may be
    listed too, for its name. ``work``: dates worked although their weekday is
    a weekend day (Thứ Bảy làm bù) or although they are listed in ``off``.
    """

    off: Mapping[dt.date, str]
    work: Mapping[dt.date, str]


DaySource = Callable[[int], YearDays]
"""year → YearDays. The ``holidays`` package adapter is one (see ``holidays_vn``)."""

NO_DAYS = YearDays({}, {})


def fixed_layer(
    off: Mapping[dt.date, str] | Iterable[dt.date] = (),
    work: Mapping[dt.date, str] | Iterable[dt.date] = (),
) -> dict[dt.date, tuple[str, str]]:
    """Explicit dates as one override layer for ``layered``."""
    off_map = off if isinstance(off, Mapping) else dict.fromkeys(off, "Ngày nghỉ")
    work_map = work if isinstance(work, Mapping) else dict.fromkeys(work, "Ngày làm việc bù")
    both = set(off_map) & set(work_map)
    if both:
        raise CalendarError(f"Ngày {format_date(min(both))} vừa là ngày nghỉ vừa là ngày làm việc.")
    layer = {day: (DAY_OFF, reason) for day, reason in off_map.items()}
    layer.update({day: (WORKING_DAY, reason) for day, reason in work_map.items()})
    return layer


def layered(base: DaySource, *layers: Mapping[dt.date, tuple[str, str]]) -> DaySource:
    """``base`` with override layers on top, later layers winning.

    Each layer maps a date to ``(kind, reason)`` with kind DAY_OFF or
    WORKING_DAY: the province's overrides, then a ward's own.
    """
    by_year: list[dict[int, list[tuple[dt.date, str, str]]]] = []
    for layer in layers:
        grouped: dict[int, list[tuple[dt.date, str, str]]] = {}
        for day, (kind, reason) in layer.items():
            if kind not in (DAY_OFF, WORKING_DAY):
                raise CalendarError(f"Loại điều chỉnh không hợp lệ: {kind}")
            grouped.setdefault(day.year, []).append((day, kind, reason))
        by_year.append(grouped)

    def year_days(year: int) -> YearDays:
        found = base(year)
        off, work = dict(found.off), dict(found.work)
        for grouped in by_year:
            for day, kind, reason in grouped.get(year, ()):
                if kind == DAY_OFF:
                    off[day] = reason
                    work.pop(day, None)
                else:
                    work[day] = reason
                    off.pop(day, None)
        return YearDays(off, work)

    return year_days


# --- Working periods -----------------------------------------------------------------------


def parse_time(value: dt.time | str) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None, microsecond=0)
    try:
        return dt.time.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise PeriodsError(f"Giờ không hợp lệ: “{value}” (viết dạng 07:30).") from exc


def parse_periods(
    periods: Iterable[Sequence[dt.time | str]],
) -> tuple[tuple[dt.time, dt.time], ...]:
    """Validate working periods (giờ làm việc): 1–4 periods, each start < end, in order."""
    parsed = []
    for pair in periods:
        if len(pair) != 2:
            raise PeriodsError("Mỗi buổi làm việc cần giờ bắt đầu và giờ kết thúc.")
        parsed.append((parse_time(pair[0]), parse_time(pair[1])))
    if not 1 <= len(parsed) <= 4:
        raise PeriodsError("Cần từ 1 đến 4 buổi làm việc trong ngày.")
    for start, end in parsed:
        if start >= end:
            raise PeriodsError(
                f"Buổi {start:%H:%M}–{end:%H:%M}: giờ kết thúc phải sau giờ bắt đầu."
            )
    for (_, previous_end), (start, _) in pairwise(parsed):
        if start < previous_end:
            raise PeriodsError(
                f"Buổi bắt đầu {start:%H:%M} chồng lên buổi trước (kết thúc {previous_end:%H:%M}); "
                "hãy nhập các buổi theo thứ tự, không chồng nhau."
            )
    return tuple(parsed)


def format_periods(periods: Sequence[tuple[dt.time, dt.time]]) -> str:
    return ", ".join(f"{format_time(start)}–{format_time(end)}" for start, end in periods)


# --- Deadlines -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deadline:
    """Thời hạn giải quyết of a procedure: N ngày làm việc, N giờ làm việc, N ngày (calendar
    days) or trong ngày."""

    kind: str
    amount: int = 0
    cutoff: dt.time | None = None

    DAYS = "days"
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"

    def __post_init__(self):
        if self.kind not in (self.DAYS, self.HOURS, self.CALENDAR_DAYS, self.SAME_DAY):
            raise CalendarError(f"Loại thời hạn không hợp lệ: {self.kind}")
        _checked_amount(self.amount)
        if (self.kind == self.SAME_DAY) != (self.cutoff is not None):
            raise CalendarError("Chỉ thời hạn trong ngày mới có giờ chốt tiếp nhận.")

    @classmethod
    def days(cls, n: int) -> Deadline:
        return cls(cls.DAYS, n)

    @classmethod
    def hours(cls, n: int) -> Deadline:
        return cls(cls.HOURS, n)

    @classmethod
    def calendar_days(cls, n: int) -> Deadline:
        return cls(cls.CALENDAR_DAYS, n)

    @classmethod
    def same_day(cls, cutoff: dt.time | str = DEFAULT_CUTOFF) -> Deadline:
        return cls(cls.SAME_DAY, 0, parse_time(cutoff))

    def describe(self) -> str:
        if self.kind == self.DAYS:
            return f"{self.amount} ngày làm việc"
        if self.kind == self.HOURS:
            return f"{self.amount} giờ làm việc"
        if self.kind == self.CALENDAR_DAYS:
            return f"{self.amount} ngày (tính theo ngày lịch)"
        return (
            f"trong ngày (tiếp nhận sau {format_time(self.cutoff)} "
            "thì trả trong ngày làm việc tiếp theo)"
        )


def _checked_amount(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise CalendarError("Thời hạn phải là một số nguyên.")
    if n < 0:
        raise CalendarError("Thời hạn không được âm.")
    if n > MAX_DEADLINE_AMOUNT:
        raise CalendarError(f"Thời hạn tối đa là {MAX_DEADLINE_AMOUNT} ngày hoặc giờ.")
    return n


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a staged deadline: its own deadline and, optionally, what it is for."""

    deadline: Deadline
    label: str = ""

    def describe(self) -> str:
        text = self.deadline.describe()
        return f"{self.label}: {text}" if self.label else text


@dataclass(frozen=True, slots=True)
class Plan:
    """A deadline as a sequence of stages (one stage for most procedures); the due moment
    is where the last stage ends. ``case`` names the variant it belongs to ("" = general)."""

    stages: tuple[Stage, ...]
    case: str = ""

    def __post_init__(self):
        if not self.stages:
            raise CalendarError("Thời hạn cần ít nhất một giai đoạn.")

    @classmethod
    def single(cls, deadline: Deadline, case: str = "") -> Plan:
        return cls((Stage(deadline),), case)

    @property
    def is_staged(self) -> bool:
        return len(self.stages) > 1

    @property
    def deadlines(self) -> tuple[Deadline, ...]:
        return tuple(stage.deadline for stage in self.stages)

    def describe(self) -> str:
        return "; ".join(stage.describe() for stage in self.stages)


@dataclass(frozen=True, slots=True)
class StageEnd:
    """Where one stage ends: the moment, and for a calendar-day stage its last day as
    counted before a weekend or day off moved it (a pause adds days to that day)."""

    at: int
    last_day: dt.date | None = None


# --- The precomputed table -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    """Working periods of the years ``first..last`` as epoch seconds.

    ``cum[i]`` = working seconds before period i (``cum[-1]`` is the total), so
    the working "position" of any instant is one bisect away.
    """

    first: int
    last: int
    lo: int  # 00:00 on 1/1/first
    hi: int  # 00:00 on 1/1/(last + 1)
    starts: list[int]
    ends: list[int]
    cum: list[int]
    day_numbers: list[int]  # each working day as date.toordinal(), ascending
    day_ends: list[int]  # the end of each of those days (epoch seconds)
    off: dict[dt.date, str]
    work: dict[dt.date, str]

    def covers(self, moment: int) -> bool:
        return self.lo <= moment < self.hi and bisect_right(self.ends, moment) < len(self.ends)

    def position(self, moment: int) -> int:
        """Working seconds from the table's origin to ``moment`` (which it covers)."""
        i = bisect_right(self.ends, moment)
        start = self.starts[i]
        return self.cum[i] + (moment - start if moment > start else 0)

    def moment_at(self, position: int) -> int | None:
        """The instant at a working position; a period end stays a period end."""
        if position > self.cum[-1]:
            return None
        j = bisect_left(self.cum, position) - 1
        return self.starts[j] + position - self.cum[j]


class Calendar:
    """A working calendar: weekly pattern + days off + extra working days + daily periods.

    ``source`` supplies each year's days (the Vietnamese public holidays with
    overrides, see ``holidays_vn`` and ``calendars.calendar_for``);
    ``days_off`` / ``extra_working_days`` add fixed dates on top (handy in
    tests). ``years`` is the span to precompute now; it grows on demand.
    """

    def __init__(
        self,
        *,
        source: DaySource | None = None,
        days_off: Mapping[dt.date, str] | Iterable[dt.date] = (),
        extra_working_days: Mapping[dt.date, str] | Iterable[dt.date] = (),
        periods: Iterable[Sequence[dt.time | str]] = DEFAULT_PERIODS,
        tz: ZoneInfo | str = DEFAULT_TIME_ZONE,
        weekend: Iterable[int] = (5, 6),
        years: tuple[int, int] | None = None,
    ):
        self.tz = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        self.periods = parse_periods(periods)
        self.weekend = frozenset(weekend)
        if not self.weekend <= set(range(7)) or len(self.weekend) == 7:
            raise CalendarError("Ngày nghỉ hằng tuần phải là một phần của tuần (0 = Thứ Hai).")
        self.day_seconds = sum(_seconds(end) - _seconds(start) for start, end in self.periods)
        fixed = fixed_layer(days_off, extra_working_days)
        base = source or (lambda year: NO_DAYS)
        self._source = layered(base, fixed) if fixed else base
        self._lock = threading.Lock()
        this_year = dt.date.today().year
        first, last = years or (this_year - 2, this_year + 3)
        self._table = self._build(_clamp_year(first), _clamp_year(last))
        self._snap = self._snapshot(self._table)

    # -- building --------------------------------------------------------------------------

    def _epoch(self, day: dt.date, at: dt.time) -> int:
        return int(dt.datetime.combine(day, at, tzinfo=self.tz).timestamp())

    def _build(self, first: int, last: int) -> _Table:
        off: dict[dt.date, str] = {}
        work: dict[dt.date, str] = {}
        for year in range(first, last + 1):
            found = self._source(year)
            off.update(found.off)
            work.update(found.work)
        starts: list[int] = []
        ends: list[int] = []
        cum = [0]
        day_numbers: list[int] = []
        day_ends: list[int] = []
        day, stop = dt.date(first, 1, 1), dt.date(last + 1, 1, 1)
        while day < stop:
            if day in work or (day.weekday() not in self.weekend and day not in off):
                for start_time, end_time in self.periods:
                    start, end = self._epoch(day, start_time), self._epoch(day, end_time)
                    starts.append(start)
                    ends.append(end)
                    cum.append(cum[-1] + end - start)
                day_numbers.append(day.toordinal())
                day_ends.append(ends[-1])
            day += ONE_DAY
        return _Table(
            first,
            last,
            self._epoch(dt.date(first, 1, 1), dt.time()),
            self._epoch(stop, dt.time()),
            starts,
            ends,
            cum,
            day_numbers,
            day_ends,
            off,
            work,
        )

    @staticmethod
    def _snapshot(table: _Table) -> tuple:
        # One tuple read by the hot path: swapped atomically when the table grows.
        return (
            table.lo,
            table.hi,
            table.starts,
            table.ends,
            table.cum,
            len(table.ends),
            table.day_numbers,
            table.day_ends,
        )

    def _grow(self, seen: _Table, *, to_year: int) -> _Table:
        """A table that also covers ``to_year`` (plus a margin); rebuilt under a lock."""
        with self._lock:
            table = self._table
            if table is not seen and table.first <= to_year <= table.last:
                return table  # another thread grew it meanwhile
            first = _clamp_year(min(table.first, to_year - 2))
            last = _clamp_year(max(table.last, to_year + 5))
            if (first, last) == (table.first, table.last):
                raise CalendarRangeError(
                    f"Lịch làm việc chỉ tính được trong các năm {MIN_YEAR}–{MAX_YEAR}."
                )
            table = self._build(first, last)
            self._table = table
            self._snap = self._snapshot(table)
            return table

    def _table_covering(self, *moments: int) -> _Table:
        table = self._table
        for moment in moments:
            while not table.covers(moment):
                year = self._year_of(moment)
                if table.first <= year <= table.last:
                    year = table.last + 1  # after the last period of the span
                table = self._grow(table, to_year=year)
        return table

    def _year_of(self, moment: int) -> int:
        try:
            return dt.datetime.fromtimestamp(moment, self.tz).year
        except (OverflowError, OSError, ValueError) as exc:
            raise CalendarRangeError("Thời điểm nằm ngoài phạm vi lịch.") from exc

    # -- days ------------------------------------------------------------------------------

    def _table_for_day(self, day: dt.date) -> _Table:
        table = self._table
        if not table.first <= day.year <= table.last:
            table = self._grow(table, to_year=day.year)
        return table

    def is_working_day(self, day: dt.date) -> bool:
        table = self._table_for_day(day)
        return day in table.work or (day.weekday() not in self.weekend and day not in table.off)

    def day_reason(self, day: dt.date) -> str:
        """Why ``day`` is what it is, in Vietnamese ("" for an ordinary working day)."""
        table = self._table_for_day(day)
        weekday = day.weekday()
        if day in table.work:
            return table.work[day]
        holiday = table.off.get(day)
        if weekday in self.weekend:
            return f"{WEEKDAY_NAMES[weekday]}, {holiday}" if holiday else WEEKDAY_NAMES[weekday]
        return holiday or ""

    def next_working_day(self, day: dt.date) -> dt.date:
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def day_end_seconds(self, day: dt.date) -> int:
        return self._epoch(day, self.periods[-1][1])

    # -- the arithmetic, in epoch seconds --------------------------------------------------

    def due_seconds(self, start: int, work: int) -> int:
        """The moment ``work`` working seconds after ``start`` (both whole seconds)."""
        lo, hi, starts, ends, cum, n, _, _ = self._snap
        if work > 0 and lo <= start < hi:
            i = bisect_right(ends, start)
            if i < n:
                period_start = starts[i]
                position = cum[i] + (start - period_start if start > period_start else 0) + work
                if position <= cum[n]:
                    j = bisect_left(cum, position) - 1
                    return starts[j] + position - cum[j]
        return self._due_slow(start, work)

    def _due_slow(self, start: int, work: int) -> int:
        if work < 0:
            raise CalendarError("Thời gian làm việc cần cộng thêm không được âm.")
        if work == 0:
            return self.effective_start_seconds(start)
        table = self._table_covering(start)
        position = table.position(start) + work
        while (due := table.moment_at(position)) is None:
            # Jump far enough at once: one rebuild, not one per year, for a long deadline.
            missing = position - table.cum[-1]
            per_year = max(table.cum[-1] // (table.last - table.first + 1), 1)
            table = self._grow(table, to_year=table.last + 1 + missing // per_year)
            position = table.position(start) + work
        return due

    def effective_start_seconds(self, moment: int) -> int:
        """Inside a working period → ``moment``; otherwise the start of the next period."""
        table = self._table_covering(moment)
        start = table.starts[bisect_right(table.ends, moment)]
        return moment if moment > start else start

    def elapsed_seconds(self, a: int, b: int) -> int:
        """Working seconds from ``a`` to ``b``; negative when ``b`` is before ``a``."""
        table = self._table_covering(a, b)  # growing for b keeps a covered
        return table.position(b) - table.position(a)

    def same_day_due_seconds(self, start: int, cutoff: dt.time) -> int:
        """Trong ngày: end of the receiving working day if received by ``cutoff``, else the next."""
        lo, hi, _, _, _, _, day_numbers, day_ends = self._snap
        local = dt.datetime.fromtimestamp(start, self.tz)
        if lo <= start < hi:
            today = local.toordinal()
            j = bisect_left(day_numbers, today)
            if j < len(day_numbers) and day_numbers[j] == today:  # a working day
                if local.time() <= cutoff and start < day_ends[j]:
                    return day_ends[j]
                j += 1
            if j < len(day_ends):
                return day_ends[j]
        return self._same_day_slow(start, local, cutoff)

    def _same_day_slow(self, start: int, local: dt.datetime, cutoff: dt.time) -> int:
        day = local.date()
        if self.is_working_day(day):
            day_end = self.day_end_seconds(day)
            if local.time() <= cutoff and start < day_end:
                return day_end
        return self.day_end_seconds(self.next_working_day(day))

    def calendar_day_end_seconds(self, last_day: dt.date) -> int:
        """Art. 148 BLDS 2015: the end of office hours of ``last_day``, or of the next
        working day when ``last_day`` is a weekend day or a day off."""
        if not self.is_working_day(last_day):
            last_day = self.next_working_day(last_day)
        return self.day_end_seconds(last_day)

    def calendar_days_due_seconds(self, start: int, days: int) -> int:
        """N calendar days from a receipt at ``start`` (Art. 147: its day is not counted;
        the receipt's day is that of its effective start, as for working days)."""
        return self.stage_end(start, Deadline.calendar_days(days), received=True).at

    def stage_end(self, start: int, deadline: Deadline, *, received: bool) -> StageEnd:
        """Where ``deadline`` ends counted from ``start``: a receipt (``received``; a
        calendar-day count starts from its effective start's day) or the end of the
        previous stage (a calendar-day count starts from that moment's own day)."""
        if deadline.kind == Deadline.CALENDAR_DAYS:
            moment = self.effective_start_seconds(start) if received else start
            last_day = self.to_datetime(moment).date() + dt.timedelta(days=deadline.amount)
            return StageEnd(self.calendar_day_end_seconds(last_day), last_day)
        return StageEnd(self.due_at_seconds(start, deadline))

    def stage_ends(
        self, start: int, stages: Iterable[Deadline], *, received: bool = True
    ) -> list[StageEnd]:
        """The end of each stage in turn, each counted from the end of the one before."""
        ends: list[StageEnd] = []
        for deadline in stages:
            end = self.stage_end(start, deadline, received=received and not ends)
            ends.append(end)
            start = end.at
        return ends

    def plan_due_seconds(self, start: int, plan: Plan) -> int:
        return self.stage_ends(start, plan.deadlines)[-1].at

    def is_working_moment(self, moment: int) -> bool:
        table = self._table_covering(moment)
        return table.starts[bisect_right(table.ends, moment)] <= moment

    # -- the same, with aware datetimes ----------------------------------------------------

    def to_seconds(self, moment: dt.datetime) -> int:
        """Whole epoch seconds, rounded up: the clock starts at the next whole second."""
        if moment.tzinfo is None:
            raise CalendarError("Thời điểm phải có múi giờ (ví dụ +07:00).")
        stamp = moment.timestamp()
        seconds = int(stamp)
        return seconds + 1 if seconds < stamp else seconds

    def to_datetime(self, seconds: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(seconds, self.tz)

    def deadline_seconds(self, deadline: Deadline) -> int:
        """Working seconds a days/hours deadline stands for."""
        if deadline.kind == Deadline.DAYS:
            return deadline.amount * self.day_seconds
        if deadline.kind == Deadline.HOURS:
            return deadline.amount * 3600
        raise CalendarError(
            "Thời hạn trong ngày hoặc theo ngày lịch không quy đổi ra số giờ làm việc."
        )

    def due_at_seconds(self, start: int, deadline: Deadline) -> int:
        if deadline.kind == Deadline.SAME_DAY:
            return self.same_day_due_seconds(start, deadline.cutoff)
        if deadline.kind == Deadline.CALENDAR_DAYS:
            return self.calendar_days_due_seconds(start, deadline.amount)
        return self.due_seconds(start, self.deadline_seconds(deadline))

    def due_at(self, received_at: dt.datetime, deadline: Deadline) -> dt.datetime:
        """Hạn giải quyết for a dossier received at ``received_at`` (an aware datetime).

        The hot path of every listing and recomputation, hence written out flat
        (docs/performance.md): to_seconds, deadline_seconds and to_datetime inline.
        """
        if received_at.tzinfo is None:
            raise CalendarError("Thời điểm phải có múi giờ (ví dụ +07:00).")
        stamp = received_at.timestamp()
        start = int(stamp)
        if start < stamp:
            start += 1
        kind = deadline.kind
        if kind == "days":
            due = self.due_seconds(start, deadline.amount * self.day_seconds)
        elif kind == "hours":
            due = self.due_seconds(start, deadline.amount * 3600)
        elif kind == "calendar_days":
            due = self.calendar_days_due_seconds(start, deadline.amount)
        else:
            due = self.same_day_due_seconds(start, deadline.cutoff)
        return dt.datetime.fromtimestamp(due, self.tz)

    def effective_start(self, received_at: dt.datetime) -> dt.datetime:
        return self.to_datetime(self.effective_start_seconds(self.to_seconds(received_at)))


def _clamp_year(year: int) -> int:
    return max(MIN_YEAR, min(MAX_YEAR, year))


def _seconds(at: dt.time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


# --- Module-level API (the due-date CLI) -------------------------------------------------


def due_at(calendar: Calendar, received_at: dt.datetime, deadline: Deadline) -> dt.datetime:
    """Hạn giải quyết (ngày hẹn trả kết quả) of a dossier received at ``received_at``."""
    return calendar.due_at(received_at, deadline)


# --- Formatting (Vietnamese, dd/mm/yyyy) ---------------------------------------------------


def format_time(at: dt.time | dt.datetime) -> str:
    """07:30, or 07:30:15 when there are seconds."""
    return f"{at:%H:%M:%S}" if at.second else f"{at:%H:%M}"


def format_date(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]}, {day:%d/%m/%Y}"


def format_moment(moment: dt.datetime) -> str:
    """'10:00 Thứ Tư, 25/02/2026'."""
    return f"{format_time(moment)} {format_date(moment.date())}"


def format_duration(seconds: int) -> str:
    """8 giờ 30 phút; whole seconds only when there are some."""
    sign = "âm " if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} giờ"] if hours else []
    if minutes:
        parts.append(f"{minutes} phút")
    if secs:
        parts.append(f"{secs} giây")
    return sign + (" ".join(parts) or "0 phút")
