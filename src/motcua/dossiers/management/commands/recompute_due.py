"""manage.py recompute_due: recompute the due moments of open dossiers, showing progress."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from motcua.core.errors import DomainError
from motcua.dossiers import recompute
from motcua.dossiers.models import RecomputeRun
from motcua.org.models import Agency


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value} (dạng YYYY-MM-DD)") from exc


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
        if options["batch"] < 1:
            raise CommandError("--batch phải lớn hơn 0.")
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
            raise CommandError(f"Không có cơ quan mã {options['agency']}.")
        date_from = _date(options["date_from"]) if options["date_from"] else None
        date_to = _date(options["date_to"]) if options["date_to"] else None
        try:
            return [
                recompute.start_run(
                    agency=agency, reason=options["reason"], date_from=date_from, date_to=date_to
                )
            ]
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _progress(self, run: RecomputeRun) -> None:
        self.stdout.write(f"  {run.done}/{run.total} ({run.percent}%)")
