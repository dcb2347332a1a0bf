"""manage.py recompute_due: recompute the due moments of open dossiers, showing progress.

Bad input (an unknown agency, a date outside the calendar, a batch out of bounds) ends
with a message on stderr and exit status 2, as argparse does.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from motcua.core.errors import DomainError
from motcua.dossiers import recompute
from motcua.dossiers.models import RecomputeRun
from motcua.org.models import Agency
from motcua.workcal.engine import MAX_YEAR, MIN_YEAR

USAGE_ERROR = 2
#: Dossiers per transaction: each batch holds its row locks until it commits.
MAX_BATCH = 10_000


def _bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def _date(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _bad_input(f"Ngày không hợp lệ: {value} (dạng YYYY-MM-DD)") from exc
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _bad_input(f"Ngày {value} nằm ngoài phạm vi lịch ({MIN_YEAR}–{MAX_YEAR}).")
    return day


class Command(BaseCommand):
    help = (
        "Tính lại hạn giải quyết của hồ sơ đang giải quyết: --agency CODE bắt đầu một lượt "
        "mới; không có --agency thì chạy tiếp các lượt còn dang dở."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="Mã định danh tỉnh hoặc xã/phường.")
        parser.add_argument("--from", dest="date_from", help="Từ ngày (YYYY-MM-DD).")
        parser.add_argument("--to", dest="date_to", help="Đến ngày (YYYY-MM-DD).")
        parser.add_argument("--reason", default="Tính lại hạn theo yêu cầu quản trị.")
        parser.add_argument("--batch", type=int, default=recompute.BATCH)

    def handle(self, *args, **options):
        if not 1 <= options["batch"] <= MAX_BATCH:
            raise _bad_input(f"--batch phải từ 1 đến {MAX_BATCH}.")
        runs = self._runs(options)
        if not runs:
            self.stdout.write("Không có lượt tính lại nào đang chờ.")
        for run in runs:
            self.stdout.write(f"{run.agency.code}: {run.reason} — {run.total} hồ sơ")
            run = recompute.run_to_end(run, batch=options["batch"], progress=self._progress)
            self.stdout.write(
                self.style.SUCCESS(f"  xong: {run.done} hồ sơ, {run.changed} hồ sơ đổi hạn")
            )

    def _runs(self, options) -> list[RecomputeRun]:
        if not options["agency"]:
            return list(
                RecomputeRun.objects.filter(finished_at__isnull=True)
                .select_related("agency")
                .order_by("pk")
            )
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise _bad_input(f"Không có cơ quan mã {options['agency']}.")
        date_from = _date(options["date_from"]) if options["date_from"] else None
        date_to = _date(options["date_to"]) if options["date_to"] else None
        try:
            return [
                recompute.start_run(
                    agency=agency,
                    reason=options["reason"],
                    date_from=date_from,
                    date_to=date_to,
                    launch=False,  # this command runs it, with its progress on the terminal
                )
            ]
        except DomainError as exc:
            raise _bad_input(exc.message) from exc

    def _progress(self, run: RecomputeRun) -> None:
        self.stdout.write(f"  {run.done}/{run.total} ({run.percent}%)")
