"""Compute a due date (hạn giải quyết) from the command line.

    manage.py workdays due --received 2026-02-13T10:00 --days 3 [--agency CODE]
    manage.py workdays explain --received 2026-02-13T10:00 --hours 4
    manage.py workdays due --received "13/02/2026 16:00" --same-day [--cutoff 15:00]
    manage.py workdays due --received 2026-02-13T10:00 --calendar-days 15

``due`` prints the due moment as ISO 8601 with its offset on the first line
(then the same moment in Vietnamese); ``explain`` prints the derivation. A
naive --received is Asia/Ho_Chi_Minh time; an aware one is converted. Bad
input ends with a message on stderr and exit status 2, as argparse does.
Without --agency the national calendar is used (public holidays, default
hours) and the database is not touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from motcua.workcal import engine
from motcua.workcal.explain import explain

RECEIVED_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")
USAGE_ERROR = 2


def received_moment(value: str) -> dt.datetime:
    """ISO 8601 (2026-02-13T10:00, …+07:00, …Z) or dd/mm/yyyy [HH:MM]."""
    text = value.strip()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
        for pattern in RECEIVED_FORMATS:
            try:
                moment = dt.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        raise argparse.ArgumentTypeError(
            f"thời điểm không hợp lệ: {value!r} (ví dụ 2026-02-13T10:00 hoặc 13/02/2026 10:00)"
        )
    # Checked here: converting a moment near year 1 or 9999 between zones overflows.
    if not engine.MIN_YEAR <= moment.year <= engine.MAX_YEAR:
        raise argparse.ArgumentTypeError(
            f"thời điểm ngoài phạm vi lịch {engine.MIN_YEAR}–{engine.MAX_YEAR}: {value!r}"
        )
    return moment


def non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cần một số nguyên: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"không được âm: {value}")
    if number > engine.MAX_DEADLINE_AMOUNT:
        raise argparse.ArgumentTypeError(f"tối đa {engine.MAX_DEADLINE_AMOUNT}: {value}")
    return number


def cutoff_time(value: str) -> dt.time:
    try:
        return engine.parse_time(value)
    except engine.CalendarError:
        raise argparse.ArgumentTypeError(
            f"giờ chốt không hợp lệ: {value!r} (ví dụ 15:00)"
        ) from None


class Command(BaseCommand):
    help = "Tính hạn giải quyết theo ngày/giờ làm việc (due) hoặc giải thích cách tính (explain)."
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{due,explain}")
        for name, text in (
            ("due", "in hạn giải quyết (ISO 8601)"),
            ("explain", "giải thích cách tính từng ngày"),
        ):
            sub = actions.add_parser(name, help=text, description=text)
            sub.add_argument(
                "--received",
                required=True,
                type=received_moment,
                help="thời điểm tiếp nhận; không ghi múi giờ = giờ Việt Nam",
            )
            kind = sub.add_mutually_exclusive_group(required=True)
            kind.add_argument("--days", type=non_negative, help="số ngày làm việc")
            kind.add_argument("--hours", type=non_negative, help="số giờ làm việc")
            kind.add_argument(
                "--calendar-days",
                type=non_negative,
                help="số ngày theo lịch (BLDS 2015 Điều 147–148)",
            )
            kind.add_argument("--same-day", action="store_true", help="trả trong ngày")
            sub.add_argument(
                "--cutoff",
                type=cutoff_time,
                help="giờ chốt cho --same-day (mặc định MOTCUA_SAME_DAY_CUTOFF)",
            )
            sub.add_argument(
                "--agency",
                metavar="CODE",
                help="mã định danh cơ quan (lịch và giờ làm việc của cơ quan đó)",
            )
            if name == "explain":
                sub.add_argument("--json", action="store_true", help="in dạng JSON")

    def handle(self, *args, action, received, same_day, cutoff, agency, **options):
        if cutoff is not None and not same_day:
            self._usage_error("--cutoff chỉ dùng cùng --same-day")
        calendar = self._calendar(agency)
        received = self._aware(received, calendar)
        deadline = self._deadline(options, same_day, cutoff)
        try:
            if action == "due":
                due = engine.due_at(calendar, received, deadline)
                self.stdout.write(due.isoformat())
                self.stdout.write(engine.format_moment(due))
                return
            derivation = explain(calendar, received, deadline)
        except engine.CalendarError as exc:
            self._usage_error(exc.message)
        if options.get("json"):
            self.stdout.write(json.dumps(derivation.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(derivation.text)

    def _usage_error(self, message: str):
        raise CommandError(message, returncode=USAGE_ERROR)

    def _calendar(self, code: str | None) -> engine.Calendar:
        from motcua.org.models import Agency
        from motcua.workcal.calendars import calendar_for, national_calendar

        if code is None:
            return national_calendar()
        try:
            agency = Agency.objects.filter(code=code.strip()).first()
            if agency is None:
                self._usage_error(f"không có cơ quan mã {code!r}")
            return calendar_for(agency)
        except DatabaseError as exc:
            raise CommandError(
                f"Không đọc được cơ sở dữ liệu (đã chạy manage.py migrate chưa?): {exc}"
            ) from exc

    def _aware(self, moment: dt.datetime, calendar: engine.Calendar) -> dt.datetime:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=calendar.tz)
        return moment.astimezone(calendar.tz)

    def _deadline(self, options, same_day, cutoff) -> engine.Deadline:
        if same_day:
            return engine.Deadline.same_day(
                cutoff or engine.parse_time(settings.MOTCUA_SAME_DAY_CUTOFF)
            )
        if options["days"] is not None:
            return engine.Deadline.days(options["days"])
        if options["calendar_days"] is not None:
            return engine.Deadline.calendar_days(options["calendar_days"])
        return engine.Deadline.hours(options["hours"])
